/** An order's price and currency, as the buyer placed them. */
export interface OrderTerms {
    unitPrice: string;
    currency: string;
}

/**
 * Every field named like a price or currency, and every value that is the order's price or
 * currency, anywhere in `value`: where the terms leaked. Field names and whole values, not
 * substrings, since random ids and timestamps may well contain "EUR" or "9.99".
 *
 * @example
 * assert.deepEqual(commercialTerms(carrierView, { unitPrice: '12.50', currency: 'EUR' }), []);
 */
export function commercialTerms(value: unknown, terms: OrderTerms, path = '$'): string[] {
    if (Array.isArray(value)) {
        return value.flatMap((item, i) => commercialTerms(item, terms, `${path}[${i}]`));
    }
    if (value !== null && typeof value === 'object') {
        return Object.entries(value).flatMap(([key, item]) => [...(/price|currency/i.test(key) ? [`${path}.${key}`] : []), ...commercialTerms(item, terms, `${path}.${key}`)]);
    }
    const leaked = value === terms.unitPrice || value === Number(terms.unitPrice) || value === terms.currency;
    return leaked ? [`${path} = ${String(value)}`] : [];
}
