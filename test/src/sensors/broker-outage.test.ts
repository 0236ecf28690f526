import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness } from '../harness/api-harness';
import { describeBrokerOutage } from './broker-outage-suite';
import { eventually, freePort } from './pipeline-fixture';
import { type StandaloneBroker, startStandaloneBroker } from './standalone-broker';

describeBrokerOutage('standalone-aedes');

describe('GET /healthz and /metrics while the detector’s broker is away (COLDTRACE_MQTT_URL)', function () {
    this.timeout(120_000);
    let dataDir: string;
    let port: number;
    let broker: StandaloneBroker | undefined;
    let api: ApiHarness;

    before(async () => {
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-outage-'));
        port = await freePort();
        broker = await startStandaloneBroker('aedes', dataDir, port);
        api = await ApiHarness.start({ dataDir, env: { COLDTRACE_MQTT_URL: broker.url } });
    });
    after(async () => {
        await api?.close();
        await broker?.stop();
        rmSync(dataDir, { recursive: true, force: true });
    });

    const health = async () => (await (await fetch(`${api.url}/healthz`)).json()) as { status: string; telemetry?: { status: string; reason?: string } };
    const metrics = async () => (await fetch(`${api.url}/metrics`)).text();

    it('says degraded with the reason while the broker is down, and ok once the detector is back', async () => {
        assert.deepEqual((await health()).telemetry, { status: 'ok' });
        assert.equal((await health()).status, 'ok');
        assert.ok((await metrics()).split('\n').includes('coldtrace_telemetry_broker_connected 1'));

        await broker!.stop();
        broker = undefined;
        const degraded = await eventually('/healthz to say degraded', async () => {
            const answer = await health();
            return answer.status === 'degraded' && answer;
        });
        assert.equal(degraded.telemetry?.status, 'degraded');
        assert.match(degraded.telemetry?.reason ?? '', /MQTT broker connection lost since/);
        assert.ok((await metrics()).split('\n').includes('coldtrace_telemetry_broker_connected 0'));

        broker = await startStandaloneBroker('aedes', dataDir, port);
        await eventually('/healthz to say ok again', async () => (await health()).status === 'ok');
        const text = (await metrics()).split('\n');
        assert.ok(text.includes('coldtrace_telemetry_broker_connected 1'));
        assert.ok(text.includes('coldtrace_telemetry_broker_reconnects_total 1'));
    });
});
