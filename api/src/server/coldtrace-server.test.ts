import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserDirectory } from '../auth';
import { createLogger } from '../observability/logger';
import { startServer } from './coldtrace-server';
import { DEMO_PASSWORD, PUBLISHED_PASSWORDS, seedDemoUsers } from './demo-users';
import { readServerConfig } from './server-config';
import { ServerConfigError } from './server-config-error';

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
        await assert.rejects(
            startServer(config, { logger: createLogger('silent') }),
            /production mode refuses to start: the accounts manufacturer, carrier, retailer, auditor, retailer2, carrier2, manufacturer-admin, carrier-admin, retailer-admin, auditor-admin in .*users\.json sign in with a published demo password/,
        );
    });

    it('refuses production while any account signs in with a published demo password, naming each (issue 12, row 15)', async () => {
        const users = UserDirectory.open(join(dir, 'users.json'));
        await users.add({ username: 'alice', role: 'retailer', password: DEMO_PASSWORD });
        await users.add({ username: 'bob', role: 'carrier', password: PUBLISHED_PASSWORDS[1] ?? DEMO_PASSWORD });
        await users.add({ username: 'carol', role: 'auditor', password: 'a password of carol’s own' });
        const config = readServerConfig(['--data', dir, '--port', '0', '--no-telemetry'], { NODE_ENV: 'production' });
        await assert.rejects(startServer(config, { logger: createLogger('silent') }), (error: Error) => {
            assert.ok(error instanceof ServerConfigError, String(error));
            assert.match(error.message, /the accounts alice, bob in .* sign in with a published demo password; set new passwords \(npm run admin -- user passwd NAME\)/);
            assert.doesNotMatch(error.message, /carol/);
            return true;
        });
        await users.setPassword('alice', 'a password of alice’s own');
        users.remove('bob');
        const running = await startServer(config, { logger: createLogger('silent') });
        await running.shutdown();
    });

    it('keeps what holds keys, users and telemetry owner-only: files 0600, their directories 0700 (issue 12, row 15)', async () => {
        const data = join(dir, 'data');
        const config = readServerConfig(['--data', data, '--port', '0', '--mqtt-port', '0', '--no-demo'], {});
        const running = await startServer(config, { logger: createLogger('silent') });
        try {
            await running.context.users.add({ username: 'alice', role: 'retailer', password: 'correct horse battery' });
            await running.context.identities.of(running.context.users.find('alice')!);
            const mode = (path: string) => statSync(join(data, path)).mode & 0o777;
            for (const directory of ['.', 'wallet', 'secrets', 'telemetry', 'telemetry/ca', 'telemetry/claim', 'ledger']) {
                assert.equal(mode(directory).toString(8), '700', directory);
            }
            const secrets = ['users.json', 'wallet/alice.id.json', 'secrets/jwt.key', 'telemetry/telemetry.db', 'telemetry/ca/device-ca-key.pem', 'telemetry/claim/claim-key.pem'];
            for (const file of [...secrets, 'telemetry/telemetry.db-wal', 'telemetry/telemetry.db-shm'].filter((f) => existsSync(join(data, f)))) {
                assert.equal(mode(file).toString(8), '600', file);
            }
            assert.ok(secrets.every((file) => existsSync(join(data, file))));
            // And whatever else holds a key, an identity or telemetry, wherever it is (the embedded ledger's CA keys among them).
            const sweep = (relative: string): string[] =>
                readdirSync(join(data, relative), { withFileTypes: true }).flatMap((entry) => {
                    const path = join(relative, entry.name);
                    return entry.isDirectory() ? sweep(path) : /key|\.id\.json$|users\.json|telemetry\.db/.test(entry.name) && mode(path) & 0o077 ? [path] : [];
                });
            assert.deepEqual(sweep('.'), []);
        } finally {
            await running.shutdown();
        }
    });

    it('seeds one demo user per role, the second retailer’s and carrier’s, and an administrator per founding organization outside production, once', async () => {
        const config = readServerConfig(['--data', dir, '--port', '0'], {});
        const running = await startServer(config, { logger: createLogger('silent') });
        try {
            const users = running.context.users;
            assert.deepEqual(
                users
                    .list()
                    .map((u) => u.username)
                    .sort(),
                ['auditor', 'auditor-admin', 'carrier', 'carrier-admin', 'carrier2', 'manufacturer', 'manufacturer-admin', 'retailer', 'retailer-admin', 'retailer2'],
            );
            assert.deepEqual(await users.authenticate('carrier', DEMO_PASSWORD), { username: 'carrier', role: 'carrier', org: 'CarrierMSP' });
            assert.deepEqual(await users.authenticate('retailer2', DEMO_PASSWORD), { username: 'retailer2', role: 'retailer', org: 'Retailer2MSP' });
            assert.deepEqual(await users.authenticate('auditor-admin', DEMO_PASSWORD), { username: 'auditor-admin', role: 'auditor', org: 'AuditorMSP', admin: true });
            assert.deepEqual(await seedDemoUsers(users), []);
        } finally {
            await running.shutdown();
        }
    });
});
