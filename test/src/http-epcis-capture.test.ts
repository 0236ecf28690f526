import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaptureJob, type EventVerification, GS1_LINK_TYPES, LINKSET_MEDIA_TYPE, type ProductLinkset, sharedStandards } from '@coldtrace/api';
import type { UserRole } from '@coldtrace/api/contract';
import type { ApiHarness } from './harness/api-harness';
import { apiSuite } from './harness/api-suite';
import { GTIN } from './harness/supply-chain-world';
import { first, only } from './harness/elements';

const CONFORMANCE = join(sharedStandards() ?? '../shared/standards', 'openepcis-conformance', 'Capture');
/** Valid conformance documents GS1's published schema refuses; docs/epcis.md says why coldtrace follows the schema. */
const REFUSED_BY_GS1_SCHEMA: Record<string, RegExp> = {
    'AggregationEvent_with_persistentDisposition.json': /event 1 at \/epcisBody\/eventList\/1/,
    'SensorData_with_combined_events.json': /eventList\/7\/sensorElementList\/0\/sensorReport\/1\/type/,
    'TransactionEvent_with_userExtensions.json': /eventList\/0\/sensorElementList\/0\/sensorReport\/0\/type/,
};

/**
 * Who captures each document: the manufacturer, except a document that reuses another's eventID with
 * other content — an eventID is unique per capturing organization, so another partner captures it.
 */
const capturerOf = (name: string): UserRole => (name === 'AssociationEvent_with_sensorData.json' ? 'retailer' : 'manufacturer');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks an untyped JSON document (OpenAPI, EPCIS) by the paths it asserts on.
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(CONFORMANCE, ...path), 'utf8')) as Record<string, any>;

/** One request to the server as a role's signed-in user (or anonymously), answering status, headers and JSON. */
async function request(api: ApiHarness, role: UserRole | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${api.url}${path}`, {
        method,
        redirect: 'manual',
        headers: { ...(role && { authorization: `Bearer ${api.tokens.get(role)}` }), ...(body !== undefined && { 'content-type': 'application/ld+json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: json && text ? JSON.parse(text) : undefined };
}

/** Captures a document and waits for its job: the job as GET /epcis/capture/{id} reports it. */
async function capture(api: ApiHarness, role: UserRole, document: unknown): Promise<CaptureJob> {
    const accepted = await request(api, role, 'POST', '/epcis/capture', document);
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const location = accepted.headers.get('location')!;
    assert.match(location, /^\/epcis\/capture\/[\w-]+$/);
    await api.running.context.epcisCapture.capture.settled(accepted.body.captureID);
    const job = await request(api, role, 'GET', location);
    assert.equal(job.status, 200);
    return job.body as CaptureJob;
}

const storedCount = (api: ApiHarness) => [...api.running.context.epcisCapture.store.scan()].length;

/** A cold-chain event of our own making: sensor data and a user extension, with an eventID. */
function coldChainEvent(eventID: string) {
    return {
        '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld', { ex: 'https://example.org/epcis/' }],
        type: 'ObjectEvent',
        eventID,
        eventTime: '2026-03-01T10:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: [`https://id.gs1.org/01/${GTIN}/21/EPCIS-RT-1`],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.org/414/9520123456788' },
        sensorElementList: [
            { sensorMetadata: { time: '2026-03-01T09:59:00.000+01:00' }, sensorReport: [{ type: 'Temperature', minValue: 2.5, maxValue: 7.75, meanValue: 4.1, uom: 'CEL' }] },
        ],
        'ex:lotNote': 'kept at 2–8 °C',
    };
}

apiSuite('EPCIS capture: GS1 conformance documents, anchoring and verification', (ctx) => {
    it('accepts every conformance document GS1’s schema accepts, stores its events and anchors their hashes', async () => {
        const { api } = ctx;
        const documents = readdirSync(join(CONFORMANCE, 'Documents')).sort();
        assert.equal(documents.length, 38, `the conformance set at ${CONFORMANCE}`);
        let events = 0;
        for (const name of documents) {
            if (REFUSED_BY_GS1_SCHEMA[name]) {
                continue;
            }
            const document = readJson('Documents', name);
            const job = await capture(api, capturerOf(name), document);
            assert.deepEqual({ name, running: job.running, success: job.success, errors: job.errors }, { name, running: false, success: true, errors: [] });
            events += document.epcisBody.eventList.length;
        }
        // Retries within the set (the same event twice) are stored once.
        assert.ok(storedCount(api) > 0 && storedCount(api) <= events);
    });

    it('refuses the three documents GS1’s schema refuses, and every invalid one, saying which event, path and rule, storing nothing', async () => {
        const { api } = ctx;
        const before = storedCount(api);
        const height = await api.height();
        const refusals = [
            ...Object.entries(REFUSED_BY_GS1_SCHEMA).map(([name, where]) => ({ document: readJson('Documents', name), where })),
            ...readdirSync(join(CONFORMANCE, 'Invalid')).map((name) => ({ document: readJson('Invalid', name), where: /(event \d+|document) at \/\S*: .+ \[(schema|cbv):\w+\]/ })),
        ];
        assert.equal(refusals.length, 18);
        for (const { document, where } of refusals) {
            const refused = await request(api, 'manufacturer', 'POST', '/epcis/capture', document);
            assert.equal(refused.status, 400, JSON.stringify(refused.body));
            assert.equal(refused.body.code, 'EPCIS_INVALID');
            assert.match(refused.body.detail, /^nothing was captured: /);
            assert.match(refused.body.detail, where);
            assert.ok(refused.body.errors.length > 0);
        }
        assert.equal(storedCount(api), before);
        assert.equal(await api.height(), height, 'a refused capture anchored nothing');
    });

    it('captures single events (201), and answers 409 when the eventID exists', async () => {
        const { api } = ctx;
        for (const name of readdirSync(join(CONFORMANCE, 'Events'))) {
            const event = readJson('Events', name);
            const created = await request(api, 'carrier', 'POST', '/epcis/events', event);
            if (created.status === 409) {
                // The conformance documents captured above carry some of these events already.
                assert.equal(created.body.code, 'EVENT_EXISTS');
                continue;
            }
            assert.equal(created.status, 201, `${name}: ${JSON.stringify(created.body)}`);
            assert.equal(created.headers.get('location'), `/epcis/events/${encodeURIComponent(created.body.eventID)}`);
            const again = await request(api, 'carrier', 'POST', '/epcis/events', event);
            assert.equal(again.status, 409);
            assert.equal(again.body.code, 'EVENT_EXISTS');
        }
    });

    it('round-trips a captured event through GET /epcis/events/{eventID} unchanged, verifies its anchor, and fails a tampered one', async () => {
        const { api } = ctx;
        const eventID = `urn:uuid:${crypto.randomUUID()}`;
        const sent = coldChainEvent(eventID);
        assert.equal((await request(api, 'manufacturer', 'POST', '/epcis/events', sent)).status, 201);
        const path = `/epcis/events/${encodeURIComponent(eventID)}`;
        const got = await request(api, 'manufacturer', 'GET', path);
        assert.equal(got.status, 200);
        const { '@context': context, recordTime, 'coldtrace:capturedBy': capturedBy, ...event } = got.body;
        const { '@context': sentContext, ...sentEvent } = sent;
        assert.deepEqual(event, sentEvent);
        assert.deepEqual(context.slice(0, 2), sentContext);
        assert.equal(capturedBy, 'ManufacturerMSP');
        assert.ok(!Number.isNaN(Date.parse(recordTime)));

        const verified = (await request(api, 'manufacturer', 'GET', `${path}/verify`)).body as EventVerification;
        assert.equal(verified.verified, true, verified.reason);
        assert.match(verified.hash, /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
        // The auditor checks the same event against the same anchor.
        assert.equal(((await request(api, 'auditor', 'GET', `${path}/verify`)).body as EventVerification).verified, true);

        api.running.context.epcisCapture.store.tamper(eventID, (stored) => ({
            ...stored,
            sensorElementList: [
                { sensorMetadata: { time: '2026-03-01T09:59:00.000+01:00' }, sensorReport: [{ type: 'Temperature', minValue: 2.5, maxValue: 7.5, meanValue: 4.1, uom: 'CEL' }] },
            ],
        }));
        const tampered = (await request(api, 'manufacturer', 'GET', `${path}/verify`)).body as EventVerification;
        assert.equal(tampered.verified, false);
        assert.notEqual(tampered.hash, verified.hash);
        assert.match(tampered.reason, /altered after capture/);
    });

    it('shows a captured event to its capturer and auditors only, unless the ledger lets the caller read a product it names', async () => {
        const { api } = ctx;
        const eventID = `urn:uuid:${crypto.randomUUID()}`;
        assert.equal((await request(api, 'retailer', 'POST', '/epcis/events', coldChainEvent(eventID))).status, 201);
        const path = `/epcis/events/${encodeURIComponent(eventID)}`;
        assert.equal((await request(api, 'retailer', 'GET', path)).status, 200);
        assert.equal((await request(api, 'auditor', 'GET', path)).status, 200);
        assert.equal((await request(api, 'carrier', 'GET', path)).status, 404);
        assert.equal((await request(api, undefined, 'GET', path)).status, 401);

        // The retailer's event about a product the manufacturer owns: the ledger lets the manufacturer read the product.
        const { serials } = await api
            .as('manufacturer')
            .call('createBatch', { body: { gtin: GTIN, productName: 'EPCIS vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        const aboutProduct = { ...coldChainEvent(`urn:uuid:${crypto.randomUUID()}`), epcList: [`https://id.gs1.org/01/${GTIN}/21/${serials[0]}`] };
        assert.equal((await request(api, 'retailer', 'POST', '/epcis/events', aboutProduct)).status, 201);
        const productPath = `/epcis/events/${encodeURIComponent(aboutProduct.eventID)}`;
        assert.equal((await request(api, 'manufacturer', 'GET', productPath)).status, 200);
        assert.equal((await request(api, 'carrier', 'GET', productPath)).status, 404);
    });

    it('refuses a different event under an eventID the organization used, and a capture by an auditor, storing nothing', async () => {
        const { api } = ctx;
        const eventID = `urn:uuid:${crypto.randomUUID()}`;
        const original = coldChainEvent(eventID);
        const document = (events: unknown[]) => ({
            '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
            type: 'EPCISDocument',
            schemaVersion: '2.0',
            creationDate: '2026-03-01T12:00:00Z',
            epcisBody: { eventList: events },
        });
        const { '@context': _context, ...plain } = original;
        assert.equal((await capture(api, 'manufacturer', document([plain]))).success, true);
        const before = storedCount(api);
        const conflicting = await capture(
            api,
            'manufacturer',
            document([
                { ...plain, eventID: `urn:uuid:${crypto.randomUUID()}` },
                { ...plain, bizStep: 'shipping' },
            ]),
        );
        assert.equal(conflicting.success, false);
        const conflict = first(conflicting.errors, 'capture errors');
        assert.equal(conflict.rule, 'capture:eventID');
        assert.equal(conflict.event, 1);
        const byAuditor = await capture(api, 'auditor', document([{ ...plain, eventID: `urn:uuid:${crypto.randomUUID()}` }]));
        assert.equal(byAuditor.success, false);
        assert.equal(first(byAuditor.errors, 'capture errors').rule, 'ledger:FORBIDDEN');
        assert.equal(storedCount(api), before);
        // Another organization's job is not there for the caller.
        assert.equal((await request(api, 'retailer', 'GET', `/epcis/capture/${conflicting.captureID}`)).status, 404);
    });
});

apiSuite('GS1 Digital Link resolver: /01/{gtin}/21/{serial}', (ctx) => {
    it('sends a browser to the public provenance page and a machine a GS1 linkset, with the EPCIS link for authorised callers only', async () => {
        const { api } = ctx;
        const { serials } = await api
            .as('manufacturer')
            .call('createBatch', { body: { gtin: GTIN, productName: 'Linkset vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        const serial = serials[0];
        const path = `/01/${GTIN}/21/${serial}`;

        const browser = await request(api, undefined, 'GET', path, undefined, { accept: 'text/html,application/xhtml+xml' });
        assert.equal(browser.status, 307);
        const page = browser.headers.get('location')!;
        assert.equal(page, `${api.url}/p/${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/21/${serial}`)}`);

        const anonymous = await request(api, undefined, 'GET', path, undefined, { accept: LINKSET_MEDIA_TYPE });
        assert.equal(anonymous.status, 200);
        assert.equal(anonymous.headers.get('content-type')?.split(';')[0], LINKSET_MEDIA_TYPE);
        const linkset = anonymous.body as ProductLinkset;
        const context = only(linkset.linkset, 'linkset contexts');
        assert.equal(context.anchor, `${api.url}${path}`);
        for (const type of [GS1_LINK_TYPES.defaultLink, GS1_LINK_TYPES.pip, GS1_LINK_TYPES.traceability]) {
            const targets = context[type]!;
            assert.ok(Array.isArray(targets) && targets.length === 1, type);
            assert.ok(targets.every((target) => URL.canParse(target.href) && typeof target.title === 'string' && typeof target.type === 'string'));
        }
        assert.equal(only(context[GS1_LINK_TYPES.pip]!, 'pip links').href, page);
        assert.equal(context[GS1_LINK_TYPES.epcis], undefined, 'no EPCIS link for anonymous callers');
        // The traceability link answers the public provenance JSON.
        const provenance = await fetch(only(context[GS1_LINK_TYPES.traceability]!, 'traceability links').href);
        assert.equal(provenance.status, 200);
        assert.equal(((await provenance.json()) as { serial: string }).serial, serial);

        const manufacturer = (await request(api, 'manufacturer', 'GET', path, undefined, { accept: LINKSET_MEDIA_TYPE })).body as ProductLinkset;
        assert.match(first(manufacturer.linkset[0][GS1_LINK_TYPES.epcis]!, 'EPCIS links').href, /\/epcis\/events\?MATCH_epc=https%3A%2F%2Fid\.gs1\.org%2F01%2F/);
        const stranger = (await request(api, 'retailer', 'GET', path, undefined, { accept: LINKSET_MEDIA_TYPE })).body as ProductLinkset;
        assert.equal(stranger.linkset[0][GS1_LINK_TYPES.epcis], undefined, 'a retailer that never held the product gets no EPCIS link');

        const bad = await request(api, undefined, 'GET', `/01/12345/21/${serial}`, undefined, { accept: LINKSET_MEDIA_TYPE });
        assert.equal(bad.status, 400);
    });
});
