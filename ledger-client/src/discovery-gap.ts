import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '@hyperledger/fabric-gateway';

/** Fabric's gRPC status code for an unreachable endpoint, which the Gateway also answers for a discovery gap. */
const GRPC_UNAVAILABLE = 14;

export interface DiscoveryGapOptions {
    /** Endorsements tried in all; default 4. */
    attempts?: number;
    /** The first pause; each next one is longer by as much (1 s, 2 s, 3 s by default). */
    pauseMs?: number;
}

/**
 * Whether an endorsement failed only because the Gateway's service discovery listed, at that moment,
 * no peer of an organization the endorsement policy needs.
 */
export function isDiscoveryGap(error: unknown): boolean {
    return (
        error instanceof GatewayError &&
        error.code === GRPC_UNAVAILABLE &&
        [error.message, ...error.details.map((detail) => detail.message)].some((message) => /failed to find any endorsing peers/i.test(message))
    );
}

/**
 * Endorses a proposal, and again after a growing pause while service discovery lists no peer of an
 * organization the policy needs. Gossip drops a peer whose alive messages came late (seen under load
 * on two cores: "failed to find any endorsing peers for org(s): ManufacturerMSP") and lists it again
 * a moment later. Nothing has been ordered yet, so endorsing the same proposal (the same transaction
 * id) again cannot write twice. Any other failure is thrown at once.
 *
 * @example
 * const transaction = await endorseAcrossDiscoveryGaps(contract.newProposal('batch:create', { arguments: [json] }));
 * await transaction.submit();
 */
export async function endorseAcrossDiscoveryGaps<T>(proposal: { endorse(): Promise<T> }, options: DiscoveryGapOptions = {}): Promise<T> {
    const attempts = options.attempts ?? 4;
    const pauseMs = options.pauseMs ?? 1_000;
    for (let attempt = 1; ; attempt += 1) {
        try {
            return await proposal.endorse();
        } catch (error) {
            if (attempt >= attempts || !isDiscoveryGap(error)) {
                throw error;
            }
            await sleep(pauseMs * attempt);
        }
    }
}
