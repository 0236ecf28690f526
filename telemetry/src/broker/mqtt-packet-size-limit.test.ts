import { strict as assert } from 'node:assert';
import { MqttPacketSizeLimit } from './mqtt-packet-size-limit';
import { fixedHeader } from './mqtt-test-packets';

const packet = (remaining: number) => Buffer.concat([fixedHeader(0x32, remaining), Buffer.alloc(remaining, 7)]);

describe('MqttPacketSizeLimit: refuses a packet from its fixed header alone', () => {
    it('lets packets up to the limit through, one after another in one chunk', () => {
        const limit = new MqttPacketSizeLimit(1_000);
        assert.deepEqual(limit.scan(Buffer.concat([packet(999), packet(0), fixedHeader(0xc0, 0), packet(500)])), { ok: true });
    });

    it('refuses the first packet above the limit, counted as type byte plus remaining length', () => {
        const limit = new MqttPacketSizeLimit(1_000);
        assert.deepEqual(limit.scan(packet(998)), { ok: true });
        assert.deepEqual(limit.scan(fixedHeader(0x32, 1_000)), { ok: false, reason: 'MQTT packet of 1001 bytes announced; the limit is 1000', packetBytes: 1_001 });
        assert.equal(limit.scan(Buffer.alloc(10)).ok, false, 'once refused, always refused');
    });

    it('refuses 256 MB announced in four bytes before a byte of it arrives', () => {
        const verdict = new MqttPacketSizeLimit(65_536).scan(fixedHeader(0x30, 268_435_455));
        assert.equal(verdict.ok === false && verdict.packetBytes, 268_435_456);
    });

    it('follows packets across chunk boundaries, even a header split between two chunks', () => {
        const limit = new MqttPacketSizeLimit(20_000);
        const stream = Buffer.concat([packet(300), packet(16_000), fixedHeader(0x32, 50_000)]);
        const cuts = [1, 2, 150, 302, 303, 304, 10_000, 16_305, 16_306];
        const verdicts = [0, ...cuts].map((from, i) => limit.scan(stream.subarray(from, cuts[i] ?? stream.length)));
        assert.deepEqual(
            verdicts.map((v) => v.ok),
            [true, true, true, true, true, true, true, true, true, false],
        );
    });

    it('refuses a remaining length longer than MQTT’s four bytes', () => {
        const verdict = new MqttPacketSizeLimit(65_536).scan(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]));
        assert.deepEqual(verdict, { ok: false, reason: 'malformed remaining length (more than 4 bytes)' });
    });
});
