import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FabricNetworkConfig } from '@coldtrace/ledger-client';
import { ManagedBlockchainStub, type StubNetwork } from './testing/managed-blockchain-stub';
import { runAmbCli } from './testing/run-amb-cli';

// The real AWS SDK (@aws-sdk/client-managedblockchain) against a local stub of the documented API:
// AWS itself cannot be reached from where this runs.
describe('npm run amb -- profile (AWS SDK against a local Managed Blockchain stub)', () => {
    const NETWORK = 'n-ABCDEFGHIJKLMNOPQRSTUVWXY0';
    const MEMBER = 'm-ZYXWVUTSRQPONMLKJIHGFEDCB1';
    const credentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_EC2_METADATA_DISABLED: 'true' };
    let dir: string;
    let tlsRoot: string;
    let stub: ManagedBlockchainStub | undefined;

    before(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-amb-'));
        tlsRoot = join(dir, 'managedblockchain-tls-chain.pem');
        writeFileSync(tlsRoot, '-----BEGIN CERTIFICATE-----\n(test)\n-----END CERTIFICATE-----\n');
    });
    afterEach(async () => {
        await stub?.close();
        stub = undefined;
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function profile(network: StubNetwork, extra: string[] = [], env: Record<string, string> = credentials) {
        await stub?.close();
        stub = await ManagedBlockchainStub.start(network);
        const args = ['profile', '--network-id', NETWORK, '--member-id', MEMBER, '--tls-root', tlsRoot, '--endpoint-url', stub.url, ...extra];
        return runAmbCli(args, env);
    }

    it("writes the member's first available peer, its CA and the ordering service as a coldtrace network description", async () => {
        const out = join(dir, 'amb.json');
        const nodes = [
            { id: 'nd-BBBB', status: 'AVAILABLE' },
            { id: 'nd-AAAA', status: 'CREATING' },
            { id: 'nd-CCCC', status: 'AVAILABLE' },
        ];
        const run = await profile({ networkId: NETWORK, memberId: MEMBER, nodes }, ['--out', out, '--channel', 'cold', '--region', 'us-east-1']);
        assert.equal(run.code, 0, run.stderr);
        const written = FabricNetworkConfig.parse(JSON.parse(readFileSync(out, 'utf8')));
        const host = (id: string) => `${id}.${MEMBER}.${NETWORK}`.toLowerCase();
        assert.deepEqual(written, {
            channel: 'cold',
            chaincode: 'coldtrace',
            fabricVersion: '2.2',
            orderer: { endpoint: `orderer.${NETWORK.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com:30001`, tlsCaCertPath: tlsRoot },
            organizations: {
                [MEMBER]: {
                    peer: { endpoint: `${host('nd-BBBB')}.managedblockchain.us-east-1.amazonaws.com:30003`, tlsCaCertPath: tlsRoot },
                    caEndpoint: `ca.${MEMBER.toLowerCase()}.${NETWORK.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com:30002`,
                },
            },
        });
        // Every call went through the SDK's SigV4 signing to the paths its serializers build.
        assert.deepEqual(
            stub!.requests.map((r) => `${r.method} ${r.url}`),
            [
                `GET /networks/${NETWORK}`,
                `GET /networks/${NETWORK}/members/${MEMBER}`,
                `GET /networks/${NETWORK}/nodes?memberId=${MEMBER}`,
                `GET /networks/${NETWORK}/nodes/nd-BBBB?memberId=${MEMBER}`,
            ],
        );
        assert.ok(
            stub!.requests.every(
                (r) => r.authorization.startsWith('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/') && r.authorization.includes('/us-east-1/managedblockchain/aws4_request'),
            ),
        );
    });

    it('prints the description on stdout without --out, with the default channel and chaincode coldtrace', async () => {
        const run = await profile({ networkId: NETWORK, memberId: MEMBER, nodes: [{ id: 'nd-AAAA', status: 'AVAILABLE' }] });
        assert.equal(run.code, 0, run.stderr);
        const printed = FabricNetworkConfig.parse(JSON.parse(run.stdout));
        assert.equal(printed.channel, 'coldtrace');
        assert.equal(printed.chaincode, 'coldtrace');
    });

    it('names the network that AWS does not know (404 ResourceNotFoundException) and the region', async () => {
        const run = await profile({ networkId: 'n-OTHER', memberId: MEMBER, nodes: [] });
        assert.equal(run.code, 1);
        assert.match(run.stderr, new RegExp(`Amazon Managed Blockchain has no network ${NETWORK} in region us-east-1 \\(GetNetwork: Network ${NETWORK} not found\\.\\)`));
    });

    it('names the member that AWS does not know', async () => {
        const run = await profile({ networkId: NETWORK, memberId: 'm-OTHER', nodes: [] });
        assert.equal(run.code, 1);
        assert.match(run.stderr, new RegExp(`no member ${MEMBER} of network ${NETWORK} in region us-east-1`));
    });

    it('says which IAM permission is missing on AccessDeniedException', async () => {
        const run = await profile({ networkId: NETWORK, memberId: MEMBER, nodes: [], denyAll: true });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /AWS denied managedblockchain:GetNetwork on network .*must allow managedblockchain:GetNetwork/);
    });

    it('refuses a member with no available peer node and lists the nodes it has', async () => {
        const run = await profile({
            networkId: NETWORK,
            memberId: MEMBER,
            nodes: [
                { id: 'nd-AAAA', status: 'CREATING' },
                { id: 'nd-BBBB', status: 'FAILED' },
            ],
        });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /has no AVAILABLE peer node \(nd-AAAA CREATING, nd-BBBB FAILED\)/);
        const none = await profile({ networkId: NETWORK, memberId: MEMBER, nodes: [] });
        assert.match(none.stderr, /has no AVAILABLE peer node \(it has none\)/);
    });

    it('refuses a member that is not AVAILABLE', async () => {
        const run = await profile({ networkId: NETWORK, memberId: MEMBER, memberStatus: 'CREATING', nodes: [] });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /is CREATING, not AVAILABLE/);
    });

    it('says how to give credentials when there are none', async () => {
        const run = await profile({ networkId: NETWORK, memberId: MEMBER, nodes: [] }, [], { AWS_EC2_METADATA_DISABLED: 'true' });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /no AWS credentials found for GetNetwork .*set AWS_PROFILE or AWS_ACCESS_KEY_ID/);
    });

    it('names missing flags and an unreadable TLS root before asking AWS anything', async () => {
        const missing = await runAmbCli(['profile', '--network-id', NETWORK], credentials);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /missing --member-id, --tls-root/);
        const unreadable = await runAmbCli(['profile', '--network-id', NETWORK, '--member-id', MEMBER, '--tls-root', join(dir, 'absent.pem')], credentials);
        assert.equal(unreadable.code, 1);
        assert.match(unreadable.stderr, /cannot read the TLS root .*absent\.pem.*managedblockchain-tls-chain\.pem/);
    });
});
