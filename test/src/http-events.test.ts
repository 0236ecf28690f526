import assert from 'node:assert/strict';
import type { UserRole } from '@coldtrace/api/contract';
import { apiSuite } from './harness/api-suite';
import { openEvents, type StreamedEvent } from './harness/event-stream';
import { GTIN } from './harness/supply-chain-world';

apiSuite('HTTP API: live events over Server-Sent Events', (ctx) => {
    it('delivers a committed transaction’s event to the parties and auditors, not to others', async () => {
        const { api } = ctx;
        const batchId = `SSE-${Date.now()}`;
        const sawBatch = (events: StreamedEvent[]) => events.some((e) => e.data.ids?.batchId === batchId);
        const watch = (role: UserRole, controller?: AbortController) => openEvents(api.url, api.tokens.get(role)!, sawBatch, controller);
        // The carrier's stream is ended by the test once the others have everything: the hub writes
        // an event to every stream in the same turn, so by then the carrier's would have it too.
        const carrierStop = new AbortController();
        const [manufacturerWatch, auditorWatch, carrierWatch] = await Promise.all([watch('manufacturer'), watch('auditor'), watch('carrier', carrierStop)]);
        const streams = { manufacturer: manufacturerWatch(), auditor: auditorWatch(), carrier: carrierWatch() };
        await api
            .as('manufacturer')
            .call('createBatch', { body: { batchId, gtin: GTIN, productName: 'SSE vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        const manufacturer = await streams.manufacturer;
        const created = manufacturer.find((e) => e.data.ids?.batchId === batchId);
        assert.ok(created, 'the manufacturer did not receive its BatchCommissioned event');
        assert.equal(created.event, 'BatchCommissioned');
        assert.equal(created.data.type, 'BatchCommissioned');
        assert.match(created.data.txId as string, /^[0-9a-f]{64}$/);
        assert.ok(Number.isInteger(created.data.blockNumber));
        assert.ok(sawBatch(await streams.auditor));
        carrierStop.abort();
        const carrierSaw = await streams.carrier;
        assert.ok(!sawBatch(carrierSaw), 'the carrier saw a batch it is not party to');
    });

    it('refuses a stream without a valid token', async () => {
        const response = await fetch(`${ctx.api.url}/api/v1/events`);
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as { code: string }).code, 'UNAUTHENTICATED');
    });
});
