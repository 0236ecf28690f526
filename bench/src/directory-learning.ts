import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventSubscription, type Ledger, type LedgerEvent, type LedgerIdentity, newLedgerEventFeed } from '@coldtrace/ledger-client';
import { newCarrierDetectors, openShipmentDirectory, openTelemetryStateDatabase } from '@coldtrace/telemetry';
import type { ResultTable } from './result-table';

const CARRIER: LedgerIdentity = { mspId: 'CarrierMSP', certificate: '', privateKey: '' };

/**
 * A ledger that holds only what the directory reads: the events of `shipments` shipments, each
 * created, given `perShipment` sensors one transaction each and picked up, and every shipment's
 * final record. Answers from memory, so the time measured is the directory's own.
 */
function attachmentLedger(shipments: number, perShipment: number): { ledger: Ledger; events: number } {
    const events: LedgerEvent[] = [];
    const records = new Map<string, string>();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    let block = 0;
    const event = (type: string, ids: Record<string, string>) => {
        const payload = {
            type,
            parties: ['ManufacturerMSP', CARRIER.mspId, 'RetailerMSP'],
            ids,
            at: new Date(t0 + block * 1000).toISOString(),
            txId: `tx${block}`,
            actor: CARRIER.mspId,
        };
        events.push({ blockNumber: block, txId: `tx${block}`, eventName: type, payload: Buffer.from(JSON.stringify(payload)) });
        block += 1;
        return payload.at;
    };
    for (let s = 0; s < shipments; s++) {
        const shipmentId = `SHIP-${s}`;
        event('ShipmentCreated', { shipmentId });
        const sensors = Array.from({ length: perShipment }, (_, n) => ({
            sensorId: `DIR${s}-${n}`,
            attachedAt: event('SensorAttached', { shipmentId, sensorId: `DIR${s}-${n}` }),
        }));
        event('ShipmentPickedUp', { shipmentId });
        const timeline = sensors.map((sensor) => ({ step: 'sensor_attached', state: `sensor_attached:${sensor.sensorId}`, at: sensor.attachedAt }));
        records.set(
            shipmentId,
            JSON.stringify({ shipmentId, carrier: CARRIER.mspId, state: 'in_transit', sensors, timeline, temperatureProfile: { minC: 2, maxC: 8, maxExcursionMinutes: 30 } }),
        );
    }
    const ledger: Ledger = {
        kind: 'embedded',
        submit: () => Promise.reject(new Error('read-only')),
        evaluate: async (_identity, fn, args) =>
            Buffer.from(fn === 'member:get' ? JSON.stringify({ mspId: args[0], roles: args[0] === CARRIER.mspId ? ['carrier'] : [] }) : records.get(args[0] ?? '')!),
        subscribe: async (_identity, listener, options): Promise<EventSubscription> => {
            events.slice(options?.startBlock ?? 0).forEach(listener);
            return { close: () => undefined };
        },
        height: async () => block,
        verifyChain: () => Promise.reject(new Error('not here')),
        close: async () => undefined,
    };
    return { ledger, events: events.length };
}

/**
 * How long the detector's shipment directory takes to learn a fleet's attachments from ledger
 * events it has not read yet (a detector starting on a ledger where carriers attached
 * `shipments × perShipment` sensors), into the telemetry store's SQLite (WAL, synchronous=FULL).
 *
 * @example
 * const table = await directoryLearning([9_000, 90_000], console.error);
 */
export async function directoryLearning(sizes: readonly number[], progress: (line: string) => void, perShipment = 100): Promise<ResultTable> {
    const rows: (string | number)[][] = [];
    for (const attachments of sizes) {
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-directory-'));
        try {
            const { ledger, events } = attachmentLedger(Math.ceil(attachments / perShipment), perShipment);
            const state = openTelemetryStateDatabase(join(dir, 'telemetry.db'));
            progress(`directory: learning ${attachments.toLocaleString('en')} attachments`);
            const cpu = process.cpuUsage();
            const started = performance.now();
            let changes = 0;
            const feed = newLedgerEventFeed(ledger, CARRIER);
            const directory = await openShipmentDirectory({
                database: state,
                ledger,
                feed,
                detectors: newCarrierDetectors(ledger, CARRIER),
                profiles: async () => ({ minC: 2, maxC: 8, maxExcursionMinutes: 30 }),
                onChange: () => (changes += 1),
            });
            while (!(await directory.caughtUp(60_000))) {
                // A backlog of this size takes longer than one wait.
            }
            const seconds = (performance.now() - started) / 1000;
            const used = process.cpuUsage(cpu);
            const last = `DIR${Math.ceil(attachments / perShipment) - 1}-${perShipment - 1}`;
            if (directory.shipmentAt(last, Date.now()) === undefined) {
                throw new Error(`the directory does not know ${last} after catching up`);
            }
            directory.close();
            feed.close();
            state.close();
            rows.push([
                attachments.toLocaleString('en'),
                events.toLocaleString('en'),
                seconds.toFixed(2),
                Math.round(attachments / seconds).toLocaleString('en'),
                Math.round(((used.user + used.system) / 1000 / (seconds * 1000)) * 100),
                changes.toLocaleString('en'),
                Math.round(process.memoryUsage().rss / 2 ** 20),
            ]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }
    return {
        id: 'directory',
        title: `Shipment directory learning attachments from unread ledger events (${perShipment} sensors per shipment, one attachment per transaction; ledger answers from memory)`,
        ledger: 'embedded',
        columns: ['attachments', 'events', 'seconds', 'attachments/s', 'CPU % of one core', 'onChange calls', 'bench RSS MiB'],
        rows,
    };
}
