import type { Request, RequestHandler, Router } from 'express';
import type { z } from 'zod';
import { expressPath, type RouteResponse, type RouteSpec, type ValidatedRequest } from '../contract';
import type { Authenticator } from './authenticator';
import type { Caller } from './caller';
import { type FieldProblem, HttpError } from './http-error';
import { StreamedResponse } from './streamed-response';

/**
 * What a route does once its request is valid: `caller` is set on every route but public ones. It
 * answers the route's JSON, or a {@link StreamedResponse} (a CSV export).
 */
export type RouteHandler<R> = (
    request: ValidatedRequest<R>,
    caller: R extends { access: 'user' } ? Caller : Caller | undefined,
    req: Request,
) => Promise<RouteResponse<R> | StreamedResponse>;

/**
 * Mounts one route of the contract on a router: authenticates, validates path, query and body with
 * the route's zod schemas (every problem listed), runs the handler and answers with the route's
 * status. Failures go to the problem middleware.
 *
 * @example
 * bindRoute(router, routes.getBatch, async ({ params }, caller) => ledger.evaluate(caller.identity, 'batch:get', [params.batchId]), auth);
 */
export function bindRoute<R extends RouteSpec>(router: Router, name: string, spec: R, handler: RouteHandler<R>, authenticator: Authenticator): void {
    // A Digital Link URI holds slashes: `{ref}` as the last segment takes the rest of the path too.
    const path = spec.path.endsWith('/{ref}') ? `${spec.path.slice(0, -'/{ref}'.length)}/*ref` : expressPath(spec.path);
    const handle: RequestHandler = async (req, res, next) => {
        try {
            res.locals.routeName = name;
            const caller = spec.access === 'user' ? await authenticator.caller(req, { route: spec }) : undefined;
            const rawParams = { ...req.params } as Record<string, unknown>;
            if (Array.isArray(rawParams.ref)) {
                rawParams.ref = (rawParams.ref as string[]).join('/');
            }
            const problems: FieldProblem[] = [];
            const request = {
                params: validate('params', spec.params, rawParams, problems),
                query: validate('query', spec.query, { ...(req.query as object) }, problems),
                body: validateBody(spec, req, problems),
            } as ValidatedRequest<R>;
            if (problems.length) {
                throw new HttpError(400, 'VALIDATION_FAILED', problems.map((p) => `${p.location}${p.path ? `.${p.path}` : ''}: ${p.message}`).join('; '), problems);
            }
            const result = await handler(request, caller as never, req);
            if (result instanceof StreamedResponse) {
                await result.send(res, spec.status);
                return;
            }
            if (spec.status === 204 || result === undefined) {
                res.status(spec.status === 204 ? 204 : spec.status).end();
                return;
            }
            res.status(spec.status).json(result);
        } catch (error) {
            next(error);
        }
    };
    router[({ GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete' } as const)[spec.method]](path, handle);
}

function validate(location: FieldProblem['location'], schema: z.ZodType | undefined, value: Record<string, unknown>, problems: FieldProblem[]): unknown {
    if (!schema) {
        if (location === 'query' && Object.keys(value).length) {
            problems.push({ location, path: Object.keys(value).join(','), message: 'this route takes no query parameters' });
        }
        return undefined;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
        problems.push(...parsed.error.issues.map((issue) => ({ location, path: issue.path.join('.'), message: issue.message })));
        return undefined;
    }
    return parsed.data;
}

function validateBody(spec: RouteSpec, req: Request, problems: FieldProblem[]): unknown {
    if (!spec.body) {
        return undefined;
    }
    if (spec.csv && req.is('text/csv')) {
        try {
            return validate('body', spec.body, spec.csv(typeof req.body === 'string' ? req.body : '') as Record<string, unknown>, problems);
        } catch (error) {
            problems.push({ location: 'body', path: '', message: `not a readable CSV table: ${(error as Error).message}` });
            return undefined;
        }
    }
    if (!req.is('application/json')) {
        throw new HttpError(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            `send the body as application/json${spec.csv ? ' or text/csv' : ''}${req.get('content-type') ? `, not ${req.get('content-type')}` : ''}`,
        );
    }
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
        problems.push({ location: 'body', path: '', message: 'the body must be a JSON object' });
        return undefined;
    }
    return validate('body', spec.body, req.body as Record<string, unknown>, problems);
}
