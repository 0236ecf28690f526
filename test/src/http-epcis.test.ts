import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserRole } from '@coldtrace/api/contract';
import { verifyWebhookSignature } from '@coldtrace/api';
import { apiSuite } from './harness/api-suite';
import { gs1EpcisSchema } from './harness/gs1-epcis-schema';
import { GTIN } from './harness/supply-chain-world';
import { commercialTerms } from './harness/commercial-terms';
import { atLeast, first, only } from './harness/elements';

const ORDER_TERMS = { unitPrice: '12.50', currency: 'EUR' };

type EpcisEvent = Record<string, unknown> & { type: string; eventID: string; eventTime: string; bizStep?: string; disposition?: string };

const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { coldtrace: 'https://ns.coldtrace.dev/epcis/' }];
const dl = (serial: string) => `https://id.gs1.org/01/${GTIN}/21/${serial}`;

apiSuite('EPCIS 2.0: every ledger step as a standard event, queried under /epcis', (ctx) => {
    let serials: string[] = [];
    // The batch's three units, by what becomes of them in `before`.
    let soldSerial = '';
    let returnedSerial = '';
    let destroyedSerial = '';
    let sscc = '';
    let shipmentId = '';
    let strangerSerial = '';

    async function epcis(
        role: UserRole,
        path: string,
        init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks an untyped JSON document (OpenAPI, EPCIS) by the paths it asserts on.
    ): Promise<{ status: number; body: any; headers: Headers }> {
        const response = await fetch(`${ctx.api.url}/epcis${path}`, {
            method: init.method ?? 'GET',
            headers: { authorization: `Bearer ${ctx.api.tokens.get(role)}`, ...(init.body !== undefined && { 'content-type': 'application/json' }), ...init.headers },
            ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    }

    async function events(role: UserRole, query: string): Promise<EpcisEvent[]> {
        const { status, body } = await epcis(role, `/events?${query}`);
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(body.type, 'EPCISQueryDocument');
        return body.epcisBody.queryResults.resultsBody.eventList;
    }

    const productQuery = () => `MATCH_anyEPC=${encodeURIComponent(`${dl(soldSerial)}|https://id.gs1.org/00/${sscc}`)}&perPage=1000`;

    before(async () => {
        const { api } = ctx;
        const m = api.as('manufacturer');
        const c = api.as('carrier');
        const r = api.as('retailer');
        const batch = await m.call('createBatch', {
            body: { gtin: GTIN, productName: 'Influenza vaccine', lot: 'LOT-EPCIS', quantity: 3, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30, expiryDate: '2030-01-01' },
        });
        serials = batch.serials;
        [soldSerial, returnedSerial, destroyedSerial] = atLeast(batch.serials, 3, 'units of the batch');
        const order = await r.call('placeOrder', { body: { gtin: GTIN, quantity: 3, manufacturer: 'ManufacturerMSP', ...ORDER_TERMS } });
        await m.call('acceptOrder', { params: { orderId: order.orderId } });
        for (const serial of serials) {
            await m.call('inspectProduct', { params: { serial } });
        }
        sscc = (await m.call('packHandlingUnit', { body: { serials } })).sscc;
        shipmentId = (await m.call('createShipment', { body: { orderId: order.orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' } })).shipmentId;
        await c.call('attachSensor', { params: { shipmentId }, body: { sensorId: 'SENSOR-EPCIS-1' } });
        await c.call('pickupShipment', { params: { shipmentId } });
        const attached = only((await c.call('getShipment', { params: { shipmentId } })).sensors, 'sensors on the shipment').attachedAt;
        const startAt = new Date(Date.parse(attached) + 1000).toISOString();
        const ledger = api.running.context.ledger;
        await ledger.submit(await api.detector(), 'telemetry:anchorDigest', [
            {
                shipmentId,
                sensorId: 'SENSOR-EPCIS-1',
                windowStart: startAt,
                windowEnd: new Date(Date.parse(startAt) + 15 * 60_000).toISOString(),
                count: 90,
                minC: 3.1,
                maxC: 6.4,
                merkleRoot: 'a'.repeat(64),
            },
        ]);
        await ledger.submit(await api.detector(), 'telemetry:recordExcursion', [
            {
                excursionId: `${shipmentId}-X1`,
                shipmentId,
                sensorId: 'SENSOR-EPCIS-1',
                kind: 'high',
                startAt,
                endAt: new Date(Date.parse(startAt) + 40 * 60_000).toISOString(),
                peakC: 11.2,
                durationMinutes: 40,
                meanKineticC: 9.1,
            },
        ]);
        await m.call('releaseExcursion', { params: { shipmentId, excursionId: `${shipmentId}-X1` }, body: { justification: 'stability data cover 40 minutes at 12 °C' } });
        await c.call('deliverShipment', { params: { shipmentId } });
        await r.call('receiveShipment', { params: { shipmentId } });
        await r.call('stockProduct', { params: { serial: soldSerial } });
        await r.call('labelProduct', { params: { serial: soldSerial } });
        await r.call('sellProduct', { params: { serial: soldSerial } });
        const anomaly = await r.call('reportAnomaly', { params: { batchId: batch.batchId }, body: { reason: 'customer reports a cloudy vial', serial: soldSerial } });
        await m.call('recallBatch', {
            params: { batchId: batch.batchId, anomalyId: anomaly.anomalyId },
            body: { recallClass: 'II', instructions: 'Return every unit to the manufacturer' },
        });
        await r.call('returnProduct', { params: { serial: returnedSerial } });
        await r.call('destroyProduct', { params: { serial: destroyedSerial } });
        // A batch the retailer has nothing to do with.
        strangerSerial = only(
            (await m.call('createBatch', { body: { gtin: GTIN, productName: 'Influenza vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } })).serials,
            'units of the stranger batch',
        );
    });

    it('maps every step of the chain to an EPCIS 2.0 event that validates against GS1’s schema, with CBV terms', async () => {
        const validate = gs1EpcisSchema();
        const all = await events('auditor', `MATCH_anyEPC=${encodeURIComponent(serials.map(dl).concat(`https://id.gs1.org/00/${sscc}`).join('|'))}&perPage=1000`);
        for (const event of all) {
            // A query document states the JSON-LD context once; each event alone carries it, as GET /epcis/events/{eventID} answers it.
            assert.ok(validate({ '@context': CONTEXT, ...event }), `${event.type} ${event.bizStep}: ${JSON.stringify(validate.errors)}`);
        }
        const document = await epcis('auditor', `/events?${productQuery()}`);
        assert.ok(validate(document.body), JSON.stringify(validate.errors));
        const steps = new Set(all.map((e) => `${e.bizStep}/${e.disposition}`));
        for (const step of [
            'commissioning/active',
            'inspecting/conformant',
            'packing/in_progress',
            'shipping/in_transit',
            'sensor_reporting/in_transit',
            'sensor_reporting/non_sellable_other',
            'arriving/in_transit',
            'receiving/in_progress',
            'stocking/sellable_accessible',
            'coldtrace:labelling/sellable_accessible',
            'retail_selling/retail_sold',
            'holding/non_sellable_other',
            'holding/recalled',
            'coldtrace:returning/returned',
            'destroying/destroyed',
        ]) {
            assert.ok(steps.has(step), `no ${step} event among ${[...steps].join(', ')}`);
        }
        const commissioning = all.find((e) => e.bizStep === 'commissioning' && (e.epcList as string[])[0] === dl(soldSerial))!;
        assert.equal(commissioning.action, 'ADD');
        assert.deepEqual(commissioning.ilmd, { 'cbvmda:lotNumber': 'LOT-EPCIS', 'cbvmda:itemExpirationDate': '2030-01-01' });
        const packing = all.find((e) => e.type === 'AggregationEvent')!;
        assert.equal(packing.parentID, `https://id.gs1.org/00/${sscc}`);
        assert.deepEqual(packing.childEPCs, serials.map(dl));
        const shipping = all.find((e) => e.bizStep === 'shipping')!;
        assert.equal(first(shipping.bizTransactionList as { type: string }[], 'business transactions of the shipping').type, 'po');
        assert.ok((shipping.sourceList as { type: string }[]).some((s) => s.type === 'owning_party'));
        assert.ok((shipping.destinationList as { type: string }[]).some((s) => s.type === 'owning_party'));
        const alarm = all.find((e) => JSON.stringify(e.sensorElementList ?? '').includes('ALARM_CONDITION'))!;
        const report = first(alarm.sensorElementList as { sensorReport: Record<string, unknown>[]; sensorMetadata: Record<string, unknown> }[], 'sensor elements of the alarm');
        const temperature = first(report.sensorReport, 'sensor reports of the alarm');
        assert.deepEqual([temperature.type, temperature.uom, temperature.maxValue, temperature.meanValue], ['gs1:Temperature', 'CEL', 11.2, 9.1]);
        assert.match(String(report.sensorMetadata.deviceID), /SENSOR-EPCIS-1/);
        // The sold unit is not recalled: its sale stands.
        assert.ok(!all.some((e) => e.disposition === 'recalled' && (e.epcList as string[]).includes(dl(soldSerial))));
    });

    it('exports the same event IDs every time and answers each by GET /epcis/events/{eventID}', async () => {
        const first = await events('retailer', productQuery());
        const second = await events('retailer', productQuery());
        assert.deepEqual(
            second.map((e) => e.eventID),
            first.map((e) => e.eventID),
        );
        assert.equal(new Set(first.map((e) => e.eventID)).size, first.length);
        const shipping = first.find((e) => e.bizStep === 'shipping')!;
        const one = await epcis('retailer', `/events/${encodeURIComponent(shipping.eventID)}`);
        assert.equal(one.status, 200, JSON.stringify(one.body));
        assert.equal(one.body.eventID, shipping.eventID);
        assert.ok(one.body['@context']);
        const missing = await epcis('retailer', `/events/${encodeURIComponent('urn:uuid:00000000-0000-8000-8000-000000000000')}`);
        assert.equal(missing.status, 404);
        assert.equal(missing.body.type, 'epcisException:NoSuchNameException');
    });

    it('selects by every query parameter, and pages with nextPageToken and a Link header', async () => {
        const all = await events('auditor', productQuery());
        const pick = async (query: string) => events('auditor', `${productQuery()}&${query}`);
        assert.deepEqual(
            (await pick('eventType=AggregationEvent')).map((e) => e.type),
            ['AggregationEvent'],
        );
        assert.ok((await pick('EQ_bizStep=shipping|receiving')).every((e) => ['shipping', 'receiving'].includes(e.bizStep!)));
        assert.equal((await pick('EQ_bizStep=shipping|receiving')).length, 2);
        assert.deepEqual(
            (await pick('EQ_disposition=retail_sold')).map((e) => e.bizStep),
            ['retail_selling'],
        );
        assert.deepEqual((await pick(`EQ_bizStep=${encodeURIComponent('https://ref.gs1.org/cbv/BizStep-retail_selling')}`)).length, 1);
        const shipping = all.find((e) => e.bizStep === 'shipping')!;
        const after = await pick(`GE_eventTime=${encodeURIComponent(shipping.eventTime)}`);
        assert.ok(after.length < all.length && after.every((e) => Date.parse(e.eventTime) >= Date.parse(shipping.eventTime)));
        const before = await pick(`LT_eventTime=${encodeURIComponent(shipping.eventTime)}`);
        assert.equal(before.length + after.length, all.length);
        const byEpc = await events('auditor', `MATCH_epc=${encodeURIComponent(dl(returnedSerial))}`);
        assert.ok(byEpc.length > 0 && byEpc.every((e) => [...((e.epcList as string[]) ?? []), ...((e.childEPCs as string[]) ?? [])].includes(dl(returnedSerial))));
        const byUrn = await events('auditor', `MATCH_epc=${encodeURIComponent(`urn:epc:id:sscc:${sscc.slice(1, 8)}.${sscc[0]}${sscc.slice(8, 17)}`)}`);
        assert.deepEqual([...new Set(byUrn.map((e) => e.bizStep))].sort(), ['arriving', 'inspecting', 'receiving', 'sensor_reporting', 'shipping']);
        const byParent = await events('auditor', `MATCH_parentID=${encodeURIComponent(`https://id.gs1.org/00/${sscc}`)}`);
        assert.deepEqual(
            byParent.map((e) => e.type),
            ['AggregationEvent'],
        );
        const receiving = all.find((e) => e.bizStep === 'receiving')!;
        const location = (receiving.bizLocation as { id: string }).id;
        assert.ok((await pick(`EQ_bizLocation=${encodeURIComponent(location)}`)).every((e) => (e.bizLocation as { id: string }).id === location));

        const pages: EpcisEvent[] = [];
        let next: string | undefined = `/events?${productQuery().replace('perPage=1000', 'perPage=4')}`;
        while (next) {
            const page = await epcis('auditor', next);
            assert.equal(page.status, 200);
            const list = page.body.epcisBody.queryResults.resultsBody.eventList as EpcisEvent[];
            assert.ok(list.length <= 4);
            pages.push(...list);
            const link = page.headers.get('link');
            next = link ? /<\/epcis([^>]+)>; rel="next"/.exec(link)![1] : undefined;
        }
        assert.deepEqual(
            pages.map((e) => e.eventID),
            all.map((e) => e.eventID),
        );

        const urns = await epcis('auditor', `/events?MATCH_epc=${encodeURIComponent(dl(soldSerial))}`, { headers: { 'GS1-EPC-Format': 'Always_EPC_URN' } });
        assert.match(urns.body.epcisBody.queryResults.resultsBody.eventList[0].epcList[0], /^urn:epc:id:sgtin:9506000\.013435\./);
    });

    it('shows a carrier no commercial terms, and a party unrelated to goods none of their events', async () => {
        const carrierView = await epcis('carrier', `/events?${productQuery()}`);
        assert.equal(carrierView.status, 200);
        assert.ok(carrierView.body.epcisBody.queryResults.resultsBody.eventList.length > 0);
        // Field names and whole values, not substrings: random serials and batch ids may well contain "EUR".
        assert.deepEqual(commercialTerms(carrierView.body, ORDER_TERMS), [], 'a price leaked into the carrier’s EPCIS events');
        assert.deepEqual(commercialTerms((await epcis('retailer', `/events?${productQuery()}`)).body, ORDER_TERMS), []);
        assert.deepEqual(await events('retailer', `MATCH_epc=${encodeURIComponent(dl(strangerSerial))}`), []);
        assert.deepEqual(await events('carrier', `MATCH_epc=${encodeURIComponent(dl(strangerSerial))}`), []);
        // Without an EPC, each sees the products it may list: the retailer never the stranger's.
        const retailerAll = await events('retailer', 'perPage=1000');
        assert.ok(retailerAll.length > 0 && !JSON.stringify(retailerAll).includes(strangerSerial));
    });

    it('an organization that is not party to the goods sees none of their events (the second retailer; on Fabric the one test:fabric admits)', async () => {
        const { users } = ctx.api.running.context;
        await users.add({ username: 'northside', role: 'retailer', org: 'Retailer2MSP', password: 'a-long-test-password' });
        const login = await fetch(`${ctx.api.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'northside', password: 'a-long-test-password' }),
        });
        const { token } = (await login.json()) as { token: string };
        const answer = await fetch(`${ctx.api.url}/epcis/events?${productQuery()}`, { headers: { authorization: `Bearer ${token}` } });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks an untyped JSON document (OpenAPI, EPCIS) by the paths it asserts on.
        const body = (await answer.json()) as any;
        assert.equal(answer.status, 200);
        assert.deepEqual(body.epcisBody.queryResults.resultsBody.eventList, []);
    });

    it('refuses bad parameters with 400 and the binding’s problem document, and unsigned callers with 401', async () => {
        for (const [query, pattern] of [
            ['eventType=Nonsense', /eventType/],
            ['GE_eventTime=yesterday', /GE_eventTime: must be a date-time/],
            ['MATCH_epc=not-an-epc', /not an EPC/],
            ['perPage=0', /perPage/],
            ['EQ_colour=red', /EQ_colour/],
            ['MATCH_epc=' + encodeURIComponent(dl(soldSerial)) + '&nextPageToken=garbage', /nextPageToken/],
        ] as const) {
            const { status, body, headers } = await epcis('auditor', `/events?${query}`);
            assert.equal(status, 400, query);
            assert.match(String(headers.get('content-type')), /application\/problem\+json/);
            assert.equal(body.type, 'epcisException:QueryParameterException');
            assert.equal(body.status, 400);
            assert.match(body.detail, pattern);
        }
        const bad = await epcis('auditor', '/events', { headers: { 'GS1-EPC-Format': 'Sometimes' } });
        assert.equal(bad.status, 400);
        const anonymous = await fetch(`${ctx.api.url}/epcis/events`);
        assert.equal(anonymous.status, 401);
        assert.equal(((await anonymous.json()) as { type: string }).type, 'epcisException:SecurityException');
        const discovery = await fetch(`${ctx.api.url}/epcis`);
        assert.equal(discovery.headers.get('gs1-epcis-version'), '2.0.0');
        assert.ok(((await discovery.json()) as { member: string[] }).member.includes('events'));
    });

    it('keeps named queries, answers their events, and streams new matching events to a signed webhook', async () => {
        const received: { body: string; signature?: string; timestamp?: string; gs1?: string }[] = [];
        const hook: Server = createServer((req, res) => {
            let body = '';
            req.on('data', (chunk) => (body += chunk));
            req.on('end', () => {
                received.push({
                    body,
                    signature: req.headers['x-coldtrace-signature'] as string,
                    timestamp: req.headers['x-coldtrace-timestamp'] as string,
                    gs1: req.headers['gs1-signature'] as string,
                });
                res.end();
            });
        });
        await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
        try {
            const name = `inspections-${Date.now()}`;
            const created = await epcis('manufacturer', '/queries', { method: 'POST', body: { name, query: { EQ_bizStep: ['inspecting'] } } });
            assert.equal(created.status, 201, JSON.stringify(created.body));
            assert.equal(created.headers.get('location'), `/epcis/queries/${name}`);
            assert.equal((await epcis('manufacturer', '/queries', { method: 'POST', body: { name, query: {} } })).status, 409);
            assert.equal((await epcis('manufacturer', '/queries', { method: 'POST', body: { name: 'bad-one', query: { EQ_bizStep: 42 } } })).status, 400);
            assert.deepEqual((await epcis('manufacturer', `/queries/${name}`)).body.query, { EQ_bizStep: ['inspecting'] });
            assert.equal((await epcis('retailer', `/queries/${name}`)).status, 404);
            // Answering a query reads the products it names (on Fabric's shared network the manufacturer has
            // more than one query may scan): a second named query names this suite's units.
            const named = `${name}-units`;
            assert.equal(
                (await epcis('manufacturer', '/queries', { method: 'POST', body: { name: named, query: { EQ_bizStep: ['inspecting'], MATCH_epc: serials.map(dl) } } })).status,
                201,
            );
            const answer = await epcis('manufacturer', `/queries/${named}/events`);
            assert.equal(answer.status, 200, JSON.stringify(answer.body));
            assert.equal(answer.body.epcisBody.queryResults.queryName, named);
            const inspected = answer.body.epcisBody.queryResults.resultsBody.eventList as EpcisEvent[];
            assert.ok(inspected.length > 0 && inspected.every((e) => e.bizStep === 'inspecting'));
            assert.equal((await epcis('manufacturer', `/queries/${named}`, { method: 'DELETE' })).status, 204);

            const secret = 'a-subscriber-secret-of-some-length';
            const dest = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/epcis-hook`;
            assert.equal((await epcis('manufacturer', `/queries/${name}/subscriptions`, { method: 'POST', body: { dest, signatureToken: secret } })).status, 400);
            assert.equal(
                (await epcis('manufacturer', `/queries/${name}/subscriptions`, { method: 'POST', body: { dest: 'ftp://x', signatureToken: secret, stream: true } })).status,
                400,
            );
            const subscribed = await epcis('manufacturer', `/queries/${name}/subscriptions`, { method: 'POST', body: { dest, signatureToken: secret, stream: true } });
            assert.equal(subscribed.status, 201, JSON.stringify(subscribed.body));

            const m = ctx.api.as('manufacturer');
            const batch = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Influenza vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
            const serial = only(batch.serials, 'units of the batch');
            await m.call('inspectProduct', { params: { serial } });
            const deadline = Date.now() + 30_000;
            while (!received.length && Date.now() < deadline) {
                await ctx.api.running.context.epcis.subscriptions.idle();
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
            const delivery = only(received, 'deliveries: the inspection (the commissioning does not match)');
            assert.ok(verifyWebhookSignature(secret, delivery.timestamp, delivery.body, delivery.signature));
            assert.equal(delivery.gs1, delivery.signature);
            const document = JSON.parse(delivery.body);
            assert.equal(document.epcisBody.queryResults.subscriptionID, subscribed.body.subscriptionID);
            assert.deepEqual(
                document.epcisBody.queryResults.resultsBody.eventList.map((e: EpcisEvent) => [e.bizStep, (e.epcList as string[])[0]]),
                [['inspecting', dl(serial)]],
            );
            assert.equal((await epcis('manufacturer', `/queries/${name}`, { method: 'DELETE' })).status, 204);
            assert.equal((await epcis('manufacturer', `/queries/${name}`)).status, 404);
        } finally {
            hook.close();
        }
    });
});
