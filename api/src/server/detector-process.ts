import { mkdirSync } from 'node:fs';
import type { Member } from '@coldtrace/chaincode/model';
import { join } from 'node:path';
import { PRIVATE_DIRECTORY_MODE, startTelemetryPipeline, type TelemetryPipeline, type TelemetryPipelineOptions } from '@coldtrace/telemetry';
import type { Logger } from 'pino';
import { UserDirectory } from '../auth';
import { newUserIdentities } from '../identity/user-identities';
import { openWallet } from '../identity/wallet';
import { createLogger } from '../observability/logger';
import { detectorPipelineOptions } from './detector-pipeline-options';
import { openLedger } from './ledger-connection';
import { checkMemberNode } from './member-node';
import type { ServerConfig } from './server-config';
import { ServerConfigError } from './server-config-error';
import { newServiceIdentities } from './service-identities';

/** The telemetry pipeline running on its own, and how to stop it. */
export interface RunningDetector {
    pipeline: TelemetryPipeline;
    /** Stops the pipeline (broker, detector, anchoring), then lets go of the ledger. */
    close(): Promise<void>;
}

/**
 * Starts the telemetry pipeline (broker, detector, telemetry store, digest anchoring) without the API,
 * on the ledger the server's configuration names and with the node's own detector identities (its
 * wallet and identity issuer, as `npm start` uses them). The embedded ledger is one process's, so with
 * it the detector runs instead of the server; on Fabric it runs beside a server started with
 * `--no-telemetry`. Lives in the API package because the identities do: `@coldtrace/telemetry` itself
 * knows only the `Ledger` interface.
 *
 * @example
 * const detector = await startDetector(readServerConfig(['--ledger', 'fabric'], process.env));
 * console.log(detector.pipeline.brokerUrl);
 * await detector.close();
 */
export async function startDetector(
    config: ServerConfig,
    options: { logger?: Logger; telemetry?: Partial<Omit<TelemetryPipelineOptions, 'ledger' | 'dataDir' | 'identities'>> } = {},
): Promise<RunningDetector> {
    const logger = options.logger ?? createLogger(config.logLevel);
    mkdirSync(config.dataDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    const { ledger, issuer } = await openLedger(config);
    try {
        const services = newServiceIdentities(newUserIdentities(openWallet(join(config.dataDir, 'wallet')), issuer), config.organizations, config.org);
        if (config.org) {
            requireCarrier(await checkMemberNode(ledger, await services.founder(), UserDirectory.open(join(config.dataDir, 'users.json')), config.org));
        }
        const pipeline = await startTelemetryPipeline({ ledger, ...(await detectorPipelineOptions(config, services, logger)), ...options.telemetry });
        logger.info(
            { broker: pipeline.brokerUrl, ledger: ledger.kind, dataDir: config.dataDir },
            `coldtrace detector: sensors publish to ${pipeline.brokerUrl} (ledger: ${ledger.kind})`,
        );
        return {
            pipeline,
            close: async () => {
                await pipeline.close();
                await ledger.close();
                logger.info('coldtrace detector stopped');
            },
        };
    } catch (error) {
        await ledger.close();
        throw error;
    }
}

/**
 * A member's node runs a detector only for a carrier: the chaincode takes excursions and digests only
 * from the shipment's own carrier (`npm start` on another member's node simply runs no pipeline).
 *
 * @example
 * requireCarrier({ mspId: 'RetailerMSP', roles: ['retailer'], ... }); // throws ServerConfigError
 */
export function requireCarrier(member: Pick<Member, 'mspId' | 'roles'>): void {
    if (!member.roles.includes('carrier')) {
        throw new ServerConfigError(`${member.mspId} has the roles ${member.roles.join(', ')}; only a carrier's node runs a detector`);
    }
}
