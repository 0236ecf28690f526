/** The index entry every record (or party set) also gets, so auditors can list everything. */
export const EVERYONE = '*';

/** Index entries carry nothing but their key. */
export const INDEX_VALUE = Buffer.from([0]);

/** Where a record sits in the lists: which organizations see it, and in which state. */
export interface IndexPosition {
    parties: readonly string[];
    state: string;
}
