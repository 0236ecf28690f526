import { z } from 'zod';
import { normalizeGtin, validateSerial, validateSscc } from '../gs1';

/** Wraps a GS1 validator as a zod field so a bad identifier is reported with its field name. */
function gs1Field(validate: (input: string) => string) {
    return z.string().transform((value, ctx) => {
        try {
            return validate(value);
        } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
            return z.NEVER;
        }
    });
}

/** A GTIN-8/12/13/14 with a valid check digit, normalized to 14 digits. */
export const Gtin = gs1Field(normalizeGtin);
/** An SSCC-18 with a valid check digit. */
export const Sscc = gs1Field(validateSscc);
/** A GS1 AI (21) serial: up to 20 characters of GS1's character set 82. */
export const Serial = gs1Field(validateSerial);
