/** The guard's bucket unless the server sets another (COLDTRACE_SENSOR_READINGS_PER_SECOND, COLDTRACE_SENSOR_READING_BURST). */
export const DEFAULT_SENSOR_FLOOD = { ratePerSecond: 200, burst: 2_000 } as const;

export interface FloodGuardOptions {
    /** Sustained readings per second a device may send; default 200 (a sensor reports about one a minute). */
    ratePerSecond?: number;
    /** Readings a device may send at once (an offline backlog, pipelined); default 2,000. */
    burst?: number;
    /** How often one device is flagged again while it keeps flooding; default one minute. */
    flagEveryMs?: number;
}

/** What the guard decided for one message. `flag` is set once per flag period while a device floods. */
export interface Admission {
    admitted: boolean;
    flag?: { sensorId: string; droppedSinceLastFlag: number };
}

/**
 * Admission control per device: a token bucket per sensor id. A device above its rate has its
 * readings refused (not acknowledged, so a well-behaved agent sends them again later) and is
 * flagged, while every other device goes on at full speed: a flood degrades one device, not the
 * pipeline. Neither aedes nor Mosquitto pushes back on a publisher, so this is coldtrace's own.
 *
 * @example
 * const guard = new FloodGuard({ ratePerSecond: 50, burst: 500 });
 * if (!guard.admit('T-1', Date.now()).admitted) return;
 */
export class FloodGuard {
    readonly #buckets = new Map<string, { tokens: number; atMs: number; dropped: number; flaggedAtMs: number }>();
    readonly #rate: number;
    readonly #burst: number;
    readonly #flagEveryMs: number;
    #throttled = 0;

    constructor(options: FloodGuardOptions = {}) {
        this.#rate = options.ratePerSecond ?? DEFAULT_SENSOR_FLOOD.ratePerSecond;
        this.#burst = options.burst ?? DEFAULT_SENSOR_FLOOD.burst;
        this.#flagEveryMs = options.flagEveryMs ?? 60_000;
    }

    admit(sensorId: string, nowMs: number): Admission {
        const bucket = this.#buckets.get(sensorId) ?? { tokens: this.#burst, atMs: nowMs, dropped: 0, flaggedAtMs: Number.NEGATIVE_INFINITY };
        bucket.tokens = Math.min(this.#burst, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * this.#rate);
        bucket.atMs = nowMs;
        this.#buckets.set(sensorId, bucket);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return { admitted: true };
        }
        bucket.dropped += 1;
        this.#throttled += 1;
        if (nowMs - bucket.flaggedAtMs < this.#flagEveryMs) {
            return { admitted: false };
        }
        bucket.flaggedAtMs = nowMs;
        const droppedSinceLastFlag = bucket.dropped;
        bucket.dropped = 0;
        return { admitted: false, flag: { sensorId, droppedSinceLastFlag } };
    }

    /** Messages refused since start, for metrics. */
    get throttled(): number {
        return this.#throttled;
    }
}
