import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Ledger, type LedgerEvent, type LedgerIdentity, newLedgerEventFeed } from '@coldtrace/ledger-client';
import { CarrierDetectors } from './carrier-detectors';
import { ShipmentDirectory } from './shipment-directory';

const CARRIER: LedgerIdentity = { mspId: 'CarrierMSP', certificate: '', privateKey: '' };
const PROFILE = { minC: 2, maxC: 8, maxExcursionMinutes: 30 };

/** One shipment on a ledger of one event per block; counts the records read. */
function shipmentLedger() {
    const events: LedgerEvent[] = [];
    const sensors: { sensorId: string; attachedAt: string }[] = [];
    let reads = 0;
    const commit = (type: string, sensorId?: string) => {
        const at = new Date(Date.parse('2030-01-01T00:00:00Z') + events.length * 60_000).toISOString();
        if (sensorId) {
            sensors.push({ sensorId, attachedAt: at });
        }
        const payload = { type, parties: [CARRIER.mspId], ids: { shipmentId: 'S-1', ...(sensorId && { sensorId }) }, at };
        events.push({ blockNumber: events.length, txId: `tx${events.length}`, eventName: type, payload: Buffer.from(JSON.stringify(payload)) });
    };
    const ledger = {
        kind: 'embedded',
        evaluate: async (_identity: LedgerIdentity, fn: string) => {
            reads += fn === 'shipment:get' ? 1 : 0;
            return Buffer.from(JSON.stringify(fn === 'member:get' ? { roles: ['carrier'] } : { shipmentId: 'S-1', carrier: CARRIER.mspId, sensors, temperatureProfile: PROFILE }));
        },
        subscribe: async (_identity: LedgerIdentity, listener: (event: LedgerEvent) => void, options: { startBlock?: number } = {}) => {
            events.slice(options.startBlock ?? events.length).forEach(listener);
            return { close: () => undefined };
        },
        height: async () => events.length,
    } as unknown as Ledger;
    return { ledger, commit, reads: () => reads };
}

describe('ShipmentDirectory', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coldtrace-directory-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const open = async (ledger: Ledger, database: Database.Database) => {
        const feed = newLedgerEventFeed(ledger, CARRIER, { retryMs: 0 });
        const directory = await ShipmentDirectory.open({ database, ledger, feed, detectors: new CarrierDetectors(ledger, CARRIER), profiles: async () => PROFILE });
        assert.ok(await directory.caughtUp(10_000));
        return { directory, close: () => (directory.close(), feed.close()) };
    };

    it('resumes after the last event it applied, from the feed, across a restart', async () => {
        const { ledger, commit, reads } = shipmentLedger();
        const database = new Database(join(dir, 'telemetry.db'));
        commit('ShipmentCreated');
        commit('SensorAttached', 'T-1');
        const first = await open(ledger, database);
        assert.equal(first.directory.shipmentAt('T-1', Date.parse('2030-01-01T00:05:00Z')), 'S-1');
        first.close();
        commit('SensorAttached', 'T-2');
        const second = await open(ledger, database);
        assert.equal(second.directory.shipmentAt('T-2', Date.parse('2030-01-01T00:05:00Z')), 'S-1');
        assert.equal(reads(), 1, 'the record was read once; the events after it applied as they are');
        second.close();
        database.close();
    });

    it('answers many readings at once as it answers each, reading each sensor once', async () => {
        const { ledger, commit } = shipmentLedger();
        const database = new Database(join(dir, 'telemetry.db'));
        commit('ShipmentCreated');
        commit('SensorAttached', 'T-1');
        commit('SensorAttached', 'T-2');
        const { directory, close } = await open(ledger, database);
        const at = (iso: string) => Date.parse(`2030-01-01T${iso}Z`);
        const lookups = [
            { sensorId: 'T-1', tsMs: at('00:00:30') },
            { sensorId: 'T-1', tsMs: at('00:05:00') },
            { sensorId: 'T-2', tsMs: at('00:01:30') },
            { sensorId: 'T-2', tsMs: at('00:05:00') },
            { sensorId: 'T-3', tsMs: at('00:05:00') },
            { sensorId: 'T-1', tsMs: at('00:06:00') },
        ];
        assert.deepEqual(directory.shipmentsAt(lookups), [undefined, 'S-1', undefined, 'S-1', undefined, 'S-1']);
        assert.deepEqual(
            directory.shipmentsAt(lookups),
            lookups.map(({ sensorId, tsMs }) => directory.shipmentAt(sensorId, tsMs)),
        );
        close();
        database.close();
    });

    it('reads the last block an earlier version kept as read whole', async () => {
        const { ledger, commit, reads } = shipmentLedger();
        const database = new Database(join(dir, 'telemetry.db'));
        commit('ShipmentCreated');
        (await open(ledger, database)).close();
        database.prepare("DELETE FROM detector_meta WHERE name = 'directory_position'").run();
        database.prepare("INSERT INTO detector_meta (name, value) VALUES ('directory_block', '0')").run();
        commit('SensorAttached', 'T-1');
        const again = await open(ledger, database);
        assert.equal(again.directory.shipmentAt('T-1', Date.parse('2030-01-01T00:05:00Z')), 'S-1');
        assert.equal(reads(), 1, 'block 0 was not read again');
        again.close();
        database.close();
    });
});
