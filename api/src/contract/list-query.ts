import { MspIdSchema } from '@coldtrace/chaincode/model';
import { z } from 'zod';

/**
 * The query string of a list route: page size, the bookmark of the previous page, and for
 * auditors one organization's records. Query strings carry text, so the page size is coerced.
 *
 * @example
 * GET /api/v1/orders?state=placed&pageSize=50&bookmark=…
 */
export function listQuery<const S extends readonly [string, ...string[]]>(states?: S) {
    return z.strictObject({
        pageSize: z.coerce.number().int().min(1).max(1000).optional(),
        bookmark: z.string().max(1024).optional(),
        party: MspIdSchema.optional(),
        state: (states ? z.enum(states) : z.never()).optional(),
    });
}
