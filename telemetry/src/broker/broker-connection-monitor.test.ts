import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { BrokerConnectionMonitor } from './broker-connection-monitor';

describe('BrokerConnectionMonitor', () => {
    const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const log = {
        info: (fields: object, message: string) => lines.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
        warn: (fields: object, message: string) => lines.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
    };
    let now = Date.parse('2026-11-20T10:00:00.000Z');
    const client = Object.assign(new EventEmitter(), { connected: true }) as unknown as MqttClient;
    const monitor = new BrokerConnectionMonitor(client, { url: 'mqtts://localhost:8883', log, clock: () => now });

    it('is connected and counts no reconnect at first', () => {
        assert.equal(monitor.connected, true);
        assert.equal(monitor.reconnects, 0);
        assert.equal(monitor.outage, undefined);
    });

    it('logs the start of an outage once, with the last error as its reason', () => {
        client.emit('error', new Error('read ECONNRESET'));
        client.emit('close');
        client.emit('close');
        assert.equal(monitor.connected, false);
        assert.deepEqual(monitor.outage, { since: '2026-11-20T10:00:00.000Z', reason: 'read ECONNRESET' });
        assert.equal(lines.length, 1);
        assert.equal(lines[0]?.level, 'warn');
        assert.match(lines[0]?.message, /lost the MQTT broker connection at mqtts:\/\/localhost:8883/);
    });

    it('logs its end with how long it lasted and whether the session was resumed, and counts the reconnect', () => {
        now += 12_500;
        client.emit('connect', { cmd: 'connack', sessionPresent: true });
        assert.equal(monitor.connected, true);
        assert.equal(monitor.outage, undefined);
        assert.equal(monitor.reconnects, 1);
        assert.equal(lines[1]?.level, 'info');
        assert.match(lines[1]?.message, /back after 12\.5 s \(session resumed\)/);
        assert.deepEqual(lines[1]?.fields, { broker: 'mqtts://localhost:8883', downMs: 12_500, sessionPresent: true, reason: 'read ECONNRESET' });
    });

    it('says when the broker had lost the session', () => {
        client.emit('close');
        client.emit('connect', { cmd: 'connack', sessionPresent: false });
        assert.match(lines.at(-1)!.message, /new session/);
        assert.equal(monitor.reconnects, 2);
    });

    it('follows the client no more once stopped (the pipeline closing it is no outage)', () => {
        monitor.stop();
        const logged = lines.length;
        client.emit('close');
        assert.equal(monitor.connected, true);
        assert.equal(lines.length, logged);
    });
});
