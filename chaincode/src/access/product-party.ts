import type { Product } from '../model/product';
import type { Relationship } from './rules-table';

/**
 * The party of a product each product relationship of the rules table names: the one place a
 * relationship to a product becomes an organization, so a step checks the relationship its rule
 * names and nothing else. A relationship without an entry here is a bug of this package.
 *
 * @example
 * productParty(product, 'productOwner'); // 'RetailerMSP' once the retailer received it
 */
export function productParty(product: Product, relationship: Relationship): string {
    const party = PRODUCT_PARTIES[relationship];
    if (!party) {
        throw new Error(`the rules table names ${relationship} for a product step, but no party of a product answers to it`);
    }
    return party(product);
}

const PRODUCT_PARTIES: Partial<Record<Relationship, (product: Product) => string>> = {
    productOwner: (product) => product.owner,
};
