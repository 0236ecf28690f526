import { readFileSync } from 'node:fs';

/** One entry of a Fabric collections_config.json, the fields the embedded peer enforces. */
export interface CollectionDefinition {
    name: string;
    policy: string;
    memberOnlyRead?: boolean;
    memberOnlyWrite?: boolean;
    blockToLive?: number;
}

/** Fabric's name prefix of every organization's implicit private data collection. */
export const IMPLICIT_COLLECTION_PREFIX = '_implicit_org_';

/** How a peer of `peerMsp` may use a collection, as Fabric derives it from the collection's definition. */
interface CollectionAccess {
    /** Organizations whose peers keep the values. */
    members: ReadonlySet<string>;
    /** When set, creators outside `members` may not read (memberOnlyRead). */
    memberOnlyRead: boolean;
    /** When set, creators outside `members` may not write (memberOnlyWrite). */
    memberOnlyWrite: boolean;
    /** Organizations one of whose peers must endorse a write (implicit collections: the owner), if the collection says. */
    endorsers?: ReadonlySet<string>;
}

/**
 * The private data collections of a chaincode: the explicit ones, read from the same
 * collections_config.json that is given to `peer lifecycle chaincode approveformyorg
 * --collections-config` on a real network (members are the MSP IDs the collection policy names,
 * `OR('A.member','B.member')`), and, as on Fabric 2.x, one implicit collection
 * `_implicit_org_<MSPID>` per organization of the network, which needs no configuration.
 *
 * The embedded ledger keeps every organization's private values in one store, so "which peer
 * answers" is simulated by the creator's organization: a proposal is simulated by a peer of the
 * creator's organization, which holds the values of the collections that organization is a member of.
 * An implicit collection, as Fabric generates it, is not memberOnlyRead/Write: any creator may
 * write it (the owner's peer must endorse), but only the owner's peers hold its values, so a
 * read anywhere else finds the hash without the value and fails as a Fabric peer does.
 *
 * @example
 * const collections = new CollectionConfig(definitions, (mspId) => registry.mspIds().includes(mspId));
 * collections.requireRead('coldtrace', '_implicit_org_RetailerMSP', 'CarrierMSP'); // ok: Fabric lets any creator try
 * collections.holds('_implicit_org_RetailerMSP', 'CarrierMSP'); // false: a Carrier peer has only the hashes
 */
export class CollectionConfig {
    readonly #explicit = new Map<string, CollectionAccess>();

    readonly #isKnownOrganization: (mspId: string) => boolean;

    constructor(definitions: CollectionDefinition[], isKnownOrganization: (mspId: string) => boolean = () => false) {
        this.#isKnownOrganization = isKnownOrganization;
        for (const definition of definitions) {
            const members = new Set([...definition.policy.matchAll(/'([^'.]+)\.(?:member|peer|client|admin)'/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]])));
            this.#explicit.set(definition.name, { members, memberOnlyRead: definition.memberOnlyRead ?? false, memberOnlyWrite: definition.memberOnlyWrite ?? false });
        }
    }

    /** The collections of a collections_config.json (none without a path) plus the implicit ones of the known organizations. */
    static load(path: string | undefined, isKnownOrganization?: (mspId: string) => boolean): CollectionConfig {
        return new CollectionConfig(path ? (JSON.parse(readFileSync(path, 'utf8')) as CollectionDefinition[]) : [], isKnownOrganization);
    }

    /** Throws the peer's error when the creator may not read the collection's private data. */
    requireRead(chaincode: string, collection: string, mspId: string): void {
        const access = this.#find(chaincode, collection);
        if (access.memberOnlyRead && !access.members.has(mspId)) {
            throw new Error(`tx creator does not have read access permission on privatedata in chaincodeName:${chaincode} collectionName: ${collection}`);
        }
    }

    /** Throws the peer's error when the creator may not write the collection's private data. */
    requireWrite(chaincode: string, collection: string, mspId: string): void {
        const access = this.#find(chaincode, collection);
        if (access.memberOnlyWrite && !access.members.has(mspId)) {
            throw new Error(`tx creator does not have write access permission on privatedata in chaincodeName:${chaincode} collectionName: ${collection}`);
        }
    }

    requireExists(chaincode: string, collection: string): void {
        this.#find(chaincode, collection);
    }

    /** Whether a peer of `peerMsp` keeps the collection's values (and not just their hashes). */
    holds(collection: string, peerMsp: string): boolean {
        return this.#access(collection)?.members.has(peerMsp) ?? false;
    }

    /** The organizations a peer must belong to in order to keep every one of these collections' values. */
    commonMembers(collections: readonly string[]): string[] {
        const sets = collections.map((collection) => this.#access(collection)?.members ?? new Set<string>());
        const [first = new Set<string>(), ...rest] = sets;
        return [...first].filter((mspId) => rest.every((set) => set.has(mspId)));
    }

    /** The organizations whose peers must endorse a write to the collection (an implicit collection's owner); none when the chaincode's policy decides. */
    requiredEndorsers(collection: string): string[] {
        return [...(this.#access(collection)?.endorsers ?? [])];
    }

    #find(chaincode: string, collection: string): CollectionAccess {
        const access = this.#access(collection);
        if (!access) {
            throw new Error(`collection ${collection} could not be found for chaincode ${chaincode}`);
        }
        return access;
    }

    #access(collection: string): CollectionAccess | undefined {
        const explicit = this.#explicit.get(collection);
        if (explicit) {
            return explicit;
        }
        const owner = implicitCollectionOwner(collection);
        if (owner && this.#isKnownOrganization(owner)) {
            const members = new Set([owner]);
            return { members, memberOnlyRead: false, memberOnlyWrite: false, endorsers: members };
        }
        return undefined;
    }
}

/** The MSP ID whose implicit collection this is, or undefined for any other name. */
export function implicitCollectionOwner(collection: string): string | undefined {
    return collection.startsWith(IMPLICIT_COLLECTION_PREFIX) && collection.length > IMPLICIT_COLLECTION_PREFIX.length
        ? collection.slice(IMPLICIT_COLLECTION_PREFIX.length)
        : undefined;
}
