import { z } from 'zod';

/** Who did something: the MSP ID and the user id (certificate CN) of the transaction's creator. */
export const Actor = z.strictObject({ org: z.string(), user: z.string() });
export type Actor = z.infer<typeof Actor>;

/**
 * Who took a decision (clearing, recalling, releasing, rejecting), when (the transaction time) and
 * in which transaction: the trace shows it beside the decision.
 */
export interface Decision extends Actor {
    at: string;
    txId: string;
}

/** Who last wrote a record, when and in which transaction: every record carries it. */
export interface RecordStamp {
    updatedBy: Actor;
    updatedAt: string;
    txId: string;
}

/** One step in a record's life, as the timeline in a trace shows it. */
export const TimelineEntry = z.strictObject({
    state: z.string(),
    at: z.string(),
    org: z.string(),
    user: z.string(),
    txId: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** Ids that coldtrace assigns or accepts for batches, orders and shipments. */
export const RecordId = z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"');

/** C0 controls (NUL, ESC, tab, newline…), DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Text people write (a product name, a lot, a complaint): one line of printable characters, trimmed.
 * Control characters are refused rather than stripped, because a name that hides an escape sequence
 * or a line break would print differently on a label, in a terminal or in a CSV export than on
 * screen. Every free-text field on the ledger uses it.
 *
 * @example
 * FreeText(200).parse('  Influenza vaccine '); // 'Influenza vaccine'
 * FreeText(200).parse('Vaccine\u001b[31m');   // throws: must not contain control characters
 */
export function FreeText(maxLength: number, minLength = 1) {
    return z
        .string()
        .refine((text) => !CONTROL_CHARACTERS.test(text), 'must not contain control characters (NUL, escape, line breaks, DEL …)')
        .trim()
        .min(minLength)
        .max(maxLength);
}

/** A SHA-256 digest as 64 lowercase hex digits. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
export const IsoDateTime = z.iso.datetime({ offset: true });
export const MspIdSchema = z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9.-]+$/, 'must be an MSP ID');

/** Page request for list queries; the bookmark comes from the previous page. */
export const PageQuery = z.strictObject({
    pageSize: z.number().int().min(1).max(1000).default(100),
    bookmark: z.string().max(1024).default(''),
    /** Auditors: list one organization's records instead of everybody's. */
    party: MspIdSchema.optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export interface Page<T> {
    items: T[];
    bookmark: string;
    count: number;
}
