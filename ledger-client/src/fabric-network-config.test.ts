import assert from 'node:assert/strict';
import { FabricNetworkConfig, memberView } from './fabric-network-config';

const keys = (org: string) => ({ certPath: `/crypto/${org}/cert.pem`, keyPath: `/crypto/${org}/key.pem` });
const description = FabricNetworkConfig.parse({
    channel: 'coldtrace',
    chaincode: 'coldtrace',
    organizations: {
        ManufacturerMSP: { peer: { endpoint: '127.0.0.1:7051', tlsCaCertPath: '/tls/m.pem' }, ca: keys('m'), admin: keys('m-admin') },
        Retailer2MSP: {
            peer: { endpoint: '127.0.0.1:9451', tlsCaCertPath: '/tls/r2.pem' },
            fabricCa: { url: 'https://localhost:11054', tlsCaCertPath: '/crypto/r2/ca.pem', registrar: { enrollmentId: 'admin', secret: 's3cret' } },
        },
        AuditorMSP: { peer: { endpoint: '127.0.0.1:10051', tlsCaCertPath: '/tls/a.pem' } },
    },
});

describe('memberView', () => {
    it("keeps the member's own keys and only the other organizations' peers", () => {
        const { config, ignored } = memberView(description, 'Retailer2MSP', 'connection.json');
        assert.deepEqual(config.organizations.Retailer2MSP, description.organizations.Retailer2MSP);
        assert.deepEqual(config.organizations.ManufacturerMSP, { peer: description.organizations.ManufacturerMSP?.peer });
        assert.deepEqual(config.organizations.AuditorMSP, { peer: description.organizations.AuditorMSP?.peer });
        assert.deepEqual(ignored, ['ManufacturerMSP']);
    });

    it('says what to do for an organization the description lacks or holds no CA of', () => {
        assert.throws(
            () => memberView(description, 'Carrier2MSP', 'connection.json'),
            /describes no organization Carrier2MSP \(it has ManufacturerMSP, Retailer2MSP, AuditorMSP\); admit it first/,
        );
        assert.throws(() => memberView(description, 'AuditorMSP', 'connection.json'), /no Fabric CA for AuditorMSP: its node registers and enrolls its users there/);
    });
});
