'use strict';
// A plain-JavaScript contract (no decorators) used by the embedded ledger's own tests.
const { Contract } = require('fabric-contract-api');

class KvContract extends Contract {
    constructor() {
        super('kv');
    }

    async put(ctx, key, value) {
        await ctx.stub.putState(key, Buffer.from(value));
        ctx.stub.setEvent('Put', Buffer.from(JSON.stringify({ key, value })));
    }

    async get(ctx, key) {
        return Buffer.from(await ctx.stub.getState(key)).toString();
    }

    async del(ctx, key) {
        await ctx.stub.deleteState(key);
    }

    /** Writes, then reads the same key: Fabric returns the value committed before this transaction. */
    async putThenGet(ctx, key, value) {
        await ctx.stub.putState(key, Buffer.from(value));
        return Buffer.from(await ctx.stub.getState(key)).toString();
    }

    async increment(ctx, key) {
        const current = Number(Buffer.from(await ctx.stub.getState(key)).toString() || '0');
        await ctx.stub.putState(key, Buffer.from(String(current + 1)));
        return String(current + 1);
    }

    async range(ctx, startKey, endKey) {
        const keys = [];
        for await (const { key } of ctx.stub.getStateByRange(startKey, endKey)) {
            keys.push(key);
        }
        return JSON.stringify(keys);
    }

    /** Counts a range, then writes the count: a later insert into the range is a phantom. */
    async countInto(ctx, startKey, endKey, target) {
        let count = 0;
        for await (const entry of ctx.stub.getStateByRange(startKey, endKey)) {
            count += entry ? 1 : 0;
        }
        await ctx.stub.putState(target, Buffer.from(String(count)));
        return String(count);
    }

    async page(ctx, startKey, endKey, pageSize, bookmark) {
        const { iterator, metadata } = await ctx.stub.getStateByRangeWithPagination(startKey, endKey, Number(pageSize), bookmark);
        const keys = [];
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            keys.push(next.value.key);
        }
        await iterator.close();
        return JSON.stringify({ keys, bookmark: metadata.bookmark, count: metadata.fetchedRecordsCount });
    }

    async pageThenPut(ctx, key) {
        await this.page(ctx, '', '', '10', '');
        await ctx.stub.putState(key, Buffer.from('x'));
    }

    async putComposite(ctx, type, a, b) {
        await ctx.stub.putState(ctx.stub.createCompositeKey(type, [a, b]), Buffer.from(`${a}/${b}`));
    }

    async partial(ctx, type, a) {
        const keys = [];
        for await (const { key } of ctx.stub.getStateByPartialCompositeKey(type, a ? [a] : [])) {
            keys.push(ctx.stub.splitCompositeKey(key).attributes.join('/'));
        }
        return JSON.stringify(keys);
    }

    async history(ctx, key) {
        const versions = [];
        for await (const entry of ctx.stub.getHistoryForKey(key)) {
            versions.push({ txId: entry.txId, isDelete: entry.isDelete, value: Buffer.from(entry.value).toString() });
        }
        return JSON.stringify(versions);
    }

    async putPrivate(ctx, collection, key) {
        await ctx.stub.putPrivateData(collection, key, ctx.stub.getTransient().get('value'));
    }

    async putPrivateEach(ctx, collections, key) {
        for (const collection of collections.split(',')) {
            await ctx.stub.putPrivateData(collection, key, ctx.stub.getTransient().get('value'));
        }
    }

    async privateKeys(ctx, collection) {
        const keys = [];
        for await (const entry of ctx.stub.getPrivateDataByRange(collection, '', '')) {
            keys.push(entry.key);
        }
        return JSON.stringify(keys);
    }

    async getPrivate(ctx, collection, key) {
        return Buffer.from(await ctx.stub.getPrivateData(collection, key)).toString();
    }

    async getPrivateHash(ctx, collection, key) {
        return Buffer.from(await ctx.stub.getPrivateDataHash(collection, key)).toString('hex');
    }

    async whoAmI(ctx) {
        return JSON.stringify({ mspId: ctx.clientIdentity.getMSPID(), id: ctx.clientIdentity.getID(), role: ctx.clientIdentity.getAttributeValue('coldtrace.role') });
    }

    async txTime(ctx) {
        return ctx.stub.getDateTimestamp().toISOString();
    }

    /** Non-deterministic on purpose: every endorser writes a different value. */
    async random(ctx, key) {
        await ctx.stub.putState(key, Buffer.from(String(Math.random())));
    }

    async fail(ctx, message) {
        await ctx.stub.putState('never', Buffer.from('written'));
        throw new Error(message);
    }

    /** Writes two keys in one transaction, for crash tests: either both exist or neither. */
    async pair(ctx, id) {
        await ctx.stub.putState(`a:${id}`, Buffer.from(id));
        await ctx.stub.putState(`b:${id}`, Buffer.from(id));
    }
}

module.exports.contracts = [KvContract];
