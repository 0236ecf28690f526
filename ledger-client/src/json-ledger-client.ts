import type { Ledger, LedgerIdentity, TransactionOptions } from './ledger';

/** Where a {@link JsonLedgerClient} reports each call's duration and outcome. */
export type LedgerCallObserver = (call: { fn: string; kind: 'submit' | 'evaluate'; outcome: 'ok' | 'error'; seconds: number }) => void;

/**
 * The backend's calls on the chaincode: JSON arguments in, parsed JSON out, each timed, and
 * submits counted while in flight so a shutdown can wait for them to commit.
 *
 * @example
 * const client = newJsonLedgerClient(ledger);
 * const trace = await client.evaluate<Trace>(identity, 'query:trace', [serial]);
 */
export interface JsonLedgerClient {
    readonly ledger: Ledger;
    /** Submits in flight now. */
    readonly pendingSubmits: number;
    submit<T>(
        identity: LedgerIdentity,
        fn: string,
        args: readonly unknown[],
        transient?: Record<string, string>,
        options?: Pick<TransactionOptions, 'endorsingOrganizations'>,
    ): Promise<T>;
    evaluate<T>(identity: LedgerIdentity, fn: string, args: readonly unknown[], options?: Pick<TransactionOptions, 'endorsingOrganizations'>): Promise<T>;
    /** Resolves when no submit is in flight, or after `timeoutMs`; true when drained. */
    drain(timeoutMs: number): Promise<boolean>;
}

/**
 * A {@link JsonLedgerClient} over `ledger`, reporting each call to `observe`.
 *
 * @example
 * const client = newJsonLedgerClient(ledger, ({ fn, seconds }) => histogram.observe({ fn }, seconds));
 */
export function newJsonLedgerClient(ledger: Ledger, observe?: LedgerCallObserver): JsonLedgerClient {
    return new TimedJsonLedgerClient(ledger, observe);
}

class TimedJsonLedgerClient implements JsonLedgerClient {
    #inFlight = 0;
    readonly #drained = new Set<() => void>();

    readonly #observe: LedgerCallObserver;

    constructor(
        readonly ledger: Ledger,
        observe: LedgerCallObserver = () => undefined,
    ) {
        this.#observe = observe;
    }

    /** Submits in flight now. */
    get pendingSubmits(): number {
        return this.#inFlight;
    }

    async submit<T>(
        identity: LedgerIdentity,
        fn: string,
        args: readonly unknown[],
        transient?: Record<string, string>,
        options: Pick<TransactionOptions, 'endorsingOrganizations'> = {},
    ): Promise<T> {
        this.#inFlight += 1;
        try {
            const result = await this.#timed(fn, 'submit', () => this.ledger.submit(identity, fn, wireArgs(args), { transient, ...options }));
            return fromWire(result.payload);
        } finally {
            this.#inFlight -= 1;
            if (this.#inFlight === 0) {
                this.#drained.forEach((resolve) => resolve());
            }
        }
    }

    async evaluate<T>(identity: LedgerIdentity, fn: string, args: readonly unknown[], options: Pick<TransactionOptions, 'endorsingOrganizations'> = {}): Promise<T> {
        return fromWire(await this.#timed(fn, 'evaluate', () => this.ledger.evaluate(identity, fn, wireArgs(args), options)));
    }

    /** Resolves when no submit is in flight, or after `timeoutMs`; true when drained. */
    drain(timeoutMs: number): Promise<boolean> {
        if (this.#inFlight === 0) {
            return Promise.resolve(true);
        }
        return new Promise((resolve) => {
            const done = (drained: boolean) => {
                clearTimeout(timer);
                this.#drained.delete(onDrained);
                resolve(drained);
            };
            const onDrained = () => done(true);
            const timer = setTimeout(() => done(false), timeoutMs);
            this.#drained.add(onDrained);
        });
    }

    async #timed<R>(fn: string, kind: 'submit' | 'evaluate', call: () => Promise<R>): Promise<R> {
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
            const result = await call();
            this.#observe({ fn, kind, outcome: 'ok', seconds: seconds() });
            return result;
        } catch (error) {
            this.#observe({ fn, kind, outcome: 'error', seconds: seconds() });
            throw error;
        }
    }
}

/** Arguments as the chaincode takes them: strings pass through, anything else becomes JSON. */
export function wireArgs(args: readonly unknown[]): string[] {
    return args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)));
}

/** A chaincode answer: JSON text, or nothing. */
export function fromWire<T>(bytes: Uint8Array): T {
    const text = Buffer.from(bytes).toString('utf8');
    return (text ? JSON.parse(text) : undefined) as T;
}
