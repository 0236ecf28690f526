import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeviceCredentials, storedOrProvisioned } from './stored-credentials';

describe('storedOrProvisioned: a device provisions once and keeps its identity', () => {
    let root: string;
    before(() => {
        root = mkdtempSync(join(tmpdir(), 'coldtrace-credentials-'));
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    const issued = (n: number): DeviceCredentials => ({ certificatePem: `certificate ${n}`, privateKeyPem: `key ${n}` });

    it('provisions the first time and keeps key and certificate readable by the owner only', async () => {
        const dir = join(root, 'T-1');
        assert.deepEqual(await storedOrProvisioned(dir, async () => issued(1)), issued(1));
        assert.equal(statSync(dir).mode & 0o777, 0o700);
        assert.equal(statSync(join(dir, 'key.pem')).mode & 0o777, 0o600);
        assert.equal(statSync(join(dir, 'cert.pem')).mode & 0o777, 0o600);
    });

    it('uses what it kept after a restart, without asking again', async () => {
        const dir = join(root, 'T-1');
        const credentials = await storedOrProvisioned(dir, () => Promise.reject(new Error('ResourceAlreadyExists: provisioned once already')));
        assert.deepEqual(credentials, issued(1));
    });

    it('provisions anew when what it kept is of no use (e.g. from another device CA)', async () => {
        const dir = join(root, 'T-1');
        const credentials = await storedOrProvisioned(
            dir,
            async () => issued(2),
            (kept) => kept.certificatePem !== 'certificate 1',
        );
        assert.deepEqual(credentials, issued(2));
        assert.deepEqual(await storedOrProvisioned(dir, () => Promise.reject(new Error('not again'))), issued(2));
    });

    it('keeps nothing when provisioning fails', async () => {
        const dir = join(root, 'T-2');
        await assert.rejects(
            storedOrProvisioned(dir, () => Promise.reject(new Error('AccessDenied'))),
            /AccessDenied/,
        );
        assert.deepEqual(await storedOrProvisioned(dir, async () => issued(3)), issued(3));
    });
});
