import { strict as assert } from 'node:assert';
import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';
import type { StoredReading } from '../store/telemetry-store';
import { ReadingsStoredCoalescer } from './readings-stored-coalescer';
import type { TelemetryEvent } from './telemetry-event';

const reading = (shipmentId: string, ts: string, seq: number) => ({ shipmentId, ts, seq, sensorId: 'T-1', tempC: 5, lat: 0, lon: 0, receivedAt: ts }) as StoredReading;

function coalescerWithLedger(records: Record<string, { parties: string[] }>) {
    const reads: string[] = [];
    const ledger = {
        evaluate: async (_identity: LedgerIdentity, fn: string, [id]: readonly string[]) => {
            reads.push(`${fn} ${id}`);
            const record = id === undefined ? undefined : records[id];
            if (!record) {
                throw new Error(`no shipment ${id}`);
            }
            return Buffer.from(JSON.stringify(record));
        },
    } as Pick<Ledger, 'evaluate'> as Ledger;
    const events: TelemetryEvent[] = [];
    const coalescer = new ReadingsStoredCoalescer({
        ledger,
        identityFor: async () => ({ mspId: 'C' }) as LedgerIdentity,
        emit: (e) => events.push(e),
        everyMs: 60_000,
        clock: () => Date.parse('2026-01-01T00:00:10Z'),
    });
    return { coalescer, events, reads };
}

describe('ReadingsStoredCoalescer', () => {
    it('tells each shipment’s parties once per flush of the span and count of readings stored, late ones included', async () => {
        const { coalescer, events, reads } = coalescerWithLedger({ S1: { parties: ['M', 'R', 'C'] }, S2: { parties: ['M2', 'C'] } });
        coalescer.add([reading('S1', '2026-01-01T00:00:05Z', 5), reading('S2', '2026-01-01T00:00:01Z', 1)]);
        coalescer.add([reading('S1', '2026-01-01T00:00:02Z', 2), reading('S1', '2026-01-01T00:00:06Z', 6)]);
        await coalescer.flush();
        assert.deepEqual(events, [
            {
                type: 'ReadingsStored',
                shipmentId: 'S1',
                parties: ['M', 'R', 'C'],
                firstAt: '2026-01-01T00:00:02Z',
                lastAt: '2026-01-01T00:00:06Z',
                count: 3,
                at: '2026-01-01T00:00:10.000Z',
            },
            {
                type: 'ReadingsStored',
                shipmentId: 'S2',
                parties: ['M2', 'C'],
                firstAt: '2026-01-01T00:00:01Z',
                lastAt: '2026-01-01T00:00:01Z',
                count: 1,
                at: '2026-01-01T00:00:10.000Z',
            },
        ]);
        coalescer.add([reading('S1', '2026-01-01T00:00:07Z', 7)]);
        await coalescer.flush();
        await coalescer.flush();
        assert.equal(events.length, 3, 'a flush with nothing new says nothing');
        assert.deepEqual(reads, ['shipment:get S1', 'shipment:get S2'], 'parties are read once per shipment');
        coalescer.stop();
    });

    it('tells nobody of a shipment whose record it cannot read, and still tells the others', async () => {
        const { coalescer, events } = coalescerWithLedger({ S1: { parties: ['M', 'C'] } });
        coalescer.add([reading('GONE', '2026-01-01T00:00:01Z', 1), reading('S1', '2026-01-01T00:00:01Z', 1)]);
        await coalescer.flush();
        assert.deepEqual(
            events.map((e) => e.type === 'ReadingsStored' && e.shipmentId),
            ['S1'],
        );
        coalescer.stop();
    });
});
