import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';

/** Issues (or loads) the detector service identity of one carrier organization. */
export type DetectorIdentityOf = (carrierMspId: string) => Promise<LedgerIdentity>;

/**
 * The detector identities of every carrier this node acts for. The chaincode records an excursion
 * or a digest only from the detector of the shipment's own carrier, so each shipment is signed by
 * its carrier's detector, issued on first need. A node that cannot act for a carrier (its CA is not
 * here) simply does not watch that carrier's shipments: that carrier's own node does.
 *
 * @example
 * const detectors = new CarrierDetectors(ledger, reader, (mspId) => services.detector(mspId));
 * const identity = await detectors.of('Carrier2MSP'); // Carrier2MSP with coldtrace.role=detector
 */
export class CarrierDetectors {
    readonly #identities = new Map<string, Promise<LedgerIdentity | undefined>>();
    readonly #carriers = new Map<string, Promise<boolean>>();

    readonly #ledger: Ledger;
    readonly #issue: DetectorIdentityOf | undefined;

    constructor(
        ledger: Ledger,
        /** Reads members and follows events; the default carrier's detector in the all-in-one server. */
        readonly reader: LedgerIdentity,
        issue?: DetectorIdentityOf,
    ) {
        this.#ledger = ledger;
        this.#issue = issue;
    }

    /** The detector of `carrierMspId`, or undefined when this node cannot act for that organization. */
    of(carrierMspId: string): Promise<LedgerIdentity | undefined> {
        if (!this.#issue || carrierMspId === this.reader.mspId) {
            return Promise.resolve(carrierMspId === this.reader.mspId ? this.reader : undefined);
        }
        let identity = this.#identities.get(carrierMspId);
        if (!identity) {
            const issue = this.#issue;
            identity = issue(carrierMspId).catch(() => {
                // Not cached: the organization's CA may be added while the node runs (admin org add).
                this.#identities.delete(carrierMspId);
                return undefined;
            });
            this.#identities.set(carrierMspId, identity);
        }
        return identity;
    }

    /**
     * Those of `parties` whose member record holds the carrier role: only their detectors may read
     * the shipment as its carrier, and no detector certificate is issued to any other organization.
     */
    async carriersAmong(parties: readonly string[]): Promise<string[]> {
        const flags = await Promise.all(parties.map((mspId) => this.#isCarrier(mspId)));
        return parties.filter((_, i) => flags[i]);
    }

    #isCarrier(mspId: string): Promise<boolean> {
        let known = this.#carriers.get(mspId);
        if (!known) {
            known = this.#ledger
                .evaluate(this.reader, 'member:get', [mspId])
                .then((bytes) => (JSON.parse(Buffer.from(bytes).toString('utf8')) as { roles?: string[] }).roles?.includes('carrier') === true)
                .catch(() => {
                    this.#carriers.delete(mspId);
                    return false;
                });
            this.#carriers.set(mspId, known);
        }
        return known;
    }
}

/**
 * The detectors of this node's carriers, reading members as `reader`.
 *
 * @example
 * const detectors = newCarrierDetectors(ledger, carrierIdentity);
 */
export function newCarrierDetectors(ledger: Ledger, reader: LedgerIdentity, issue?: DetectorIdentityOf): CarrierDetectors {
    return new CarrierDetectors(ledger, reader, issue);
}
