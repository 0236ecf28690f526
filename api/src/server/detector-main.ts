#!/usr/bin/env node
import { createLogger } from '../observability/logger';
import { startDetector } from './detector-process';
import { readServerConfig } from './server-config';
import { shutdownOnSignals } from './shutdown-on-signals';

const USAGE = `usage: npm run detector -- [--ledger embedded|fabric|amb] [--client gateway|legacy] [--data DIR] [--host ADDR] [--mqtt-port N] [--organizations FILE] [--org MSPID]

Runs the telemetry pipeline (broker, detector, telemetry store, digest anchoring) as its own process,
with the options and environment of npm start (npm start -- --help); --no-telemetry and
COLDTRACE_TELEMETRY=0 are for the server and ignored here. On Fabric, run the API beside it with
npm start -- --no-telemetry; the embedded ledger is opened by one process at a time.`;

/** `npm run detector`: the sensors pipeline without the API, until SIGINT or SIGTERM. */
async function main(argv: string[]): Promise<void> {
    if (argv.includes('--help')) {
        console.log(USAGE);
        return;
    }
    const config = readServerConfig(argv, process.env);
    const logger = createLogger(config.logLevel);
    const detector = await startDetector(config, { logger });
    shutdownOnSignals(logger, 'stopping the detector', () => detector.close());
}

main(process.argv.slice(2)).catch((error: Error) => {
    console.error(`coldtrace detector: ${error.message}`);
    process.exitCode = 1;
});
