import type { webcrypto } from 'node:crypto';
import { bootstrapMembership, type EventSubscription, fromWire, type Ledger, type LedgerEvent, type LedgerIdentity, wireArgs } from '@coldtrace/ledger-client';
import { ADMIN_ATTRIBUTE, DETECTOR_ROLE, type MemberInput, orderTermsHolders, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';

/** The five kinds of caller the access rules distinguish. */
export const ROLES = ['manufacturer', 'carrier', 'detector', 'retailer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A second organization in the role, party to nothing the world builds unless a test makes it so:
 * the "unrelated" caller of the access rules. Only ledgers that hold such organizations have them
 * (the embedded one; a Fabric network once `network:add-org` admitted them).
 */
export const STRANGERS = ['manufacturer2', 'carrier2', 'detector2', 'retailer2'] as const;
export type Stranger = (typeof STRANGERS)[number];
export type Caller = Role | Stranger;

export const ROLE_ORG: Record<Caller, string> = {
    manufacturer: 'ManufacturerMSP',
    carrier: 'CarrierMSP',
    detector: 'CarrierMSP',
    retailer: 'RetailerMSP',
    auditor: 'AuditorMSP',
    manufacturer2: 'Manufacturer2MSP',
    carrier2: 'Carrier2MSP',
    detector2: 'Carrier2MSP',
    retailer2: 'Retailer2MSP',
};

/** The organizations behind the strangers, as the embedded harness records them beside the four founders. */
export const STRANGER_MEMBERS: readonly MemberInput[] = [
    { mspId: 'Manufacturer2MSP', roles: ['manufacturer'], displayName: 'Second Manufacturer' },
    { mspId: 'Carrier2MSP', roles: ['carrier'], displayName: 'Second Carrier' },
    { mspId: 'Retailer2MSP', roles: ['retailer'], displayName: 'Second Retailer' },
];

/**
 * The certificate attributes of a caller: detectors carry coldtrace.role=detector; the person of each
 * first organization is also its consortium administrator (coldtrace.admin=true), so the access matrix
 * sees membership motions succeed for every role; strangers are not administrators.
 */
export function harnessAttributes(caller: Caller): Record<string, string> {
    if (caller.startsWith('detector')) {
        return { [ROLE_ATTRIBUTE]: DETECTOR_ROLE };
    }
    return (ROLES as readonly string[]).includes(caller) ? { [ADMIN_ATTRIBUTE]: 'true' } : {};
}

/** The role a caller acts in: a stranger in the same role as its first-organization namesake. */
export function roleOf(caller: Caller): Role {
    return caller.replace(/2$/, '') as Role;
}

/**
 * A ledger as the cross-package suites drive it: one identity per role, JSON in and out, over the
 * backend's own {@link Ledger} interface, so the same suites run on the embedded ledger and on Fabric.
 * Refusals surface as the backend's LedgerError.
 *
 * @example
 * const { batchId } = await harness.submit('manufacturer', 'batch:create', [batch]);
 */
export class LedgerHarness {
    /**
     * Consortium administrators (coldtrace.admin=true) of the second organizations, where the harness
     * can issue them without an embedded ledger to enroll with (Fabric: from the organizations' CAs).
     */
    readonly strangerAdmins: LedgerIdentity[] = [];

    /**
     * Issues a certificate of an organization's CA for a public key whose private key is held
     * elsewhere (an HSM), where the harness holds the CAs (the embedded ledger's, Fabric's signing CAs).
     */
    certify?: (mspId: string, userId: string, publicKey: webcrypto.CryptoKey, attributes: Record<string, string>) => Promise<string>;

    readonly #identities: Record<Role, LedgerIdentity> & Partial<Record<Stranger, LedgerIdentity>>;
    readonly #cleanup: () => Promise<void>;

    constructor(
        readonly name: string,
        readonly ledger: Ledger,
        identities: Record<Role, LedgerIdentity> & Partial<Record<Stranger, LedgerIdentity>>,
        cleanup: () => Promise<void> = async () => undefined,
    ) {
        this.#identities = identities;
        this.#cleanup = cleanup;
    }

    /** Whether this ledger has the caller's organization (strangers: the embedded ledger only, for now). */
    has(caller: Caller): boolean {
        return this.#identities[caller] !== undefined;
    }

    /** The caller's ledger identity. */
    identity(caller: Caller): LedgerIdentity {
        const identity = this.#identities[caller];
        if (!identity) {
            throw new Error(`the ${this.name} ledger has no organization for ${caller}`);
        }
        return identity;
    }

    /** From now on, `caller` acts with `identity`, e.g. one whose key is in an HSM. */
    useIdentity(caller: Caller, identity: LedgerIdentity): void {
        this.#identities[caller] = identity;
    }

    /** Records the founding members once, as the server does on a fresh ledger. */
    async bootstrap(founders: readonly MemberInput[]): Promise<void> {
        await bootstrapMembership(this.ledger, this.identity('manufacturer'), founders);
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a scenario reads the JSON answer without declaring its shape; a caller that needs one passes T.
    async submit<T = any>(role: Caller, fn: string, args: unknown[], transient?: Record<string, string>): Promise<T> {
        // On Fabric the ledger answers once every organization's peer has the block (waitForAllPeers),
        // so the next step, often another organization's, never endorses on stale state.
        const result = await this.ledger.submit(this.identity(role), fn, wireArgs(args), { transient, endorsingOrganizations: this.#endorsersFor(role, fn, args, transient) });
        return fromWire(result.payload);
    }

    /** Evaluates on a peer of the caller's own organization, the one that holds its private data (as the API does). */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a scenario reads the JSON answer without declaring its shape; a caller that needs one passes T.
    async evaluate<T = any>(role: Caller, fn: string, args: unknown[]): Promise<T> {
        const identity = this.identity(role);
        return fromWire(await this.ledger.evaluate(identity, fn, wireArgs(args), { endorsingOrganizations: [identity.mspId] }));
    }

    /** As the API names them: an order placed with terms is endorsed by the peers of the two organizations that keep the price. */
    #endorsersFor(role: Caller, fn: string, args: unknown[], transient?: Record<string, string>): string[] | undefined {
        const order = args[0] as { manufacturer?: unknown } | undefined;
        if (fn !== 'order:place' || !transient || typeof order?.manufacturer !== 'string') {
            return undefined;
        }
        return orderTermsHolders({ retailer: this.identity(role).mspId, manufacturer: order.manufacturer });
    }

    subscribe(role: Role, listener: (event: LedgerEvent) => void, startBlock?: number): Promise<EventSubscription> {
        return this.ledger.subscribe(this.identity(role), listener, { startBlock });
    }

    /** Number of committed blocks, the highest any organization's peer has reached. */
    async height(): Promise<number> {
        return Math.max(...(await Promise.all(this.#organizationIdentities().map((identity) => this.ledger.height(identity)))));
    }

    /** One identity per organization: on Fabric each reaches its own organization's peer. */
    #organizationIdentities(): LedgerIdentity[] {
        const byOrg = new Map<string, LedgerIdentity>();
        for (const role of ROLES) {
            byOrg.set(this.#identities[role].mspId, this.#identities[role]);
        }
        return [...byOrg.values()];
    }

    async close(): Promise<void> {
        await this.ledger.close();
        await this.#cleanup();
    }
}
