import assert from 'node:assert/strict';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { definitionQuery, definitionSignaturePolicy, planEndorsers } from './endorsement-plan';
import { EndorsementPlanner } from './endorsement-planner';

const ORGS = ['ManufacturerMSP', 'CarrierMSP', 'RetailerMSP', 'AuditorMSP'];

function principal(mspId: string): msp.MSPPrincipal {
    const role = new msp.MSPRole();
    role.setMspIdentifier(mspId);
    role.setRole(msp.MSPRole.MSPRoleType.PEER);
    const principal = new msp.MSPPrincipal();
    principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
    principal.setPrincipal(role.serializeBinary());
    return principal;
}

const signedBy = (index: number) => {
    const rule = new common.SignaturePolicy();
    rule.setSignedBy(index);
    return rule;
};

function outOf(n: number, rules: common.SignaturePolicy[]): common.SignaturePolicy {
    const choice = new common.SignaturePolicy.NOutOf();
    choice.setN(n);
    choice.setRulesList(rules);
    const rule = new common.SignaturePolicy();
    rule.setNOutOf(choice);
    return rule;
}

/** OutOf(n, 'A.peer', 'B.peer', …), as `peer lifecycle chaincode approveformyorg --signature-policy` writes it. */
function envelope(rule: common.SignaturePolicy, orgs = ORGS): common.SignaturePolicyEnvelope {
    const policy = new common.SignaturePolicyEnvelope();
    policy.setRule(rule);
    policy.setIdentitiesList(orgs.map(principal));
    return policy;
}

describe('planEndorsers', () => {
    it('asks the caller’s own organization and as many others as the policy needs, no more', () => {
        const anyTwo = envelope(
            outOf(
                2,
                ORGS.map((_, i) => signedBy(i)),
            ),
        );
        assert.deepEqual(planEndorsers(anyTwo, 'RetailerMSP', ORGS), ['RetailerMSP', 'ManufacturerMSP']);
        assert.deepEqual(planEndorsers(anyTwo, 'ManufacturerMSP', ORGS), ['ManufacturerMSP', 'CarrierMSP']);
        // A caller whose organization the policy does not name (admitted since) still gets two.
        assert.deepEqual(planEndorsers(anyTwo, 'Retailer2MSP', ORGS), ['ManufacturerMSP', 'CarrierMSP']);
    });

    it('plans nested policies, and skips organizations the profile has no peer of', () => {
        const nested = envelope(outOf(2, [signedBy(0), outOf(1, [signedBy(2), signedBy(3)])]));
        assert.deepEqual(planEndorsers(nested, 'AuditorMSP', ORGS), ['AuditorMSP', 'ManufacturerMSP']);
        assert.deepEqual(
            planEndorsers(
                envelope(
                    outOf(
                        2,
                        ORGS.map((_, i) => signedBy(i)),
                    ),
                ),
                'CarrierMSP',
                ['CarrierMSP', 'AuditorMSP'],
            ),
            ['CarrierMSP', 'AuditorMSP'],
        );
    });

    it('gives up (every peer) where the policy cannot be met by the peers known or names no organization role', () => {
        assert.equal(
            planEndorsers(
                envelope(
                    outOf(
                        3,
                        ORGS.map((_, i) => signedBy(i)),
                    ),
                ),
                'CarrierMSP',
                ['CarrierMSP', 'AuditorMSP'],
            ),
            undefined,
        );
        const byIdentity = envelope(signedBy(0));
        byIdentity.getIdentitiesList()[0]?.setPrincipalClassification(msp.MSPPrincipal.Classification.IDENTITY);
        assert.equal(planEndorsers(byIdentity, 'ManufacturerMSP', ORGS), undefined);
    });
});

describe('definitionSignaturePolicy', () => {
    it('reads the signature policy out of a QueryChaincodeDefinition answer, and none from a channel policy reference', () => {
        const policy = envelope(
            outOf(
                2,
                ORGS.map((_, i) => signedBy(i)),
            ),
        );
        const answer = (application: peer.ApplicationPolicy) => {
            const result = new peer.lifecycle.QueryChaincodeDefinitionResult();
            result.setValidationParameter(application.serializeBinary());
            return result.serializeBinary();
        };
        const signature = new peer.ApplicationPolicy();
        signature.setSignaturePolicy(policy);
        assert.deepEqual(planEndorsers(definitionSignaturePolicy(answer(signature))!, 'CarrierMSP', ORGS), ['CarrierMSP', 'ManufacturerMSP']);
        const reference = new peer.ApplicationPolicy();
        reference.setChannelConfigPolicyReference('/Channel/Application/Endorsement');
        assert.equal(definitionSignaturePolicy(answer(reference)), undefined);
        assert.equal(peer.lifecycle.QueryChaincodeDefinitionArgs.deserializeBinary(definitionQuery('coldtrace')).getName(), 'coldtrace');
    });
});

describe('EndorsementPlanner', () => {
    const definition = () => {
        const application = new peer.ApplicationPolicy();
        application.setSignaturePolicy(
            envelope(
                outOf(
                    2,
                    ORGS.map((_, i) => signedBy(i)),
                ),
            ),
        );
        const result = new peer.lifecycle.QueryChaincodeDefinitionResult();
        result.setValidationParameter(application.serializeBinary());
        return result.serializeBinary();
    };
    const caller = (mspId: string) => ({ mspId, certificate: `${mspId} cert`, privateKey: 'key' });

    it('plans from the definition once per organization, the caller first', async () => {
        const reads: string[] = [];
        const planner = new EndorsementPlanner(async (identity) => (reads.push(identity.mspId), definition()), ORGS);
        assert.deepEqual(await planner.plan(caller('RetailerMSP')), ['RetailerMSP', 'ManufacturerMSP']);
        assert.deepEqual(await planner.plan(caller('RetailerMSP')), ['RetailerMSP', 'ManufacturerMSP']);
        assert.deepEqual(await planner.plan(caller('CarrierMSP')), ['CarrierMSP', 'ManufacturerMSP']);
        assert.deepEqual(reads, ['RetailerMSP', 'CarrierMSP']);
    });

    it('leaves the choice to the backend when the definition cannot be read', async () => {
        const planner = new EndorsementPlanner(async () => Promise.reject(new Error('access denied')), ORGS);
        assert.equal(await planner.plan(caller('RetailerMSP')), undefined);
    });
});
