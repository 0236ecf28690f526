import type { z } from 'zod';
import type { UserFacingError } from './problem-message';

/**
 * Checks a form's payload with the same zod schema the API validates it with, so the user sees
 * field errors before a round trip; the API checks again and the chaincode decides.
 *
 * @example
 * const checked = validateBody(PlaceOrderBody, { gtin, quantity: 0, manufacturer });
 * if (!checked.ok) showError(checked.error); // fields: [{ path: 'quantity', message: 'Too small: …' }]
 */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; body: z.input<S> } | { ok: false; error: UserFacingError } {
    const parsed = schema.safeParse(body);
    if (parsed.success) {
        return { ok: true, body: body as z.input<S> };
    }
    return {
        ok: false,
        error: {
            code: 'VALIDATION_FAILED',
            detail: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
            fields: parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })),
        },
    };
}

/** Splits a textarea of identifiers written one per line or separated by commas or spaces. */
export function splitList(text: string): string[] {
    return text
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean);
}
