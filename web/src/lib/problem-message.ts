import { ApiProblemError } from '@coldtrace/api/contract';

/** An error as the user reads it: a headline (by code, translated) and the API's own words. */
export interface UserFacingError {
    code: string;
    status?: number;
    detail: string;
    fields: Array<{ path: string; message: string }>;
    /** A refused bulk step's serials and why each was refused; `unlisted` more were. */
    refused?: Array<{ serial: string; code: string; reason: string }>;
    unlisted?: number;
}

/**
 * Turns whatever a call threw into words for the user: the API's problem document as it is, a
 * network failure as "cannot reach the API", anything else by its message. Nothing is swallowed.
 *
 * @example
 * describeError(new ApiProblemError({ code: 'CONFLICT', status: 409, detail: 'product 1 is sold', ... })).detail; // 'product 1 is sold'
 */
export function describeError(error: unknown): UserFacingError {
    if (error instanceof ApiProblemError) {
        return {
            code: error.code,
            status: error.status,
            detail: error.detail,
            fields: (error.problem.errors ?? []).map((e) => ({ path: e.path, message: e.message })),
            ...(error.problem.refused ? { refused: error.problem.refused, unlisted: error.problem.unlisted ?? 0 } : {}),
        };
    }
    if (error instanceof TypeError) {
        return { code: 'NETWORK', detail: error.message, fields: [] };
    }
    return { code: 'INTERNAL', detail: error instanceof Error ? error.message : String(error), fields: [] };
}
