import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';
import { prepareMosquitto } from './mosquitto-config';

describe('prepareMosquitto', () => {
    it('lays out the broker with its key and its persistence (queued readings) owner-only', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-mosquitto-'));
        try {
            const conf = await prepareMosquitto({ ca: await DeviceCertificateAuthority.create(), dir, port: 18883 });
            assert.match(readFileSync(conf, 'utf8'), /^listener 18883 127\.0\.0\.1$/m);
            const mode = (path: string) => (statSync(join(dir, path)).mode & 0o777).toString(8);
            assert.equal(mode('certs'), '700');
            assert.equal(mode('data'), '700');
            assert.equal(mode('certs/server-key.pem'), '600');
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
