import { readFileSync } from 'node:fs';

/** One entry of a Fabric collections_config.json, the fields the embedded peer enforces. */
export interface CollectionDefinition {
    name: string;
    policy: string;
    memberOnlyRead?: boolean;
    memberOnlyWrite?: boolean;
    blockToLive?: number;
}

/**
 * The private data collections of a chaincode, read from the same collections_config.json that is
 * given to `peer lifecycle chaincode approveformyorg --collections-config` on a real network.
 * Members are the MSP IDs the collection policy names (`OR('A.member','B.member')`).
 *
 * @example
 * const collections = CollectionConfig.load('chaincode/collections_config.json');
 * collections.requireRead('orderTerms', 'CarrierMSP'); // throws: not a member
 */
export class CollectionConfig {
    private readonly members = new Map<string, { definition: CollectionDefinition; msps: Set<string> }>();

    constructor(definitions: CollectionDefinition[]) {
        for (const definition of definitions) {
            const msps = new Set([...definition.policy.matchAll(/'([^'.]+)\.(?:member|peer|client|admin)'/g)].map((m) => m[1]));
            this.members.set(definition.name, { definition, msps });
        }
    }

    static load(path: string | undefined): CollectionConfig {
        return new CollectionConfig(path ? (JSON.parse(readFileSync(path, 'utf8')) as CollectionDefinition[]) : []);
    }

    /** Throws the peer's error when the creator may not read the collection's private data. */
    requireRead(chaincode: string, collection: string, mspId: string): void {
        const entry = this.find(chaincode, collection);
        if (entry.definition.memberOnlyRead && !entry.msps.has(mspId)) {
            throw new Error(`tx creator does not have read access permission on privatedata in chaincodeName:${chaincode} collectionName: ${collection}`);
        }
    }

    /** Throws the peer's error when the creator may not write the collection's private data. */
    requireWrite(chaincode: string, collection: string, mspId: string): void {
        const entry = this.find(chaincode, collection);
        if (entry.definition.memberOnlyWrite && !entry.msps.has(mspId)) {
            throw new Error(`tx creator does not have write access permission on privatedata in chaincodeName:${chaincode} collectionName: ${collection}`);
        }
    }

    requireExists(chaincode: string, collection: string): void {
        this.find(chaincode, collection);
    }

    private find(chaincode: string, collection: string) {
        const entry = this.members.get(collection);
        if (!entry) {
            throw new Error(`collection ${collection} could not be found for chaincode ${chaincode}`);
        }
        return entry;
    }
}
