import assert from 'node:assert/strict';
import type { ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { endorseAcrossDiscoveryGaps, isDiscoveryGap } from './discovery-gap';

function gatewayError(code: number, message: string): GatewayError {
    return new GatewayError({ code, details: [], cause: new Error(message) as ServiceError, message });
}

const GAP = () => gatewayError(14, '14 UNAVAILABLE: failed to find any endorsing peers for org(s): ManufacturerMSP');

/** A proposal whose endorsements fail with `failures` in turn, then succeed. */
function proposal(failures: Error[]) {
    let calls = 0;
    return {
        get calls() {
            return calls;
        },
        async endorse(): Promise<string> {
            calls += 1;
            const failure = failures.shift();
            if (failure) {
                throw failure;
            }
            return 'endorsed';
        },
    };
}

describe('endorseAcrossDiscoveryGaps', () => {
    it('endorses again while discovery lists no peer of a needed organization', async () => {
        const p = proposal([GAP(), GAP()]);
        assert.equal(await endorseAcrossDiscoveryGaps(p, { pauseMs: 1 }), 'endorsed');
        assert.equal(p.calls, 3);
    });

    it('gives up after its attempts with the gateway’s own error', async () => {
        const p = proposal([GAP(), GAP(), GAP()]);
        await assert.rejects(endorseAcrossDiscoveryGaps(p, { attempts: 2, pauseMs: 1 }), /failed to find any endorsing peers/);
        assert.equal(p.calls, 2);
    });

    it('throws any other failure at once: a refusal, an unreachable peer, a policy no peers can meet', async () => {
        for (const failure of [
            gatewayError(10, '10 ABORTED: chaincode response 500, FORBIDDEN: only the owner may sell'),
            gatewayError(14, '14 UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:7051'),
            gatewayError(14, '14 UNAVAILABLE: no peer combination can satisfy the endorsement policy'),
            new Error('failed to find any endorsing peers'),
        ]) {
            const p = proposal([failure]);
            await assert.rejects(endorseAcrossDiscoveryGaps(p, { pauseMs: 1 }), (error) => error === failure);
            assert.equal(p.calls, 1);
            assert.equal(isDiscoveryGap(failure), false);
        }
    });
});
