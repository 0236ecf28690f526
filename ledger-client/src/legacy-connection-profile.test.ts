import assert from 'node:assert/strict';
import { LEGACY_ORDERER_NAME, legacyConnectionProfile, legacyPeerName } from './legacy-connection-profile';

const peers = {
    ManufacturerMSP: { endpoint: '127.0.0.1:7051', hostnameOverride: 'peer0.manufacturer.example', tlsCaCert: 'MANUFACTURER CA' },
    RetailerMSP: { endpoint: 'nd-retailer.m-1.managedblockchain.us-east-1.amazonaws.com:30003', tlsCaCert: 'AMB CA' },
};
const orderer = { endpoint: 'orderer.n-1.managedblockchain.us-east-1.amazonaws.com:30001', tlsCaCert: 'AMB CA' };

describe('legacyConnectionProfile', () => {
    it("names every organization's peer as endorser, query and event source of the channel, with the orderer", () => {
        const profile = legacyConnectionProfile({ channel: 'coldtrace', peers, orderer, discovery: false }) as Record<string, Record<string, unknown>>;
        assert.deepEqual(profile.organizations, {
            ManufacturerMSP: { mspid: 'ManufacturerMSP', peers: ['peer.ManufacturerMSP'] },
            RetailerMSP: { mspid: 'RetailerMSP', peers: ['peer.RetailerMSP'] },
        });
        assert.deepEqual(profile.peers?.[legacyPeerName('ManufacturerMSP')], {
            url: 'grpcs://127.0.0.1:7051',
            tlsCACerts: { pem: 'MANUFACTURER CA' },
            grpcOptions: { 'ssl-target-name-override': 'peer0.manufacturer.example' },
        });
        assert.deepEqual(profile.peers?.[legacyPeerName('RetailerMSP')], { url: `grpcs://${peers.RetailerMSP.endpoint}`, tlsCACerts: { pem: 'AMB CA' }, grpcOptions: {} });
        assert.deepEqual(profile.orderers, { [LEGACY_ORDERER_NAME]: { url: `grpcs://${orderer.endpoint}`, tlsCACerts: { pem: 'AMB CA' }, grpcOptions: {} } });
        const roles = { endorsingPeer: true, chaincodeQuery: true, ledgerQuery: true, eventSource: true };
        assert.deepEqual(profile.channels, { coldtrace: { orderers: [LEGACY_ORDERER_NAME], peers: { 'peer.ManufacturerMSP': roles, 'peer.RetailerMSP': roles } } });
    });

    it('needs the orderer with discovery off, and not with it on', () => {
        assert.throws(
            () => legacyConnectionProfile({ channel: 'coldtrace', peers, discovery: false }),
            /add "orderer": \{"endpoint", "tlsCaCertPath"\} to the network description/,
        );
        const profile = legacyConnectionProfile({ channel: 'coldtrace', peers, discovery: true }) as Record<string, Record<string, Record<string, unknown>>>;
        assert.equal(profile.orderers, undefined);
        assert.equal(profile.channels?.coldtrace?.orderers, undefined);
    });
});
