import assert from 'node:assert/strict';
import type { Order } from '@coldtrace/chaincode/model';
import { assertRefused, ledgerSuite } from './harness/suite';

ledgerSuite('orders shipped in several shipments', (ctx) => {
    const order = (orderId: string) => ctx.ledger.evaluate<Order>('retailer', 'order:get', [orderId]);
    const ship = async (orderId: string, sscc: string) =>
        (await ctx.ledger.submit<{ shipmentId: string }>('manufacturer', 'shipment:create', [{ orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' }])).shipmentId;

    it('refuses shipments beyond the quantity ordered, naming ordered, already shipped and requested (issue 12, row 6)', async () => {
        const orderId = await ctx.world.acceptedOrder(4);
        const [first, second, third] = [await ctx.world.packed(2), await ctx.world.packed(2), await ctx.world.packed(2)];
        await ship(orderId, first.sscc);
        await ship(orderId, second.sscc);
        await assertRefused(
            ctx,
            'manufacturer',
            'shipment:create',
            [{ orderId, handlingUnits: [third.sscc], carrier: 'CarrierMSP' }],
            'CONFLICT',
            new RegExp(`order ${orderId} is for 4 units and 4 are already on its shipments; the handling units hold 2 more`),
        );
        const tooBig = await ctx.world.acceptedOrder(1);
        await assertRefused(
            ctx,
            'manufacturer',
            'shipment:create',
            [{ orderId: tooBig, handlingUnits: [third.sscc], carrier: 'CarrierMSP' }],
            'CONFLICT',
            /is for 1 units and 0 are already on its shipments; the handling units hold 2 more/,
        );
        assert.deepEqual((await order(orderId)).shipmentIds.length, 2);
    });

    it('takes each shipment through pickup, delivery and receipt, and is delivered when its last shipment is received (issue 12, row 6)', async () => {
        const orderId = await ctx.world.acceptedOrder(4);
        const [first, second] = [await ctx.world.packed(2), await ctx.world.packed(2)];
        const [s1, s2] = [await ship(orderId, first.sscc), await ship(orderId, second.sscc)];
        const progress = async () => {
            const { state, quantityShipped, quantityReceived } = await order(orderId);
            return { state, quantityShipped, quantityReceived };
        };
        assert.deepEqual(await progress(), { state: 'accepted', quantityShipped: 0, quantityReceived: 0 });

        await ctx.ledger.submit('carrier', 'shipment:pickup', [s1]);
        assert.deepEqual(await progress(), { state: 'accepted', quantityShipped: 2, quantityReceived: 0 });
        await ctx.ledger.submit('carrier', 'shipment:deliver', [s1]);
        await ctx.ledger.submit('retailer', 'shipment:receive', [s1]);
        assert.deepEqual(await progress(), { state: 'accepted', quantityShipped: 2, quantityReceived: 2 });

        // Before issue 12 the first delivery made the order "delivered" and this pickup was refused.
        await ctx.ledger.submit('carrier', 'shipment:pickup', [s2]);
        assert.deepEqual(await progress(), { state: 'shipped', quantityShipped: 4, quantityReceived: 2 });
        await ctx.ledger.submit('carrier', 'shipment:deliver', [s2]);
        assert.deepEqual(await progress(), { state: 'shipped', quantityShipped: 4, quantityReceived: 2 });
        await ctx.ledger.submit('retailer', 'shipment:receive', [s2]);
        const delivered = await order(orderId);
        assert.deepEqual(
            { state: delivered.state, quantityShipped: delivered.quantityShipped, quantityReceived: delivered.quantityReceived },
            { state: 'delivered', quantityShipped: 4, quantityReceived: 4 },
        );
        assert.deepEqual(
            delivered.timeline.map((entry) => entry.state),
            ['placed', 'accepted', 'shipped', 'delivered'],
        );
        const listed = await ctx.ledger.evaluate<{ items: Order[] }>('retailer', 'order:list', [{ state: 'delivered', pageSize: 1000 }]);
        assert.ok(
            listed.items.some((o) => o.orderId === orderId),
            'the delivered order is listed under delivered',
        );
        for (const serial of [...first.serials, ...second.serials]) {
            assert.equal((await ctx.ledger.evaluate('retailer', 'product:get', [serial])).state, 'received');
        }
    });

    it('lets the second shipment go out after the first is delivered, in either order of arrival', async () => {
        const orderId = await ctx.world.acceptedOrder(3);
        const [first, second] = [await ctx.world.packed(1), await ctx.world.packed(2)];
        const [s1, s2] = [await ship(orderId, first.sscc), await ship(orderId, second.sscc)];
        await ctx.ledger.submit('carrier', 'shipment:pickup', [s1]);
        await ctx.ledger.submit('carrier', 'shipment:deliver', [s1]);
        await ctx.ledger.submit('carrier', 'shipment:pickup', [s2]);
        await ctx.ledger.submit('carrier', 'shipment:deliver', [s2]);
        await ctx.ledger.submit('retailer', 'shipment:receive', [s2]);
        assert.equal((await order(orderId)).state, 'shipped');
        await ctx.ledger.submit('retailer', 'shipment:receive', [s1]);
        assert.equal((await order(orderId)).state, 'delivered');
    });
});
