import type { TransactionEnvelope } from '../client/transaction-envelope';
import { endorsementProblem } from '../chaincode/endorsement-plan';
import type { CollectionConfig } from '../state/collection-config';

/** Decides at commit whether a transaction carries the endorsements its channel requires. */
export interface EndorsementPolicy {
    /** Why the endorsements do not satisfy the policy, or undefined when they do. */
    problem(envelope: TransactionEnvelope): string | undefined;
}

/** What the channel's policy asks of a transaction. */
export interface EndorsementPolicyOptions {
    /** Distinct peers whose simulations must agree (the chaincode's policy: 2 peers by default). */
    requiredPeers: number;
    /** Private collections whose writes need their owners' endorsement. */
    collections: CollectionConfig;
}

/**
 * The committing peer's check of endorsements (Fabric's VSCC): enough distinct peers endorsed, and
 * every private collection written was endorsed as its own policy requires. The endorser refuses
 * such proposals before ordering too; this keeps a block from accepting one that got past it.
 *
 * @example
 * const policy = createEndorsementPolicy({ requiredPeers: 2, collections });
 * policy.problem(envelope); // undefined, or 'ENDORSEMENT_POLICY_FAILURE: …'
 */
export function createEndorsementPolicy(options: EndorsementPolicyOptions): EndorsementPolicy {
    return {
        problem({ transaction, privateWrites, request }) {
            const peers = new Set(transaction.endorsers).size;
            if (peers < options.requiredPeers) {
                return `ENDORSEMENT_POLICY_FAILURE: ${options.requiredPeers} peers must endorse; ${peers} did`;
            }
            return endorsementProblem(options.collections, [...new Set(privateWrites.map((write) => write.collection))], request);
        },
    };
}
