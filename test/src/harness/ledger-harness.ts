import type { Ledger, LedgerIdentity } from '@coldtrace/api';

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
        return fromWire((await this.ledger.submit(this.identities[role], fn, wireArgs(args), { transient })).payload);
    }

    async evaluate<T = any>(role: Role, fn: string, args: unknown[]): Promise<T> {
        return fromWire(await this.ledger.evaluate(this.identities[role], fn, wireArgs(args)));
    }

    /** Number of committed blocks: unchanged after a refused proposal, on any Fabric ledger. */
    height(): Promise<number> {
        return this.ledger.height(this.identities.auditor);
    }

    async close(): Promise<void> {
        await this.ledger.close();
        await this.cleanup();
    }
}

/** Arguments as the chaincode takes them: strings pass through, anything else becomes JSON. */
function wireArgs(args: unknown[]): string[] {
    return args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)));
}

function fromWire(bytes: Uint8Array): any {
    const text = Buffer.from(bytes).toString('utf8');
    return text ? JSON.parse(text) : undefined;
}
