import type Database from 'better-sqlite3';
import type { Shipment } from '@coldtrace/chaincode/model';
import type { EventSubscription, Ledger, LedgerEvent } from '@coldtrace/ledger-client';
import type { CarrierDetectors } from './carrier-detectors';
import type { TemperatureProfile } from './temperature-profile';

const SHIPMENT_EVENTS = new Set(['SensorAttached', 'SensorDetached', 'ShipmentReceived', 'ShipmentPickedUp', 'ShipmentCreated']);

/**
 * Where a shipment's temperature profile comes from: the shipment record, which carries the
 * strictest profile of its batches (a carrier cannot read the batches themselves). The configured
 * fallback serves only shipments created before records carried a profile.
 */
export type ProfileSource = (shipment: Shipment) => Promise<TemperatureProfile | undefined>;

export function defaultProfileSource(fallback: TemperatureProfile): ProfileSource {
    return async (shipment) => (shipment as Partial<Pick<Shipment, 'temperatureProfile'>>).temperatureProfile ?? fallback;
}

/**
 * The detector's view of which sensor rides on which shipment, when: every attach/detach window of
 * the shipments carried by an organization this node has a detector for (each read as its carrier),
 * learned from the ledger's events and kept in SQLite with the last block read, so a restarted
 * detector resumes where it stopped.
 *
 * @example
 * const directory = await ShipmentDirectory.open({ database, ledger, detectors, profiles });
 * directory.shipmentAt('T-1', Date.parse(reading.ts)); // 'S-7' or undefined
 */
export class ShipmentDirectory {
    #subscription: EventSubscription | undefined;
    #processedBlock = -1;
    #gaveUpAtHeight = -1;
    #refreshing: Promise<void> = Promise.resolve();
    readonly #profiles = new Map<string, TemperatureProfile>();
    #shipmentAt: Database.Statement | undefined;

    private constructor(
        private readonly database: Database.Database,
        private readonly ledger: Ledger,
        private readonly detectors: CarrierDetectors,
        private readonly profileSource: ProfileSource,
        private readonly onChange: (shipment: Shipment, profile: TemperatureProfile | undefined) => void,
    ) {
        database.exec(`
            CREATE TABLE IF NOT EXISTS sensor_windows (
                sensor_id TEXT NOT NULL, shipment_id TEXT NOT NULL, attached_ms INTEGER NOT NULL, detached_ms INTEGER,
                PRIMARY KEY (sensor_id, shipment_id, attached_ms)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS shipment_carriers (shipment_id TEXT PRIMARY KEY, carrier TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS shipment_profiles (shipment_id TEXT PRIMARY KEY, profile TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS detector_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        `);
        for (const row of database.prepare('SELECT shipment_id, profile FROM shipment_profiles').all() as { shipment_id: string; profile: string }[]) {
            this.#profiles.set(row.shipment_id, JSON.parse(row.profile));
        }
        const saved = database.prepare("SELECT value FROM detector_meta WHERE name = 'directory_block'").get() as { value: string } | undefined;
        this.#processedBlock = saved ? Number(saved.value) : -1;
    }

    static async open(input: {
        database: Database.Database;
        ledger: Ledger;
        detectors: CarrierDetectors;
        profiles: ProfileSource;
        /** Called after a shipment one of this node's carriers carries was (re)read from the ledger. */
        onChange?: (shipment: Shipment, profile: TemperatureProfile | undefined) => void;
    }): Promise<ShipmentDirectory> {
        const directory = new ShipmentDirectory(input.database, input.ledger, input.detectors, input.profiles, input.onChange ?? (() => undefined));
        directory.#subscription = await input.ledger.subscribe(input.detectors.reader, (event) => directory.onEvent(event), { startBlock: directory.#processedBlock + 1 });
        return directory;
    }

    /** The shipment `sensorId` was attached to at `tsMs`, if any. */
    shipmentAt(sensorId: string, tsMs: number): string | undefined {
        this.#shipmentAt ??= this.database.prepare(
            'SELECT shipment_id FROM sensor_windows WHERE sensor_id = ? AND attached_ms <= ? AND (detached_ms IS NULL OR ? < detached_ms) ORDER BY attached_ms DESC LIMIT 1',
        );
        return (this.#shipmentAt.get(sensorId, tsMs, tsMs) as { shipment_id: string } | undefined)?.shipment_id;
    }

    /** Whether any shipment this node follows ever carried `sensorId`. */
    knows(sensorId: string): boolean {
        return this.database.prepare('SELECT 1 FROM sensor_windows WHERE sensor_id = ? LIMIT 1').get(sensorId) !== undefined;
    }

    /** Whether `sensorId` was ever attached to `shipmentId`. */
    carried(shipmentId: string, sensorId: string): boolean {
        return this.database.prepare('SELECT 1 FROM sensor_windows WHERE shipment_id = ? AND sensor_id = ? LIMIT 1').get(shipmentId, sensorId) !== undefined;
    }

    /** The carriers that ever attached `sensorId` to a shipment they carry. */
    carriersOfSensor(sensorId: string): string[] {
        const rows = this.database
            .prepare('SELECT DISTINCT c.carrier FROM sensor_windows w JOIN shipment_carriers c ON c.shipment_id = w.shipment_id WHERE w.sensor_id = ?')
            .all(sensorId) as { carrier: string }[];
        return rows.map((row) => row.carrier);
    }

    /** When `sensorId` was attached to `shipmentId` within [fromMs, toMs), if it was. */
    attachedWithin(shipmentId: string, sensorId: string, fromMs: number, toMs: number): number | undefined {
        const row = this.database
            .prepare('SELECT attached_ms FROM sensor_windows WHERE shipment_id = ? AND sensor_id = ? AND attached_ms >= ? AND attached_ms < ? ORDER BY attached_ms LIMIT 1')
            .get(shipmentId, sensorId, fromMs, toMs) as { attached_ms: number } | undefined;
        return row?.attached_ms;
    }

    /** The organization carrying `shipmentId`, whose detector records its excursions and digests. */
    carrierOf(shipmentId: string): string | undefined {
        return (this.database.prepare('SELECT carrier FROM shipment_carriers WHERE shipment_id = ?').get(shipmentId) as { carrier: string } | undefined)?.carrier;
    }

    profileOf(shipmentId: string): TemperatureProfile | undefined {
        return this.#profiles.get(shipmentId);
    }

    /** Whether every committed block has been read: an unknown sensor is then really unattached. */
    async upToDate(): Promise<boolean> {
        return (await this.unreadHeight()) === undefined;
    }

    /**
     * Waits up to `ms` for the directory to have read every block; resolves with whether it has.
     * Only chaincode events move the directory on, so a newest block without one (another
     * chaincode's, or only failed transactions) never counts as read: it is waited for once.
     */
    async caughtUp(ms: number): Promise<boolean> {
        const deadline = Date.now() + ms;
        for (;;) {
            const height = await this.unreadHeight();
            if (height === undefined) {
                return true;
            }
            if (height === this.#gaveUpAtHeight || Date.now() >= deadline) {
                this.#gaveUpAtHeight = height;
                return false;
            }
            await new Promise((resolve) => setTimeout(resolve, 25));
        }
    }

    /** The ledger's height when the directory has not read its newest block yet, else undefined. */
    private async unreadHeight(): Promise<number | undefined> {
        const height = await this.ledger.height(this.detectors.reader);
        await this.#refreshing;
        return this.#processedBlock >= height - 1 ? undefined : height;
    }

    close(): void {
        this.#subscription?.close();
    }

    private onEvent(event: LedgerEvent): void {
        // Refreshes run one after another, in block order, so the saved block never runs ahead.
        this.#refreshing = this.#refreshing.then(async () => {
            if (SHIPMENT_EVENTS.has(event.eventName)) {
                const { ids, parties } = JSON.parse(Buffer.from(event.payload).toString('utf8')) as { ids: { shipmentId?: string }; parties?: string[] };
                if (ids.shipmentId) {
                    await this.refresh(ids.shipmentId, parties ?? [this.detectors.reader.mspId]).catch(() => undefined);
                }
            }
            this.#processedBlock = Math.max(this.#processedBlock, event.blockNumber);
            this.database.prepare("INSERT OR REPLACE INTO detector_meta (name, value) VALUES ('directory_block', ?)").run(String(this.#processedBlock));
        });
    }

    /**
     * Reloads one shipment's sensor windows and profile, read by the detector of the carrier among
     * the event's parties; a shipment no carrier of this node carries is skipped.
     */
    private async refresh(shipmentId: string, parties: readonly string[]): Promise<void> {
        const shipment = await this.readAsCarrier(shipmentId, parties);
        if (!shipment) {
            return;
        }
        const profile = await this.profileSource(shipment);
        this.database.transaction(() => {
            this.database.prepare('DELETE FROM sensor_windows WHERE shipment_id = ?').run(shipmentId);
            this.database.prepare('INSERT OR REPLACE INTO shipment_carriers (shipment_id, carrier) VALUES (?, ?)').run(shipmentId, shipment.carrier);
            const insert = this.database.prepare('INSERT OR REPLACE INTO sensor_windows (sensor_id, shipment_id, attached_ms, detached_ms) VALUES (?, ?, ?, ?)');
            for (const sensor of shipment.sensors) {
                insert.run(sensor.sensorId, shipmentId, Date.parse(sensor.attachedAt), sensor.detachedAt ? Date.parse(sensor.detachedAt) : null);
            }
            if (profile) {
                this.database.prepare('INSERT OR REPLACE INTO shipment_profiles (shipment_id, profile) VALUES (?, ?)').run(shipmentId, JSON.stringify(profile));
            }
        })();
        if (profile) {
            this.#profiles.set(shipmentId, profile);
        }
        this.onChange(shipment, profile);
    }

    private async readAsCarrier(shipmentId: string, parties: readonly string[]): Promise<Shipment | undefined> {
        for (const carrier of await this.detectors.carriersAmong(parties)) {
            const identity = await this.detectors.of(carrier);
            if (!identity) {
                continue;
            }
            try {
                const shipment = JSON.parse(Buffer.from(await this.ledger.evaluate(identity, 'shipment:get', [shipmentId])).toString('utf8')) as Shipment;
                if (shipment.carrier === carrier) {
                    return shipment;
                }
            } catch {
                // Not readable as this party: another party is its carrier.
            }
        }
        return undefined;
    }
}
