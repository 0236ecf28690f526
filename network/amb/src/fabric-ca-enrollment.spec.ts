import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { certificateAttributes } from './fabric-ca-enrollment';
import { LocalFabricCa } from './testing/fabric-ca-server';
import { runAmbCli } from './testing/run-amb-cli';

// fabric-ca-client 2.2 (the SDK generation of AMB's Fabric 2.2) against a real fabric-ca-server
// built by network/fabric/install-ca.sh; run by `npm run test:amb`, not `npm test`.
describe('npm run amb -- enroll / register against a real fabric-ca-server', function () {
    this.timeout(120_000);
    const MSP = 'm-TESTMEMBER0000000000000001';
    let ca: LocalFabricCa;
    let dir: string;
    let tlsRoot: string;
    let wallet: string;

    before(async () => {
        ca = await LocalFabricCa.start('adminpw');
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-amb-ca-'));
        tlsRoot = join(dir, 'tls-root.pem');
        writeFileSync(tlsRoot, ca.caCertPem);
        wallet = join(dir, 'wallet');
    });
    after(async () => {
        await ca?.stop();
        rmSync(dir, { recursive: true, force: true });
    });

    const caFlags = () => ['--ca-url', ca.url, '--tls-root', tlsRoot];

    it('enrolls the admin into a wallet (PEM files and a fabric-network 2.2 wallet entry)', async () => {
        const run = await runAmbCli(['enroll', ...caFlags(), '--user', 'admin', '--secret', 'adminpw', '--msp', MSP, '--out', wallet]);
        assert.equal(run.code, 0, run.stderr);
        const certificatePem = readFileSync(join(wallet, 'admin', 'cert.pem'), 'utf8');
        const certificate = new X509Certificate(certificatePem);
        assert.match(certificate.subject, /CN=admin/);
        assert.ok(certificate.checkIssued(new X509Certificate(ca.caCertPem)));
        assert.equal(statSync(join(wallet, 'admin', 'key.pem')).mode & 0o077, 0);
        const entry = JSON.parse(readFileSync(join(wallet, 'admin.id'), 'utf8'));
        assert.equal(entry.mspId, MSP);
        assert.equal(entry.type, 'X.509');
        assert.equal(entry.credentials.certificate, certificatePem);
        assert.match(entry.credentials.privateKey, /BEGIN PRIVATE KEY/);
    });

    it('registers a detector with its role attribute, which its enrolled certificate carries (and no MSP id)', async () => {
        const registered = await runAmbCli(['register', ...caFlags(), '--wallet', wallet, '--registrar', 'admin', '--user', 'detector-1', '--role', 'detector']);
        assert.equal(registered.code, 0, registered.stderr);
        const secret = registered.stdout.trim();
        assert.ok(secret.length > 0);
        const enrolled = await runAmbCli(['enroll', ...caFlags(), '--user', 'detector-1', '--secret', secret, '--msp', MSP, '--out', wallet]);
        assert.equal(enrolled.code, 0, enrolled.stderr);
        assert.match(enrolled.stderr, /enrolled detector-1 for m-TESTMEMBER0000000000000001: .*\(coldtrace\.role detector\)/);
        const certificatePem = readFileSync(join(wallet, 'detector-1', 'cert.pem'), 'utf8');
        const attributes = certificateAttributes(certificatePem);
        // The attribute the chaincode reads a service role from (ROLE_ATTRIBUTE).
        assert.equal(attributes[ROLE_ATTRIBUTE], 'detector');
        assert.equal(attributes['hf.EnrollmentID'], 'detector-1');
        assert.equal(attributes['hf.Type'], 'client');
        // The MSP id is the wallet's pairing, not the CA's: nothing in the certificate names it.
        const certificate = new X509Certificate(certificatePem);
        assert.ok(!`${certificate.subject}\n${certificate.issuer}\n${certificate.raw.toString('latin1')}`.includes(MSP));
        assert.equal(JSON.parse(readFileSync(join(wallet, 'detector-1.id'), 'utf8')).mspId, MSP);
    });

    it("reports the CA's refusal of a wrong secret and of an unknown registrar", async () => {
        const wrong = await runAmbCli(['enroll', ...caFlags(), '--user', 'admin', '--secret', 'wrong', '--msp', MSP, '--out', wallet]);
        assert.equal(wrong.code, 1);
        assert.match(wrong.stderr, new RegExp(`the Fabric CA at ${ca.url} refused to enroll admin: .*Authentication failure`));
        const noRegistrar = await runAmbCli(['register', ...caFlags(), '--wallet', wallet, '--registrar', 'nobody', '--user', 'u', '--role', 'detector']);
        assert.equal(noRegistrar.code, 1);
        assert.match(noRegistrar.stderr, /cannot read the registrar nobody .*enroll it first/);
    });

    it('refuses a CA whose TLS certificate is not under the given root', async () => {
        const otherRoot = join(dir, 'other-root.pem');
        writeFileSync(otherRoot, readFileSync(join(wallet, 'admin', 'cert.pem'), 'utf8'));
        const run = await runAmbCli(['enroll', '--ca-url', ca.url, '--tls-root', otherRoot, '--user', 'admin', '--secret', 'adminpw', '--msp', MSP, '--out', wallet]);
        assert.equal(run.code, 1);
        assert.match(run.stderr, /refused to enroll admin: .*(certificate|self.signed|issuer)/i);
    });
});
