import type Database from 'better-sqlite3';
import type { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';
import { TelemetryRequestError } from '../telemetry-request-error';
import type { RegisteredSensor } from '../contract/telemetry-payloads';

/** A sensor a carrier registered, and the certificates issued to it (the API's contract says what that is). */
export type { RegisteredSensor };

/**
 * The sensors known to coldtrace and their owner, in the telemetry database: the organization of
 * whoever registered it (the route admits carrier members only, checked in the member directory),
 * or the carrier that attached it on the ledger. Registration comes
 * first; a certificate is then signed only for the owner's own sensors, from a CSR made on the
 * device (its key never leaves it). The certificate's CN is the sensor id, which is all the
 * broker's ACL needs.
 *
 * @example
 * registry.register('T-1', { mspId: 'Carrier2MSP', user: 'dispatch' });
 * const { certificatePem, caPem } = await registry.certify('T-1', csrPem, { mspId: 'Carrier2MSP' });
 */
export class SensorRegistry {
    #insertIfAbsent: Database.Statement | undefined;
    #admit: ((sensorId: string) => Promise<unknown>) | undefined;

    readonly #database: Database.Database;
    readonly #ca: DeviceCertificateAuthority;

    constructor(database: Database.Database, ca: DeviceCertificateAuthority) {
        this.#database = database;
        this.#ca = ca;
        database.exec(`CREATE TABLE IF NOT EXISTS sensors (
            sensor_id TEXT PRIMARY KEY, owner TEXT NOT NULL, registered_by TEXT NOT NULL, registered_at TEXT NOT NULL,
            certificates INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID`);
    }

    register(sensorId: string, caller: { mspId: string; user: string }): RegisteredSensor {
        if (isReserved(sensorId)) {
            throw new TelemetryRequestError(400, 'INVALID_ARGUMENT', `sensor ids starting with "${RESERVED_PREFIX}" name coldtrace's own services`);
        }
        const existing = this.get(sensorId);
        if (existing) {
            throw new TelemetryRequestError(409, 'SENSOR_EXISTS', `sensor ${sensorId} is already registered${existing.owner === caller.mspId ? '' : ' by another organization'}`);
        }
        const sensor: RegisteredSensor = { sensorId, owner: caller.mspId, registeredBy: caller.user, registeredAt: new Date().toISOString(), certificates: 0 };
        this.#database
            .prepare('INSERT INTO sensors (sensor_id, owner, registered_by, registered_at) VALUES (?, ?, ?, ?)')
            .run(sensorId, sensor.owner, sensor.registeredBy, sensor.registeredAt);
        return sensor;
    }

    /** Registers a sensor seen attached on the ledger by `owner`, unless it is registered already. */
    registerIfAbsent(sensorId: string, owner: string): void {
        if (isReserved(sensorId)) {
            return;
        }
        this.#insertIfAbsent ??= this.#database.prepare('INSERT OR IGNORE INTO sensors (sensor_id, owner, registered_by, registered_at) VALUES (?, ?, ?, ?)');
        this.#insertIfAbsent.run(sensorId, owner, 'ledger:attachSensor', new Date().toISOString());
    }

    get(sensorId: string): RegisteredSensor | undefined {
        const row = this.#database.prepare('SELECT * FROM sensors WHERE sensor_id = ?').get(sensorId) as
            { sensor_id: string; owner: string; registered_by: string; registered_at: string; certificates: number } | undefined;
        return row && { sensorId: row.sensor_id, owner: row.owner, registeredBy: row.registered_by, registeredAt: row.registered_at, certificates: row.certificates };
    }

    /**
     * What must happen before a sensor gets a certificate: a broker that lists its users (NATS) adds
     * it, so the device's first connection is let in. A failure refuses the certificate (503).
     */
    admitBeforeCertifying(admit: (sensorId: string) => Promise<unknown>): void {
        this.#admit = admit;
    }

    /** Every sensor that was given at least one certificate. */
    certifiedSensorIds(): string[] {
        return (this.#database.prepare('SELECT sensor_id FROM sensors WHERE certificates > 0 ORDER BY sensor_id').all() as { sensor_id: string }[]).map((row) => row.sensor_id);
    }

    /** Signs the device's CSR as `CN=<sensorId>`; throws {@link TelemetryRequestError} or InvalidCsrError. */
    async certify(sensorId: string, csrPem: string, caller: { mspId: string }): Promise<{ certificatePem: string; caPem: string }> {
        const sensor = this.get(sensorId);
        // Another organization's sensor is answered like an unknown one: its existence is not theirs to learn.
        if (!sensor || sensor.owner !== caller.mspId) {
            throw new TelemetryRequestError(404, 'SENSOR_NOT_FOUND', `sensor ${sensorId} is not registered by ${caller.mspId}`);
        }
        const certificatePem = await this.#ca.signCsr(csrPem, { commonName: sensorId, kind: 'device' });
        try {
            await this.#admit?.(sensorId);
        } catch (error) {
            throw new TelemetryRequestError(503, 'BROKER_UNAVAILABLE', `the broker could not let sensor ${sensorId} in, so no certificate was issued: ${(error as Error).message}`);
        }
        this.#database.prepare('UPDATE sensors SET certificates = certificates + 1 WHERE sensor_id = ?').run(sensorId);
        return { certificatePem, caPem: this.#ca.certificatePem };
    }
}

/** Service certificates are named coldtrace-…; a device must never get such a name (Mosquitto's ACL sees only the CN). */
const RESERVED_PREFIX = 'coldtrace-';

function isReserved(sensorId: string): boolean {
    return sensorId.toLowerCase().startsWith(RESERVED_PREFIX);
}
