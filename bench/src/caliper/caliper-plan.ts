/** The three transactions Caliper drives, each by a workload module in bench/caliper-workloads/. */
export const CALIPER_WORKLOADS = {
    'floor-put': { module: 'floor-put.js', transaction: 'floor:put of a fresh key (coldtrace-floor)' },
    'coldtrace-write': { module: 'coldtrace-write.js', transaction: 'product:inspect of a fresh serial (coldtrace)' },
    'trace-read': { module: 'trace-read.js', transaction: 'query:trace of an inspected serial (coldtrace)' },
} as const;
export type CaliperWorkloadName = keyof typeof CALIPER_WORKLOADS;

/** How hard a round pushes: a fixed send rate, or a fixed number of transactions in flight (saturation). */
export type CaliperRate = { kind: 'fixed'; tps: number } | { kind: 'max'; inFlight: number };

export interface CaliperPlanOptions {
    /** Transactions per round. */
    txNumber: number;
    fixedTps: number;
    /** Transactions kept outstanding in the maximum-rate rounds. */
    maxInFlight: number;
    /** Caliper worker processes (each with its own gateway connection). */
    workers: number;
}

export const DEFAULT_CALIPER_PLAN: CaliperPlanOptions = { txNumber: 300, fixedTps: 20, maxInFlight: 16, workers: 1 };

/** One Caliper round: what it runs, how hard, and the slice of commissioned serials a write round consumes. */
export interface CaliperRound {
    label: string;
    workload: CaliperWorkloadName;
    rate: CaliperRate;
    txNumber: number;
    /** Write rounds only: where in the serials file their fresh serials start. */
    serialOffset?: number;
}

/** The rounds of one run and how many fresh serials the write rounds consume between them. */
export interface CaliperPlan {
    rounds: CaliperRound[];
    serialsNeeded: number;
}

/**
 * Every workload at the fixed rate, then every workload at saturation, the floor first in each so
 * that coldtrace's write meets the machine in the same state as the floor just did. Write rounds
 * get disjoint slices of the serials (never one serial twice); reads trace the serials the writes
 * inspected. Each write slice has a spare tenth because Caliper may start a few more than txNumber.
 *
 * @example
 * const { rounds, serialsNeeded } = caliperPlan(DEFAULT_CALIPER_PLAN);
 */
export function caliperPlan(options: CaliperPlanOptions): CaliperPlan {
    const rates: CaliperRate[] = [
        { kind: 'fixed', tps: options.fixedTps },
        { kind: 'max', inFlight: options.maxInFlight },
    ];
    const slice = Math.ceil((options.txNumber * 11) / 10) + options.workers;
    let serialsNeeded = 0;
    const rounds: CaliperRound[] = [];
    for (const rate of rates) {
        for (const workload of Object.keys(CALIPER_WORKLOADS) as CaliperWorkloadName[]) {
            const round: CaliperRound = { label: roundLabel(workload, rate), workload, rate, txNumber: options.txNumber };
            if (workload === 'coldtrace-write') {
                round.serialOffset = serialsNeeded;
                serialsNeeded += slice;
            }
            rounds.push(round);
        }
    }
    return { rounds, serialsNeeded };
}

/** `floor-put@20tps`, `coldtrace-write@max16`: the label Caliper prints in its table. */
export function roundLabel(workload: CaliperWorkloadName, rate: CaliperRate): string {
    return `${workload}@${rate.kind === 'fixed' ? `${rate.tps}tps` : `max${rate.inFlight}`}`;
}

/** What the workload modules are given besides the round's own arguments. */
export interface CaliperRunFiles {
    /** Directory holding the workload modules. */
    workloadDir: string;
    /** JSON array of the commissioned serials. */
    serialsPath: string;
    /** Distinguishes this run's floor keys from every earlier run's. */
    runTag: string;
    invoker: string;
}

/**
 * Caliper's benchmark configuration for a plan: one local worker set, a `fixed-rate` controller for
 * the fixed rounds and a `fixed-load` controller (a constant number of unfinished transactions)
 * for saturation.
 *
 * @example
 * writeFileSync('benchmark.json', JSON.stringify(caliperBenchmarkConfig(plan, DEFAULT_CALIPER_PLAN, files)));
 */
export function caliperBenchmarkConfig(plan: CaliperPlan, options: CaliperPlanOptions, files: CaliperRunFiles) {
    return {
        test: {
            name: 'coldtrace-caliper',
            description: "coldtrace's write and trace read against Fabric's floor put, driven by Caliper",
            workers: { number: options.workers },
            rounds: plan.rounds.map((round) => ({
                label: round.label,
                description: CALIPER_WORKLOADS[round.workload].transaction,
                txNumber: round.txNumber,
                rateControl:
                    round.rate.kind === 'fixed'
                        ? { type: 'fixed-rate', opts: { tps: round.rate.tps } }
                        : { type: 'fixed-load', opts: { transactionLoad: round.rate.inFlight, startTps: options.fixedTps } },
                workload: {
                    module: `${files.workloadDir}/${CALIPER_WORKLOADS[round.workload].module}`,
                    arguments: { invoker: files.invoker, serialsPath: files.serialsPath, serialOffset: round.serialOffset ?? 0, runTag: `${files.runTag}-${round.label}` },
                },
            })),
        },
    };
}
