import { parseBulkRefusal } from '@coldtrace/chaincode/model';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type Problem, problemType } from '../contract';
import { LedgerError, type LedgerErrorCode } from '@coldtrace/ledger-client';
import { HttpError } from './http-error';
import { malformedPathError } from './path-encoding';

const LEDGER_STATUS: Record<LedgerErrorCode, [number, string]> = {
    INVALID_ARGUMENT: [400, 'INVALID_ARGUMENT'],
    NOT_FOUND: [404, 'NOT_FOUND'],
    FORBIDDEN: [403, 'FORBIDDEN'],
    CONFLICT: [409, 'CONFLICT'],
    CONFLICT_RETRY: [409, 'CONFLICT_RETRY'],
    ACCESS_DENIED: [403, 'FORBIDDEN'],
    UNAVAILABLE: [503, 'LEDGER_UNAVAILABLE'],
    ENDORSEMENT_MISMATCH: [500, 'ENDORSEMENT_MISMATCH'],
    LEDGER_ERROR: [502, 'LEDGER_ERROR'],
};

const TITLES: Record<number, string> = {
    400: 'Bad request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    409: 'Conflict',
    413: 'Payload too large',
    415: 'Unsupported media type',
    429: 'Too many requests',
    500: 'Internal server error',
    502: 'Bad gateway',
    503: 'Service unavailable',
};

/**
 * The problem document for any error a request ended in: the API's own, the ledger's (chaincode
 * refusals keep their code and reason), body-parser's, or any error that carries `status` and
 * `code`. Anything else is a 500 whose details stay in the log.
 */
export function problemFor(error: unknown, requestId?: string): { problem: Problem; unexpected: boolean } {
    const build = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem => ({
        type: problemType(code),
        title: TITLES[status] ?? 'Error',
        status,
        code,
        detail,
        ...(requestId ? { requestId } : {}),
        ...extra,
    });
    if (error instanceof HttpError) {
        return { problem: build(error.status, error.code, error.message, error.errors ? { errors: error.errors } : {}), unexpected: false };
    }
    if (error instanceof LedgerError) {
        const [status, code] = LEDGER_STATUS[error.code];
        // The chaincode prefixes its reasons with their code; the problem carries the code on its own.
        const reason = error.message.replace(/^[A-Z_]+: /, '');
        const bulk = parseBulkRefusal(reason);
        const extra: Partial<Problem> = { ...(error.txId ? { instance: `urn:coldtrace:tx:${error.txId}` } : {}), ...bulk?.refusal };
        return { problem: build(status, code, bulk?.summary ?? reason, extra), unexpected: status >= 500 };
    }
    const e = error as { type?: string; status?: number; statusCode?: number; code?: unknown; message?: string; expose?: boolean };
    if (e?.type === 'entity.parse.failed') {
        return { problem: build(400, 'BAD_JSON', `the request body is not valid JSON: ${e.message}`), unexpected: false };
    }
    if (e?.type === 'entity.too.large') {
        const { length, limit } = e as { length?: number; limit?: number };
        return { problem: build(413, 'PAYLOAD_TOO_LARGE', `the request body has ${length} bytes; the API accepts at most ${limit}`), unexpected: false };
    }
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && typeof e.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(e.code)) {
        return { problem: build(status, e.code, e.message ?? 'request refused'), unexpected: false };
    }
    if (typeof status === 'number' && status >= 400 && status < 500 && e.expose) {
        return { problem: build(status, 'INVALID_ARGUMENT', e.message ?? 'request refused'), unexpected: false };
    }
    return { problem: build(500, 'INTERNAL', 'the server failed to answer this request; the request id finds it in the log'), unexpected: true };
}

/** Sends a problem document. */
export function sendProblem(res: Response, problem: Problem): void {
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * Express error middleware: every failure leaves as application/problem+json; an error that carries
 * `retryAfterSeconds` (a sign-in lockout) also says when to retry in `Retry-After`.
 */
/** The id pino-http gave the request (a string or number from genReqId), for a problem's `instance`. */
export function requestIdOf(req: Request): string | undefined {
    return typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined;
}

export function problemMiddleware(onUnexpected: (error: unknown, req: Request) => void) {
    return (error: unknown, req: Request, res: Response, _next: (error?: unknown) => void): void => {
        const { problem, unexpected } = problemFor(isUndecodableParam(error) ? malformedPathError(req.path) : error, requestIdOf(req));
        if (unexpected) {
            onUnexpected(error, req);
        }
        if (res.headersSent) {
            res.end();
            return;
        }
        const retryAfter = (error as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
        if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) {
            res.set('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
        }
        sendProblem(res, problem);
    };
}

/** The router's own failure to percent-decode a path parameter: a URIError it marks 400. */
function isUndecodableParam(error: unknown): boolean {
    return error instanceof URIError && (error as { status?: unknown }).status === 400;
}
