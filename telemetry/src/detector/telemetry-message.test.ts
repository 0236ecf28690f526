import { strict as assert } from 'node:assert';
import { parseTelemetryMessage } from './telemetry-message';

describe('parseTelemetryMessage', () => {
    const reading = { sensorId: 'T-1', seq: 7, ts: '2026-11-20T10:00:00.000Z', tempC: 4.2, lat: 52.1, lon: 4.3 };
    const parse = (payload: unknown) => parseTelemetryMessage('T-1', Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)));

    it('reads a reading of the topic’s sensor', () => {
        assert.deepEqual(parse(reading), { kind: 'reading', reading });
    });

    it('keeps the seq of an invalid reading, for the sensor of the topic, so it can be refused', () => {
        assert.deepEqual(parse({ ...reading, tempC: 500 }), { kind: 'invalid', sensorId: 'T-1', seq: 7 });
        assert.deepEqual(parse({ ...reading, firmware: '2.0' }), { kind: 'invalid', sensorId: 'T-1', seq: 7 });
        assert.deepEqual(parse({ seq: 0 }), { kind: 'invalid', sensorId: 'T-1', seq: 0 });
        assert.deepEqual(parse({ ...reading, sensorId: 'T-2' }), { kind: 'invalid', sensorId: 'T-1', seq: 7 }, 'the topic names the sender, not the payload');
    });

    it('has no seq to give when the payload has no usable one', () => {
        const payloads: unknown[] = [
            'not json {"seq": 7}',
            '',
            [{ seq: 7 }],
            7,
            null,
            { ...reading, seq: undefined },
            { ...reading, seq: -1 },
            { ...reading, seq: 7.5 },
            { ...reading, seq: '7' },
            { ...reading, seq: 2 ** 53 },
        ];
        for (const payload of payloads) {
            assert.deepEqual(parse(payload), { kind: 'invalid', sensorId: 'T-1', seq: undefined }, JSON.stringify(payload));
        }
    });
});
