import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clientUsername, MachineClientRegistry } from '../auth';
import { USER_ROLES, type UserRole } from '../contract';
import { revokeLedgerIdentity } from './ledger-identity-revocation';
import { serverConfigBeside } from './server-config';

/**
 * `npm run admin -- client add|list|remove`: the operator's side of machine clients, on the data
 * directory's clients.json (the running server sees changes on its next request). Answers the
 * process exit code.
 *
 * @example
 * await machineClientCommand('./data', 'add', { org: 'RetailerMSP', role: 'retailer', scopes: ['product:stock', 'shipment:receive'] });
 */
export async function machineClientCommand(
    dataDir: string,
    verb: string | undefined,
    options: { org?: string; role?: string; scopes: string[]; label?: string; clientId?: string },
): Promise<number> {
    const registry = MachineClientRegistry.open(join(dataDir, 'clients.json'));
    switch (verb) {
        case 'add': {
            if (!options.org || !options.role) {
                throw new Error('client add needs --org MSP, --role ROLE and at least one --scope');
            }
            if (!USER_ROLES.includes(options.role as UserRole)) {
                throw new Error(`--role must be one of ${USER_ROLES.join(', ')}`);
            }
            if (existsSync(join(dataDir, 'ledger', 'msp')) && !existsSync(join(dataDir, 'ledger', 'msp', options.org))) {
                throw new Error(`the embedded ledger in ${dataDir} has no organization ${options.org}`);
            }
            const added = registry.add({ org: options.org, role: options.role as UserRole, scopes: options.scopes, label: options.label });
            console.log(`added machine client ${added.clientId} of ${added.org} (${added.role}; scopes ${added.scopes.join(' ')})`);
            console.log(`client_id:     ${added.clientId}`);
            console.log(`client_secret: ${added.clientSecret}`);
            console.log('the secret is shown this once; only its hash is kept. Get a token with:');
            console.log(`  curl -u ${added.clientId}:SECRET -d grant_type=client_credentials http://localhost:3000/api/v1/oauth/token`);
            return 0;
        }
        case 'list':
            console.table(
                registry
                    .list()
                    .filter((client) => !options.org || client.org === options.org)
                    .map((client) => ({ ...client, scopes: client.scopes.join(' ') })),
            );
            return 0;
        case 'remove': {
            if (!options.clientId) {
                throw new Error('client remove needs the client id (npm run admin -- client list)');
            }
            const removed = registry.remove(options.clientId);
            // Its tokens are refused at once; its certificate is revoked too, so the ledger itself refuses it.
            const revokedIn = await revokeLedgerIdentity(serverConfigBeside(dataDir), clientUsername(removed.clientId));
            console.log(`removed machine client ${removed.clientId}; its tokens are refused from now on` + (revokedIn ? `, and ${revokedIn}'s CRL lists its certificate` : ''));
            return 0;
        }
        default:
            throw new Error('client takes add, list or remove (npm run admin -- --help)');
    }
}
