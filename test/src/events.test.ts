import assert from 'node:assert/strict';
import type { LedgerEvent } from '@coldtrace/ledger-client';
import { nextEvent } from './harness/next-event';
import { ledgerSuite } from './harness/suite';

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

    it('announces a cleared anomaly to the batch’s manufacturer, the reporter and every organization that held its goods', async () => {
        const received = await ctx.world.atRetailer(1, 'received');
        const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, { reason: 'customer reports a cloudy vial' }]);
        const live: LedgerEvent[] = [];
        const subscription = await ctx.ledger.subscribe('manufacturer', (event) => live.push(event), await ctx.ledger.height());
        try {
            const { txId } = await ctx.ledger.submit('manufacturer', 'anomaly:clear', [received.batchId, anomaly.anomalyId, { reason: 'retained samples tested clear' }]);
            const event = await nextEvent(live, (e) => e.eventName === 'BatchAnomalyCleared' && e.txId === txId);
            const payload = JSON.parse(Buffer.from(event.payload).toString());
            assert.deepEqual(payload.parties, ['ManufacturerMSP', 'CarrierMSP', 'RetailerMSP']);
            assert.equal(payload.holdLifted, true);
            assert.deepEqual(payload.ids, { anomalyId: anomaly.anomalyId, batchId: received.batchId });
            assert.equal(payload.reason, 'retained samples tested clear');
        } finally {
            subscription.close();
        }
    });
});
