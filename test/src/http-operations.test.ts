import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '@coldtrace/api/contract';
import { ApiHarness } from './harness/api-harness';
import { apiSuite } from './harness/api-suite';
import { GTIN } from './harness/supply-chain-world';
import { entry } from './harness/elements';

apiSuite('HTTP API: operations', (ctx) => {
    it('reports health and Prometheus metrics', async () => {
        const health = (await (await fetch(`${ctx.api.url}/healthz`)).json()) as { status: string; ledger: string };
        assert.equal(health.status, 'ok');
        assert.equal(health.ledger, ctx.api.ledgerKind);
        await ctx.api.as('auditor').call('listBatches');
        const metrics = await (await fetch(`${ctx.api.url}/metrics`)).text();
        assert.match(metrics, /coldtrace_http_request_duration_seconds_bucket\{[^}]*route="listBatches"/);
        assert.match(metrics, /coldtrace_ledger_call_duration_seconds_count\{fn="batch:list",kind="evaluate",outcome="ok"\}/);
    });

    it('publishes an OpenAPI document with every route, and renders it offline', async () => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks an untyped JSON document (OpenAPI, EPCIS) by the paths it asserts on.
        const document = (await (await fetch(`${ctx.api.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, any>> };
        assert.equal(document.openapi, '3.1.0');
        for (const [name, spec] of Object.entries(routes)) {
            const operation = document.paths[`/api/v1${spec.path}`]?.[spec.method.toLowerCase()];
            assert.ok(operation, `${name} is missing from the OpenAPI document`);
            assert.equal(operation.operationId, name);
        }
        const body = entry(document.paths, '/api/v1/batches').post.requestBody.content['application/json'].schema;
        assert.ok(body.properties.gtin && body.properties.tempMinC, 'the batch body schema is missing its fields');
        const docs = await fetch(`${ctx.api.url}/api/docs/`);
        assert.equal(docs.status, 200);
        assert.match(await docs.text(), /swagger-ui/);
        assert.match(await (await fetch(`${ctx.api.url}/api/docs/swagger-initializer.js`)).text(), /\/api\/openapi\.json/);
    });

    it('sends security headers and a request id', async () => {
        const response = await fetch(`${ctx.api.url}/healthz`, { headers: { 'x-request-id': 'trace-me-1' } });
        assert.equal(response.headers.get('x-request-id'), 'trace-me-1');
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.ok(response.headers.get('content-security-policy'));
        assert.equal(response.headers.get('x-powered-by'), null);
    });

    it('keeps each user’s identity in a 0600 wallet file, and the signing key and users 0600 too', async () => {
        await ctx.api.identity('retailer');
        const wallet = join(ctx.api.dataDir, 'wallet');
        assert.equal(statSync(wallet).mode & 0o777, 0o700);
        const files = readdirSync(wallet);
        assert.ok(files.includes('retailer.id.json') && files.includes('events@coldtrace.id.json'), files.join(', '));
        for (const file of [...files.map((f) => join(wallet, f)), join(ctx.api.dataDir, 'users.json'), join(ctx.api.dataDir, 'secrets', 'jwt.key')]) {
            assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is readable by others`);
        }
    });

    it('answers browsers of the configured origins only (CORS)', async () => {
        const api = await ApiHarness.start({ env: { COLDTRACE_CORS_ORIGINS: 'https://erp.example.com, https://wms.example.com' } });
        try {
            const preflight = await fetch(`${api.url}/api/v1/batches`, {
                method: 'OPTIONS',
                headers: { origin: 'https://wms.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
            });
            assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://wms.example.com');
            const foreign = await fetch(`${api.url}/healthz`, { headers: { origin: 'https://evil.example.com' } });
            assert.equal(foreign.headers.get('access-control-allow-origin'), null);
        } finally {
            await api.close();
        }
        const sameOrigin = await fetch(`${ctx.api.url}/healthz`, { headers: { origin: 'https://erp.example.com' } });
        assert.equal(sameOrigin.headers.get('access-control-allow-origin'), null, 'CORS must be off unless configured');
    });

    it('keeps users, identities and records across a restart', async () => {
        const { api } = ctx;
        const { batchId } = await api
            .as('manufacturer')
            .call('createBatch', { body: { gtin: GTIN, productName: 'Restart vaccine', quantity: 2, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        const before = await api.identity('manufacturer');
        await api.restart();
        assert.equal((await api.as('manufacturer').call('getBatch', { params: { batchId } })).productName, 'Restart vaccine');
        assert.equal((await api.identity('manufacturer')).certificate, before.certificate, 'the user got a new certificate after the restart');
        // Paged through: on Fabric's shared network the manufacturer's batches fill more than a page.
        let found = false;
        let bookmark = '';
        do {
            const page = await api.as('manufacturer').call('listBatches', { query: { pageSize: 1000, ...(bookmark && { bookmark }) } });
            found ||= page.items.some((b) => b.batchId === batchId);
            bookmark = page.bookmark;
        } while (!found && bookmark);
        assert.ok(found, 'the batch is listed after the restart');
    });

    it('finishes in-flight ledger submits before it stops', async () => {
        const { api } = ctx;
        const pending = api
            .as('manufacturer')
            .call('createBatch', { body: { gtin: GTIN, productName: 'Drain vaccine', quantity: 2000, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const stopping = api.running.shutdown();
        const created = await pending;
        await stopping;
        assert.equal(created.serials.length, 2000);
        await api.restart();
        assert.equal((await api.as('manufacturer').call('getBatch', { params: { batchId: created.batchId } })).serialCount, 2000);
    });
});
