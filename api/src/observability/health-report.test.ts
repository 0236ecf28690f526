import assert from 'node:assert/strict';
import { assessHealth } from './health-report';

const peer = (mspId: string, reachable: boolean) => ({
    mspId,
    endpoint: `127.0.0.1:${mspId.length}`,
    reachable,
    ...(reachable ? { height: 7 } : { error: 'connect ECONNREFUSED' }),
});

describe('assessHealth', () => {
    it('says ok with every peer and the broker reachable, and lists the peers', () => {
        const report = assessHealth({ peers: [peer('ManufacturerMSP', true), peer('Retailer2MSP', true)], telemetry: { status: 'ok' } });
        assert.equal(report.status, 'ok');
        assert.equal(report.reasons, undefined);
        assert.equal(report.peers?.length, 2);
    });

    it("names another member's unreachable peer and stays serving (degraded)", () => {
        const report = assessHealth({ home: 'Retailer2MSP', peers: [peer('Retailer2MSP', true), peer('AuditorMSP', false), peer('CarrierMSP', false)] });
        assert.equal(report.status, 'degraded');
        assert.deepEqual(report.reasons, [
            "AuditorMSP's peer 127.0.0.1:10 is unreachable: connect ECONNREFUSED",
            "CarrierMSP's peer 127.0.0.1:10 is unreachable: connect ECONNREFUSED",
        ]);
    });

    it("is unavailable when a member's node cannot reach its own peer", () => {
        assert.equal(assessHealth({ home: 'Retailer2MSP', peers: [peer('Retailer2MSP', false), peer('AuditorMSP', true)] }).status, 'unavailable');
    });

    it('is unavailable for the all-in-one server only once no peer answers', () => {
        assert.equal(assessHealth({ peers: [peer('RetailerMSP', false), peer('AuditorMSP', true)] }).status, 'degraded');
        assert.equal(assessHealth({ peers: [peer('RetailerMSP', false), peer('AuditorMSP', false)] }).status, 'unavailable');
    });

    it('carries the telemetry reason, and has no peers section on the embedded ledger', () => {
        const report = assessHealth({ telemetry: { status: 'degraded', reason: 'MQTT broker connection lost' } });
        assert.deepEqual(report, { status: 'degraded', reasons: ['MQTT broker connection lost'], telemetry: { status: 'degraded', reason: 'MQTT broker connection lost' } });
    });
});
