#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UserDirectory } from '../auth';
import { USER_ROLES, type UserRole } from '../contract';
import type { MemberInput } from '@coldtrace/chaincode/model';
import { parseCommandLine, runCommandLine } from './command-line';
import { machineClientCommand } from './machine-client-command';
import { keysCommand } from './keys-command';
import { revokeLedgerIdentity } from './ledger-identity-revocation';
import { admitOrganization } from './organization-admission';
import { serverConfigBeside } from './server-config';
import { telemetryTokenCommand } from './telemetry-token-command';

const USAGE = `usage: npm run admin -- <command> [--data DIR]

commands:
  user list                              list users (name, role, organization, demo)
  user add NAME --role ROLE [--org MSP] [--admin]
                                         add a user (of MSP, else the first organization in the role; --admin: a
                                         consortium administrator); the password is read from COLDTRACE_PASSWORD or asked for
  user passwd NAME                       set a user's password (same sources)
  user remove NAME                       remove a user; their tokens stop working at once and their ledger
                                         certificate is revoked (Fabric: by the organization's Fabric CA, its CRL
                                         put into the channel MSP; embedded: the MSP's CRL), so the peers refuse it
  org add MSP --role ROLE [--role ROLE2] [--name "Display name"] [--gln GLN] [--contact EMAIL|https://HOOK]
                                         with the server stopped: create the organization's CA and MSP in the
                                         embedded ledger and admit it (proposed and approved by a majority of the
                                         active members' administrators, whose CAs the data directory holds)
  client add --org MSP --role ROLE --scope SCOPE [--scope SCOPE2] [--label TEXT]
                                         register an OAuth 2.0 machine client (client credentials grant, POST
                                         /api/v1/oauth/token); scopes narrow the role: a transaction of the rules table
                                         (product:stock, also its bulk form), a family (shipment:*) or read; prints the
                                         client id and secret, the secret this once
  client list [--org MSP]                list machine clients (never their secrets)
  client remove ID                       remove a machine client: its tokens are refused at once
  telemetry-token issue --org MSP [--label TEXT] [--days N]
                                         issue a telemetry token for a carrier's forwarders (AWS IoT rule, SORACOM
                                         Beam/Funnel): they POST /api/v1/telemetry with it; printed this once
  telemetry-token list [--org MSP]       list telemetry tokens (never the tokens themselves)
  telemetry-token revoke ID              revoke a telemetry token: refused from then on
  keys encrypt                           with the server stopped: encrypt the CA keys and the wallet's user keys
                                         kept plain with COLDTRACE_KEY_PASSPHRASE (start the server with it after)

roles: ${USER_ROLES.join(', ')}`;

const ADMIN_OPTIONS = {
    data: { type: 'string' },
    role: { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
    org: { type: 'string' },
    name: { type: 'string' },
    gln: { type: 'string' },
    contact: { type: 'string' },
    label: { type: 'string' },
    days: { type: 'string' },
    admin: { type: 'boolean' },
    help: { type: 'boolean' },
} as const;

/** `npm run admin`: manages the people who may sign in to the API. */
async function main(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, ADMIN_OPTIONS, USAGE, { positionals: true });
    const dataDir = resolve(values.data ?? process.env.COLDTRACE_DATA ?? './data');
    const roles = values.role ?? [];
    const role = roles[0];
    const { org, name: displayName, gln, contact, label, days } = values;
    const admin = values.admin ?? false;
    const scopes = (values.scope ?? []).flatMap((scope) => scope.split(/[ ,]+/).filter(Boolean));
    const [noun, verb, name] = positionals;
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    if (noun === 'client') {
        return machineClientCommand(dataDir, verb, { org, role, scopes, label, clientId: name });
    }
    if (noun === 'telemetry-token') {
        return telemetryTokenCommand(dataDir, verb, { org, label, days, tokenId: name });
    }
    if (noun === 'keys') {
        return keysCommand(dataDir, verb);
    }
    if (noun === 'org' && verb === 'add') {
        if (!name || roles.length === 0) {
            throw new Error('org add needs an MSP ID and at least one --role');
        }
        const input = {
            mspId: name,
            roles,
            displayName: displayName ?? name,
            ...(gln ? { gln } : {}),
            ...(contact ? { contact: contact.startsWith('https://') ? { webhook: contact } : { email: contact } } : {}),
        } as MemberInput;
        const member = await admitOrganization(dataDir, input);
        console.log(`admitted ${JSON.stringify({ mspId: member.mspId, roles: member.roles, displayName: member.displayName, status: member.status })}`);
        console.log(`add its users with: COLDTRACE_PASSWORD=… npm run admin -- user add NAME --org ${member.mspId} --role ${member.roles[0]}`);
        return 0;
    }
    if (noun !== 'user' || !verb) {
        console.log(USAGE);
        return noun === undefined ? 0 : 2;
    }
    const users = UserDirectory.open(join(dataDir, 'users.json'));
    switch (verb) {
        case 'list':
            console.table(users.list());
            return 0;
        case 'add':
            if (!name || !role) {
                throw new Error('user add needs a NAME and --role');
            }
            if (!USER_ROLES.includes(role as UserRole)) {
                throw new Error(`--role must be one of ${USER_ROLES.join(', ')}`);
            }
            if (org && existsSync(join(dataDir, 'ledger', 'msp')) && !existsSync(join(dataDir, 'ledger', 'msp', org))) {
                throw new Error(`the embedded ledger in ${dataDir} has no organization ${org}; admit it first with: npm run admin -- org add ${org} --role ${role}`);
            }
            console.log(`added ${JSON.stringify(await users.add({ username: name, role: role as UserRole, org, admin, password: await password() }))}`);
            return 0;
        case 'passwd':
            await users.setPassword(required(name), await password());
            console.log(`password of ${name} changed`);
            return 0;
        case 'remove': {
            const username = required(name);
            users.remove(username);
            // The ledger setting (COLDTRACE_LEDGER, COLDTRACE_FABRIC_CONNECTION) is the server's own.
            const revokedIn = await revokeLedgerIdentity(serverConfigBeside(dataDir), username);
            console.log(`removed ${name}${revokedIn ? `; its ${revokedIn} certificate is revoked` : ' (it had no ledger certificate yet)'}`);
            return 0;
        }
        default:
            console.log(USAGE);
            return 2;
    }
}

function required(name: string | undefined): string {
    if (!name) {
        throw new Error('name the user');
    }
    return name;
}

async function password(): Promise<string> {
    if (process.env.COLDTRACE_PASSWORD) {
        return process.env.COLDTRACE_PASSWORD;
    }
    if (!process.stdin.isTTY) {
        throw new Error('set COLDTRACE_PASSWORD or run in a terminal to be asked for the password');
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
        return await prompt.question('password (at least 10 characters): ');
    } finally {
        prompt.close();
    }
}

runCommandLine('coldtrace-admin', () => main(process.argv.slice(2)));
