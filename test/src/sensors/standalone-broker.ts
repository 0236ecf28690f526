import { join } from 'node:path';
import { openOrCreateDeviceCertificateAuthority, startEmbeddedBroker } from '@coldtrace/telemetry';
import { MosquittoBroker } from './mosquitto-broker';

/** A broker running beside the pipeline rather than inside it, so a test can stop and start it. */
export interface StandaloneBroker {
    readonly url: string;
    stop(): Promise<void>;
}

/**
 * Starts aedes (in this process, its sessions in memory: a restart forgets them) or a real
 * Mosquitto (its own process, sessions persisted: a restart keeps them) on 127.0.0.1:`port`,
 * trusting the device CA of `dataDir` (created when absent, as the pipeline would).
 *
 * @example
 * const broker = await startStandaloneBroker('aedes', dataDir, port);
 * await broker.stop();
 */
export async function startStandaloneBroker(kind: 'aedes' | 'mosquitto', dataDir: string, port: number): Promise<StandaloneBroker> {
    if (kind === 'mosquitto') {
        return MosquittoBroker.start(dataDir, port);
    }
    const ca = await openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'));
    const server = await ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    const broker = await startEmbeddedBroker({ port, caPem: ca.certificatePem, ...server });
    return { url: broker.url, stop: () => broker.close() };
}
