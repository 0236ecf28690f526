#!/usr/bin/env node
import { cpus, totalmem } from 'node:os';
import { measureApiLatency } from './api-latency';
import { measureCommissioning } from './commissioning';
import { measureLedgerLatency } from './ledger-latency';

/** `npm run bench [-- --ledger fabric] [--requests N]`: prints the results as a Markdown table row. */
async function main(argv: string[]): Promise<void> {
    const option = (name: string, fallback: string) => {
        const at = argv.indexOf(`--${name}`);
        return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
    };
    const ledger = option('ledger', 'embedded');
    if (ledger !== 'embedded' && ledger !== 'fabric') {
        throw new Error(`--ledger must be embedded or fabric, not ${ledger}`);
    }
    const requests = Number(option('requests', '200'));
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    const result = await measureApiLatency(ledger, requests, (line) => process.stderr.write(`\r${line}   `));
    process.stderr.write('\n');
    console.log('| ledger | requests | GET /trace p50 | p95 | p99 | POST inspect p50 | p95 | p99 |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const { trace: t, stateChange: s } = result;
    console.log(`| ${ledger} | ${requests} | ${t.p50} ms | ${t.p95} ms | ${t.p99} ms | ${s.p50} ms | ${s.p95} ms | ${s.p99} ms |`);
    const direct = await measureLedgerLatency(ledger, requests);
    console.log('\n| ledger (no HTTP) | calls | submit inspect p50 | p95 | p99 | evaluate trace p50 | p95 | p99 |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const { submit: u, evaluate: e } = direct;
    console.log(`| ${ledger} | ${requests} | ${u.p50} ms | ${u.p95} ms | ${u.p99} ms | ${e.p50} ms | ${e.p95} ms | ${e.p99} ms |`);
    const commissioned = await measureCommissioning(ledger, Number(option('serials', '10000')));
    console.log('\n| ledger | serials commissioned (POST /batches) | seconds | serials/s |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| ${ledger} | ${commissioned.serials} | ${commissioned.seconds} | ${commissioned.serialsPerSecond} |`);
}

main(process.argv.slice(2)).catch((error: Error) => {
    console.error(`bench: ${error.message}`);
    process.exitCode = 1;
});
