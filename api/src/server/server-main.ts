import { defaultOrganization } from '../contract/founding-members';
import { createLogger } from '../observability/logger';
import { type RunningServer, startServer } from './coldtrace-server';
import { runCommandLine } from './command-line';
import { DEMO_PASSWORD } from './demo-users';
import { startSimulatedFleet } from '@coldtrace/telemetry';
import { playReeferFailure } from './demo-reefer';
import { DEMO_LIVE_SENSOR, DEMO_SERIAL, type DemoActors, seedDemoWorld } from './demo-world';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { readServerConfig } from './server-config';
import { shutdownOnSignals } from './shutdown-on-signals';
import { traceSummary } from './trace-summary';

/** `npm start` (through main.ts): the API (and web UI) on the configured ledger, seeded with a demo world on first run. */
async function main(argv: string[]): Promise<void> {
    const config = readServerConfig(argv, process.env);
    const logger = createLogger(config.logLevel);
    const running: RunningServer = await startServer(config, {
        logger,
        beforeListen: async ({ ledger, identities, services, telemetry }) => {
            if (!config.demo) {
                return;
            }
            const actor = (username: string, org: string) => identities.of({ username, org });
            const trace = await seedDemoWorld(
                ledger,
                {
                    manufacturer: await actor('manufacturer', defaultOrganization('manufacturer', config.organizations)),
                    carrier: await actor('carrier', defaultOrganization('carrier', config.organizations)),
                    retailer: await actor('retailer', defaultOrganization('retailer', config.organizations)),
                    detector: await services.detector(),
                    ...(await secondRetailerAndCarrier(
                        config.organizations.map((member) => member.mspId),
                        actor,
                    )),
                    reeferFailure: telemetry && ((sensorId, startMs) => playReeferFailure(telemetry, sensorId, startMs, defaultOrganization('carrier', config.organizations))),
                },
                (line) => console.log(`  demo: ${line}`),
            );
            if (trace) {
                console.log(`\n${traceSummary(trace).join('\n')}\n`);
            }
        },
    });
    const telemetry = running.context.telemetry;
    let fleet: { stop(): Promise<void> } | undefined;
    if (config.demo && telemetry) {
        // The in-transit demo shipment's sensor, as a device in the truck: provisions by claim over the
        // broker and reports every 30 s in real time, so the carrier's live view fills while you look.
        fleet = await startSimulatedFleet({
            pipeline: telemetry,
            dataDir: config.dataDir,
            sensorIds: [DEMO_LIVE_SENSOR],
            owner: defaultOrganization('carrier', config.organizations),
            scenarios: ['door-opening'],
            speed: 1,
            intervalSeconds: 30,
            durationMinutes: 8 * 60,
        });
    }
    if (config.demo) {
        console.log(
            `\ncoldtrace is running at ${running.url} on the ${config.ledger} ledger (data in ${config.dataDir}).\n` +
                `Sign in as manufacturer, carrier, retailer or auditor (retailer2 and carrier2: a second pharmacy and carrier; <role>-admin: administrators) with the password "${DEMO_PASSWORD}".\n` +
                `Try: ${running.url}/api/v1/trace/${DEMO_SERIAL} (with a token), ${running.url}/api/docs, ${running.url}/healthz\n` +
                (fleet ? `Sensor ${DEMO_LIVE_SENSOR} reports live over mutual-TLS MQTT (${telemetry!.brokerUrl}) on shipment DEMO-SHIP-2.\n` : ''),
        );
    }
    shutdownOnSignals(logger, 'finishing in-flight ledger submits, then stopping', () => Promise.resolve(fleet?.stop()).then(() => running.shutdown()));
}

/** The demo's second retailer and carrier, when the configured consortium has them. */
async function secondRetailerAndCarrier(
    mspIds: readonly string[],
    actor: (username: string, org: string) => Promise<LedgerIdentity>,
): Promise<Pick<DemoActors, 'retailer2' | 'carrier2'>> {
    if (!mspIds.includes('Retailer2MSP') || !mspIds.includes('Carrier2MSP')) {
        return {};
    }
    return { retailer2: await actor('retailer2', 'Retailer2MSP'), carrier2: await actor('carrier2', 'Carrier2MSP') };
}

runCommandLine('coldtrace', () => main(process.argv.slice(2)));
