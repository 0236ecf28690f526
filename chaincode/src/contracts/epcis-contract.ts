import { Info, Returns, Transaction } from 'fabric-contract-api';
import { ColdtraceContract } from './coldtrace-contract';
import { InvalidArgumentError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { stamp } from '../lifecycle/record-stamp';
import { AnchorEpcisInput, type EpcisAnchor, type EpcisAnchorResult, EpcisEventHash, eventHashDigest } from '../model/epcis-anchor';

/**
 * Anchors of partners' EPCIS events: a node keeps the events it captured off chain and writes
 * their GS1 event hashes here, so any member can later prove an event was not altered since.
 * Each hash is its own key (no hot key); anchoring is idempotent per hash.
 *
 * @example
 * // submit epcis:anchor '{"captureId":"C1","hashes":["ni:///sha-256;…?ver=CBV2.0"]}'
 * // evaluate epcis:getAnchor 'ni:///sha-256;…?ver=CBV2.0'
 */
@Info({ title: 'epcis', description: 'GS1 event hashes of EPCIS events captured off chain' })
export class EpcisContract extends ColdtraceContract {
    constructor() {
        super('epcis');
    }

    /** Anchors a capture job's hashes for the calling organization; hashes anchored before stay as they were. */
    @Transaction()
    @Returns('string')
    async anchor(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        const input = parseInput(AnchorEpcisInput, inputJson, 'EPCIS anchor');
        const result: EpcisAnchorResult = { anchored: [], alreadyAnchored: [] };
        // Sorted and deduplicated, so every endorser reads and writes the same keys in the same order.
        for (const hash of [...new Set(input.hashes)].sort()) {
            const key = [eventHashDigest(hash)];
            if (await ctx.store.exists('epcisAnchor', key)) {
                result.alreadyAnchored.push(hash);
                continue;
            }
            const anchor: EpcisAnchor = { docType: 'epcisAnchor', hash, org: ctx.caller.org, captureId: input.captureId, anchoredAt: ctx.now, ...stamp(ctx) };
            await ctx.store.put('epcisAnchor', key, anchor);
            result.anchored.push(hash);
        }
        ctx.announce({ type: 'EpcisAnchored', parties: [ctx.caller.org], ids: { captureId: input.captureId }, anchored: result.anchored.length });
        return canonicalJson(result);
    }

    /** The anchor of one event hash (NOT_FOUND when it was never anchored). */
    @Transaction(false)
    @Returns('string')
    async getAnchor(ctx: ColdtraceContext, hash: string): Promise<string> {
        const parsed = EpcisEventHash.safeParse(hash);
        if (!parsed.success) {
            throw new InvalidArgumentError(`${hash} ${parsed.error.issues[0]?.message ?? 'is not an EPCIS event hash'}`);
        }
        return canonicalJson(await ctx.store.require<EpcisAnchor>('epcisAnchor', [eventHashDigest(parsed.data)], `EPCIS anchor of ${hash}`));
    }
}
