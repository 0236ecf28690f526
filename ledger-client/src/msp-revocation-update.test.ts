import assert from 'node:assert/strict';
import { common, msp } from '@hyperledger/fabric-protos';
import { revocationListUpdate } from './msp-revocation-update';

const CRL = '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n';

function channelConfig(revocations: string[] = []): common.Config {
    const fabricMsp = new msp.FabricMSPConfig();
    fabricMsp.setName('RetailerMSP');
    fabricMsp.setRevocationListList(revocations.map((pem) => Buffer.from(pem)));
    const mspConfig = new msp.MSPConfig();
    mspConfig.setConfig(fabricMsp.serializeBinary());
    const value = new common.ConfigValue();
    value.setVersion(3);
    value.setModPolicy('Admins');
    value.setValue(mspConfig.serializeBinary());
    const org = new common.ConfigGroup();
    org.setVersion(1);
    org.getValuesMap().set('MSP', value);
    const application = new common.ConfigGroup();
    application.setVersion(5);
    application.getGroupsMap().set('RetailerMSP', org);
    const channel = new common.ConfigGroup();
    channel.setVersion(0);
    channel.getGroupsMap().set('Application', application);
    const config = new common.Config();
    config.setChannelGroup(channel);
    return config;
}

describe('revocationListUpdate', () => {
    it("changes only the organization's MSP value (version + 1), naming the groups above it at their versions", () => {
        const update = revocationListUpdate('coldtrace', channelConfig(), 'RetailerMSP', [CRL])!;
        assert.equal(update.getChannelId(), 'coldtrace');
        const readOrg = update.getReadSet()!.getGroupsMap().get('Application')!.getGroupsMap().get('RetailerMSP')!;
        assert.equal(readOrg.getVersion(), 1);
        assert.equal(readOrg.getValuesMap().getLength(), 0);
        const written = update.getWriteSet()!.getGroupsMap().get('Application')!;
        assert.equal(written.getVersion(), 5);
        const value = written.getGroupsMap().get('RetailerMSP')!.getValuesMap().get('MSP')!;
        assert.equal(value.getVersion(), 4);
        assert.equal(value.getModPolicy(), 'Admins');
        const fabricMsp = msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(value.getValue_asU8()).getConfig_asU8());
        assert.equal(fabricMsp.getName(), 'RetailerMSP', 'the rest of the MSP definition is kept');
        assert.deepEqual(
            fabricMsp.getRevocationListList_asU8().map((crl) => Buffer.from(crl).toString()),
            [CRL],
        );
    });

    it('is undefined when the MSP lists that CRL already, and refuses an organization the channel lacks', () => {
        assert.equal(revocationListUpdate('coldtrace', channelConfig([CRL]), 'RetailerMSP', [CRL]), undefined);
        assert.throws(() => revocationListUpdate('coldtrace', channelConfig(), 'Retailer9MSP', [CRL]), /channel coldtrace has no application organization Retailer9MSP/);
    });
});
