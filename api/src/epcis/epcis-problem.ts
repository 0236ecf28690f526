import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE } from '../contract';
import { problemFor, requestIdOf } from '../http/problem-response';

/** The exception names of the EPCIS REST binding's problem documents (`type: epcisException:<name>`). */
export type EpcisException =
    | 'QueryParameterException'
    | 'QueryTooLargeException'
    | 'SubscriptionControlsException'
    | 'NoSuchNameException'
    | 'ResourceAlreadyExistsException'
    | 'SecurityException'
    | 'UnsupportedMediaTypeException'
    | 'ImplementationException'
    | 'ValidationException';

/** The binding's problem document: RFC 7807 with an `epcisException:` type; coldtrace adds its own code. */
export interface EpcisProblem {
    type: `epcisException:${EpcisException}`;
    title: string;
    status: number;
    detail: string;
    code?: string;
    instance?: string;
}

/**
 * A refusal the EPCIS interface answers itself, with the binding's exception name.
 *
 * @example
 * throw new EpcisProblemError(400, 'QueryParameterException', 'GE_eventTime: must be a date-time');
 */
export class EpcisProblemError extends Error {
    override name = 'EpcisProblemError';

    constructor(
        readonly status: number,
        readonly exception: EpcisException,
        message: string,
    ) {
        super(message);
    }
}

/** A query that would read more of the ledger than coldtrace allows one query (413). */
export class EpcisQueryTooLargeError extends EpcisProblemError {
    override name = 'EpcisQueryTooLargeError';

    constructor(message: string) {
        super(413, 'QueryTooLargeException', message);
    }
}

/** A named query or event that does not exist, or that the caller may not see (404). */
export class EpcisNoSuchNameError extends EpcisProblemError {
    override name = 'EpcisNoSuchNameError';

    constructor(message: string) {
        super(404, 'NoSuchNameException', message);
    }
}

const TITLES: Record<EpcisException, string> = {
    QueryParameterException: 'Invalid query parameter',
    QueryTooLargeException: 'Query result is too large',
    SubscriptionControlsException: 'Invalid subscription',
    NoSuchNameException: 'Resource not found',
    ResourceAlreadyExistsException: 'Resource already exists',
    SecurityException: 'Access refused',
    UnsupportedMediaTypeException: 'Unsupported media type',
    ImplementationException: 'A server-side error occurred',
    ValidationException: 'Invalid document',
};

/** The binding's exception for a status coldtrace's own errors carry. */
function exceptionOf(status: number): EpcisException {
    if (status === 401 || status === 403) {
        return 'SecurityException';
    }
    return (
        (
            {
                400: 'QueryParameterException',
                404: 'NoSuchNameException',
                409: 'ResourceAlreadyExistsException',
                413: 'QueryTooLargeException',
                415: 'UnsupportedMediaTypeException',
            } as const
        )[status] ?? 'ImplementationException'
    );
}

/**
 * Express error middleware of `/epcis`: every failure leaves as the binding's problem document
 * (application/problem+json); coldtrace's own errors (sign-in, ledger refusals) keep their code.
 */
export function epcisProblemMiddleware(onUnexpected: (error: unknown, req: Request) => void) {
    return (error: unknown, req: Request, res: Response, _next: (error?: unknown) => void): void => {
        let problem: EpcisProblem;
        if (error instanceof EpcisProblemError) {
            problem = { type: `epcisException:${error.exception}`, title: TITLES[error.exception], status: error.status, detail: error.message };
        } else {
            const { problem: own, unexpected } = problemFor(error, requestIdOf(req));
            if (unexpected) {
                onUnexpected(error, req);
            }
            const exception = exceptionOf(own.status);
            problem = {
                type: `epcisException:${exception}`,
                title: TITLES[exception],
                status: own.status,
                detail: own.detail,
                code: own.code,
                ...(own.instance && { instance: own.instance }),
            };
        }
        if (res.headersSent) {
            res.end();
            return;
        }
        res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    };
}
