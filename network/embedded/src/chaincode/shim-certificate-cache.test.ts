import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createCertificateAuthority } from '../identity';
import { cacheShimCertificateParsing } from './shim-certificate-cache';

describe('cacheShimCertificateParsing', () => {
    const { Certificate } = createRequire(require.resolve('fabric-shim/lib/chaincode'))('@fidm/x509') as {
        Certificate: { fromPEM(pem: string): { subject: { commonName: string } } };
    };

    it('parses a creator certificate once and gives the shim the same subject as before', async () => {
        const ca = await createCertificateAuthority('CarrierMSP');
        const [alice, bob] = await Promise.all([ca.enroll('alice'), ca.enroll('bob')]);
        cacheShimCertificateParsing();
        cacheShimCertificateParsing();
        const first = Certificate.fromPEM(alice.certificate);
        assert.equal(Certificate.fromPEM(alice.certificate), first);
        assert.equal(first.subject.commonName, 'alice');
        assert.equal(Certificate.fromPEM(bob.certificate).subject.commonName, 'bob');
        assert.throws(() => Certificate.fromPEM('not a certificate'));
    });
});
