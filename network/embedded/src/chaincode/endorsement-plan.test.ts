import assert from 'node:assert/strict';
import { CollectionConfig } from '../state/collection-config';
import { endorsementProblem, simulatingOrganizations } from './endorsement-plan';

describe('endorsement plan for private writes', () => {
    const collections = new CollectionConfig([], (mspId) => ['RetailerMSP', 'ManufacturerMSP', 'CarrierMSP'].includes(mspId));
    const both = ['_implicit_org_RetailerMSP', '_implicit_org_ManufacturerMSP'];

    it('simulates on the named organizations’ peers, else on the creator’s own', () => {
        assert.deepEqual(simulatingOrganizations({ creatorMsp: 'RetailerMSP', hasTransientData: true }), ['RetailerMSP']);
        assert.deepEqual(simulatingOrganizations({ creatorMsp: 'RetailerMSP', named: ['RetailerMSP', 'ManufacturerMSP', 'RetailerMSP'], hasTransientData: true }), [
            'RetailerMSP',
            'ManufacturerMSP',
        ]);
    });

    it('accepts writes to two organizations’ implicit collections endorsed by both of them', () => {
        assert.equal(endorsementProblem(collections, both, { creatorMsp: 'RetailerMSP', named: ['RetailerMSP', 'ManufacturerMSP'], hasTransientData: true }), undefined);
    });

    it('fails the endorsement policy when an owner of a written implicit collection did not endorse', () => {
        assert.match(
            endorsementProblem(collections, both, { creatorMsp: 'RetailerMSP', named: ['RetailerMSP', 'CarrierMSP'], hasTransientData: true }) ?? '',
            /ENDORSEMENT_POLICY_FAILURE: the transaction writes the private data of ManufacturerMSP, whose peers must endorse it; it was endorsed by RetailerMSP, CarrierMSP/,
        );
    });

    it('refuses, as the Gateway does, to choose endorsers for transient data no single organization may hold', () => {
        assert.match(
            endorsementProblem(collections, both, { creatorMsp: 'RetailerMSP', hasTransientData: true }) ?? '',
            /not in the distribution policy of the private data collection\(s\).*retry specifying trusted endorsing organizations/,
        );
        assert.equal(
            endorsementProblem(collections, ['_implicit_org_ManufacturerMSP'], { creatorMsp: 'RetailerMSP', hasTransientData: true }),
            undefined,
            'discovery finds the one owner',
        );
        assert.equal(
            endorsementProblem(collections, both, { creatorMsp: 'RetailerMSP', hasTransientData: false }),
            undefined,
            'without transient data discovery may choose any peers',
        );
        assert.equal(endorsementProblem(collections, [], { creatorMsp: 'RetailerMSP', hasTransientData: true }), undefined);
    });
});
