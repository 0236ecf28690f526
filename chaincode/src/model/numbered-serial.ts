import type { Batch, NumberedRange } from './batch';
import type { Product } from './product';

/** A serial of the form the chaincode numbers: the batch id, a dot, a running number from 1. */
export interface NumberedSerial {
    batchId: string;
    number: number;
}

/**
 * The serial a batch numbers `number` (from 1): the form {@link parseNumberedSerial} reads back.
 *
 * @example
 * numberedSerial('B3F9A0C12D4', 17); // 'B3F9A0C12D4.17'
 */
export function numberedSerial(batchId: string, number: number): string {
    return `${batchId}.${number}`;
}

/**
 * The batch and number a serial names when it has the numbered form, so a serial finds its batch
 * from its identity alone: no per-serial index is needed for numbered serials.
 *
 * @example
 * parseNumberedSerial('B3F9A0C12D4.17'); // { batchId: 'B3F9A0C12D4', number: 17 }
 * parseNumberedSerial('SN-0001'); // undefined
 */
export function parseNumberedSerial(serial: string): NumberedSerial | undefined {
    const dot = serial.lastIndexOf('.');
    const digits = serial.slice(dot + 1);
    if (dot <= 0 || !/^[1-9][0-9]{0,8}$/.test(digits)) {
        return undefined;
    }
    return { batchId: serial.slice(0, dot), number: Number(digits) };
}

/**
 * The range of a batch that holds a number, if any (ranges are few: one per commissioning transaction).
 *
 * @example
 * rangeHolding({ numbered: [{ first: 1, count: 5, commissioned }] }, 3); // that range
 */
export function rangeHolding(batch: Pick<Batch, 'numbered'>, number: number): NumberedRange | undefined {
    return batch.numbered?.find((range) => number >= range.first && number < range.first + range.count);
}

/**
 * The product record a numbered serial has before its first step writes one: exactly what
 * commissioning wrote for each serial before ranges existed.
 *
 * @example
 * commissionedProduct(batch, range, 'B1.3').state; // 'manufactured'
 */
export function commissionedProduct(batch: Pick<Batch, 'batchId' | 'gtin' | 'manufacturer'>, range: NumberedRange, serial: string): Product {
    const { commissioned } = range;
    return {
        docType: 'product',
        serial,
        gtin: batch.gtin,
        batchId: batch.batchId,
        state: 'manufactured',
        owner: batch.manufacturer,
        custodian: batch.manufacturer,
        shipments: [],
        parties: [batch.manufacturer],
        timeline: [commissioned],
        updatedBy: { org: commissioned.org, user: commissioned.user },
        updatedAt: commissioned.at,
        txId: commissioned.txId,
    };
}

/**
 * The serials of a batch's ranges from a position (counted over all ranges), at most `limit`.
 *
 * @example
 * numberedSlice({ batchId: 'B1', numbered: [{ first: 1, count: 3, commissioned }] }, 1, 5); // ['B1.2', 'B1.3']
 */
export function numberedSlice(batch: Pick<Batch, 'batchId' | 'numbered'>, from: number, limit: number): string[] {
    const serials: string[] = [];
    let skip = from;
    for (const range of batch.numbered ?? []) {
        if (skip >= range.count) {
            skip -= range.count;
            continue;
        }
        for (let i = skip; i < range.count && serials.length < limit; i++) {
            serials.push(numberedSerial(batch.batchId, range.first + i));
        }
        skip = 0;
        if (serials.length >= limit) {
            break;
        }
    }
    return serials;
}
