import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserDirectory } from './user-directory';
import { UserDirectoryError } from './user-directory-error';

describe('UserDirectory', () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-users-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('stores bcrypt hashes in a 0600 file and authenticates', async () => {
        const users = UserDirectory.open(join(dir, 'users.json'));
        assert.deepEqual(await users.add({ username: 'alice', role: 'retailer', password: 'correct horse' }), { username: 'alice', role: 'retailer', org: 'RetailerMSP' });
        assert.equal(statSync(join(dir, 'users.json')).mode & 0o777, 0o600);
        assert.equal((await users.authenticate('alice', 'correct horse'))?.org, 'RetailerMSP');
        assert.equal(await users.authenticate('alice', 'wrong horse'), undefined);
        assert.equal(await users.authenticate('bob', 'correct horse'), undefined);
        assert.doesNotMatch(JSON.stringify(users.list()), /correct horse/);
    });

    it('refuses duplicates, weak passwords, bad names and unknown users', async () => {
        const users = UserDirectory.open(join(dir, 'users.json'));
        await users.add({ username: 'alice', role: 'retailer', password: 'correct horse' });
        await assert.rejects(users.add({ username: 'alice', role: 'carrier', password: 'correct horse' }), UserDirectoryError);
        await assert.rejects(users.add({ username: 'bob', role: 'carrier', password: 'short' }), /at least 10/);
        await assert.rejects(users.add({ username: 'Bob Smith', role: 'carrier', password: 'correct horse' }));
        assert.throws(() => users.remove('nobody'), /no user nobody/);
    });

    it('sees what another process (npm run admin) wrote', async () => {
        const server = UserDirectory.open(join(dir, 'users.json'));
        const admin = UserDirectory.open(join(dir, 'users.json'));
        await admin.add({ username: 'carol', role: 'auditor', password: 'correct horse' });
        assert.equal(server.find('carol')?.org, 'AuditorMSP');
        admin.remove('carol');
        assert.equal(server.find('carol'), undefined);
    });

    it('names a corrupt file instead of starting with no users', () => {
        writeFileSync(join(dir, 'users.json'), '{"users": [{"username": 1}]}');
        assert.throws(() => UserDirectory.open(join(dir, 'users.json')), /not a valid user directory/);
    });
});
