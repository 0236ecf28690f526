import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority, openOrCreateCertificateAuthority } from '@coldtrace/embedded-ledger';
import { isEncryptedPrivateKey, WrongPassphraseError } from '@coldtrace/pki';
import { openOrCreateDeviceCertificateAuthority } from '@coldtrace/telemetry';
import { openWallet } from '../identity/wallet';
import { keysCommand } from './keys-command';

describe('npm run admin -- keys encrypt', () => {
    let dataDir: string;
    beforeEach(() => {
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-keys-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('encrypts the CA and wallet keys of a data directory made before, which then need the passphrase', async () => {
        const ca = await openOrCreateCertificateAuthority(join(dataDir, 'ledger', 'msp', 'CarrierMSP'), 'CarrierMSP', {});
        await openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'), {});
        const alice = await ca.enroll('alice');
        openWallet(join(dataDir, 'wallet'), undefined).put('alice', alice);

        await keysCommand(dataDir, 'encrypt', { COLDTRACE_KEY_PASSPHRASE: 'correct horse' });
        assert.ok(isEncryptedPrivateKey(readFileSync(join(dataDir, 'ledger', 'msp', 'CarrierMSP', 'ca-key.pem'), 'utf8')));
        assert.ok(isEncryptedPrivateKey(readFileSync(join(dataDir, 'telemetry', 'ca', 'device-ca-key.pem'), 'utf8')));
        assert.ok(isEncryptedPrivateKey(JSON.parse(readFileSync(join(dataDir, 'wallet', 'alice.id.json'), 'utf8')).privateKey));

        const reopened = await openOrCreateCertificateAuthority(join(dataDir, 'ledger', 'msp', 'CarrierMSP'), 'CarrierMSP', { passphrase: 'correct horse' });
        assert.equal(reopened.certificatePem, ca.certificatePem);
        assert.deepEqual(openWallet(join(dataDir, 'wallet'), 'correct horse').get('alice'), alice);
        await assert.rejects(openOrCreateCertificateAuthority(join(dataDir, 'ledger', 'msp', 'CarrierMSP'), 'CarrierMSP', { passphrase: 'battery staple' }), WrongPassphraseError);
        await assert.rejects(openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'), {}), /device-ca-key\.pem is encrypted: set COLDTRACE_KEY_PASSPHRASE/);
        assert.throws(() => openWallet(join(dataDir, 'wallet'), 'battery staple').get('alice'), WrongPassphraseError);

        // Run again, it changes nothing.
        const before = readFileSync(join(dataDir, 'ledger', 'msp', 'CarrierMSP', 'ca-key.pem'), 'utf8');
        await keysCommand(dataDir, 'encrypt', { COLDTRACE_KEY_PASSPHRASE: 'correct horse' });
        assert.equal(readFileSync(join(dataDir, 'ledger', 'msp', 'CarrierMSP', 'ca-key.pem'), 'utf8'), before);
    });

    it('stores new wallet keys encrypted when a passphrase is set, and still reads plain ones', async () => {
        const ca = await createCertificateAuthority('RetailerMSP');
        const [bob, carol] = [await ca.enroll('bob'), await ca.enroll('carol')];
        openWallet(join(dataDir, 'wallet'), undefined).put('bob', bob);
        const wallet = openWallet(join(dataDir, 'wallet'), 'p');
        wallet.put('carol', carol);
        assert.ok(isEncryptedPrivateKey(JSON.parse(readFileSync(join(dataDir, 'wallet', 'carol.id.json'), 'utf8')).privateKey));
        assert.deepEqual(wallet.get('carol'), carol);
        assert.deepEqual(wallet.get('bob'), bob);
    });

    it('asks for the passphrase rather than doing nothing', async () => {
        await assert.rejects(keysCommand(dataDir, 'encrypt', {}), /set COLDTRACE_KEY_PASSPHRASE/);
    });
});
