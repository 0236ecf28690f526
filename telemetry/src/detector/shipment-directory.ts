import type Database from 'better-sqlite3';
import type { Shipment } from '@coldtrace/chaincode/model';
import { beforeBlock, type FeedEvent, type FeedPosition, type Ledger, type LedgerEventConsumer, type LedgerEventFeed } from '@coldtrace/ledger-client';
import type { CarrierDetectors } from './carrier-detectors';
import type { TemperatureProfile } from './temperature-profile';

const SENSOR_EVENTS = new Set(['SensorAttached', 'SensorDetached']);
const SHIPMENT_EVENTS = new Set([...SENSOR_EVENTS, 'ShipmentReceived', 'ShipmentPickedUp', 'ShipmentCreated']);

/**
 * What one batch of ledger events changed on one shipment: the sensors attached or detached (all of
 * them, `whole`, when its record was read again) and its profile.
 */
export interface ShipmentChange {
    shipmentId: string;
    carrier: string;
    sensors: { sensorId: string; detachedAt?: string }[];
    profile: TemperatureProfile | undefined;
    /** The sensors are every sensor the shipment ever carried, not only those changed. */
    whole: boolean;
}

/** One event's work in a batch: a sensor change applied from the event, or a record read again. */
type Step = { kind: 'sensor'; shipmentId: string; carrier: string; sensorId: string; at: string; attached: boolean } | { kind: 'read'; shipmentId: string };

interface ShipmentRead {
    shipment: Shipment;
    profile: TemperatureProfile | undefined;
}

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
 * learned from the ledger's events (a consumer of the process's ledger-event feed) and kept in
 * SQLite with the position of the last event read, so a restarted detector resumes where it stopped.
 *
 * @example
 * const directory = await ShipmentDirectory.open({ database, ledger, feed, detectors, profiles });
 * directory.shipmentAt('T-1', Date.parse(reading.ts)); // 'S-7' or undefined
 */
export class ShipmentDirectory {
    #feed: LedgerEventFeed | undefined;
    #position: FeedPosition;
    #gaveUpAtHeight = -1;
    #refreshing: Promise<void> = Promise.resolve();
    readonly #profiles = new Map<string, TemperatureProfile>();
    readonly #statements: Record<
        'shipmentAt' | 'windowsOf' | 'knows' | 'carrierOf' | 'insertWindow' | 'detachWindow' | 'deleteWindows' | 'saveCarrier' | 'saveProfile' | 'savePosition',
        Database.Statement
    >;

    readonly #database: Database.Database;
    readonly #ledger: Ledger;
    readonly #detectors: CarrierDetectors;
    readonly #profileSource: ProfileSource;
    readonly #onChange: (changes: ShipmentChange[]) => void;

    private constructor(database: Database.Database, ledger: Ledger, detectors: CarrierDetectors, profileSource: ProfileSource, onChange: (changes: ShipmentChange[]) => void) {
        this.#database = database;
        this.#ledger = ledger;
        this.#detectors = detectors;
        this.#profileSource = profileSource;
        this.#onChange = onChange;
        database.exec(`
            CREATE TABLE IF NOT EXISTS sensor_windows (
                sensor_id TEXT NOT NULL, shipment_id TEXT NOT NULL, attached_ms INTEGER NOT NULL, detached_ms INTEGER,
                PRIMARY KEY (sensor_id, shipment_id, attached_ms)
            ) WITHOUT ROWID;
            -- A shipment's windows are replaced when its record is read again: without this, each replace scans every window.
            CREATE INDEX IF NOT EXISTS sensor_windows_by_shipment ON sensor_windows (shipment_id, sensor_id);
            CREATE TABLE IF NOT EXISTS shipment_carriers (shipment_id TEXT PRIMARY KEY, carrier TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS shipment_profiles (shipment_id TEXT PRIMARY KEY, profile TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS detector_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        `);
        for (const row of database.prepare('SELECT shipment_id, profile FROM shipment_profiles').all() as { shipment_id: string; profile: string }[]) {
            this.#profiles.set(row.shipment_id, JSON.parse(row.profile));
        }
        this.#statements = {
            shipmentAt: database.prepare(
                'SELECT shipment_id FROM sensor_windows WHERE sensor_id = ? AND attached_ms <= ? AND (detached_ms IS NULL OR ? < detached_ms) ORDER BY attached_ms DESC LIMIT 1',
            ),
            windowsOf: database.prepare('SELECT shipment_id, attached_ms, detached_ms FROM sensor_windows WHERE sensor_id = ? ORDER BY attached_ms DESC'),
            knows: database.prepare('SELECT 1 FROM sensor_windows WHERE sensor_id = ? LIMIT 1'),
            carrierOf: database.prepare('SELECT carrier FROM shipment_carriers WHERE shipment_id = ?'),
            insertWindow: database.prepare('INSERT OR REPLACE INTO sensor_windows (sensor_id, shipment_id, attached_ms, detached_ms) VALUES (?, ?, ?, ?)'),
            detachWindow: database.prepare('UPDATE sensor_windows SET detached_ms = ? WHERE sensor_id = ? AND shipment_id = ? AND detached_ms IS NULL'),
            deleteWindows: database.prepare('DELETE FROM sensor_windows WHERE shipment_id = ?'),
            saveCarrier: database.prepare('INSERT OR REPLACE INTO shipment_carriers (shipment_id, carrier) VALUES (?, ?)'),
            saveProfile: database.prepare('INSERT OR REPLACE INTO shipment_profiles (shipment_id, profile) VALUES (?, ?)'),
            savePosition: database.prepare("INSERT OR REPLACE INTO detector_meta (name, value) VALUES ('directory_position', ?)"),
        };
        const meta = (name: string) => (database.prepare('SELECT value FROM detector_meta WHERE name = ?').get(name) as { value: string } | undefined)?.value;
        const position = meta('directory_position');
        // A directory of an earlier version kept the last block it had read whole.
        this.#position = position ? (JSON.parse(position) as FeedPosition) : beforeBlock(Number(meta('directory_block') ?? -1) + 1);
    }

    /** The last block whose events (maybe not all of them yet) are applied. */
    #processedBlock(): number {
        return this.#position.index < 0 ? this.#position.block - 1 : this.#position.block;
    }

    /** The directory as a consumer of the feed: a batch that fails is handed over again from the saved position. */
    readonly #consumer: LedgerEventConsumer = {
        name: 'shipment-directory',
        firstStart: 0,
        checkpoint: () => this.#position,
        consume: (events) => {
            const applied = this.#apply(events);
            // Whoever waits for the directory to catch up waits for this batch, not for its outcome.
            this.#refreshing = applied.catch(() => undefined);
            return applied;
        },
    };

    static async open(input: {
        database: Database.Database;
        /** Reads shipments (as their carriers) and the height the directory must reach to be caught up. */
        ledger: Ledger;
        /** The process's one ledger-event feed. */
        feed: LedgerEventFeed;
        detectors: CarrierDetectors;
        profiles: ProfileSource;
        /**
         * Called after each committed batch of events with what changed on the shipments this node's
         * carriers carry: the sensors attached or detached, or every sensor when a record was read again.
         */
        onChange?: (changes: ShipmentChange[]) => void;
    }): Promise<ShipmentDirectory> {
        const directory = new ShipmentDirectory(input.database, input.ledger, input.detectors, input.profiles, input.onChange ?? (() => undefined));
        directory.#feed = input.feed;
        await input.feed.add(directory.#consumer);
        return directory;
    }

    /** The shipment `sensorId` was attached to at `tsMs`, if any. */
    shipmentAt(sensorId: string, tsMs: number): string | undefined {
        return (this.#statements.shipmentAt.get(sensorId, tsMs, tsMs) as { shipment_id: string } | undefined)?.shipment_id;
    }

    /**
     * {@link shipmentAt} for many readings at once: each sensor's windows are read once, not once
     * per reading (a group commit holds tens of readings of each sensor).
     *
     * @example
     * directory.shipmentsAt([{ sensorId: 'T-1', tsMs }, { sensorId: 'T-1', tsMs: tsMs + 1_000 }]); // ['S-7', 'S-7']
     */
    shipmentsAt(readings: readonly { sensorId: string; tsMs: number }[]): (string | undefined)[] {
        const windows = new Map<string, { shipment_id: string; attached_ms: number; detached_ms: number | null }[]>();
        return readings.map(({ sensorId, tsMs }) => {
            let ofSensor = windows.get(sensorId);
            if (!ofSensor) {
                ofSensor = this.#statements.windowsOf.all(sensorId) as { shipment_id: string; attached_ms: number; detached_ms: number | null }[];
                windows.set(sensorId, ofSensor);
            }
            // Newest attachment first, as shipmentAt orders them.
            return ofSensor.find((w) => w.attached_ms <= tsMs && (w.detached_ms === null || tsMs < w.detached_ms))?.shipment_id;
        });
    }

    /** Whether any shipment this node follows ever carried `sensorId`. */
    knows(sensorId: string): boolean {
        return this.#statements.knows.get(sensorId) !== undefined;
    }

    /** Whether `sensorId` was ever attached to `shipmentId`. */
    carried(shipmentId: string, sensorId: string): boolean {
        return this.#database.prepare('SELECT 1 FROM sensor_windows WHERE shipment_id = ? AND sensor_id = ? LIMIT 1').get(shipmentId, sensorId) !== undefined;
    }

    /** The carriers that ever attached `sensorId` to a shipment they carry. */
    carriersOfSensor(sensorId: string): string[] {
        const rows = this.#database
            .prepare('SELECT DISTINCT c.carrier FROM sensor_windows w JOIN shipment_carriers c ON c.shipment_id = w.shipment_id WHERE w.sensor_id = ?')
            .all(sensorId) as { carrier: string }[];
        return rows.map((row) => row.carrier);
    }

    /** When `sensorId` was attached to `shipmentId` within [fromMs, toMs), if it was. */
    attachedWithin(shipmentId: string, sensorId: string, fromMs: number, toMs: number): number | undefined {
        const row = this.#database
            .prepare('SELECT attached_ms FROM sensor_windows WHERE shipment_id = ? AND sensor_id = ? AND attached_ms >= ? AND attached_ms < ? ORDER BY attached_ms LIMIT 1')
            .get(shipmentId, sensorId, fromMs, toMs) as { attached_ms: number } | undefined;
        return row?.attached_ms;
    }

    /** The organization carrying `shipmentId`, whose detector records its excursions and digests. */
    carrierOf(shipmentId: string): string | undefined {
        return (this.#statements.carrierOf.get(shipmentId) as { carrier: string } | undefined)?.carrier;
    }

    profileOf(shipmentId: string): TemperatureProfile | undefined {
        return this.#profiles.get(shipmentId);
    }

    /** Whether every committed block has been read: an unknown sensor is then really unattached. */
    async upToDate(): Promise<boolean> {
        return (await this.#unreadHeight()) === undefined;
    }

    /**
     * Waits up to `ms` for the directory to have read every block; resolves with whether it has.
     * Only chaincode events move the directory on, so a newest block without one (another
     * chaincode's, or only failed transactions) never counts as read: it is waited for once.
     */
    async caughtUp(ms: number): Promise<boolean> {
        const deadline = Date.now() + ms;
        for (;;) {
            const height = await this.#unreadHeight();
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
    async #unreadHeight(): Promise<number | undefined> {
        const height = await this.#ledger.height(this.#detectors.reader);
        await this.#refreshing;
        return this.#processedBlock() >= height - 1 ? undefined : height;
    }

    close(): void {
        this.#feed?.remove(this.#consumer);
    }

    /**
     * Applies a batch of events (the feed hands over what waited meanwhile: a backlog of blocks
     * becomes a few commits, not one per event), in chain order, in one SQLite transaction with the
     * position of the last, so the saved position never runs ahead of what was written. A sensor attached to or
     * detached from a shipment already known is applied from the event itself (its time is the
     * transaction's); only a shipment's own events (created, picked up, received) or one not known
     * yet read its record from the ledger.
     */
    async #apply(events: readonly FeedEvent[]): Promise<void> {
        const steps: Step[] = [];
        const reads = new Map<string, Promise<ShipmentRead | undefined>>();
        for (const event of events) {
            if (!SHIPMENT_EVENTS.has(event.eventName)) {
                continue;
            }
            const { ids, parties, at } = JSON.parse(Buffer.from(event.payload).toString('utf8')) as {
                ids: { shipmentId?: string; sensorId?: string };
                parties?: string[];
                at?: string;
            };
            const { shipmentId, sensorId } = ids;
            if (!shipmentId || reads.has(shipmentId)) {
                // A record read in this batch is the newest: it holds every later event of the batch too.
                continue;
            }
            const carrier = this.carrierOf(shipmentId);
            if (carrier && sensorId && at && SENSOR_EVENTS.has(event.eventName)) {
                steps.push({ kind: 'sensor', shipmentId, carrier, sensorId, at, attached: event.eventName === 'SensorAttached' });
            } else {
                const read = this.#readAsCarrier(shipmentId, parties ?? [this.#detectors.reader.mspId])
                    .then(async (shipment) => shipment && { shipment, profile: await this.#profileSource(shipment) })
                    .catch(() => undefined);
                reads.set(shipmentId, read);
                steps.push({ kind: 'read', shipmentId });
            }
        }
        const read = new Map<string, ShipmentRead | undefined>();
        for (const [shipmentId, promise] of reads) {
            read.set(shipmentId, await promise);
        }
        const changes = new Map<string, ShipmentChange>();
        const last = events.at(-1)!.position;
        this.#database.transaction(() => {
            for (const step of steps) {
                if (step.kind === 'read') {
                    const result = read.get(step.shipmentId);
                    if (result) {
                        const { shipment, profile } = result;
                        this.#replaceShipment(shipment, profile);
                        changes.set(step.shipmentId, {
                            shipmentId: step.shipmentId,
                            carrier: shipment.carrier,
                            sensors: shipment.sensors.map(({ sensorId, detachedAt }) => ({ sensorId, detachedAt })),
                            profile,
                            whole: true,
                        });
                    }
                    continue;
                }
                const atMs = Date.parse(step.at);
                if (step.attached) {
                    this.#statements.insertWindow.run(step.sensorId, step.shipmentId, atMs, null);
                } else {
                    this.#statements.detachWindow.run(atMs, step.sensorId, step.shipmentId);
                }
                const change = changes.get(step.shipmentId) ?? {
                    shipmentId: step.shipmentId,
                    carrier: step.carrier,
                    sensors: [],
                    profile: this.profileOf(step.shipmentId),
                    whole: false,
                };
                change.sensors.push(step.attached ? { sensorId: step.sensorId } : { sensorId: step.sensorId, detachedAt: step.at });
                changes.set(step.shipmentId, change);
            }
            this.#statements.savePosition.run(JSON.stringify(last));
        })();
        this.#position = last;
        for (const change of changes.values()) {
            if (change.profile) {
                this.#profiles.set(change.shipmentId, change.profile);
            }
        }
        if (changes.size > 0) {
            this.#onChange([...changes.values()]);
        }
    }

    /** Writes one shipment's sensor windows, carrier and profile as its record has them. */
    #replaceShipment(shipment: Shipment, profile: TemperatureProfile | undefined): void {
        const { shipmentId } = shipment;
        this.#statements.deleteWindows.run(shipmentId);
        this.#statements.saveCarrier.run(shipmentId, shipment.carrier);
        for (const sensor of shipment.sensors) {
            this.#statements.insertWindow.run(sensor.sensorId, shipmentId, Date.parse(sensor.attachedAt), sensor.detachedAt ? Date.parse(sensor.detachedAt) : null);
        }
        if (profile) {
            this.#statements.saveProfile.run(shipmentId, JSON.stringify(profile));
        }
    }

    async #readAsCarrier(shipmentId: string, parties: readonly string[]): Promise<Shipment | undefined> {
        for (const carrier of await this.#detectors.carriersAmong(parties)) {
            const identity = await this.#detectors.of(carrier);
            if (!identity) {
                continue;
            }
            try {
                const shipment = JSON.parse(Buffer.from(await this.#ledger.evaluate(identity, 'shipment:get', [shipmentId])).toString('utf8')) as Shipment;
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

/**
 * Opens the directory of shipments this node's carriers carry, caught up with the ledger.
 *
 * @example
 * const directory = await openShipmentDirectory({ database, ledger, feed, detectors, profiles });
 */
export function openShipmentDirectory(input: Parameters<typeof ShipmentDirectory.open>[0]): Promise<ShipmentDirectory> {
    return ShipmentDirectory.open(input);
}
