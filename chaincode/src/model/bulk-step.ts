import { z } from 'zod';
import type { BulkStep } from '../access/rules-table';
import { Serial, Sscc } from './gs1-fields';
import { Limits } from './limits';
import type { ProductState } from './product';

const MAX = Limits.serialsPerBulkStep;

/**
 * What a bulk step (`bulk:<step>`, `POST /products/bulk/{step}`) takes: the serials, listed, or a
 * handling unit whose serials they are. At most {@link Limits.serialsPerBulkStep} serials, each
 * once: a larger set is several requests, each all or nothing.
 *
 * @example
 * BulkStepInput.parse({ sscc: '106141411234567897' });
 * BulkStepInput.parse({ serials: ['B1.1', 'B1.2'] });
 */
export const BulkStepInput = z
    .strictObject({
        serials: z
            .array(Serial)
            .min(1)
            .max(MAX, `at most ${MAX} serials in one bulk step; send larger sets in several requests`)
            .superRefine((serials, ctx) => {
                const seen = new Set<string>();
                const twice = new Set(serials.filter((serial) => seen.size === seen.add(serial).size));
                if (twice.size > 0) {
                    ctx.addIssue({ code: 'custom', message: `listed twice: ${[...twice].slice(0, 10).join(', ')}${twice.size > 10 ? ` (and ${twice.size - 10} more)` : ''}` });
                }
            })
            .optional(),
        sscc: Sscc.optional(),
    })
    .refine((input) => Boolean(input.serials) !== Boolean(input.sscc), { message: 'give either serials or sscc', path: ['serials'] });
export type BulkStepInput = z.input<typeof BulkStepInput>;

/** What a bulk step answers: small, because a Fabric transaction carries its answer in the block. */
export interface BulkStepResult {
    step: BulkStep;
    /** The state every serial reached. */
    state: ProductState;
    count: number;
    /** The handling unit the serials came from, when the step named one. */
    sscc?: string;
    /** The batches of the serials, sorted. */
    batchIds: string[];
}
