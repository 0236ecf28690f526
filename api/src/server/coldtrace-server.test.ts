import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserDirectory } from '../auth';
import { createLogger } from '../observability/logger';
import { startServer } from './coldtrace-server';
import { DEMO_PASSWORD, seedDemoUsers } from './demo-users';
import { readServerConfig } from './server-config';

describe('startServer', function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-server-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses production while demo users with the published password exist', async () => {
        await seedDemoUsers(UserDirectory.open(join(dir, 'users.json')));
        const config = readServerConfig(['--data', dir, '--port', '0'], { NODE_ENV: 'production' });
        await assert.rejects(startServer(config, { logger: createLogger('silent') }), /production mode refuses to start while demo users/);
    });

    it('seeds one demo user per role outside production, once', async () => {
        const config = readServerConfig(['--data', dir, '--port', '0'], {});
        const running = await startServer(config, { logger: createLogger('silent') });
        try {
            const users = running.context.users;
            assert.deepEqual(users.list().map((u) => u.username).sort(), ['auditor', 'carrier', 'manufacturer', 'retailer']);
            assert.equal((await users.authenticate('carrier', DEMO_PASSWORD))?.org, 'CarrierMSP');
            assert.deepEqual(await seedDemoUsers(users), []);
        } finally {
            await running.shutdown();
        }
    });
});
