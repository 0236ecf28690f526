import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MachineClientRegistry } from './machine-client-registry';
import { UserDirectoryError } from './user-directory-error';

describe('MachineClientRegistry', () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-clients-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps only the secret’s hash, in a 0600 file, and authenticates with the secret', () => {
        const clients = MachineClientRegistry.open(join(dir, 'clients.json'));
        const added = clients.add({ org: 'RetailerMSP', role: 'retailer', scopes: ['product:stock', 'product:stock', 'read'], label: 'WMS' });
        assert.match(added.clientId, /^mc-[0-9a-f]{32}$/);
        assert.deepEqual(added.scopes, ['product:stock', 'read']);
        assert.equal(statSync(join(dir, 'clients.json')).mode & 0o777, 0o600);
        assert.doesNotMatch(readFileSync(join(dir, 'clients.json'), 'utf8'), new RegExp(added.clientSecret));
        assert.equal(clients.authenticate(added.clientId, added.clientSecret)?.org, 'RetailerMSP');
        assert.equal(clients.authenticate(added.clientId, 'wrong'), undefined);
        assert.equal(clients.authenticate('mc-unknown', added.clientSecret), undefined);
    });

    it('refuses clients without scopes or with scopes their role never has, and unknown removals', () => {
        const clients = MachineClientRegistry.open(join(dir, 'clients.json'));
        assert.throws(() => clients.add({ org: 'CarrierMSP', role: 'carrier', scopes: [] }), /at least one --scope/);
        assert.throws(() => clients.add({ org: 'CarrierMSP', role: 'carrier', scopes: ['shipment:pickup', 'product:sell'] }), /a carrier may never product:sell \(retailer only\)/);
        assert.throws(() => clients.remove('mc-none'), UserDirectoryError);
    });

    it('sees what the admin CLI wrote, and names a corrupt file', () => {
        const server = MachineClientRegistry.open(join(dir, 'clients.json'));
        const added = MachineClientRegistry.open(join(dir, 'clients.json')).add({ org: 'CarrierMSP', role: 'carrier', scopes: ['shipment:*'] });
        assert.equal(server.find(added.clientId)?.role, 'carrier');
        writeFileSync(join(dir, 'clients.json'), '{"clients": [{"clientId": 1}]}');
        assert.throws(() => server.list(), /not a valid machine client list/);
    });
});
