import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidMspIdError } from './invalid-msp-id-error';
import { MspRegistry } from './msp-registry';
import { UnknownMspError } from './unknown-msp-error';
import { UntrustedIdentityError } from './untrusted-identity-error';

const ORGANIZATIONS = ['ManufacturerMSP', 'CarrierMSP', 'RetailerMSP'];

describe('MspRegistry', () => {
    let rootDir: string;
    let registry: MspRegistry;

    beforeEach(async () => {
        rootDir = await mkdtemp(join(tmpdir(), 'coldtrace-msp-'));
        registry = await MspRegistry.openOrCreate(rootDir, ORGANIZATIONS);
    });

    afterEach(async () => {
        await rm(rootDir, { recursive: true, force: true });
    });

    it('creates one CA per MSP in <rootDir>/<mspId>/', async () => {
        assert.deepEqual(registry.mspIds(), ORGANIZATIONS);
        assert.deepEqual((await readdir(rootDir)).sort(), [...ORGANIZATIONS].sort());
        for (const mspId of ORGANIZATIONS) {
            assert.deepEqual((await readdir(join(rootDir, mspId))).sort(), ['ca-cert.pem', 'ca-key.pem']);
            assert.equal(registry.get(mspId).mspId, mspId);
        }
        assert.equal(new Set(ORGANIZATIONS.map((mspId) => registry.get(mspId).certificatePem)).size, ORGANIZATIONS.length);
    });

    it('ignores duplicate MSP IDs, and opens the CAs already in rootDir after the listed ones', async () => {
        const again = await MspRegistry.openOrCreate(rootDir, ['CarrierMSP', 'CarrierMSP']);
        assert.deepEqual(again.mspIds(), ['CarrierMSP', 'ManufacturerMSP', 'RetailerMSP']);
        assert.equal(again.get('RetailerMSP').certificatePem, registry.get('RetailerMSP').certificatePem, 'the same CA, not a new one');
    });

    it('trusts an MSP added at runtime, and again after a restart, without it being listed', async () => {
        const ca = await registry.add('Retailer3MSP');
        const carol = await ca.enroll('carol');
        assert.equal(registry.verify('Retailer3MSP', carol.certificate).userId, 'carol');
        assert.equal(await registry.add('Retailer3MSP'), ca, 'adding it again answers the same CA');
        const reopened = await MspRegistry.openOrCreate(rootDir, ORGANIZATIONS);
        assert.deepEqual(reopened.mspIds(), [...ORGANIZATIONS, 'Retailer3MSP']);
        assert.equal(reopened.verify('Retailer3MSP', carol.certificate).userId, 'carol');
        await assert.rejects(registry.add('../escape'), InvalidMspIdError);
    });

    it('verifies an identity against its own organization', async () => {
        const detector = await registry.get('CarrierMSP').enroll('sensor-7', { attributes: { 'coldtrace.role': 'detector' } });
        const info = registry.verify('CarrierMSP', detector.certificate);
        assert.equal(info.mspId, 'CarrierMSP');
        assert.equal(info.userId, 'sensor-7');
        assert.equal(info.attributes['coldtrace.role'], 'detector');
    });

    it("rejects a certificate presented under another organization's MSP ID", async () => {
        const carrier = await registry.get('CarrierMSP').enroll('mallory');
        assert.throws(
            () => registry.verify('RetailerMSP', carrier.certificate),
            (error: unknown) => {
                assert.ok(error instanceof UntrustedIdentityError);
                assert.equal(error.mspId, 'RetailerMSP');
                return true;
            },
        );
    });

    it('throws UnknownMspError for an MSP outside the network', async () => {
        const carrier = await registry.get('CarrierMSP').enroll('mallory');
        assert.throws(
            () => registry.get('NobodyMSP'),
            (error: unknown) => {
                assert.ok(error instanceof UnknownMspError);
                assert.equal(error.code, 'UNKNOWN_MSP');
                assert.match(error.message, /NobodyMSP.*ManufacturerMSP, CarrierMSP, RetailerMSP/);
                return true;
            },
        );
        assert.throws(() => registry.verify('NobodyMSP', carrier.certificate), UnknownMspError);
    });

    it('reopens the same CAs, so identities survive a restart', async () => {
        const before = await registry.get('ManufacturerMSP').enroll('alice');
        const reopened = await MspRegistry.openOrCreate(rootDir, ORGANIZATIONS);
        assert.equal(reopened.get('ManufacturerMSP').certificatePem, registry.get('ManufacturerMSP').certificatePem);
        assert.equal(reopened.verify('ManufacturerMSP', before.certificate).userId, 'alice');
    });

    it('adds a CA for an MSP that joins later without touching the others', async () => {
        const grown = await MspRegistry.openOrCreate(rootDir, [...ORGANIZATIONS, 'RegulatorMSP']);
        assert.deepEqual(grown.mspIds(), [...ORGANIZATIONS, 'RegulatorMSP']);
        assert.equal(grown.get('CarrierMSP').certificatePem, registry.get('CarrierMSP').certificatePem);
    });

    it('refuses an MSP ID that would name a directory outside rootDir, before creating anything', async () => {
        const emptyRoot = join(rootDir, 'fresh');
        await assert.rejects(MspRegistry.openOrCreate(emptyRoot, ['GoodMSP', '../EvilMSP']), InvalidMspIdError);
        await assert.rejects(readdir(emptyRoot), { code: 'ENOENT' });
    });

    it('revokes a certificate through a CRL signed by the CA, kept in crl.pem, which another registry on the same directory takes up', async () => {
        const alice = await registry.get('RetailerMSP').enroll('alice', { attributes: { 'coldtrace.role': 'retailer' } });
        const bob = await registry.get('RetailerMSP').enroll('bob');
        const other = await MspRegistry.openOrCreate(rootDir, ORGANIZATIONS);
        assert.equal((await other.verifyCurrent('RetailerMSP', alice.certificate)).attributes['coldtrace.role'], 'retailer');

        await registry.revoke('RetailerMSP', alice.certificate);
        assert.throws(
            () => registry.verify('RetailerMSP', alice.certificate),
            (error: unknown) => error instanceof UntrustedIdentityError && /of alice has been revoked \(the CRL of RetailerMSP\)/.test(error.message),
        );
        assert.equal(registry.verify('RetailerMSP', bob.certificate).userId, 'bob');
        assert.match(await readFile(join(rootDir, 'RetailerMSP', 'crl.pem'), 'utf8'), /^-----BEGIN X509 CRL-----/);
        await assert.rejects(other.verifyCurrent('RetailerMSP', alice.certificate), UntrustedIdentityError);

        // A second revocation keeps the first in the list; a reopened registry refuses both.
        await registry.revoke('RetailerMSP', bob.certificate);
        const reopened = await MspRegistry.openOrCreate(rootDir, ORGANIZATIONS);
        assert.throws(() => reopened.verify('RetailerMSP', alice.certificate), UntrustedIdentityError);
        assert.throws(() => reopened.verify('RetailerMSP', bob.certificate), UntrustedIdentityError);
    });

    it("refuses a CRL that its organization's CA did not sign", async () => {
        const alice = await registry.get('RetailerMSP').enroll('alice');
        const forged = await registry.get('CarrierMSP').revoke((await registry.get('CarrierMSP').enroll('x')).certificate);
        await assert.rejects(registry.get('RetailerMSP').setRevocationList(forged), /the CRL is not signed by RetailerMSP's CA/);
        await assert.rejects(registry.revoke('CarrierMSP', alice.certificate), UntrustedIdentityError);
    });
});
