import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireParty } from '../access/access-rules';
import { ConflictError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { stamp } from '../lifecycle/record-stamp';
import type { Excursion } from '../model/excursion';
import { type ExcursionDecision, ExcursionDispositionInput } from '../model/excursion-disposition';
import type { Shipment } from '../model/shipment';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * The disposition of the units a temperature excursion affected. A closed excursion holds them (no
 * labeling or selling); the manufacturer of the goods — the shipment's shipper — releases them with a
 * stability justification (and optionally the SHA-256 of the document behind it), or rejects them,
 * after which their holders return or destroy them. The decision is written on the excursion
 * record, so the trace shows it with the excursion, with who took it and when.
 *
 * @example
 * // submit excursion:release 'S1' 'S1-T1-1700000000' '{"justification":"stability study S-12 covers 45 min at 13 °C"}'   (as the shipper)
 * // submit excursion:reject 'S1' 'S1-T1-1700000000' '{"justification":"peak above the stability data"}'
 */
@Info({ title: 'excursion', description: 'Release or rejection of the units a temperature excursion affected' })
export class ExcursionContract extends ColdtraceContract {
    constructor() {
        super('excursion');
    }

    @Transaction()
    @Returns('string')
    async release(ctx: ColdtraceContext, shipmentId: string, excursionId: string, inputJson: string): Promise<string> {
        return this.#decide(ctx, shipmentId, excursionId, inputJson, 'released');
    }

    @Transaction()
    @Returns('string')
    async reject(ctx: ColdtraceContext, shipmentId: string, excursionId: string, inputJson: string): Promise<string> {
        return this.#decide(ctx, shipmentId, excursionId, inputJson, 'rejected');
    }

    async #decide(ctx: ColdtraceContext, shipmentId: string, excursionId: string, inputJson: string, decision: ExcursionDecision): Promise<string> {
        const input = parseInput(ExcursionDispositionInput, inputJson, 'disposition');
        const shipment = await ctx.store.require<Shipment>('shipment', [shipmentId], `shipment ${shipmentId}`);
        requireParty(ctx, shipment.from, 'shipmentShipper', `${decision === 'released' ? 'release' : 'reject'} the units of excursions on shipment ${shipmentId}`);
        const excursion = await ctx.store.require<Excursion>('excursion', [shipmentId, excursionId], `excursion ${excursionId} of shipment ${shipmentId}`);
        if (excursion.disposition) {
            const { disposition } = excursion;
            throw new ConflictError(
                `excursion ${excursionId} of shipment ${shipmentId} was ${disposition.decision} by ${disposition.org} at ${disposition.at}; a disposition is final`,
            );
        }
        if (excursion.status !== 'closed') {
            throw new ConflictError(`excursion ${excursionId} of shipment ${shipmentId} is still open; its units are decided on once it is closed`);
        }
        const decided: Excursion = {
            ...excursion,
            ...stamp(ctx),
            disposition: { ...ctx.decision(), decision, justification: input.justification, documentSha256: input.documentSha256 },
        };
        await ctx.store.put('excursion', [shipmentId, excursionId], decided);
        ctx.announce({
            type: decision === 'released' ? 'ExcursionReleased' : 'ExcursionRejected',
            parties: excursion.parties,
            ids: { shipmentId, excursionId },
            justification: input.justification,
            affected: excursion.affectedSerials.length,
            ...(input.documentSha256 ? { documentSha256: input.documentSha256 } : {}),
        });
        return canonicalJson(decided);
    }
}
