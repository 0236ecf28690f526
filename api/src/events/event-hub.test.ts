import assert from 'node:assert/strict';
import { type EventSubscription, type Ledger, type LedgerEvent, newLedgerEventFeed } from '@coldtrace/ledger-client';
import { type CommittedEvent, mayReceive, startEventHub } from './event-hub';

/** Just enough of a ledger to push chaincode events into the hub. */
function fakeLedger(): { ledger: Ledger; emit: (event: LedgerEvent) => void } {
    let listener: ((event: LedgerEvent) => void) | undefined;
    const ledger = {
        kind: 'embedded',
        height: async () => 7,
        subscribe: async (_identity: unknown, l: (event: LedgerEvent) => void): Promise<EventSubscription> => {
            listener = l;
            return { close: () => undefined };
        },
    } as unknown as Ledger;
    return { ledger, emit: (event) => listener?.(event) };
}

const chaincodeEvent = (blockNumber: number, type: string, parties: string[]): LedgerEvent => ({
    blockNumber,
    txId: `tx${blockNumber}`,
    eventName: type,
    payload: Buffer.from(JSON.stringify({ type, parties, ids: { batchId: `B${blockNumber}` } })),
});

describe('EventHub', () => {
    it('fans chaincode events out and replays what a reconnecting client missed', async () => {
        const { ledger, emit } = fakeLedger();
        const hub = await startEventHub(newLedgerEventFeed(ledger, {} as never));
        const seen: CommittedEvent[] = [];
        const stop = hub.listen((event) => seen.push(event));
        emit(chaincodeEvent(7, 'BatchCommissioned', ['ManufacturerMSP']));
        emit(chaincodeEvent(8, 'OrderPlaced', ['RetailerMSP', 'ManufacturerMSP']));
        await new Promise((resolve) => setImmediate(resolve));
        stop();
        assert.deepEqual(
            seen.map((e) => e.id),
            ['7:tx7', '8:tx8'],
        );
        const replayed: CommittedEvent[] = [];
        hub.listen((event) => replayed.push(event), '7:tx7');
        assert.deepEqual(
            replayed.map((e) => e.type),
            ['OrderPlaced'],
        );
        hub.close();
    });

    it('carries the backend’s own events to the parties they name', async () => {
        const { ledger } = fakeLedger();
        const hub = await startEventHub(newLedgerEventFeed(ledger, {} as never));
        const seen: CommittedEvent[] = [];
        hub.listen((event) => seen.push(event));
        hub.announce('SensorFlooding', { parties: ['CarrierMSP'], ids: { sensorId: 'T-1' }, dropped: 120 });
        assert.equal(seen[0]?.type, 'SensorFlooding');
        assert.equal(seen[0]?.id, 'local:1');
        assert.ok(mayReceive(seen[0], { org: 'CarrierMSP', role: 'carrier' }));
        assert.ok(!mayReceive(seen[0], { org: 'RetailerMSP', role: 'retailer' }));
        assert.ok(mayReceive(seen[0], { org: 'AuditorMSP', role: 'auditor' }));
        hub.close();
    });
});
