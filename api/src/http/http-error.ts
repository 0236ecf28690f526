import type { ProblemCode } from '../contract';

/** A field the request got wrong, as a problem document lists it. */
export interface FieldProblem {
    location: 'params' | 'query' | 'body';
    path: string;
    message: string;
}

/**
 * An error the API answers itself, with its HTTP status and stable problem code.
 *
 * @example
 * throw new HttpError(404, 'ROUTE_NOT_FOUND', 'no route GET /api/v1/nothing');
 */
export class HttpError extends Error {
    override name = 'HttpError';

    constructor(
        readonly status: number,
        readonly code: ProblemCode,
        message: string,
        readonly errors?: FieldProblem[],
    ) {
        super(message);
    }
}
