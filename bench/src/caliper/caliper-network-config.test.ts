import assert from 'node:assert/strict';
import type { FabricNetworkConfig } from '@coldtrace/ledger-client';
import { caliperNetworkFiles, UnknownInvokerOrganizationError } from './caliper-network-config';

const DESCRIPTION: FabricNetworkConfig = {
    channel: 'coldtrace',
    chaincode: 'coldtrace',
    organizations: {
        ManufacturerMSP: { peer: { endpoint: '127.0.0.1:7051', hostnameOverride: 'peer0.manufacturer.coldtrace.local', tlsCaCertPath: '/n/manufacturer/tlsca.pem' } },
        CarrierMSP: { peer: { endpoint: '127.0.0.1:8051', hostnameOverride: 'peer0.carrier.coldtrace.local', tlsCaCertPath: '/n/carrier/tlsca.pem' } },
    },
};
const INVOKER = { name: 'manufacturer', mspId: 'ManufacturerMSP', certPath: '/run/cert.pem', keyPath: '/run/key.pem' };

describe('Caliper network configuration', () => {
    it("lists the channel's contracts and the invoker's organization with its identity files", () => {
        const { network } = caliperNetworkFiles(DESCRIPTION, INVOKER, ['coldtrace', 'coldtrace-floor'], '/run/profile.json');
        assert.equal(network.version, '2.0.0');
        assert.deepEqual(network.caliper, { blockchain: 'fabric', sutOptions: { mutualTls: false } });
        assert.deepEqual(network.channels, [{ channelName: 'coldtrace', contracts: [{ id: 'coldtrace' }, { id: 'coldtrace-floor' }] }]);
        assert.deepEqual(network.organizations, [
            {
                mspid: 'ManufacturerMSP',
                identities: { certificates: [{ name: 'manufacturer', clientPrivateKey: { path: '/run/key.pem' }, clientSignedCert: { path: '/run/cert.pem' } }] },
                connectionProfile: { path: '/run/profile.json', discover: true },
            },
        ]);
    });

    it("points the connection profile at the organization's gateway peer over TLS with the certificate's host name", () => {
        const { connectionProfile } = caliperNetworkFiles(DESCRIPTION, INVOKER, ['coldtrace'], '/run/profile.json');
        assert.deepEqual(connectionProfile.organizations, { ManufacturerMSP: { mspid: 'ManufacturerMSP', peers: ['peer0.manufacturer.coldtrace.local'] } });
        assert.deepEqual(connectionProfile.peers, {
            'peer0.manufacturer.coldtrace.local': {
                url: 'grpcs://127.0.0.1:7051',
                tlsCACerts: { path: '/n/manufacturer/tlsca.pem' },
                grpcOptions: { 'ssl-target-name-override': 'peer0.manufacturer.coldtrace.local' },
            },
        });
    });

    it('names the peer by its endpoint when the description gives no host name override', () => {
        const plain = { ...DESCRIPTION, organizations: { ManufacturerMSP: { peer: { endpoint: 'peer.example.com:7051', tlsCaCertPath: '/ca.pem' } } } };
        const { connectionProfile } = caliperNetworkFiles(plain, INVOKER, ['coldtrace'], '/p.json');
        assert.deepEqual(connectionProfile.peers, { 'peer.example.com': { url: 'grpcs://peer.example.com:7051', tlsCACerts: { path: '/ca.pem' }, grpcOptions: {} } });
    });

    it('refuses an invoker whose organization the network does not have', () => {
        assert.throws(
            () => caliperNetworkFiles(DESCRIPTION, { ...INVOKER, mspId: 'Retailer9MSP' }, ['coldtrace'], '/p.json'),
            (error: Error) => error instanceof UnknownInvokerOrganizationError && /Retailer9MSP.*ManufacturerMSP, CarrierMSP/.test(error.message),
        );
    });
});
