import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ColdtraceClient, MAX_READINGS_PER_BATCH, type ReadingOutcome, type TelemetryIngestionResult } from '@coldtrace/api/contract';
import {
    connectTls,
    createDeviceCertificateAuthority,
    type IssuedCredentials,
    newCarrierTokens,
    openTelemetryStateDatabase,
    telemetryStatePath,
    telemetryTokenKeyPath,
} from '@coldtrace/telemetry';
import type { Shipment } from '@coldtrace/chaincode/model';
import { createDeviceKey, type Reading, Topics } from '@coldtrace/iot-sensor';
import { TEST_PASSWORD } from './harness/api-harness';
import { apiSuite } from './harness/api-suite';
import { attachedMs, shipmentInTransit } from './harness/api-shipments';
import { eventually, readingOf, readingsOf } from './sensors/pipeline-fixture';
import { atLeast } from './harness/elements';

/** 42 minutes above 8 °C on a 2–8 °C product that tolerates 30, then back in range: one excursion. */
const BREACH = [5, ...Array<number>(21).fill(12), 5, 5, 5];

interface Answer {
    status: number;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks each answer's JSON (problem or page) by the paths it asserts on.
    body: any;
}

/** What a post sends: the body as given (JSON text, CSV, or anything malformed), its type, and the credentials. */
interface Post {
    body: string;
    contentType?: string;
    token?: string;
    /** A client certificate, for the device HTTPS listener (whose server certificate is the device CA's). */
    tls?: { caPem: string; credentials?: IssuedCredentials };
}

/** POSTs to /api/v1/telemetry at `base` (the API, or the device listener over mutual TLS) and reads the JSON answer. */
function post(base: string, path: string, options: Post): Promise<Answer> {
    const url = new URL(`/api/v1/telemetry${path}`, base);
    const headers = { 'content-type': options.contentType ?? 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
    const tls = options.tls && { ca: options.tls.caPem, cert: options.tls.credentials?.certificatePem, key: options.tls.credentials?.privateKeyPem };
    return new Promise((resolve, reject) => {
        const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'POST', headers, ...tls }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
        });
        req.on('error', reject);
        req.end(options.body);
    });
}

const json = (readings: unknown[]) => JSON.stringify({ readings });

function csv(readings: Reading[]): string {
    return ['sensorId,seq,ts,tempC,lat,lon', ...readings.map((r) => [r.sensorId, r.seq, r.ts, r.tempC, r.lat, r.lon].join(','))].join('\n');
}

function assertRefused(answer: Answer, status: number, code: string, detail?: RegExp): void {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body.code, code, answer.body.detail);
    if (detail) {
        assert.match(answer.body.detail, detail);
    }
}

const statuses = (result: TelemetryIngestionResult) => result.readings.map((r: ReadingOutcome) => r.status);

apiSuite('HTTP ingestion: POST /api/v1/telemetry from devices, carriers’ forwarders and consignees’ data loggers, through the MQTT path’s detector', (ctx) => {
    const run = Date.now().toString(36).toUpperCase();

    const telemetry = () => ctx.api.running.context.telemetry!;
    const storedSeqs = async (shipmentId: string, sensorId: string) => (await telemetry().store.readings(shipmentId, { sensorId })).map((r) => r.seq);

    /** Waits for the shipment's (first) excursion on the ledger, as the manufacturer sees it. */
    const excursionOf = (shipmentId: string) =>
        eventually('the excursion on the ledger', async () => (await ctx.api.as('manufacturer').call('listExcursions', { params: { shipmentId } }))[0], 60_000);

    /** A device certificate for `sensorId`, signed by the device CA after its carrier's registration (or attachment). */
    async function certify(sensorId: string): Promise<IssuedCredentials> {
        const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
        const { certificatePem } = await ctx.api.as('carrier').call('certifySensor', { params: { sensorId }, body: { csrPem } });
        return { certificatePem, privateKeyPem };
    }

    /** Publishes one reading over the server's MQTT broker as its device, and waits until it is stored. */
    async function overMqtt(device: IssuedCredentials, shipmentId: string, reading: Reading): Promise<void> {
        const client = await connectTls(telemetry().brokerUrl, telemetry().ca.certificatePem, device, { clientId: reading.sensorId });
        try {
            await client.publishAsync(Topics.telemetry(reading.sensorId), JSON.stringify(reading), { qos: 1 });
            await eventually('the MQTT reading stored', async () => (await storedSeqs(shipmentId, reading.sensorId)).includes(reading.seq));
        } finally {
            client.end(true);
        }
    }

    /** Every malformed request is refused with 400 and stores nothing. */
    async function assertBadInputRefused(send: (body: string, contentType?: string) => Promise<Answer>, shipmentId: string, sensorId: string, startMs: number): Promise<void> {
        const before = await storedSeqs(shipmentId, sensorId);
        const good = readingOf(sensorId, startMs, 5, 9_000);
        assertRefused(await send('{"readings": [ {"sensorId": '), 400, 'BAD_JSON');
        assertRefused(await send(json([{ ...good, tempC: 'warm' }])), 400, 'VALIDATION_FAILED', /readings\.0\.tempC/);
        assertRefused(await send(json([{ ...good, sensorId: undefined }])), 400, 'VALIDATION_FAILED', /readings\.0\.sensorId/);
        assertRefused(await send(json([])), 400, 'VALIDATION_FAILED', /readings/);
        assertRefused(
            await send(json(readingsOf(sensorId, startMs, Array<number>(MAX_READINGS_PER_BATCH + 1).fill(5), 10_000))),
            400,
            'VALIDATION_FAILED',
            new RegExp(`at most ${MAX_READINGS_PER_BATCH}`),
        );
        assertRefused(await send(`sensorId,seq,ts,tempC,lat\n${sensorId},1,${good.ts},5,52`, 'text/csv'), 400, 'VALIDATION_FAILED', /missing column lon/);
        assertRefused(await send('<readings/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
        assert.deepEqual(await storedSeqs(shipmentId, sensorId), before, 'a refused request stores nothing');
    }

    describe('a device, with its client certificate on the device HTTPS listener', () => {
        const sensorId = `HTTP-DEV-${run}`;
        let device: IssuedCredentials;
        let shipment: Shipment;
        let caPem: string;
        const send = (body: string, contentType?: string, credentials = device) =>
            post(ctx.api.running.deviceTelemetryUrl!, '', { body, contentType, tls: { caPem, credentials } });

        before(async () => {
            await ctx.api.as('carrier').call('registerSensor', { body: { sensorId } });
            device = await certify(sensorId);
            caPem = telemetry().ca.certificatePem;
            shipment = await shipmentInTransit(ctx.api, sensorId);
        });

        it('stores its readings, answering each one’s outcome, and the excursion they show is recorded on the ledger', async () => {
            const answer = await send(json(readingsOf(sensorId, attachedMs(shipment) + 1_000, BREACH)));
            assert.equal(answer.status, 200, JSON.stringify(answer.body));
            const result = answer.body as TelemetryIngestionResult;
            assert.deepEqual(result.sender, { kind: 'device', sensorId });
            assert.equal(result.stored, BREACH.length);
            assert.deepEqual(result.readings[0], { sensorId, seq: 0, status: 'stored', shipmentId: shipment.shipmentId });
            const excursion = await excursionOf(shipment.shipmentId);
            assert.equal(excursion.sensorId, sensorId);
            assert.equal(excursion.kind, 'high');
            assert.equal(excursion.peakC, 12);
        });

        it('stores a batch sent twice once, the second answer saying duplicates; a reading that came over MQTT is a duplicate too', async () => {
            const readings = readingsOf(sensorId, attachedMs(shipment) + 3_600_000, [5, 6, 5], 100);
            assert.deepEqual(statuses((await send(json(readings))).body), ['stored', 'stored', 'stored']);
            const replay = (await send(json(readings))).body as TelemetryIngestionResult;
            assert.deepEqual([replay.stored, replay.duplicates], [0, 3]);
            assert.deepEqual(statuses(replay), ['duplicate', 'duplicate', 'duplicate']);
            const viaMqtt = readingOf(sensorId, attachedMs(shipment) + 3_700_000, 5, 200);
            await overMqtt(device, shipment.shipmentId, viaMqtt);
            assert.deepEqual(statuses((await send(json([viaMqtt]))).body), ['duplicate']);
            assert.equal((await storedSeqs(shipment.shipmentId, sensorId)).filter((seq) => seq >= 100).length, 4);
        });

        it('refuses malformed JSON or CSV, wrong types, too many readings and a missing device id with 4xx, storing nothing', async () => {
            await assertBadInputRefused(send, shipment.shipmentId, sensorId, attachedMs(shipment) + 7_200_000);
        });

        it('refuses a post without a client certificate or with another CA’s (401), and one of another device’s readings (403)', async () => {
            const readings = json(readingsOf(sensorId, attachedMs(shipment) + 7_300_000, [5], 300));
            assertRefused(await post(ctx.api.running.deviceTelemetryUrl!, '', { body: readings, tls: { caPem } }), 401, 'UNAUTHENTICATED', /client certificate/);
            const foreign = await (await createDeviceCertificateAuthority('another CA')).issue({ commonName: sensorId, kind: 'device' });
            assertRefused(await send(readings, undefined, foreign), 401, 'UNAUTHENTICATED');
            const other = await telemetry().ca.issue({ commonName: `${sensorId}-OTHER`, kind: 'device' });
            assertRefused(await send(readings, undefined, other), 403, 'FORBIDDEN', new RegExp(`only its own readings, not those of sensor ${sensorId}`));
            // The API's own port asks for no certificate: there a post without a token is anonymous.
            assertRefused(await post(ctx.api.url, '', { body: readings }), 401, 'UNAUTHENTICATED');
            assert.deepEqual(
                (await storedSeqs(shipment.shipmentId, sensorId)).filter((seq) => seq === 300),
                [],
            );
        });
    });

    describe('a carrier’s forwarder (AWS IoT rule, cellular network), with its telemetry token', () => {
        const sensorId = `HTTP-FWD-${run}`;
        let shipment: Shipment;
        let admin: ColdtraceClient;
        let token: string;
        const send = (body: string, contentType?: string, bearer = token) => post(ctx.api.url, '', { body, contentType, token: bearer });

        before(async () => {
            await ctx.api.running.context.users.add({ username: 'carrier-admin', role: 'carrier', admin: true, password: TEST_PASSWORD });
            admin = new ColdtraceClient({ baseUrl: ctx.api.url });
            await admin.login('carrier-admin', TEST_PASSWORD);
            // Never registered: attaching it to its shipment on the ledger is what makes it the carrier's.
            shipment = await shipmentInTransit(ctx.api, sensorId);
            ({ token } = await admin.call('issueTelemetryToken', { body: { label: 'SORACOM Beam, fleet EU', days: 30 } }));
        });

        it('lets the carrier’s administrators issue, list and revoke tokens, and no one else', async () => {
            const listed = await admin.call('listTelemetryTokens', {});
            assert.ok(listed.some((t) => t.label === 'SORACOM Beam, fleet EU' && t.org === 'CarrierMSP' && !('token' in t)));
            await assert.rejects(ctx.api.as('carrier').call('issueTelemetryToken', { body: { label: 'x' } }), { status: 403, code: 'FORBIDDEN' });
            await assert.rejects(ctx.api.as('retailer').call('listTelemetryTokens', {}), { status: 403 });
            const spare = await admin.call('issueTelemetryToken', { body: { label: 'spare' } });
            assert.equal((await admin.call('revokeTelemetryToken', { params: { tokenId: spare.tokenId } })).tokenId, spare.tokenId);
            assertRefused(await send(json(readingsOf(sensorId, attachedMs(shipment), [5], 50)), undefined, spare.token), 401, 'TOKEN_INVALID', /revoked/);
            await assert.rejects(admin.call('revokeTelemetryToken', { params: { tokenId: 'no-such-token' } }), { status: 404 });
        });

        it('stores the readings of a sensor the carrier attached, and the excursion they show is recorded on the ledger', async () => {
            const answer = await send(json(readingsOf(sensorId, attachedMs(shipment) + 1_000, BREACH)));
            assert.equal(answer.status, 200, JSON.stringify(answer.body));
            assert.equal(answer.body.sender.kind, 'carrier');
            assert.equal(answer.body.stored, BREACH.length);
            const excursion = await excursionOf(shipment.shipmentId);
            assert.equal(excursion.sensorId, sensorId);
        });

        it('stores a batch forwarded twice once, and a reading that came over MQTT is a duplicate', async () => {
            const readings = readingsOf(sensorId, attachedMs(shipment) + 3_600_000, [5, 5], 100);
            assert.deepEqual(statuses((await send(json(readings))).body), ['stored', 'stored']);
            const replay = (await send(json(readings))).body as TelemetryIngestionResult;
            assert.deepEqual([replay.stored, replay.duplicates, statuses(replay)], [0, 2, ['duplicate', 'duplicate']]);
            const viaMqtt = readingOf(sensorId, attachedMs(shipment) + 3_700_000, 5, 200);
            await overMqtt(await certify(sensorId), shipment.shipmentId, viaMqtt);
            assert.deepEqual(statuses((await send(json([viaMqtt]))).body), ['duplicate']);
        });

        it('refuses malformed bodies, wrong types, too many readings and a missing device id with 4xx, storing nothing', async () => {
            await assertBadInputRefused(send, shipment.shipmentId, sensorId, attachedMs(shipment) + 7_200_000);
            assertRefused(
                await post(ctx.api.url, `?shipmentId=${shipment.shipmentId}`, { body: json(readingsOf(sensorId, attachedMs(shipment), [5], 60)), token }),
                400,
                'VALIDATION_FAILED',
                /shipmentId/,
            );
        });

        it('refuses an expired, forged or unknown token (401) and another carrier’s (403), storing nothing', async () => {
            const before = await storedSeqs(shipment.shipmentId, sensorId);
            const body = json(readingsOf(sensorId, attachedMs(shipment) + 7_300_000, [5], 300));
            const key = Buffer.from(readFileSync(telemetryTokenKeyPath(ctx.api.dataDir), 'utf8').trim(), 'utf8');
            const tenDaysAgo = () => Date.now() - 10 * 86_400_000;
            // A token issued ten days ago, through the state database as the admin CLI opens it beside the server.
            const state = openTelemetryStateDatabase(telemetryStatePath(ctx.api.dataDir));
            const expired = newCarrierTokens(state, key, tenDaysAgo).issue({ org: 'CarrierMSP', label: 'old', issuedBy: 'test', days: 1 });
            state.close();
            assertRefused(await send(body, undefined, expired.token), 401, 'TOKEN_EXPIRED');
            const [head, claims, signature] = atLeast(token.split('.'), 3, 'parts of the token');
            const forgedClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')), org: 'Carrier2MSP' })).toString('base64url');
            assertRefused(await send(body, undefined, `${head}.${forgedClaims}.${signature}`), 401, 'TOKEN_INVALID', /signature/);
            assertRefused(await send(body, undefined, 'not-a-token'), 401, 'TOKEN_INVALID');
            const otherCarrier = telemetry().tokens.issue({ org: 'Carrier2MSP', label: 'another carrier', issuedBy: 'test' });
            assertRefused(await send(body, undefined, otherCarrier.token), 403, 'FORBIDDEN', new RegExp(`Carrier2MSP has neither registered nor attached sensor ${sensorId}`));
            assert.deepEqual(await storedSeqs(shipment.shipmentId, sensorId), before);
        });

        it('answers AWS IoT’s topic rule destination confirmation with 202 (its token goes to the log), and nothing else without credentials', async () => {
            const before = await storedSeqs(shipment.shipmentId, sensorId);
            const confirmation = {
                arn: 'arn:aws:iot:us-east-1:123456789012:ruledestination/http/0123',
                confirmationToken: 'AYA-confirm',
                enableUrl: 'https://iot.us-east-1.amazonaws.com/confirmdestination/AYA-confirm',
            };
            const answer = await post(ctx.api.url, '', { body: JSON.stringify(confirmation) });
            assert.equal(answer.status, 202, JSON.stringify(answer.body));
            assert.match(answer.body.message, /confirmation received/);
            assertRefused(await post(ctx.api.url, '', { body: JSON.stringify({ ...confirmation, readings: [] }) }), 400, 'VALIDATION_FAILED');
            assert.deepEqual(await storedSeqs(shipment.shipmentId, sensorId), before);
        });
    });

    describe('the consignee’s user, uploading a data logger’s read-out of a shipment it receives', () => {
        const sensorId = `HTTP-LOG-${run}`;
        let shipment: Shipment;
        const upload = (body: string, contentType = 'text/csv', role: 'retailer' | 'manufacturer' | 'carrier' | 'auditor' = 'retailer', shipmentId = shipment.shipmentId) =>
            post(ctx.api.url, `?shipmentId=${encodeURIComponent(shipmentId)}`, { body, contentType, token: ctx.api.tokens.get(role) });

        before(async () => {
            shipment = await shipmentInTransit(ctx.api, sensorId);
        });

        it('stores a CSV read-out, and the excursion it shows is recorded on the ledger', async () => {
            const answer = await upload(csv(readingsOf(sensorId, attachedMs(shipment) + 1_000, BREACH)));
            assert.equal(answer.status, 200, JSON.stringify(answer.body));
            assert.deepEqual(answer.body.sender, { kind: 'consignee', org: 'RetailerMSP', shipmentId: shipment.shipmentId });
            assert.equal(answer.body.stored, BREACH.length);
            const excursion = await excursionOf(shipment.shipmentId);
            assert.equal(excursion.sensorId, sensorId);
        });

        it('answers per reading what it refused: before the logger was attached, or of a logger the shipment never carried', async () => {
            const early = readingOf(sensorId, attachedMs(shipment) - 3_600_000, 5, 50);
            const stranger = readingOf(`HTTP-NEVER-${run}`, attachedMs(shipment) + 1_000, 5);
            const result = (await upload(json([early, stranger]), 'application/json')).body as TelemetryIngestionResult;
            assert.deepEqual(
                result.readings.map((r) => ('reason' in r ? r.reason : r.status)),
                ['outside_attachment_window', 'unknown_sensor'],
            );
            assert.equal(result.refused, 2);
            assert.equal((await storedSeqs(shipment.shipmentId, sensorId)).includes(50), false);
        });

        it('stores a read-out uploaded twice once, and a reading that came over MQTT is a duplicate', async () => {
            const readings = readingsOf(sensorId, attachedMs(shipment) + 3_600_000, [4, 4, 4], 100);
            assert.deepEqual(statuses((await upload(csv(readings))).body), ['stored', 'stored', 'stored']);
            assert.deepEqual(statuses((await upload(csv(readings))).body), ['duplicate', 'duplicate', 'duplicate']);
            const viaMqtt = readingOf(sensorId, attachedMs(shipment) + 3_700_000, 5, 200);
            await overMqtt(await certify(sensorId), shipment.shipmentId, viaMqtt);
            assert.deepEqual(statuses((await upload(csv([viaMqtt]))).body), ['duplicate']);
        });

        it('refuses malformed CSV or JSON, wrong types, too many readings and a missing device id with 4xx, storing nothing', async () => {
            await assertBadInputRefused((body, contentType) => upload(body, contentType ?? 'application/json'), shipment.shipmentId, sensorId, attachedMs(shipment) + 7_200_000);
            assertRefused(await upload('sensorId,seq,ts,tempC,lat,lon\nL-1,0,2026-11-20T10:00:00Z,4,52'), 400, 'VALIDATION_FAILED', /line 2: 5 values/);
            const noShipment = await post(ctx.api.url, '', {
                body: csv(readingsOf(sensorId, attachedMs(shipment), [5], 60)),
                contentType: 'text/csv',
                token: ctx.api.tokens.get('retailer'),
            });
            assertRefused(noShipment, 400, 'VALIDATION_FAILED', /shipmentId/);
        });

        it('refuses users who are not the consignee (403) and a post without credentials (401), storing nothing', async () => {
            const before = await storedSeqs(shipment.shipmentId, sensorId);
            const body = csv(readingsOf(sensorId, attachedMs(shipment) + 7_300_000, [5], 300));
            // The shipper and the carrier are parties to the shipment, the auditor reads everything: none receives it.
            for (const role of ['manufacturer', 'carrier', 'auditor'] as const) {
                assertRefused(await upload(body, 'text/csv', role), 403, 'FORBIDDEN', /only the consignee/);
            }
            assertRefused(await upload(body, 'text/csv', 'retailer', 'NO-SUCH-SHIPMENT'), 404, 'NOT_FOUND');
            assertRefused(await post(ctx.api.url, `?shipmentId=${shipment.shipmentId}`, { body, contentType: 'text/csv' }), 401, 'UNAUTHENTICATED');
            assert.deepEqual(await storedSeqs(shipment.shipmentId, sensorId), before);
        });
    });
});
