/** What one batch of concurrent submits measured. */
export interface ConcurrentRun {
    /** Wall time from the first call to the last answer. */
    seconds: number;
    /** Successful calls per second of wall time. */
    perSecond: number;
    /** Duration of each successful call, in milliseconds. */
    durationsMs: number[];
    errors: number;
    /** The first failure, to show why a level had errors. */
    firstError?: string;
}

/**
 * Runs `call` once for every input with `clients` callers at a time: each caller starts its next
 * call as soon as its previous one answered, as the load generator's connections do over HTTP.
 *
 * @example
 * const run = await runConcurrently(4, serials, (serial) => ledger.submit(me, 'product:inspect', [serial]));
 * console.log(run.perSecond, latencyStats(run.durationsMs).p50);
 */
export async function runConcurrently(clients: number, inputs: readonly string[], call: (input: string) => Promise<unknown>): Promise<ConcurrentRun> {
    const durationsMs: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    // One iterator shared by every caller: each takes the next input when it is free.
    const queue = inputs.values();
    const caller = async () => {
        for (const input of queue) {
            const started = process.hrtime.bigint();
            try {
                await call(input);
                durationsMs.push(Number(process.hrtime.bigint() - started) / 1e6);
            } catch (error) {
                errors++;
                firstError ??= (error as Error).message;
            }
        }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: Math.min(clients, inputs.length) }, caller));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, perSecond: durationsMs.length / seconds, durationsMs, errors, ...(firstError === undefined ? {} : { firstError }) };
}
