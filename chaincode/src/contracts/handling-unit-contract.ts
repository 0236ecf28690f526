import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireParty } from '../access/access-rules';
import { ConflictError, InvalidArgumentError } from '../errors/chaincode-error';
import { makeSscc } from '../gs1';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { advanceProduct } from '../lifecycle/product-steps';
import { stamp } from '../lifecycle/record-stamp';
import { type HandlingUnit, PackInput } from '../model/handling-unit';
import type { Product } from '../model/product';
import { visibleRecord } from '../views/visible-page';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * Packing inspected products into handling units (GS1 CBV "packing"), each identified by an SSCC.
 *
 * @example
 * // submit handlingUnit:pack '{"serials":["B3F9A0C12D4.1","B3F9A0C12D4.2"]}'  → {"sscc":"095060001234567894"}
 */
@Info({ title: 'handlingUnit', description: 'Handling units (cases, pallets) identified by SSCC' })
export class HandlingUnitContract extends ColdtraceContract {
    constructor() {
        super('handlingUnit');
    }

    @Transaction()
    @Returns('string')
    async pack(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        const input = parseInput(PackInput, inputJson, 'handling unit');
        if (new Set(input.serials).size !== input.serials.length) {
            throw new InvalidArgumentError('a serial is listed twice');
        }
        const products = await Promise.all(input.serials.map((serial) => ctx.store.require<Product>('product', [serial], `product ${serial}`)));
        const [head] = products;
        if (!head) {
            throw new InvalidArgumentError('a handling unit needs at least one serial');
        }
        const gtin = head.gtin;
        for (const product of products) {
            requireParty(ctx, product.owner, 'productOwner', `pack product ${product.serial}`);
            if (product.gtin !== gtin) {
                throw new InvalidArgumentError(`a handling unit holds one GTIN; ${product.serial} is ${product.gtin}, not ${gtin}`);
            }
        }
        const sscc = input.sscc ?? ssccFor(gtin, ctx.txId);
        if (await ctx.store.exists('handlingUnit', [sscc])) {
            throw new ConflictError(`handling unit ${sscc} already exists`);
        }
        for (const product of products) {
            await advanceProduct(ctx, product, 'packed', { handlingUnit: sscc });
        }
        const unit: HandlingUnit = {
            docType: 'handlingUnit',
            sscc,
            gtin,
            serials: input.serials,
            batchIds: [...new Set(products.map((product) => product.batchId))].sort(),
            owner: ctx.caller.org,
            parties: [ctx.caller.org],
            packed: ctx.step('packed'),
            ...stamp(ctx),
        };
        await ctx.store.put('handlingUnit', [sscc], unit);
        ctx.announce({ type: 'HandlingUnitPacked', parties: unit.parties, ids: { sscc }, count: input.serials.length });
        return canonicalJson({ sscc });
    }

    @Transaction(false)
    @Returns('string')
    async get(ctx: ColdtraceContext, sscc: string): Promise<string> {
        return canonicalJson(await visibleRecord<HandlingUnit>(ctx, 'handlingUnit', sscc));
    }
}

/**
 * An SSCC under the company prefix of the packed GTIN (assumed 7 digits, the most common length)
 * with a serial reference taken from the transaction id, so every endorser computes the same one.
 */
function ssccFor(gtin14: string, txId: string): string {
    const companyPrefix = gtin14.slice(1, 8);
    const serialReference = (BigInt(`0x${txId.slice(0, 15)}`) % 1_000_000_000n).toString().padStart(9, '0');
    return makeSscc(0, companyPrefix, serialReference);
}
