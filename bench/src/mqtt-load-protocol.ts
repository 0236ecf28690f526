/**
 * The simulated fleet's rhythm at speed 1 and the messages between the benchmark and its
 * load-generator processes (`child_process.fork` IPC).
 */

/** A reefer's telematics unit: always connected, one reading every 10 s. */
export const LIVE_INTERVAL_S = 10;
/** A battery logger wakes every 5 minutes, uploads what it measured, waits for the acks and sleeps. */
export const LOGGER_WAKE_S = 300;
/** A logger takes one reading a minute of event time. */
export const LOGGER_SAMPLE_S = 60;

/** Readings per second a fleet offers at `speed` (time compressed `speed` times). */
export function offeredPerSecond(live: number, loggers: number, speed: number): number {
    return speed * (live / LIVE_INTERVAL_S + loggers / LOGGER_SAMPLE_S);
}

/** TLS handshakes per second the loggers of a fleet need at `speed`. */
export function handshakesPerSecond(loggers: number, speed: number): number {
    return (speed * loggers) / LOGGER_WAKE_S;
}

/** One simulated device, as a worker reads it from its devices file. */
export interface LoadDevice {
    sensorId: string;
    certificatePem: string;
    privateKeyPem: string;
    live: boolean;
    /** Source address on the loopback (127.0.0.x), so connections spread over more ephemeral ports. */
    localAddress: string;
}

export type ToWorker =
    /** Readings start at `firstSeq` and `eventStartMs`, beyond what an earlier run on the same server sent. */
    | { type: 'init'; mqttUrl: string; caPem: string; devicesFile: string; eventStartMs: number; firstSeq: number; realClock?: boolean }
    | { type: 'connect-live' }
    | { type: 'speed'; speed: number }
    | { type: 'report' }
    | { type: 'stop' };

/** Cumulative counters of a worker, plus samples taken since its previous report. */
export interface WorkerCounters {
    /** Readings the devices measured (event time advanced). */
    generated: number;
    published: number;
    acked: number;
    handshakes: number;
    connectFailures: number;
    /** Logger wakes that found the previous upload still unfinished. */
    lateWakes: number;
    openConnections: number;
    /** Readings measured and not yet acknowledged. */
    backlog: number;
    /** Event time of the newest reading measured, epoch ms. */
    latestEventMs: number;
    /** Highest seq measured by any device. */
    latestSeq: number;
    ackLatencyMs: number[];
    handshakeMs: number[];
}

export type FromWorker =
    | { type: 'ready' }
    | { type: 'live-connected'; connected: number; failed: number; lastError?: string }
    | { type: 'counters'; counters: WorkerCounters }
    | { type: 'stopped' }
    | { type: 'error'; message: string };
