import assert from 'node:assert/strict';
import { natsMonitorUrlOf, natsUserOf, renderNatsConfig, renderNatsUsers, sensorOfReadingSubject } from './nats-config';

describe('NATS configuration for coldtrace', () => {
    it('names each certificate’s user by its subject and gives a device only its own subjects', () => {
        const users = renderNatsUsers([
            { commonName: 'T-1', kind: 'device' },
            { commonName: 'coldtrace-detector', kind: 'service' },
        ]);
        assert.equal(natsUserOf({ commonName: 'T-1', kind: 'device' }), 'CN=T-1,OU=device,O=coldtrace devices');
        const device = users.split('\n').find((line) => line.includes('CN=T-1'))!;
        assert.match(
            device,
            /publish: \{ allow: \["coldtrace\.sensors\.T-1\.telemetry", "\$aws\.things\.T-1\.shadow\.get", "\$aws\.things\.T-1\.shadow\.update", "coldtrace\.readings\.\*\.T-1"\] \}/,
        );
        assert.match(device, /subscribe: \{ allow: \["coldtrace\.sensors\.T-1\.ack", "\$aws\.things\.T-1\.shadow\.>"\] \}/);
        // A service may do anything: no permissions block.
        assert.match(users, /\{ user: "CN=coldtrace-detector,OU=service,O=coldtrace devices" \}/);
    });

    it('maps telemetry to a partition by sensor and keeps both listeners on loopback with mutual TLS', () => {
        const conf = renderNatsConfig({ dir: '/srv/nats', port: 4222, mqttPort: 8883, partitions: 4 });
        assert.match(conf, /"coldtrace\.sensors\.\*\.telemetry": "coldtrace\.readings\.\{\{partition\(4,1\)\}\}\.\{\{wildcard\(1\)\}\}"/);
        assert.match(conf, /^listen: "127\.0\.0\.1:4222"$/m);
        assert.match(conf, /^ {2}listen: "127\.0\.0\.1:8883"$/m);
        assert.equal(conf.match(/verify_and_map: true/g)?.length, 2);
        assert.match(conf, /store_dir: "\/srv\/nats\/jetstream"/);
        assert.match(conf, /^pid_file: "\/srv\/nats\/nats\.pid"$/m);
        assert.equal(natsMonitorUrlOf(conf), undefined);
        assert.equal(natsMonitorUrlOf(renderNatsConfig({ dir: '/srv/nats', port: 4222, mqttPort: 8883, partitions: 4, monitorPort: 8222 })), 'http://127.0.0.1:8222');
        assert.equal(sensorOfReadingSubject('coldtrace.readings.3.T-1'), 'T-1');
        assert.equal(sensorOfReadingSubject('coldtrace.sensors.T-1.telemetry'), undefined);
    });
});
