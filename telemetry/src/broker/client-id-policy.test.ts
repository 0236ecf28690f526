import { strict as assert } from 'node:assert';
import { claimClientId, CLAIM_COMMON_NAME } from '@coldtrace/iot-sensor/protocol';
import { mayUseClientId } from './client-id-policy';

describe('mayUseClientId: a broker session belongs to the certificate', () => {
    it('lets a device connect as its own sensor id only', () => {
        const device = { commonName: 'T-1', kind: 'device' } as const;
        assert.equal(mayUseClientId(device, 'T-1'), true);
        for (const other of ['coldtrace-detector', 'T-2', 'T-1-raw', '', `${CLAIM_COMMON_NAME}:T-1`]) {
            assert.equal(mayUseClientId(device, other), false, other);
        }
    });

    it('lets only a service certificate be a service, as its CN', () => {
        assert.equal(mayUseClientId({ commonName: 'coldtrace-detector', kind: 'service' }, 'coldtrace-detector'), true);
        assert.equal(mayUseClientId({ commonName: 'coldtrace-detector', kind: 'service' }, 'T-1'), false);
        assert.equal(mayUseClientId({ commonName: 'coldtrace-detector', kind: 'device' }, 'coldtrace-detector'), true, 'the registry never certifies such a sensor id');
        assert.equal(mayUseClientId({ commonName: CLAIM_COMMON_NAME, kind: 'claim' }, 'coldtrace-detector'), false);
    });

    it('lets claim holders provision side by side, each under the claim CN, never as a device', () => {
        const claim = { commonName: CLAIM_COMMON_NAME, kind: 'claim' } as const;
        assert.equal(mayUseClientId(claim, claimClientId('T-1')), true);
        assert.equal(mayUseClientId(claim, CLAIM_COMMON_NAME), true);
        assert.equal(mayUseClientId(claim, 'T-1'), false);
        assert.equal(mayUseClientId(claim, 'claim-T-1'), false);
        assert.equal(mayUseClientId(claim, `${CLAIM_COMMON_NAME}x`), false);
    });
});
