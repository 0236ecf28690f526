/**
 * Child process for crash tests: opens the fixture ledger in the given directory and commits
 * pairs of keys (one transaction writes both) until it is killed, printing the height after each
 * commit so the parent knows when to strike.
 */
import { parseArgs } from 'node:util';
import { openFixtureLedger } from './fixture-ledger';

async function run(dataDir: string, concurrency: number): Promise<void> {
    const { ledger } = await openFixtureLedger({ dataDir });
    const writer = await ledger.enroll('Org1MSP', 'writer');
    let next = 0;
    const worker = async () => {
        for (;;) {
            const id = `${process.pid}-${next++}`;
            await ledger.submit(writer, 'kv:pair', [id]);
            process.stdout.write(`height ${ledger.height}\n`);
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
}

const [dataDir, concurrency = '4'] = parseArgs({ allowPositionals: true }).positionals;
if (dataDir === undefined) {
    throw new Error('usage: crash-writer <dataDir> [concurrency]');
}
run(dataDir, Number(concurrency)).catch((error: Error) => {
    // Rethrown outside the promise chain: the writer dies with the stack and a non-zero status.
    setImmediate(() => {
        throw error;
    });
});
