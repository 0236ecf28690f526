import { strict as assert } from 'node:assert';
import { mayPublish, maySubscribe } from './topic-acl';

describe('topic ACL', () => {
    const device = { commonName: 'T-1', kind: 'device' } as const;
    const claim = { commonName: 'fleet-claim', kind: 'claim' } as const;
    const service = { commonName: 'coldtrace-detector', kind: 'service' } as const;

    it('lets a device publish only its own telemetry and shadow requests', () => {
        assert.equal(mayPublish(device, 'coldtrace/sensors/T-1/telemetry'), true);
        assert.equal(mayPublish(device, '$aws/things/T-1/shadow/update'), true);
        assert.equal(mayPublish(device, 'coldtrace/sensors/T-2/telemetry'), false);
        assert.equal(mayPublish(device, 'coldtrace/sensors/T-1/ack'), false);
        assert.equal(mayPublish(device, '$aws/things/T-2/shadow/update'), false);
    });

    it('lets a device subscribe only to its own ack and shadow answers, without wildcards', () => {
        assert.equal(maySubscribe(device, 'coldtrace/sensors/T-1/ack'), true);
        assert.equal(maySubscribe(device, '$aws/things/T-1/shadow/update/delta'), true);
        assert.equal(maySubscribe(device, 'coldtrace/sensors/+/telemetry'), false);
        assert.equal(maySubscribe(device, '#'), false);
        assert.equal(maySubscribe(device, 'coldtrace/sensors/T-2/ack'), false);
    });

    it('confines a claim certificate to fleet provisioning', () => {
        assert.equal(mayPublish(claim, '$aws/certificates/create-from-csr/json'), true);
        assert.equal(mayPublish(claim, '$aws/provisioning-templates/coldtrace/provision/json'), true);
        assert.equal(mayPublish(claim, 'coldtrace/sensors/fleet-claim/telemetry'), false);
        assert.equal(maySubscribe(claim, '$aws/certificates/create-from-csr/json/accepted'), true);
        assert.equal(maySubscribe(claim, 'coldtrace/sensors/+/telemetry'), false);
    });

    it('lets services read and answer every device', () => {
        assert.equal(maySubscribe(service, 'coldtrace/sensors/+/telemetry'), true);
        assert.equal(mayPublish(service, 'coldtrace/sensors/T-1/ack'), true);
    });
});
