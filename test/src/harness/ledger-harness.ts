import { type EventSubscription, fromWire, type Ledger, type LedgerEvent, type LedgerIdentity, wireArgs } from '@coldtrace/api';

/** The five kinds of caller the access rules distinguish. */
export const ROLES = ['manufacturer', 'carrier', 'detector', 'retailer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ORG: Record<Role, string> = {
    manufacturer: 'ManufacturerMSP',
    carrier: 'CarrierMSP',
    detector: 'CarrierMSP',
    retailer: 'RetailerMSP',
    auditor: 'AuditorMSP',
};

/**
 * A ledger as the cross-package suites drive it: one identity per role, JSON in and out, over the
 * backend's own {@link Ledger} interface, so the same suites run on the embedded ledger and on Fabric.
 * Refusals surface as the backend's LedgerError.
 *
 * @example
 * const { batchId } = await harness.submit('manufacturer', 'batch:create', [batch]);
 */
export class LedgerHarness {
    constructor(
        readonly name: string,
        readonly ledger: Ledger,
        private readonly identities: Record<Role, LedgerIdentity>,
        private readonly cleanup: () => Promise<void> = async () => undefined,
    ) {}

    async submit<T = any>(role: Role, fn: string, args: unknown[], transient?: Record<string, string>): Promise<T> {
        // On Fabric the ledger answers once every organization's peer has the block (waitForAllPeers),
        // so the next step, often another organization's, never endorses on stale state.
        const result = await this.ledger.submit(this.identities[role], fn, wireArgs(args), { transient });
        return fromWire(result.payload);
    }

    async evaluate<T = any>(role: Role, fn: string, args: unknown[]): Promise<T> {
        return fromWire(await this.ledger.evaluate(this.identities[role], fn, wireArgs(args)));
    }

    subscribe(role: Role, listener: (event: LedgerEvent) => void, startBlock?: number): Promise<EventSubscription> {
        return this.ledger.subscribe(this.identities[role], listener, { startBlock });
    }

    /** Number of committed blocks, the highest any organization's peer has reached. */
    async height(): Promise<number> {
        return Math.max(...(await Promise.all(this.organizationIdentities().map((identity) => this.ledger.height(identity)))));
    }

    /** One identity per organization: on Fabric each reaches its own organization's peer. */
    private organizationIdentities(): LedgerIdentity[] {
        const byOrg = new Map<string, LedgerIdentity>();
        for (const role of ROLES) {
            byOrg.set(this.identities[role].mspId, this.identities[role]);
        }
        return [...byOrg.values()];
    }

    async close(): Promise<void> {
        await this.ledger.close();
        await this.cleanup();
    }
}
