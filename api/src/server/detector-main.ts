#!/usr/bin/env node
import { runCommandLine } from './command-line';
import { readServerConfig, serverFlags } from './server-config';

const USAGE = `usage: npm run detector -- [--ledger embedded|fabric|amb] [--client gateway|legacy] [--broker embedded|mosquitto|nats] [--data DIR] [--host ADDR] [--mqtt-port N] [--organizations FILE] [--org MSPID]

Runs the telemetry pipeline (broker, detector, telemetry store, digest anchoring) as its own process,
with the options and environment of npm start (npm start -- --help); --no-telemetry and
COLDTRACE_TELEMETRY=0 are for the server and ignored here. On Fabric, run the API beside it with
npm start -- --no-telemetry; the embedded ledger is opened by one process at a time.`;

/** `npm run detector`: the sensors pipeline without the API, until SIGINT or SIGTERM. */
async function main(argv: string[]): Promise<void> {
    if (serverFlags(argv, USAGE).help) {
        console.log(USAGE);
        return;
    }
    // Loaded after the flags are read: the embedded ledger brings fabric-shim, whose yargs answers --help itself.
    const { createLogger } = require('../observability/logger') as typeof import('../observability/logger');
    const { startDetector } = require('./detector-process') as typeof import('./detector-process');
    const { shutdownOnSignals } = require('./shutdown-on-signals') as typeof import('./shutdown-on-signals');
    const config = readServerConfig(argv, process.env, USAGE);
    const logger = createLogger(config.logLevel);
    const detector = await startDetector(config, { logger });
    shutdownOnSignals(logger, 'stopping the detector', () => detector.close());
}

runCommandLine('coldtrace detector', () => main(process.argv.slice(2)));
