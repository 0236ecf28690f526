import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ColdtraceClient, type UserRole } from '@coldtrace/api/contract';
import { ApiHarness, TEST_PASSWORD } from './harness/api-harness';
import { assertProblem } from './harness/api-suite';
import { GTIN } from './harness/supply-chain-world';

const ADMIN_CLI = resolve(__dirname, '../../api/dist/server/admin-cli.js');
const ADMIN_ROLES = ['manufacturer', 'carrier', 'retailer', 'auditor'] as const satisfies readonly UserRole[];

/**
 * Joining over the API and with the admin CLI. Proposing creates the new organization's CA and MSP
 * on the embedded ledger at once; on Fabric that is network:add-org's channel update, so this suite
 * always runs on the embedded ledger, under test:fabric too. The server's default consortium is the
 * demo's six organizations: a majority is four approvals.
 */
describe('joining over the API and with the admin CLI (embedded ledger: new MSPs at runtime)', function () {
    this.timeout(600_000);
    let api: ApiHarness;
    const admins = new Map<UserRole, ColdtraceClient>();

    async function signIn(username: string): Promise<ColdtraceClient> {
        const client = new ColdtraceClient({ baseUrl: api.url });
        await client.login(username, TEST_PASSWORD);
        return client;
    }

    before(async () => {
        api = await ApiHarness.start({ ledger: 'embedded' });
        for (const role of ADMIN_ROLES) {
            await api.running.context.users.add({ username: `${role}-admin`, role, admin: true, password: TEST_PASSWORD });
            admins.set(role, await signIn(`${role}-admin`));
        }
    });
    after(() => api?.close());

    it('admits a proposed organization once a majority of the members’ administrators approved; its users act from then on', async () => {
        const proposal = { mspId: 'Retailer3MSP', roles: ['retailer' as const], displayName: 'Corner Pharmacy', gln: '9506000000008', contact: { email: 'ops@corner.example' } };
        await assertProblem(api, () => api.as('manufacturer').call('proposeOrganization', { body: proposal }), 403, 'FORBIDDEN', /administrator/);
        const proposed = await admins.get('manufacturer')!.call('proposeOrganization', { body: proposal });
        assert.equal(proposed.status, 'proposed');
        assert.deepEqual(
            (await api.as('carrier').call('listOrganizations', { query: { status: 'proposed' } })).map((m) => m.mspId),
            ['Retailer3MSP'],
        );
        assert.ok(
            (await api.as('carrier').call('listOrganizations')).some((m) => m.mspId === 'RetailerMSP'),
            'without status, every member',
        );

        await api.running.context.users.add({ username: 'corner', role: 'retailer', org: 'Retailer3MSP', password: TEST_PASSWORD });
        const corner = await signIn('corner');
        const order = { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' };
        for (const [i, role] of ADMIN_ROLES.entries()) {
            await assertProblem(api, () => corner.call('placeOrder', { body: order }), 403, 'FORBIDDEN', /Retailer3MSP is proposed and not yet admitted/);
            const motion = await admins.get(role)!.call('approveOrganization', { params: { mspId: 'Retailer3MSP' } });
            assert.deepEqual([motion.approvals.length, motion.required, motion.carried], [i + 1, 4, i === 3]);
            if (i === 1) {
                await assertProblem(
                    api,
                    () => admins.get(role)!.call('approveOrganization', { params: { mspId: 'Retailer3MSP' } }),
                    409,
                    'CONFLICT',
                    /approved to admit Retailer3MSP already/,
                );
                const [admit] = await api.as('retailer').call('listOrganizationMotions', { params: { mspId: 'Retailer3MSP' } });
                assert.deepEqual(admit?.approvals, ['CarrierMSP', 'ManufacturerMSP']);
            }
        }
        assert.equal((await api.as('auditor').call('getOrganization', { params: { mspId: 'Retailer3MSP' } })).status, 'active');
        const { orderId } = await corner.call('placeOrder', { body: order });
        await assertProblem(api, () => api.as('retailer').call('getOrder', { params: { orderId } }), 403, 'FORBIDDEN');
        assert.equal((await corner.call('getOrder', { params: { orderId } })).orderId, orderId);
    });

    it('refuses a bad proposal with a problem document and writes nothing', async () => {
        await assertProblem(
            api,
            () => admins.get('auditor')!.call('proposeOrganization', { body: { mspId: 'Bad MSP', roles: ['retailer'], displayName: 'x' } }),
            400,
            'VALIDATION_FAILED',
            /must be an MSP ID/,
        );
        await assertProblem(
            api,
            () => admins.get('auditor')!.call('approveOrganization', { params: { mspId: 'NobodyMSP' } }),
            404,
            'NOT_FOUND',
            /NobodyMSP is neither a member nor proposed/,
        );
        await assertProblem(api, () => admins.get('auditor')!.call('suspendOrganization', { params: { mspId: 'NobodyMSP' } }), 404, 'NOT_FOUND');
    });

    it('admits an organization with `admin org add` on the stopped server’s data directory; `user add --org` adds its user, who acts after the restart', async () => {
        const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
            promisify(execFile)(process.execPath, [ADMIN_CLI, ...args, '--data', api.dataDir], { env: { ...process.env, ...env } });
        await api.restart(async () => {
            const added = await run(['org', 'add', 'Carrier3MSP', '--role', 'carrier', '--name', 'Coastal Cold Freight', '--contact', 'https://hooks.coastal.example/coldtrace']);
            assert.match(added.stdout, /admitted .*"mspId":"Carrier3MSP".*"status":"active"/);
            await run(['user', 'add', 'coastal', '--org', 'Carrier3MSP', '--role', 'carrier'], { COLDTRACE_PASSWORD: TEST_PASSWORD });
            await assert.rejects(
                run(['user', 'add', 'ghost', '--org', 'Ghost9MSP', '--role', 'carrier'], { COLDTRACE_PASSWORD: TEST_PASSWORD }),
                /has no organization Ghost9MSP; admit it first/,
            );
            await assert.rejects(run(['org', 'add', 'Carrier3MSP', '--role', 'carrier']), /Carrier3MSP is a member already/);
        });
        const coastal = await signIn('coastal');
        const member = await coastal.call('getOrganization', { params: { mspId: 'Carrier3MSP' } });
        assert.deepEqual([member.status, member.displayName, member.contact?.webhook], ['active', 'Coastal Cold Freight', 'https://hooks.coastal.example/coldtrace']);
        assert.deepEqual((await coastal.call('listShipments')).items, [], 'it acts, party to nothing yet');
    });
});
