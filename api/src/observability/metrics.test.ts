import { strict as assert } from 'node:assert';
import { emptyDetectorMetrics } from '@coldtrace/telemetry';
import { ApiMetrics, type TelemetryCounts } from './metrics';

const assertHas = (text: string, line: string) => assert.ok(text.split('\n').includes(line), `no line ${line}`);

describe('ApiMetrics', () => {
    it('exposes the telemetry pipeline counters as they are at each scrape', async () => {
        const metrics = new ApiMetrics();
        const counts: TelemetryCounts = { ...emptyDetectorMetrics(), digestsAnchored: 0, brokerConnected: 1, brokerReconnects: 0 };
        metrics.observeTelemetry(() => counts);
        Object.assign(counts, { received: 10, stored: 6, duplicates: 1, unattached: 2, batches: 3, digestsAnchored: 4 });
        const first = await metrics.registry.metrics();
        assertHas(first, 'coldtrace_telemetry_readings_total{outcome="received"} 10');
        assertHas(first, 'coldtrace_telemetry_readings_total{outcome="stored"} 6');
        assertHas(first, 'coldtrace_telemetry_readings_total{outcome="shed"} 0');
        assertHas(first, 'coldtrace_telemetry_batches_total 3');
        assertHas(first, 'coldtrace_telemetry_digests_anchored_total 4');
        assertHas(first, 'coldtrace_telemetry_pending_readings 1');

        Object.assign(counts, { received: 12, stored: 9 });
        const second = await metrics.registry.metrics();
        assertHas(second, 'coldtrace_telemetry_readings_total{outcome="stored"} 9');
        assertHas(second, 'coldtrace_telemetry_pending_readings 0');
    });

    it('counts readings refused as dated in the future, and no longer counts them as pending', async () => {
        const metrics = new ApiMetrics();
        const counts: TelemetryCounts = { ...emptyDetectorMetrics(), digestsAnchored: 0, brokerConnected: 1, brokerReconnects: 0 };
        metrics.observeTelemetry(() => counts);
        Object.assign(counts, { received: 5, stored: 3, future: 2 });
        const text = await metrics.registry.metrics();
        assertHas(text, 'coldtrace_telemetry_readings_total{outcome="future"} 2');
        assertHas(text, 'coldtrace_telemetry_pending_readings 0');
    });

    it('says whether the detector’s broker session is up and how often it came back', async () => {
        const metrics = new ApiMetrics();
        const counts: TelemetryCounts = { ...emptyDetectorMetrics(), digestsAnchored: 0, brokerConnected: 1, brokerReconnects: 0 };
        metrics.observeTelemetry(() => counts);
        assertHas(await metrics.registry.metrics(), 'coldtrace_telemetry_broker_connected 1');
        Object.assign(counts, { brokerConnected: 0 });
        assertHas(await metrics.registry.metrics(), 'coldtrace_telemetry_broker_connected 0');
        Object.assign(counts, { brokerConnected: 1, brokerReconnects: 1 });
        const back = await metrics.registry.metrics();
        assertHas(back, 'coldtrace_telemetry_broker_connected 1');
        assertHas(back, 'coldtrace_telemetry_broker_reconnects_total 1');
    });

    it('has no telemetry series when the server runs without the pipeline', async () => {
        assert.ok(!(await new ApiMetrics().registry.metrics()).includes('coldtrace_telemetry_'));
    });
});
