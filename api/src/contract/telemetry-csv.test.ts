import { strict as assert } from 'node:assert';
import { parseTelemetryCsv } from './telemetry-csv';
import { TelemetryBatchBody } from '@coldtrace/telemetry/contract';

describe('parseTelemetryCsv', () => {
    it('reads a logger read-out in any column order, leaving out empty optional cells', () => {
        const csv = '\uFEFFts,sensorId,seq,tempC,lat,lon,humidity\r\n2026-11-20T10:00:00Z,L-1,0,4.5,52.1,4.3,\r\n2026-11-20T10:02:00Z,L-1,1,-0.5,52.1,4.3,61\r\n\r\n';
        const body = parseTelemetryCsv(csv);
        assert.deepEqual(body.readings, [
            { ts: '2026-11-20T10:00:00Z', sensorId: 'L-1', seq: 0, tempC: 4.5, lat: 52.1, lon: 4.3 },
            { ts: '2026-11-20T10:02:00Z', sensorId: 'L-1', seq: 1, tempC: -0.5, lat: 52.1, lon: 4.3, humidity: 61 },
        ]);
        assert.ok(TelemetryBatchBody.safeParse(body).success);
    });

    it('names the line of what is not a reading table', () => {
        assert.throws(() => parseTelemetryCsv(''), /empty/);
        assert.throws(() => parseTelemetryCsv('seq,ts,tempC,lat,lon\n0,2026-11-20T10:00:00Z,4,52,4'), /line 1: missing column sensorId/);
        assert.throws(() => parseTelemetryCsv('sensorId,seq,ts,tempC,lat,lon,firmware\n'), /line 1: unknown column "firmware"/);
        assert.throws(() => parseTelemetryCsv('sensorId,seq,ts,tempC,lat,lon\nL-1,0,2026-11-20T10:00:00Z,4,52'), /line 2: 5 values, but the header names 6 columns/);
        assert.throws(() => parseTelemetryCsv('sensorId,seq,ts,tempC,lat,lon\n"L,1",0,x,4,52,4'), /line 2: quoted/);
    });

    it('leaves wrong types for the schema to name', () => {
        const body = parseTelemetryCsv('sensorId,seq,ts,tempC,lat,lon\nL-1,zero,2026-11-20T10:00:00Z,warm,52.1,4.3');
        const parsed = TelemetryBatchBody.safeParse(body);
        assert.equal(parsed.success, false);
        assert.deepEqual(parsed.error.issues.map((i) => i.path.join('.')).sort(), ['readings.0.seq', 'readings.0.tempC']);
    });
});
