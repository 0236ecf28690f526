import type { ChaincodeStub } from 'fabric-shim-api';
import type { Page } from '../model/common';

/**
 * One page of composite-key attributes under a partial key, with the bookmark for the next page.
 * Fabric allows paginated queries in read-only transactions only.
 */
export async function pageOfKeys(stub: ChaincodeStub, objectType: string, attributes: string[], pageSize: number, bookmark: string): Promise<Page<string[]>> {
    const { iterator, metadata } = await stub.getStateByPartialCompositeKeyWithPagination(objectType, attributes, pageSize, bookmark);
    const items: string[][] = [];
    try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            items.push(stub.splitCompositeKey(next.value.key).attributes);
        }
    } finally {
        await iterator.close();
    }
    // The shim leaves metadata out when it is all defaults: an empty last page.
    return { items, bookmark: metadata?.bookmark ?? '', count: metadata?.fetchedRecordsCount ?? items.length };
}

/** The last attribute of each key: the id of the record an index entry points to. */
export function lastAttributes(page: Page<string[]>): Page<string> {
    return { ...page, items: page.items.map(lastAttribute) };
}

/**
 * The last attribute of one index key: the id it points to. Every index key has one; a key
 * without attributes means the state is corrupt, and that is refused loudly.
 *
 * @example
 * lastAttribute(['Org1MSP', 'open', 'B1']); // 'B1'
 */
export function lastAttribute(attributes: readonly string[]): string {
    return attributeAt(attributes, attributes.length - 1);
}

/**
 * One attribute of an index key by position. Each index writes its keys with a fixed number of
 * attributes; a key with fewer means the state is corrupt, and that is refused loudly.
 *
 * @example
 * attributeAt(['Org1MSP', 'open', 'B1'], 1); // 'open'
 */
export function attributeAt(attributes: readonly string[], index: number): string {
    const attribute = attributes[index];
    if (attribute === undefined) {
        throw new Error(`an index key has no attribute ${index}: ${JSON.stringify(attributes)}`);
    }
    return attribute;
}
