import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that a summary needs. */
export interface CpuProfile {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
    startTime: number;
    endTime: number;
    samples?: number[];
    /** Microseconds from the previous sample (the first: from `startTime`). */
    timeDeltas?: number[];
}

/**
 * A part of the profile, in microseconds of the profiler's clock: CLOCK_MONOTONIC on Linux, the
 * same clock as `process.hrtime` in any process of the machine, so a benchmark can cut out one phase
 * of a server profiled since its start (`Number(process.hrtime.bigint() / 1000n)`).
 */
export interface ProfileWindow {
    fromUs: number;
    toUs: number;
}

/** A function or package and its share of the busy CPU time, in percent. */
export interface CpuShare {
    name: string;
    percent: number;
}

export interface CpuProfileSummary {
    /** Wall time the profile covers. */
    seconds: number;
    /** Percent of the samples in which the thread was not idle. */
    busyPercent: number;
    /** Shares of the busy time spent in the function (or package) itself, largest first. */
    selfByFunction: CpuShare[];
    selfByPackage: CpuShare[];
    /** Shares of the busy time with the function (or package) anywhere on the stack, largest first. */
    inclusiveByFunction: CpuShare[];
    inclusiveByPackage: CpuShare[];
}

const IDLE = '(idle)';

/**
 * Where a frame's code comes from: an npm package, a Node module (`node:tls`), a coldtrace
 * workspace folder (`telemetry/detector`), or V8's own pseudo-frames (`(garbage collector)`).
 */
export function packageOf(callFrame: { functionName: string; url: string }): string {
    const { url, functionName } = callFrame;
    if (!url) {
        return functionName.startsWith('(') ? functionName : '(native)';
    }
    const modules = url.lastIndexOf('/node_modules/');
    if (modules >= 0) {
        // split always answers at least one part: the default is never taken.
        const [scope = '', name] = url.slice(modules + '/node_modules/'.length).split('/');
        return scope.startsWith('@') ? `${scope}/${name}` : scope;
    }
    if (url.startsWith('node:')) {
        return `node:${
            url
                .slice('node:'.length)
                .split('/')
                .find((part) => part !== 'internal') ?? 'internal'
        }`;
    }
    // coldtrace's own compiled code: <workspace>/dist/<folder>/…
    const [, workspace, folder] = /([^/]+)\/dist\/([^/]+)(\/|\.js)/.exec(url) ?? [];
    return workspace !== undefined && folder !== undefined ? `${workspace}/${folder.replace(/\.js$/, '')}` : url.replace(/^.*\//, '');
}

function functionOf(callFrame: CpuProfile['nodes'][number]['callFrame']): string {
    if (!callFrame.url) {
        return callFrame.functionName || '(anonymous)';
    }
    return `${callFrame.functionName || '(anonymous)'} (${packageOf(callFrame)} ${callFrame.url.replace(/^.*\//, '')}:${callFrame.lineNumber + 1})`;
}

function shares(counts: Map<string, number>, total: number, top: number): CpuShare[] {
    return [...counts]
        .map(([name, n]) => ({ name, percent: total > 0 ? Math.round((1000 * n) / total) / 10 : 0 }))
        .sort((a, b) => b.percent - a.percent || a.name.localeCompare(b.name))
        .slice(0, top);
}

/**
 * Self and inclusive time of the `top` functions and packages of a profile, as shares of the
 * busy (non-idle) samples, of the whole profile or of a `window` of it; a frame recursing on the
 * stack counts once per sample.
 *
 * @example
 * const summary = summarizeCpuProfile(readCpuProfile(dir));
 * formatShares(summary.selfByPackage, 3); // "node:tls 35 %, aedes 20 %, better-sqlite3 12 %"
 */
export function summarizeCpuProfile(profile: CpuProfile, options: { top?: number; window?: ProfileWindow } = {}): CpuProfileSummary {
    const top = options.top ?? 10;
    const window = options.window;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) {
        for (const child of node.children ?? []) {
            parent.set(child, node.id);
        }
    }
    const hits = new Map<number, number>();
    if (profile.samples?.length) {
        if (window && profile.timeDeltas?.length !== profile.samples.length) {
            throw new Error('the profile has no sample times: it cannot be cut to a window');
        }
        let atUs = profile.startTime;
        profile.samples.forEach((id, i) => {
            atUs += profile.timeDeltas?.[i] ?? 0;
            if (!window || (atUs >= window.fromUs && atUs <= window.toUs)) {
                hits.set(id, (hits.get(id) ?? 0) + 1);
            }
        });
    } else if (window) {
        throw new Error('the profile has only hit counts: it cannot be cut to a window');
    } else {
        for (const node of profile.nodes) {
            hits.set(node.id, node.hitCount ?? 0);
        }
    }
    const tally = { selfFn: new Map<string, number>(), selfPkg: new Map<string, number>(), inclFn: new Map<string, number>(), inclPkg: new Map<string, number>() };
    const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
    let all = 0;
    let busy = 0;
    for (const [id, n] of hits) {
        const node = byId.get(id);
        if (!node || n === 0) {
            continue;
        }
        all += n;
        if (node.callFrame.functionName === IDLE) {
            continue;
        }
        busy += n;
        add(tally.selfFn, functionOf(node.callFrame), n);
        add(tally.selfPkg, packageOf(node.callFrame), n);
        const fns = new Set<string>();
        const pkgs = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
            const frame = byId.get(at)!.callFrame;
            if (frame.functionName !== '(root)') {
                fns.add(functionOf(frame));
                pkgs.add(packageOf(frame));
            }
        }
        fns.forEach((fn) => add(tally.inclFn, fn, n));
        pkgs.forEach((pkg) => add(tally.inclPkg, pkg, n));
    }
    return {
        seconds: window ? (Math.min(window.toUs, profile.endTime) - Math.max(window.fromUs, profile.startTime)) / 1e6 : (profile.endTime - profile.startTime) / 1e6,
        busyPercent: all > 0 ? Math.round((1000 * busy) / all) / 10 : 0,
        selfByFunction: shares(tally.selfFn, busy, top),
        selfByPackage: shares(tally.selfPkg, busy, top),
        inclusiveByFunction: shares(tally.inclFn, busy, top),
        inclusiveByPackage: shares(tally.inclPkg, busy, top),
    };
}

/**
 * The newest main-thread `.cpuprofile` in `dir`. Node writes one per process and thread on exit,
 * named `CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile`; the main thread is thread 0. The
 * server's worker threads (the telemetry store's checkpointer) write theirs too, and by name they
 * sort after the main thread's: a summary of one of them says nothing about the event loop.
 */
export function readCpuProfile(dir: string): CpuProfile {
    const newest = mainThreadProfiles(readdirSync(dir)).pop();
    if (!newest) {
        throw new Error(`no main-thread .cpuprofile in ${dir}: was the process started with --cpu-prof and did it exit normally?`);
    }
    return JSON.parse(readFileSync(join(dir, newest), 'utf8')) as CpuProfile;
}

/**
 * The main threads' profiles among `names`, oldest first.
 *
 * @example
 * mainThreadProfiles(['CPU.20261202.225948.31895.1.002.cpuprofile', 'CPU.20261202.225948.31895.0.001.cpuprofile']);
 * // ['CPU.20261202.225948.31895.0.001.cpuprofile']
 */
export function mainThreadProfiles(names: readonly string[]): string[] {
    return names.filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name)).sort();
}

/** `"node:tls 35 %, aedes 20 %"`: the first `count` shares for a table's notes. */
export function formatShares(list: readonly CpuShare[], count = 5): string {
    return list
        .slice(0, count)
        .map((share) => `${share.name} ${share.percent} %`)
        .join(', ');
}
