import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ApiProblemError, ColdtraceClient, FOUNDING_MEMBERS } from '@coldtrace/api/contract';
import { ApiHarness } from './harness/api-harness';
import { assertProblem } from './harness/api-suite';
import { OidcTestProvider, providerKey } from './harness/oidc-test-provider';
import { present } from './harness/elements';

const ADMIN_CLI = resolve(__dirname, '../../api/dist/server/admin-cli.js');
const AUDIENCE = 'https://api.coldtrace.test';
const ROLE_CLAIM = 'coldtrace_role';

/**
 * The two ways besides local passwords: the retailer organization's people sign in with its OpenID
 * provider (a real one, oidc-provider, started here) and machine clients take tokens from the
 * client credentials grant, narrowed by scopes.
 */
describe('HTTP API: OpenID Connect sign-in and machine clients', function () {
    this.timeout(600_000);
    let provider: OidcTestProvider;
    let api: ApiHarness;
    let configDir: string;
    const client = (token?: string) => new ColdtraceClient({ baseUrl: api.url, token });

    before(async () => {
        provider = await OidcTestProvider.start({
            audience: AUDIENCE,
            roleClaim: ROLE_CLAIM,
            accounts: { alice: 'retailer' },
            serviceClient: { clientId: 'warehouse-sync', clientSecret: 'warehouse-sync-secret-at-the-provider', role: 'retailer' },
        });
        configDir = mkdtempSync(join(tmpdir(), 'coldtrace-oidc-'));
        const organizations = FOUNDING_MEMBERS.map((member) =>
            member.mspId === 'RetailerMSP' ? { ...member, oidc: { issuer: provider.issuer, clientId: 'coldtrace-web', audience: AUDIENCE, roleClaim: ROLE_CLAIM } } : member,
        );
        writeFileSync(join(configDir, 'organizations.json'), JSON.stringify(organizations));
        // Keys are fetched on every token, so the rotation below is seen at once (no timing).
        api = await ApiHarness.start({ env: { COLDTRACE_ORGANIZATIONS: join(configDir, 'organizations.json'), COLDTRACE_OIDC_KEY_CACHE: '0' } });
    });
    after(async () => {
        await api?.close();
        await provider?.close();
        rmSync(configDir, { recursive: true, force: true });
    });

    describe('OpenID Connect', () => {
        it('offers the organization’s provider on the sign-in page, from its discovery document', async () => {
            const [offered, ...others] = await client().call('signInProviders');
            assert.equal(others.length, 0);
            assert.deepEqual(offered, {
                org: 'RetailerMSP',
                label: 'Harbour Pharmacy',
                issuer: provider.issuer,
                authorizationEndpoint: `${provider.issuer}/auth`,
                clientId: 'coldtrace-web',
                scope: 'openid',
            });
        });

        it('accepts an access token the provider issued, as a user of its organization with the role its claim names', async () => {
            const token = await provider.serviceToken();
            assert.deepEqual(await client(token).call('me'), { username: 'warehouse-sync@RetailerMSP', role: 'retailer', org: 'RetailerMSP' });
            // It acts on the ledger with its own identity of the organization.
            assert.ok(Array.isArray((await client(token).call('listProducts')).items));
        });

        it('refuses tokens of another issuer, for another audience, expired, or without a role of the organization', async () => {
            const alice = { sub: 'alice', aud: AUDIENCE, [ROLE_CLAIM]: 'retailer' };
            assert.equal((await client(provider.sign(alice)).call('me')).username, 'alice@RetailerMSP');
            await assertProblem(
                api,
                () => client(provider.sign({ ...alice, iss: 'https://login.elsewhere.test' })).call('me'),
                401,
                'TOKEN_INVALID',
                /login\.elsewhere\.test are not accepted/,
            );
            await assertProblem(api, () => client(provider.sign(alice, providerKey())).call('me'), 401, 'TOKEN_INVALID', /does not publish/);
            await assertProblem(api, () => client(provider.sign({ ...alice, aud: 'https://another-api.test' })).call('me'), 401, 'TOKEN_INVALID', /aud/);
            const past = Math.floor(Date.now() / 1000) - 3600;
            await assertProblem(api, () => client(provider.sign({ ...alice, iat: past - 300, exp: past })).call('me'), 401, 'TOKEN_EXPIRED', /expired/);
            await assertProblem(api, () => client(provider.sign({ ...alice, [ROLE_CLAIM]: 'manufacturer' })).call('me'), 403, 'FORBIDDEN', /names no role of RetailerMSP/);
        });

        it('follows the provider’s key rotation without a restart: a rotated-out key is refused, the new one accepted', async () => {
            const alice = { sub: 'alice', aud: AUDIENCE, [ROLE_CLAIM]: 'retailer' };
            const before = provider.sign(alice);
            assert.equal((await client(before).call('me')).username, 'alice@RetailerMSP');
            await provider.rotate([providerKey()]);
            await assertProblem(api, () => client(before).call('me'), 401, 'TOKEN_INVALID', /does not publish \(rotated out\?\)/);
            assert.equal((await client(provider.sign(alice)).call('me')).username, 'alice@RetailerMSP');
        });

        it('refuses a code for an organization without a provider, and a code the provider never issued', async () => {
            const exchange = { code: 'not-a-code', codeVerifier: 'v'.repeat(43), redirectUri: `${api.url}/auth/callback` };
            await assertProblem(api, () => client().call('oidcSignIn', { body: { ...exchange, org: 'CarrierMSP' } }), 404, 'NOT_FOUND', /no OpenID provider/);
            await assertProblem(api, () => client().call('oidcSignIn', { body: { ...exchange, org: 'RetailerMSP' } }), 401, 'BAD_CREDENTIALS', /did not exchange the code/);
        });
    });

    describe('machine clients', () => {
        // The CLI reads the server's settings from the environment, as an operator's shell has them: removing a
        // client revokes its certificate on the ledger the server runs on.
        const admin = (args: string[]) =>
            promisify(execFile)(process.execPath, [ADMIN_CLI, 'client', ...args, '--data', api.dataDir], { env: { ...process.env, COLDTRACE_LEDGER: api.ledgerKind } });
        const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
            fetch(`${api.url}/api/v1/oauth/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
                body: new URLSearchParams(form),
            });
        let clientId: string;
        let clientSecret: string;

        before(async () => {
            const { stdout } = await admin([
                'add',
                '--org',
                'RetailerMSP',
                '--role',
                'retailer',
                '--scope',
                'product:stock',
                '--scope',
                'shipment:receive',
                '--label',
                'warehouse system',
            ]);
            clientId = present(/client_id:\s+(\S+)/.exec(stdout)?.[1], "a client_id in the command's output");
            clientSecret = present(/client_secret:\s+(\S+)/.exec(stdout)?.[1], "a client_secret in the command's output");
        });

        it('issues short-lived tokens for client_secret_basic and client_secret_post, and lists clients without secrets', async () => {
            const basic = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` });
            assert.equal(basic.status, 200);
            assert.equal(basic.headers.get('cache-control'), 'no-store');
            const granted = (await basic.json()) as { token_type: string; expires_in: number; scope: string };
            assert.deepEqual({ ...granted, access_token: undefined }, { access_token: undefined, token_type: 'Bearer', expires_in: 300, scope: 'product:stock shipment:receive' });
            const post = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'product:stock' });
            assert.equal(((await post.json()) as { scope: string }).scope, 'product:stock');
            const { stdout } = await admin(['list']);
            assert.match(stdout, new RegExp(clientId));
            assert.doesNotMatch(stdout, new RegExp(clientSecret));
        });

        it('refuses wrong secrets, scopes the client was not given, other grants, and a scope its role never has', async () => {
            const wrong = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong-secret' });
            assert.equal(wrong.status, 401);
            assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_client');
            const beyond = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'product:sell' });
            assert.deepEqual([beyond.status, ((await beyond.json()) as { error: string }).error], [400, 'invalid_scope']);
            const password = await tokenRequest({ grant_type: 'password', client_id: clientId, client_secret: clientSecret });
            assert.deepEqual([password.status, ((await password.json()) as { error: string }).error], [400, 'unsupported_grant_type']);
            await assert.rejects(
                admin(['add', '--org', 'RetailerMSP', '--role', 'retailer', '--scope', 'anomaly:recall']),
                /a retailer may never anomaly:recall \(manufacturer only\)/,
            );
        });

        it('lets a client call what its role allows only where a scope covers it (403 outside)', async () => {
            const answer = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
            const warehouse = client(((await answer.json()) as { access_token: string }).access_token);
            // Within scope, the chaincode decides: the serial does not exist.
            await assertProblem(api, () => warehouse.call('stockProduct', { params: { serial: 'NO-SUCH-SERIAL' } }), 404, 'NOT_FOUND');
            // product:stock covers its bulk form too: the chaincode, not the scope, refuses the unknown serial.
            const bulk = await warehouse.call('bulkStock', { body: { serials: ['NO-SUCH-SERIAL'] } }).catch((error: unknown) => error);
            assert.ok(bulk instanceof ApiProblemError);
            assert.doesNotMatch(bulk.detail, /scopes/);
            // The retailer role may sell and list; this client's scopes do not say so.
            await assertProblem(
                api,
                () => warehouse.call('sellProduct', { params: { serial: 'NO-SUCH-SERIAL' } }),
                403,
                'FORBIDDEN',
                /scopes \(product:stock shipment:receive\) do not cover product:sell/,
            );
            await assertProblem(api, () => warehouse.call('listProducts'), 403, 'FORBIDDEN', /do not cover product:list/);
            await assertProblem(api, () => warehouse.call('me'), 403, 'FORBIDDEN', /do not cover read/);
        });

        it('refuses a removed client’s tokens at once', async () => {
            const answer = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
            const warehouse = client(((await answer.json()) as { access_token: string }).access_token);
            await assertProblem(api, () => warehouse.call('stockProduct', { params: { serial: 'NO-SUCH-SERIAL' } }), 404, 'NOT_FOUND');
            const { stdout } = await admin(['remove', clientId]);
            assert.match(stdout, /tokens are refused from now on, and RetailerMSP's CRL lists its certificate/);
            await assertProblem(api, () => warehouse.call('stockProduct', { params: { serial: 'NO-SUCH-SERIAL' } }), 401, 'TOKEN_INVALID', /has been removed/);
            const again = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
            assert.equal(again.status, 401);
        });
    });
});
