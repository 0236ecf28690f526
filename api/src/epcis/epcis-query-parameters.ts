import { z } from 'zod';
import { normalizeEpc } from './epc-format';
import { cbvTerm } from './epcis-event-match';
import type { EpcisEventFilter } from './epcis-event-source';

export const EPCIS_EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'] as const;

/** Largest page coldtrace answers; the binding's default page is 30 events. */
export const MAX_PER_PAGE = 1000;
export const DEFAULT_PER_PAGE = 30;

/**
 * A list parameter as the binding writes it: values separated by `|` (pipeDelimited), or the
 * parameter repeated.
 */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
    z
        .union([z.string(), z.array(z.string())])
        .transform((raw) => (Array.isArray(raw) ? raw : [raw]).flatMap((value) => value.split('|')).map((value) => value.trim()))
        .pipe(z.array(item).min(1, 'give at least one value'));

const time = z.iso.datetime({ offset: true, message: 'must be a date-time with its offset, e.g. 2030-01-01T00:00:00Z' });

const epc = z.string().transform((value, ctx) => {
    const normalized = normalizeEpc(value);
    if (!normalized) {
        ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(value)} is not an EPC: give a GS1 Digital Link (https://id.gs1.org/01/{gtin}/21/{serial}, /00/{sscc}) or an EPC URN`,
        });
        return z.NEVER;
    }
    return normalized;
});

const uri = z.string().regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'must be a URI');

/**
 * The EPCIS query language parameters coldtrace supports, as a query document or a named query holds
 * them. Unknown parameters are refused by name (a typo must not widen a query to everything).
 *
 * @example
 * EpcisQuery.parse({ EQ_bizStep: 'shipping|receiving' }); // { EQ_bizStep: ['shipping', 'receiving'] }
 */
export const EpcisQuery = z.strictObject({
    eventType: list(z.enum(EPCIS_EVENT_TYPES, { message: `must be one of ${EPCIS_EVENT_TYPES.join(', ')}` })).optional(),
    GE_eventTime: time.optional(),
    LT_eventTime: time.optional(),
    EQ_bizStep: list(uri.or(z.string().regex(/^[a-z_]+$/, 'must be a CBV business step or a URI')).transform((v) => cbvTerm(v, 'bizstep'))).optional(),
    EQ_disposition: list(uri.or(z.string().regex(/^[a-z_]+$/, 'must be a CBV disposition or a URI')).transform((v) => cbvTerm(v, 'disp'))).optional(),
    MATCH_epc: list(epc).optional(),
    MATCH_anyEPC: list(epc).optional(),
    MATCH_parentID: list(epc).optional(),
    EQ_bizLocation: list(epc).optional(),
});
export type EpcisQuery = z.output<typeof EpcisQuery>;

/** `GET /epcis/events`: the query plus paging and the EPC format (also the `GS1-EPC-Format` header). */
export const EpcisEventsRequest = EpcisQuery.extend({
    perPage: z.coerce.number().int('must be a whole number').min(1).max(MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
    nextPageToken: z.string().max(512).optional(),
    epcFormat: z.enum(['Always_GS1_Digital_Link', 'Always_EPC_URN', 'Never_Translates', 'No_Preference']).optional(),
});
export type EpcisEventsRequest = z.output<typeof EpcisEventsRequest>;

/** The filter event sources take, from a parsed query. */
export function filterOf(query: EpcisQuery): EpcisEventFilter {
    const { eventType, GE_eventTime, LT_eventTime, EQ_bizStep, EQ_disposition, MATCH_epc, MATCH_anyEPC, MATCH_parentID, EQ_bizLocation } = query;
    return Object.fromEntries(
        Object.entries({ eventType, GE_eventTime, LT_eventTime, EQ_bizStep, EQ_disposition, MATCH_epc, MATCH_anyEPC, MATCH_parentID, EQ_bizLocation }).filter(
            ([, v]) => v !== undefined,
        ),
    );
}
