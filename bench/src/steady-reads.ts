/** How many reads run before and during the measurement of a read at one client. */
export interface SteadyReadPlan {
    /** Untimed calls first: the JIT, the caches and the connection reach the state a running server is in. */
    warmUp: number;
    /** Timed calls after the warm-up. */
    samples: number;
}

/**
 * A read's latency in its steady state, one call at a time, cycling over the given keys (a read
 * changes nothing, so a key may be read again). A cold server's first few hundred calls cost
 * two to three times a warm one's (findings 20): timing those measures start-up, not the read.
 *
 * @example
 * const durations = await steadyReadDurations(serials, (serial) => client.trace(serial), { warmUp: 1000, samples: 1000 });
 */
export async function steadyReadDurations<K>(keys: readonly K[], read: (key: K) => Promise<unknown>, plan: SteadyReadPlan): Promise<number[]> {
    if (keys.length === 0) {
        throw new Error('steadyReadDurations needs at least one key to read');
    }
    const durations: number[] = [];
    for (let i = 0; i < plan.warmUp + plan.samples; i++) {
        const started = process.hrtime.bigint();
        await read(keys[i % keys.length]!);
        if (i >= plan.warmUp) {
            durations.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
    }
    return durations;
}

/** The latency benchmark's plan for trace reads. */
export const TRACE_READ_PLAN: SteadyReadPlan = { warmUp: 1000, samples: 1000 };
