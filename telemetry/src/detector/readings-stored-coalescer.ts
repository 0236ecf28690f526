import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';
import type { StoredReading } from '../store/telemetry-store';
import type { TelemetryEvent } from './telemetry-event';

/** What one `ReadingsStored` says about a shipment: the span of reading times stored since the last one, and how many. */
interface PendingSpan {
    firstAt: string;
    lastAt: string;
    count: number;
    /** The two times parsed, so each reading's time is parsed once on the ingestion path. */
    firstMs: number;
    lastMs: number;
}

/** How long readings of a shipment gather before one `ReadingsStored` tells of them; default of {@link ReadingsStoredCoalescer}. */
const DEFAULT_EVERY_MS = 1_000;

/** Shipments whose parties are remembered; a carrier's node follows far fewer at once. */
const MAX_REMEMBERED_PARTIES = 10_000;

/**
 * Turns stored readings into a few `ReadingsStored` events: at most one per shipment every
 * `everyMs`, naming the earliest and newest reading time stored since the previous one, so a chart
 * fetches just those (a late reading older than what it shows is included). The event goes to the
 * shipment's parties, read from the shipment record as its carrier's detector (parties never change
 * after creation, so they are read once per shipment).
 *
 * @example
 * const coalescer = new ReadingsStoredCoalescer({ ledger, identityFor, emit });
 * coalescer.add(fresh); // after each group commit
 * await coalescer.flush(); // on stop, or in tests instead of waiting
 */
export class ReadingsStoredCoalescer {
    readonly #pending = new Map<string, PendingSpan>();
    readonly #parties = new Map<string, string[]>();
    #timer: NodeJS.Timeout | undefined;

    readonly #deps: {
        ledger: Ledger;
        identityFor: (shipmentId: string) => Promise<LedgerIdentity>;
        emit: (event: TelemetryEvent) => void;
        everyMs?: number;
        clock?: () => number;
    };

    constructor(deps: {
        ledger: Ledger;
        identityFor: (shipmentId: string) => Promise<LedgerIdentity>;
        emit: (event: TelemetryEvent) => void;
        everyMs?: number;
        clock?: () => number;
    }) {
        this.#deps = deps;
    }

    /** Notes readings just stored; the event follows within `everyMs`. */
    add(fresh: readonly StoredReading[]): void {
        for (const { shipmentId, ts } of fresh) {
            const ms = Date.parse(ts);
            const span = this.#pending.get(shipmentId);
            if (!span) {
                this.#pending.set(shipmentId, { firstAt: ts, lastAt: ts, count: 1, firstMs: ms, lastMs: ms });
                continue;
            }
            span.count += 1;
            if (ms < span.firstMs) {
                [span.firstAt, span.firstMs] = [ts, ms];
            }
            if (ms > span.lastMs) {
                [span.lastAt, span.lastMs] = [ts, ms];
            }
        }
        if (this.#pending.size > 0 && !this.#timer) {
            this.#timer = setTimeout(() => void this.flush(), this.#deps.everyMs ?? DEFAULT_EVERY_MS);
            this.#timer.unref();
        }
    }

    /** Emits one event per shipment with readings noted since the last flush. */
    async flush(): Promise<void> {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        const spans = [...this.#pending];
        this.#pending.clear();
        const at = new Date((this.#deps.clock ?? Date.now)()).toISOString();
        await Promise.all(
            spans.map(async ([shipmentId, span]) => {
                const parties = await this.#partiesOf(shipmentId).catch(() => undefined);
                // Without its parties nobody may be told; the chart still catches up on the next ledger event.
                if (parties) {
                    const { firstAt, lastAt, count } = span;
                    this.#deps.emit({ type: 'ReadingsStored', shipmentId, parties, firstAt, lastAt, count, at });
                }
            }),
        );
    }

    stop(): void {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#pending.clear();
    }

    async #partiesOf(shipmentId: string): Promise<string[]> {
        const known = this.#parties.get(shipmentId);
        if (known) {
            return known;
        }
        const record = await this.#deps.ledger.evaluate(await this.#deps.identityFor(shipmentId), 'shipment:get', [shipmentId]);
        const { parties } = JSON.parse(Buffer.from(record).toString('utf8')) as { parties: string[] };
        if (this.#parties.size >= MAX_REMEMBERED_PARTIES) {
            this.#parties.delete(this.#parties.keys().next().value!);
        }
        this.#parties.set(shipmentId, parties);
        return parties;
    }
}
