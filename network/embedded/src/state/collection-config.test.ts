import assert from 'node:assert/strict';
import { CollectionConfig, implicitCollectionOwner } from './collection-config';

describe('CollectionConfig', () => {
    const known = new Set(['RetailerMSP', 'ManufacturerMSP', 'CarrierMSP']);
    const collections = new CollectionConfig(
        [{ name: 'secrets', policy: "OR('RetailerMSP.member','ManufacturerMSP.member')", memberOnlyRead: true, memberOnlyWrite: true }],
        (mspId) => known.has(mspId),
    );

    it('has an implicit collection for every known organization, and none for an unknown one', () => {
        collections.requireExists('cc', '_implicit_org_CarrierMSP');
        assert.throws(() => collections.requireExists('cc', '_implicit_org_NobodyMSP'), /collection _implicit_org_NobodyMSP could not be found for chaincode cc/);
        assert.throws(() => collections.requireExists('cc', '_implicit_org_'), /could not be found/);
        assert.throws(() => new CollectionConfig([]).requireExists('cc', '_implicit_org_RetailerMSP'), /could not be found/, 'no organization is known by default');
    });

    it('lets any creator read and write an implicit collection, as Fabric generates it (not memberOnlyRead/Write), while only its owner holds the values', () => {
        collections.requireRead('cc', '_implicit_org_RetailerMSP', 'CarrierMSP');
        collections.requireWrite('cc', '_implicit_org_RetailerMSP', 'CarrierMSP');
        assert.equal(collections.holds('_implicit_org_RetailerMSP', 'RetailerMSP'), true);
        assert.equal(collections.holds('_implicit_org_RetailerMSP', 'CarrierMSP'), false);
        assert.equal(collections.holds('_implicit_org_RetailerMSP', 'ManufacturerMSP'), false);
    });

    it('needs the owner to endorse a write to its implicit collection; an explicit collection leaves it to the chaincode policy', () => {
        assert.deepEqual(collections.requiredEndorsers('_implicit_org_ManufacturerMSP'), ['ManufacturerMSP']);
        assert.deepEqual(collections.requiredEndorsers('secrets'), []);
    });

    it('finds the organizations trusted with every one of several collections', () => {
        assert.deepEqual(collections.commonMembers(['secrets', '_implicit_org_RetailerMSP']), ['RetailerMSP']);
        assert.deepEqual(collections.commonMembers(['_implicit_org_RetailerMSP', '_implicit_org_ManufacturerMSP']), []);
        assert.deepEqual(collections.commonMembers(['secrets']).sort(), ['ManufacturerMSP', 'RetailerMSP']);
    });

    it('keeps the explicit collections’ member-only rules', () => {
        collections.requireRead('cc', 'secrets', 'RetailerMSP');
        assert.throws(
            () => collections.requireRead('cc', 'secrets', 'CarrierMSP'),
            /tx creator does not have read access permission on privatedata in chaincodeName:cc collectionName: secrets/,
        );
        assert.throws(() => collections.requireWrite('cc', 'secrets', 'CarrierMSP'), /does not have write access permission/);
        assert.equal(collections.holds('secrets', 'ManufacturerMSP'), true);
        assert.equal(collections.holds('secrets', 'CarrierMSP'), false);
    });

    it('reads the owner out of an implicit collection name', () => {
        assert.equal(implicitCollectionOwner('_implicit_org_Retailer2MSP'), 'Retailer2MSP');
        assert.equal(implicitCollectionOwner('secrets'), undefined);
        assert.equal(implicitCollectionOwner('_implicit_org_'), undefined);
    });
});
