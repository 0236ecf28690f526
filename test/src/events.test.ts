import assert from 'node:assert/strict';
import type { LedgerEvent } from '@coldtrace/api';
import { ledgerSuite } from './harness/suite';

/** Resolves with the first event that `match` accepts, or fails after `ms`. */
function nextEvent(events: LedgerEvent[], match: (event: LedgerEvent) => boolean, ms = 20_000): Promise<LedgerEvent> {
    const deadline = Date.now() + ms;
    return new Promise((resolve, reject) => {
        const poll = () => {
            const found = events.find(match);
            if (found) {
                resolve(found);
            } else if (Date.now() > deadline) {
                reject(new Error(`no matching event within ${ms} ms; saw ${events.map((e) => e.eventName).join(', ') || 'none'}`));
            } else {
                setTimeout(poll, 20);
            }
        };
        poll();
    });
}

ledgerSuite('chaincode events', (ctx) => {
    it('delivers the event of a committed transaction, and again from a checkpoint after a restart', async () => {
        const live: LedgerEvent[] = [];
        const subscription = await ctx.ledger.subscribe('manufacturer', (event) => live.push(event), await ctx.ledger.height());
        let batchId: string;
        try {
            ({ batchId } = await ctx.ledger.submit('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 2 })]));
            const event = await nextEvent(live, (e) => e.eventName === 'BatchCommissioned' && JSON.parse(Buffer.from(e.payload).toString()).ids.batchId === batchId);
            const payload = JSON.parse(Buffer.from(event.payload).toString());
            assert.deepEqual(payload.parties, ['ManufacturerMSP']);
            assert.equal(payload.count, 2);
            assert.match(event.txId, /^[0-9a-f]{64}$/);

            // A consumer that kept event.blockNumber as its checkpoint resumes there and misses nothing.
            const replayed: LedgerEvent[] = [];
            const resumed = await ctx.ledger.subscribe('auditor', (e) => replayed.push(e), event.blockNumber);
            try {
                const again = await nextEvent(replayed, (e) => e.txId === event.txId);
                assert.equal(again.blockNumber, event.blockNumber);
            } finally {
                resumed.close();
            }
        } finally {
            subscription.close();
        }
    });

    it('announces a cleared anomaly to the batch’s manufacturer and the anomaly’s reporter', async () => {
        const received = await ctx.world.atRetailer(1, 'received');
        const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, { reason: 'customer reports a cloudy vial' }]);
        const live: LedgerEvent[] = [];
        const subscription = await ctx.ledger.subscribe('manufacturer', (event) => live.push(event), await ctx.ledger.height());
        try {
            const { txId } = await ctx.ledger.submit('manufacturer', 'anomaly:clear', [received.batchId, anomaly.anomalyId, { reason: 'retained samples tested clear' }]);
            const event = await nextEvent(live, (e) => e.eventName === 'BatchAnomalyCleared' && e.txId === txId);
            const payload = JSON.parse(Buffer.from(event.payload).toString());
            assert.deepEqual(payload.parties, ['ManufacturerMSP', 'RetailerMSP']);
            assert.deepEqual(payload.ids, { anomalyId: anomaly.anomalyId, batchId: received.batchId });
            assert.equal(payload.reason, 'retained samples tested clear');
        } finally {
            subscription.close();
        }
    });
});
