import autocannon from 'autocannon';

/** What one load run measured. */
export interface LoadRunResult {
    requests: number;
    perSecond: number;
    p50: number;
    p97_5: number;
    p99: number;
    errors: number;
    non2xx: number;
}

export interface LoadRunOptions {
    url: string;
    connections: number;
    /** Stop after this many seconds, or after `amount` requests. */
    seconds?: number;
    amount?: number;
    method?: 'GET' | 'POST';
    token: string;
    /** The path of the next request (e.g. a different serial each time). */
    nextPath: () => string;
}

/**
 * Runs autocannon against a server in another process: `connections` clients, each sending its
 * next request as soon as the previous one answered.
 *
 * @example
 * const run = await loadRun({ url, connections: 8, seconds: 10, token, nextPath: () => `/api/v1/trace/${pick()}` });
 */
export async function loadRun(options: LoadRunOptions): Promise<LoadRunResult> {
    const result = await autocannon({
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
        requests: [
            {
                method: options.method ?? 'GET',
                headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
                setupRequest: (request) => ({ ...request, path: options.nextPath() }),
            },
        ],
    });
    return {
        requests: result.requests.total,
        // Completed requests over the run's real duration: autocannon's per-second average counts whole seconds only.
        perSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
        p50: result.latency.p50,
        p97_5: result.latency.p97_5,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
    };
}
