/**
 * A failure point for crash tests: with COLDTRACE_LEDGER_FAILPOINT set to its name, the process
 * dies on the spot, as it would on a power cut between the block file and the state database.
 *
 * @example
 * blocks.append(stored);
 * crashHere('after-block-append');
 */
export function crashHere(name: string): void {
    if (process.env.COLDTRACE_LEDGER_FAILPOINT === name) {
        process.kill(process.pid, 'SIGKILL');
    }
}
