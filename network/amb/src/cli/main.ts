#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ManagedBlockchainClient } from '@aws-sdk/client-managedblockchain';
import { ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { AmbError } from '../amb-error';
import { ambProfile } from '../amb-profile';
import { type CaConnection, certificateAttributes, enroll, register, writeWalletIdentity } from '../fabric-ca-enrollment';

const USAGE = `coldtrace on Amazon Managed Blockchain (Hyperledger Fabric 2.2)

  npm run amb -- profile --network-id n-… --member-id m-… --tls-root FILE [--region us-east-1]
                         [--channel coldtrace] [--chaincode coldtrace] [--out FILE] [--endpoint-url URL]
      Writes coldtrace's network description (the format of COLDTRACE_FABRIC_CONNECTION) for the
      member: its first AVAILABLE peer, its CA endpoint and the ordering service. Credentials and
      region come from the AWS SDK's usual chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, …).

  npm run amb -- enroll --ca-url https://HOST:PORT --tls-root FILE --user NAME --secret S --msp m-… --out WALLET
      Enrolls NAME with the member's Fabric CA; writes WALLET/NAME/{cert,key}.pem and WALLET/NAME.id.

  npm run amb -- register --ca-url https://HOST:PORT --tls-root FILE --wallet WALLET --registrar admin
                          --user NAME [--role ROLE] [--secret S] [--affiliation A]
      Registers NAME as the enrolled registrar and prints its secret; --role detector puts
      coldtrace.role=detector into its certificates (a carrier's detector service).

--tls-root: AMB's TLS chain of the region, managedblockchain-tls-chain.pem
  (aws s3 cp s3://REGION.managedblockchain/etc/managedblockchain-tls-chain.pem FILE); see docs/aws.md.
`;

const OPTIONS = {
    'network-id': { type: 'string' },
    'member-id': { type: 'string' },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
    channel: { type: 'string', default: 'coldtrace' },
    chaincode: { type: 'string', default: 'coldtrace' },
    out: { type: 'string' },
    'endpoint-url': { type: 'string' },
    'tls-root': { type: 'string' },
    'ca-url': { type: 'string' },
    'ca-name': { type: 'string' },
    user: { type: 'string' },
    secret: { type: 'string' },
    msp: { type: 'string' },
    wallet: { type: 'string' },
    registrar: { type: 'string' },
    role: { type: 'string' },
    affiliation: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {
    override name = 'UsageError';
}

/** The values of flags the command cannot run without, in the order named; a missing one is a {@link UsageError}. */
function required<const Names extends (keyof Flags)[]>(flags: Flags, ...names: Names): { [I in keyof Names]: string } {
    const missing = names.filter((name) => !flags[name]);
    if (missing.length > 0) {
        throw new UsageError(`missing ${missing.map((name) => `--${String(name)}`).join(', ')}`);
    }
    return names.map((name) => flags[name] as string) as { [I in keyof Names]: string };
}

function readTlsRoot(path: string): string {
    try {
        return readFileSync(path, 'utf8');
    } catch (error) {
        throw new AmbError(`cannot read the TLS root ${path}: ${(error as Error).message}; for AMB download managedblockchain-tls-chain.pem (docs/aws.md)`);
    }
}

function caConnection(flags: Flags): CaConnection {
    const [url, tlsRoot] = required(flags, 'ca-url', 'tls-root');
    // AMB reports the CA as host:port (CaEndpoint); the CA client needs the scheme.
    return { url: /^https?:\/\//.test(url) ? url : `https://${url}`, tlsRootPem: readTlsRoot(tlsRoot), caName: flags['ca-name'] };
}

async function profile(flags: Flags): Promise<void> {
    const [networkId, memberId, tlsRoot] = required(flags, 'network-id', 'member-id', 'tls-root');
    readTlsRoot(tlsRoot);
    const client = new ManagedBlockchainClient({ region: flags.region, endpoint: flags['endpoint-url'], maxAttempts: 2 });
    const config = await ambProfile(client, {
        networkId,
        memberId,
        region: flags.region,
        channel: flags.channel,
        chaincode: flags.chaincode,
        tlsRootPath: resolve(tlsRoot),
    });
    const text = `${JSON.stringify(config, null, 2)}\n`;
    if (flags.out) {
        writeFileSync(flags.out, text);
        process.stderr.write(`wrote ${flags.out}: member ${memberId}, peer ${config.organizations[memberId]?.peer.endpoint}\n`);
    } else {
        process.stdout.write(text);
    }
}

async function enrollCommand(flags: Flags): Promise<void> {
    const ca = caConnection(flags);
    const [user, secret, msp, out] = required(flags, 'user', 'secret', 'msp', 'out');
    const identity = await enroll(ca, user, secret, msp);
    const { certPath } = writeWalletIdentity(out, user, identity);
    const role = certificateAttributes(identity.certificatePem)[ROLE_ATTRIBUTE];
    process.stderr.write(`enrolled ${user} for ${msp}: ${certPath}${role ? ` (${ROLE_ATTRIBUTE} ${role})` : ''}\n`);
}

async function registerCommand(flags: Flags): Promise<void> {
    const ca = caConnection(flags);
    const [wallet, registrarName, user] = required(flags, 'wallet', 'registrar', 'user');
    let registrar: { mspId: string; credentials: { certificate: string; privateKey: string } };
    try {
        registrar = JSON.parse(readFileSync(resolve(wallet, `${registrarName}.id`), 'utf8'));
    } catch (error) {
        throw new AmbError(`cannot read the registrar ${registrarName} from ${wallet}: ${(error as Error).message}; enroll it first (npm run amb -- enroll …)`);
    }
    const secret = await register(
        ca,
        { name: registrarName, mspId: registrar.mspId, certificatePem: registrar.credentials.certificate, privateKeyPem: registrar.credentials.privateKey },
        { enrollmentID: user, enrollmentSecret: flags.secret, role: flags.role, affiliation: flags.affiliation },
    );
    process.stdout.write(`${secret}\n`);
}

const COMMANDS: Record<string, (flags: Flags) => Promise<void>> = { profile, enroll: enrollCommand, register: registerCommand };

async function main(argv: string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
    } catch (error) {
        process.stderr.write(`amb: ${(error as Error).message}\n\n${USAGE}`);
        return 2;
    }
    const [command] = parsed.positionals;
    if (parsed.values.help || !command) {
        process.stdout.write(USAGE);
        return parsed.values.help ? 0 : 2;
    }
    const run = COMMANDS[command];
    if (!run) {
        process.stderr.write(`amb: unknown command ${command} (profile, enroll, register)\n\n${USAGE}`);
        return 2;
    }
    try {
        await run(parsed.values);
        return 0;
    } catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(`amb ${command}: ${error.message}\n\n${USAGE}`);
            return 2;
        }
        process.stderr.write(`amb ${command}: ${error instanceof AmbError ? error.message : ((error as Error).stack ?? String(error))}\n`);
        return 1;
    }
}

void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
