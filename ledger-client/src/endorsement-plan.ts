import { type common, msp, peer } from '@hyperledger/fabric-protos';

/**
 * The organizations whose peers to ask for endorsements so that a chaincode's signature policy is
 * met, the caller's own first: what the Gateway plans from service discovery, done by the legacy
 * client itself where discovery is off. Asking every peer instead makes each one run every
 * transaction (a 2,000-serial step on five peers outlasts the peers' 30 s execution timeout on two
 * cores). Undefined where the policy is not a plain choice among organizations' roles (a channel
 * policy reference such as MAJORITY Endorsement, or principals by OU or identity): then every peer.
 *
 * @example
 * planEndorsers(envelope, 'RetailerMSP', ['ManufacturerMSP', 'RetailerMSP', 'AuditorMSP']); // ['RetailerMSP', 'ManufacturerMSP'] for OutOf(2, …)
 */
export function planEndorsers(policy: common.SignaturePolicyEnvelope, ownMspId: string, available: readonly string[]): string[] | undefined {
    const orgs: (string | undefined)[] = policy
        .getIdentitiesList()
        .map((principal) =>
            principal.getPrincipalClassification() === msp.MSPPrincipal.Classification.ROLE
                ? msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8()).getMspIdentifier()
                : undefined,
        );
    const plan = (rule: common.SignaturePolicy | undefined): Set<string> | undefined => {
        if (!rule) {
            return undefined;
        }
        if (rule.hasSignedBy()) {
            const org = orgs[rule.getSignedBy()];
            return org && available.includes(org) ? new Set([org]) : undefined;
        }
        const choice = rule.getNOutOf();
        if (!choice) {
            return undefined;
        }
        const options = choice
            .getRulesList()
            .map(plan)
            .filter((option): option is Set<string> => option !== undefined);
        // The caller's own organization first (it endorses anyway, like the Gateway's own peer), then the smallest.
        options.sort((a, b) => Number(b.has(ownMspId)) - Number(a.has(ownMspId)) || a.size - b.size);
        const chosen = new Set<string>();
        let met = 0;
        for (const option of options) {
            if (met === choice.getN()) {
                break;
            }
            // One organization's signature counts once: an option adding nobody new does not count.
            if ([...option].some((org) => !chosen.has(org))) {
                option.forEach((org) => chosen.add(org));
                met += 1;
            }
        }
        return met === choice.getN() ? chosen : undefined;
    };
    const chosen = plan(policy.getRule());
    return chosen && [...chosen];
}

/**
 * The signature policy of a chaincode definition, as `_lifecycle`'s QueryChaincodeDefinition returns
 * it; undefined for a reference to a channel policy.
 *
 * @example
 * const policy = definitionSignaturePolicy(await query('_lifecycle', 'QueryChaincodeDefinition', [args]));
 */
export function definitionSignaturePolicy(definition: Uint8Array): common.SignaturePolicyEnvelope | undefined {
    const result = peer.lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(definition);
    const application = peer.ApplicationPolicy.deserializeBinary(result.getValidationParameter_asU8());
    return application.hasSignaturePolicy() ? application.getSignaturePolicy() : undefined;
}

/**
 * The argument QueryChaincodeDefinition takes.
 *
 * @example
 * query('_lifecycle', 'QueryChaincodeDefinition', [definitionQuery('coldtrace')]);
 */
export function definitionQuery(chaincode: string): Buffer {
    const args = new peer.lifecycle.QueryChaincodeDefinitionArgs();
    args.setName(chaincode);
    return Buffer.from(args.serializeBinary());
}
