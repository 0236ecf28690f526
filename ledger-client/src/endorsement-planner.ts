import { definitionSignaturePolicy, planEndorsers } from './endorsement-plan';
import type { LedgerIdentity } from './ledger';

/** How long a plan of endorsing organizations is kept before the chaincode definition is read again (a new member changes the policy). */
const PLAN_TTL_MS = 60_000;

/**
 * The organizations to name as endorsers of a caller's transactions, planned from the chaincode
 * definition's signature policy ({@link planEndorsers}) and kept a minute per organization. The
 * legacy client names them because it has no discovery; the Gateway backend because a Gateway
 * told nobody endorses on its own peer first and asks the others only once that simulation is
 * done (to learn what it touched), so two endorsements take twice as long as one: named, they run
 * side by side. Undefined when the definition cannot be read or its policy is not a plain choice
 * among organizations: then the backend plans as it would without.
 *
 * @example
 * const planner = new EndorsementPlanner((identity) => readDefinition(identity), ['ManufacturerMSP', 'RetailerMSP']);
 * await planner.plan(retailer); // ['RetailerMSP', 'ManufacturerMSP'] for OutOf(2, …)
 */
export class EndorsementPlanner {
    readonly #plans = new Map<string, { until: number; organizations: Promise<string[] | undefined> }>();

    readonly #readDefinition: (identity: LedgerIdentity) => Promise<Uint8Array>;
    readonly #available: readonly string[];

    constructor(readDefinition: (identity: LedgerIdentity) => Promise<Uint8Array>, available: readonly string[]) {
        this.#readDefinition = readDefinition;
        this.#available = available;
    }

    plan(identity: LedgerIdentity): Promise<string[] | undefined> {
        const cached = this.#plans.get(identity.mspId);
        if (cached && cached.until > Date.now()) {
            return cached.organizations;
        }
        const organizations = (async () => {
            try {
                const policy = definitionSignaturePolicy(await this.#readDefinition(identity));
                return policy && planEndorsers(policy, identity.mspId, this.#available);
            } catch {
                return undefined;
            }
        })();
        this.#plans.set(identity.mspId, { until: Date.now() + PLAN_TTL_MS, organizations });
        return organizations;
    }
}
