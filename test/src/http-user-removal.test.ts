import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { LedgerError } from '@coldtrace/ledger-client';
import { TEST_PASSWORD } from './harness/api-harness';
import { apiSuite } from './harness/api-suite';

const ADMIN_CLI = resolve(__dirname, '../../api/dist/server/admin-cli.js');

apiSuite("npm run admin -- user remove: the ledger refuses the removed user's certificate", (ctx) => {
    it('revokes the certificate the server signed with, while the server runs; the peers refuse it', async () => {
        const username = `leaver-${Date.now().toString(36)}`;
        const context = ctx.api.running.context;
        const user = await context.users.add({ username, role: 'retailer', password: TEST_PASSWORD });
        const identity = await context.identities.of(user);
        const ledger = context.ledger.ledger;
        await ledger.evaluate(identity, 'member:list', []);

        const { stdout } = await promisify(execFile)(process.execPath, [ADMIN_CLI, 'user', 'remove', username, '--data', ctx.api.dataDir], {
            env: { ...process.env, COLDTRACE_LEDGER: ctx.api.ledgerKind },
        });
        assert.match(stdout, new RegExp(`removed ${username}; its ${identity.mspId} certificate is revoked`));
        await assert.rejects(
            ledger.evaluate(identity, 'member:list', []),
            (error: unknown) => error instanceof LedgerError && /revoked|access denied|not valid/i.test(error.message),
        );
        await assert.rejects(ledger.submit(identity, 'member:list', []), (error: unknown) => error instanceof LedgerError && error.code === 'ACCESS_DENIED');
    });
});
