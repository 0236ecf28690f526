#!/usr/bin/env node
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedLedger } from '../embedded-ledger';
import { MspRegistry } from '../identity/msp-registry';

const USAGE = `usage: coldtrace-ledger <command> [--data DIR] [--chaincode DIR]

commands:
  verify   walk the hash chain and report the first tampered block
  info     print the height and whether the hash chain is intact`;

async function main(argv: string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: { data: { type: 'string', default: './data' }, chaincode: { type: 'string' }, help: { type: 'boolean' } },
            allowPositionals: true,
        });
    } catch (error) {
        console.error(`coldtrace-ledger: ${(error as Error).message}\n\n${USAGE}`);
        return 2;
    }
    const { values, positionals } = parsed;
    const [command, ...extra] = positionals;
    if (values.help || !command || !['verify', 'info'].includes(command) || extra.length > 0) {
        console.log(USAGE);
        return values.help || !command ? 0 : 2;
    }
    const chaincodePath = resolve(values.chaincode ?? resolve(__dirname, '../../../../chaincode'));
    const dataDir = resolve(values.data, 'ledger');
    // The network's members are the CAs in its data directory: founders and every organization admitted since.
    const organizations = MspRegistry.storedIn(join(dataDir, 'msp'));
    if (organizations.length === 0) {
        console.error(`coldtrace-ledger: no organization's CA in ${join(dataDir, 'msp')}; --data names the server's data directory`);
        return 2;
    }
    const ledger = await EmbeddedLedger.open({ dataDir, chaincodePath, organizations });
    try {
        if (command === 'verify') {
            const result = await ledger.verify();
            console.log(JSON.stringify(result, null, 2));
            return result.ok ? 0 : 1;
        }
        const result = await ledger.verify();
        console.log(`ledger at ${dataDir}: ${ledger.height} blocks, chain ${result.ok ? 'intact' : `broken at block ${result.firstInvalidBlock}`}`);
        return 0;
    } finally {
        await ledger.close();
    }
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: Error) => {
        console.error(`coldtrace-ledger: ${error.message}`);
        process.exitCode = 1;
    },
);
