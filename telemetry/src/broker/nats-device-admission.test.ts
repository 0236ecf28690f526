import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNatsUsers } from './nats-config';
import { NatsAdmissionError, NatsDeviceAdmission } from './nats-device-admission';

describe('NatsDeviceAdmission', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coldtrace-nats-admission-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('says which directory is not one prepareNats laid out, and writes nothing', async () => {
        await assert.rejects(new NatsDeviceAdmission(dir).admit(['T-1']), (e: Error) => e instanceof NatsAdmissionError && e.message.includes('users.json'));
    });

    it('adds nothing and signals nobody when every device is listed already', async () => {
        await writeNatsUsers(dir, [
            { commonName: 'coldtrace-detector', kind: 'service' },
            { commonName: 'T-1', kind: 'device' },
        ]);
        assert.equal(await new NatsDeviceAdmission(dir).admit(['T-1', 'T-1']), 0);
    });

    it('keeps the new device in the users but refuses to pretend the server took it when no server runs here', async () => {
        await writeNatsUsers(dir, [{ commonName: 'coldtrace-detector', kind: 'service' }]);
        await assert.rejects(new NatsDeviceAdmission(dir).admit(['T-2']), (e: Error) => e instanceof NatsAdmissionError && /no nats-server pid/.test(e.message));
        const users = readFileSync(join(dir, 'users.conf'), 'utf8');
        assert.match(users, /CN=coldtrace-detector,OU=service/);
        assert.match(users, /CN=T-2,OU=device/);
    });
});
