import assert from 'node:assert/strict';
import { ColdtraceClient } from '@coldtrace/api/contract';
import jwt from 'jsonwebtoken';
import { TEST_PASSWORD } from './harness/api-harness';
import { apiSuite, assertProblem } from './harness/api-suite';

apiSuite('HTTP API: authentication', (ctx) => {
    const client = (token?: string) => new ColdtraceClient({ baseUrl: ctx.api.url, token });

    it('signs in with a password and answers who the user is', async () => {
        const session = await client().login('retailer', TEST_PASSWORD);
        assert.deepEqual(session.user, { username: 'retailer', role: 'retailer', org: 'RetailerMSP' });
        assert.ok(Date.parse(session.expiresAt) > Date.now());
        assert.deepEqual(await client(session.token).call('me'), session.user);
    });

    it('refuses wrong passwords and unknown users alike (401 BAD_CREDENTIALS)', async () => {
        await assertProblem(ctx.api, () => client().login('retailer', 'wrong-password'), 401, 'BAD_CREDENTIALS');
        await assertProblem(ctx.api, () => client().login('nobody', TEST_PASSWORD), 401, 'BAD_CREDENTIALS');
    });

    it('refuses requests without a token, with a tampered one and with an expired one', async () => {
        await assertProblem(ctx.api, () => client().call('listBatches'), 401, 'UNAUTHENTICATED', /sign in/);
        const token = ctx.api.tokens.get('manufacturer')!;
        const [header, payload, signature] = token.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'auditor', org: 'AuditorMSP' })).toString('base64url')}.${signature}`;
        await assertProblem(ctx.api, () => client(forged).call('listBatches'), 401, 'TOKEN_INVALID');
        await assertProblem(ctx.api, () => client('not-a-jwt').call('listBatches'), 401, 'TOKEN_INVALID');
        const otherKey = jwt.sign({ role: 'auditor', org: 'AuditorMSP' }, 'x'.repeat(48), { subject: 'auditor', issuer: 'coldtrace', expiresIn: 600 });
        await assertProblem(ctx.api, () => client(otherKey).call('listBatches'), 401, 'TOKEN_INVALID');
        const expiredAt = Math.floor(Date.now() / 1000) - 10;
        const key = require('node:fs').readFileSync(require('node:path').join(ctx.api.dataDir, 'secrets', 'jwt.key'), 'utf8').trim();
        const expired = jwt.sign({ role: 'manufacturer', org: 'ManufacturerMSP', exp: expiredAt }, key, { subject: 'manufacturer', issuer: 'coldtrace' });
        await assertProblem(ctx.api, () => client(expired).call('listBatches'), 401, 'TOKEN_EXPIRED', /expired/);
    });

    it('stops accepting the tokens of a removed user', async () => {
        await ctx.api.running.context.users.add({ username: 'temp-carrier', role: 'carrier', password: TEST_PASSWORD });
        const { token } = await client().login('temp-carrier', TEST_PASSWORD);
        assert.equal((await client(token).call('me')).username, 'temp-carrier');
        ctx.api.running.context.users.remove('temp-carrier');
        await assertProblem(ctx.api, () => client(token).call('me'), 401, 'TOKEN_INVALID', /no longer exists/);
    });

    it('limits sign-in attempts from one address (429)', async () => {
        let limited = false;
        for (let attempt = 0; attempt < 40 && !limited; attempt++) {
            try {
                await client().login('retailer', 'wrong-password');
            } catch (error) {
                limited = (error as { status?: number }).status === 429;
            }
        }
        assert.ok(limited, 'sign-in was never rate limited');
        await assertProblem(ctx.api, () => client().login('retailer', TEST_PASSWORD), 429, 'RATE_LIMITED');
    });
});
