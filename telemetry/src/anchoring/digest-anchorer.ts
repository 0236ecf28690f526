import { type Ledger, LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import type { TelemetryEvent } from '../detector/telemetry-event';
import type { TelemetryStore, WindowDigest } from '../store/telemetry-store';

/**
 * Anchors the digest of every completed window on the ledger (`telemetry:anchorDigest`, written
 * once per window), as the carrier's detector identity, and marks it anchored in the store.
 *
 * @example
 * const anchorer = new DigestAnchorer({ store, ledger, identityFor, emit });
 * anchorer.start(30_000);
 */
export class DigestAnchorer {
    #timer: NodeJS.Timeout | undefined;
    #running: Promise<number> | undefined;
    anchored = 0;
    failures = 0;

    readonly #deps: {
        store: TelemetryStore;
        ledger: Ledger;
        /** The detector of the shipment's carrier: the chaincode takes excursions and digests only from it. */
        identityFor: (shipmentId: string) => Promise<LedgerIdentity>;
        emit: (event: TelemetryEvent) => void;
        /**
         * When the sensor was attached, if inside the window: the ledger only takes a window
         * that starts while the sensor is on the shipment, so the first window starts there.
         */
        attachedWithin?: (digest: WindowDigest) => number | undefined;
    };

    constructor(deps: {
        store: TelemetryStore;
        ledger: Ledger;
        /** The detector of the shipment's carrier: the chaincode takes excursions and digests only from it. */
        identityFor: (shipmentId: string) => Promise<LedgerIdentity>;
        emit: (event: TelemetryEvent) => void;
        /**
         * When the sensor was attached, if inside the window: the ledger only takes a window
         * that starts while the sensor is on the shipment, so the first window starts there.
         */
        attachedWithin?: (digest: WindowDigest) => number | undefined;
    }) {
        this.#deps = deps;
    }

    start(everyMs: number): void {
        this.#timer = setInterval(() => void this.anchorReady().catch(() => undefined), everyMs);
    }

    /** Anchors what is ready now; resolves with how many windows were anchored. */
    anchorReady(now = new Date()): Promise<number> {
        this.#running ??= this.#run(now).finally(() => (this.#running = undefined));
        return this.#running;
    }

    async stop(): Promise<void> {
        clearInterval(this.#timer);
        await this.#running?.catch(() => undefined);
    }

    async #run(now: Date): Promise<number> {
        let count = 0;
        for (const digest of await this.#deps.store.windowsReadyToAnchor(now)) {
            if (await this.#anchor(digest)) {
                count += 1;
            }
        }
        return count;
    }

    async #anchor(window: WindowDigest): Promise<boolean> {
        const attachedMs = this.#deps.attachedWithin?.(window);
        const digest = attachedMs && attachedMs > Date.parse(window.windowStart) ? { ...window, windowStart: new Date(attachedMs).toISOString() } : window;
        try {
            const { txId } = await this.#deps.ledger.submit(await this.#deps.identityFor(digest.shipmentId), 'telemetry:anchorDigest', [JSON.stringify(digest)]);
            await this.#deps.store.markAnchored(window, txId);
            this.anchored += 1;
            this.#deps.emit({ type: 'TelemetryAnchored', digest, txId, at: new Date().toISOString() });
            return true;
        } catch (error) {
            this.failures += 1;
            // Anchored before with other content: the stored readings changed since. Verify will say so.
            if (error instanceof LedgerError && error.code === 'CONFLICT') {
                await this.#deps.store.markAnchored(window, 'conflict');
            }
            return false;
        }
    }
}
