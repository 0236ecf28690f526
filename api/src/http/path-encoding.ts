import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

/** Longest stretch of a refused path the problem quotes back; paths can be long and are the caller's own. */
const QUOTED_PATH_CHARS = 200;

/**
 * The client error for a path whose percent-encoding does not decode: `%ff`, `%ZZ`, a cut-off or
 * overlong UTF-8 sequence such as `%E0%A4%A` or `%C0%AE`.
 *
 * @example
 * throw malformedPathError('/api/v1/products/%ff'); // 400 MALFORMED_PATH
 */
export function malformedPathError(path: string): HttpError {
    const quoted = path.length > QUOTED_PATH_CHARS ? `${path.slice(0, QUOTED_PATH_CHARS)}…` : path;
    return new HttpError(400, 'MALFORMED_PATH', `the path ${JSON.stringify(quoted)} has malformed percent-encoding; encode each reserved or non-ASCII byte of UTF-8 as %XX`);
}

/** True when every `%` of the path starts a valid escape and the escapes form UTF-8. */
export function hasWellFormedPercentEncoding(path: string): boolean {
    try {
        decodeURIComponent(path);
        return true;
    } catch {
        return false;
    }
}

/**
 * Refuses a request whose path has malformed percent-encoding before any route, static file or
 * fallback sees it, so every path answers the same 400 whatever would have matched it.
 *
 * @example
 * app.use(rejectMalformedPaths());
 */
export function rejectMalformedPaths(): RequestHandler {
    return (req, _res, next) => {
        next(hasWellFormedPercentEncoding(req.path) ? undefined : malformedPathError(req.path));
    };
}
