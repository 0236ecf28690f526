import { readFileSync } from 'node:fs';

/** CPU time and memory of one process as /proc shows them at one moment. */
export interface ProcessSample {
    pid: number;
    /** User plus system CPU seconds since the process started. */
    cpuSeconds: number;
    atMs: number;
    rssMiB: number;
    /** The highest resident set size so far (VmHWM). */
    peakRssMiB: number;
}

/** What a process used between two samples. */
export interface ProcessUsage {
    /** Percent of one core: 200 means two cores busy all the time. */
    cpuPercent: number;
    rssMiB: number;
    peakRssMiB: number;
}

// Linux reports utime and stime in clock ticks; USER_HZ is 100 on every architecture Node runs on.
const TICKS_PER_SECOND = 100;

/**
 * Reads /proc/<pid>/stat and /proc/<pid>/status (Linux only).
 *
 * @example
 * const before = sampleProcess(server.pid);
 * // … load …
 * usageBetween(before, sampleProcess(server.pid)).cpuPercent; // 87.5
 */
export function sampleProcess(pid: number): ProcessSample {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted from its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { pid, cpuSeconds: ticks / TICKS_PER_SECOND, atMs: Date.now(), rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

export function usageBetween(before: ProcessSample, after: ProcessSample): ProcessUsage {
    const seconds = (after.atMs - before.atMs) / 1000;
    return {
        cpuPercent: seconds > 0 ? (100 * (after.cpuSeconds - before.cpuSeconds)) / seconds : 0,
        rssMiB: after.rssMiB,
        peakRssMiB: after.peakRssMiB,
    };
}

/**
 * Samples several processes that make up one service (e.g. PostgreSQL's postmaster and its backends);
 * a process that is gone already is left out.
 *
 * @example
 * const before = sampleGroup(pg.pids());
 * groupUsageBetween(before, sampleGroup(pg.pids())).cpuPercent; // 41.2
 */
export function sampleGroup(pids: readonly number[]): ProcessSample[] {
    return pids.flatMap((pid) => {
        try {
            return [sampleProcess(pid)];
        } catch {
            return [];
        }
    });
}

/** What a group used between two samples: CPU of the processes in both, memory of those in the later one, summed. */
export function groupUsageBetween(before: readonly ProcessSample[], after: readonly ProcessSample[]): ProcessUsage {
    const earlier = new Map(before.map((s) => [s.pid, s]));
    let cpuPercent = 0;
    for (const sample of after) {
        const first = earlier.get(sample.pid);
        cpuPercent += first ? usageBetween(first, sample).cpuPercent : 0;
    }
    return { cpuPercent, rssMiB: after.reduce((sum, s) => sum + s.rssMiB, 0), peakRssMiB: after.reduce((sum, s) => sum + s.peakRssMiB, 0) };
}
