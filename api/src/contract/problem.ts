import { z } from 'zod';

/**
 * Stable machine-readable codes of API errors. The chaincode's own refusals keep their codes
 * (INVALID_ARGUMENT, NOT_FOUND, FORBIDDEN, CONFLICT); the rest are the API's.
 */
export const PROBLEM_CODES = [
    'INVALID_ARGUMENT',
    'NOT_FOUND',
    'FORBIDDEN',
    'CONFLICT',
    'CONFLICT_RETRY',
    'BAD_JSON',
    'MALFORMED_PATH',
    'VALIDATION_FAILED',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'UNAUTHENTICATED',
    'TOKEN_EXPIRED',
    'TOKEN_INVALID',
    'BAD_CREDENTIALS',
    'RATE_LIMITED',
    'ROUTE_NOT_FOUND',
    'METHOD_NOT_ALLOWED',
    'LEDGER_UNAVAILABLE',
    'ENDORSEMENT_MISMATCH',
    'LEDGER_ERROR',
    'SHUTTING_DOWN',
    'TELEMETRY_UNAVAILABLE',
    'EPCIS_INVALID',
    'EPCIS_UNAVAILABLE',
    'EVENT_EXISTS',
    'INTERNAL',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** An RFC 9457 problem details document as coldtrace sends it (`application/problem+json`). */
export const Problem = z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    /** Field-level problems of a request that failed validation. */
    errors: z.array(z.object({ location: z.enum(['params', 'query', 'body']), path: z.string(), message: z.string() })).optional(),
    /**
     * A refused bulk step's serials, each with the code and reason its single step would be refused
     * with: the first 10, most telling first (FORBIDDEN, NOT_FOUND, CONFLICT).
     */
    refused: z.array(z.object({ serial: z.string(), code: z.string(), reason: z.string() })).optional(),
    /** Refused serials of a bulk step beyond those in `refused`. */
    unlisted: z.number().int().optional(),
    /** Every refused serial of a bulk step, counted by code. */
    counts: z.record(z.string(), z.number().int()).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problem type URI of a code: stable, and documented in docs/api.md. */
export function problemType(code: string): string {
    return `urn:coldtrace:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
