import { strict as assert } from 'node:assert';
import { formatPkcs11KeyUri, isPkcs11KeyUri, parsePkcs11KeyUri } from './pkcs11-key-uri';

describe('pkcs11: key URIs', () => {
    it('round-trip a token label and a binary CKA_ID', () => {
        const id = Buffer.from([0x00, 0xa1, 0xff, 0x25, 0x3b]);
        const uri = formatPkcs11KeyUri({ token: 'coldtrace test', id });
        assert.equal(uri, 'pkcs11:token=coldtrace%20test;id=%00%a1%ff%25%3b;type=private');
        assert.ok(isPkcs11KeyUri(uri));
        assert.deepEqual(parsePkcs11KeyUri(uri), { token: 'coldtrace test', id });
    });

    it('are told apart from PEM keys, and refused without a token and id', () => {
        assert.ok(!isPkcs11KeyUri('-----BEGIN PRIVATE KEY-----'));
        assert.throws(() => parsePkcs11KeyUri('pkcs11:token=t'), /names no token and id/);
        assert.throws(() => parsePkcs11KeyUri('file:key.pem'), /not a pkcs11: URI/);
    });
});
