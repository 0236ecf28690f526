import type { ChaincodeStub } from 'fabric-shim-api';
import type { Page } from '../model/common';
import { lastAttribute, lastAttributes, pageOfKeys } from './paged-keys';

const MEMBER_VALUE = Buffer.from([0]);

/**
 * Composite-key index `mbr~<group>` of (groupId, memberId): the serials of a batch, one key each, so
 * commissioning in chunks never rewrites the batch's list. `add` writes without reading, so
 * transactions adding the same member side by side never conflict.
 *
 * @example
 * await members.add('batchSerial', batchId, serial);
 * const page = await members.page('batchSerial', batchId, 500, '');
 */
export class MemberIndex {
    readonly #stub: ChaincodeStub;

    constructor(stub: ChaincodeStub) {
        this.#stub = stub;
    }

    async add(group: string, groupId: string, memberId: string): Promise<void> {
        await this.#stub.putState(this.#stub.createCompositeKey(`mbr~${group}`, [groupId, memberId]), MEMBER_VALUE);
    }

    /** Whether a member is in a group; reading one key, so it conflicts only with writes of that key. */
    async has(group: string, groupId: string, memberId: string): Promise<boolean> {
        const bytes = await this.#stub.getState(this.#stub.createCompositeKey(`mbr~${group}`, [groupId, memberId]));
        return Boolean(bytes && bytes.length > 0);
    }

    /**
     * Every member of a small group (the organizations that took custody of a batch's goods), in key
     * order. Not for the serials of a batch: those are read a page at a time.
     */
    async list(group: string, groupId: string): Promise<string[]> {
        const members: string[] = [];
        for await (const entry of this.#stub.getStateByPartialCompositeKey(`mbr~${group}`, [groupId])) {
            const { attributes } = this.#stub.splitCompositeKey(entry.key);
            members.push(lastAttribute(attributes));
        }
        return members;
    }

    async page(group: string, groupId: string, pageSize: number, bookmark: string): Promise<Page<string>> {
        return lastAttributes(await pageOfKeys(this.#stub, `mbr~${group}`, [groupId], pageSize, bookmark));
    }
}
