import type { TransactionName } from '@coldtrace/chaincode/model';
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may call a route before the chaincode decides: anyone, a signed-in user, or a telemetry
 * `sender` (a device's client certificate, a carrier's telemetry token or a user's token; the
 * handler tells which).
 */
export type RouteAccess = 'public' | 'user' | 'sender';

/**
 * One HTTP route of the coldtrace API: its path, the zod schemas of what it takes, and (as a type
 * only) what it answers. The server mounts and validates from it, the client calls through it and
 * the OpenAPI document is generated from it, so the three cannot drift apart.
 *
 * @example
 * const getBatch = defineRoute<Batch>()({ method: 'GET', path: '/batches/{batchId}', params: BatchParams, ... });
 */
export interface RouteSpec<
    TParams extends z.ZodType | undefined = z.ZodType | undefined,
    TQuery extends z.ZodType | undefined = z.ZodType | undefined,
    TBody extends z.ZodType | undefined = z.ZodType | undefined,
    TResponse = unknown,
> {
    method: HttpMethod;
    /** OpenAPI-style path below /api/v1, e.g. `/batches/{batchId}`. */
    path: string;
    summary: string;
    tag: string;
    access: RouteAccess;
    /** Success status: 200, 201 or 204. */
    status: 200 | 201 | 204;
    /** Roles whose users the chaincode lets through, for documentation; the chaincode decides. */
    roles?: readonly string[];
    /** The chaincode transaction the route calls, whose rule (rules table) `roles` come from. */
    transaction?: TransactionName;
    params?: TParams;
    query?: TQuery;
    body?: TBody;
    /**
     * A route that also takes its body as `text/csv`: turns the text into what `body` validates,
     * throwing an Error that names the line when it cannot.
     */
    csv?: (text: string) => unknown;
    /** Phantom: carries the response type; never set at run time. */
    readonly response?: TResponse;
}

/**
 * Declares a route with its response type given explicitly and its schemas inferred.
 *
 * @example
 * defineRoute<{ batchId: string }>()({ method: 'POST', path: '/batches', body: CreateBatchBody, ... })
 */
export function defineRoute<TResponse>() {
    return <
        TParams extends z.ZodType | undefined = undefined,
        TQuery extends z.ZodType | undefined = undefined,
        TBody extends z.ZodType | undefined = undefined,
        TAccess extends RouteAccess = RouteAccess,
    >(
        spec: Omit<RouteSpec<TParams, TQuery, TBody, TResponse>, 'response' | 'access'> & { access: TAccess },
    ): RouteSpec<TParams, TQuery, TBody, TResponse> & { access: TAccess } => spec;
}

type Input<T> = T extends z.ZodType ? z.input<T> : never;
type Output<T> = T extends z.ZodType ? z.output<T> : never;
type Part<K extends string, T> = T extends z.ZodType ? { [P in K]: Input<T> } : { [P in K]?: never };

/** What a caller passes to a route: path parameters, query and body, each only where the route has them. */
export type RouteInput<R> = R extends RouteSpec<infer P, infer Q, infer B, unknown> ? Part<'params', P> & Partial<Part<'query', Q>> & Part<'body', B> : never;

/** What a route's handler receives once the server validated the request. */
export interface ValidatedRequest<R> {
    params: R extends RouteSpec<infer P, infer _Q, infer _B, unknown> ? Output<P> : never;
    query: R extends RouteSpec<infer _P, infer Q, infer _B, unknown> ? Output<Q> : never;
    body: R extends RouteSpec<infer _P, infer _Q, infer B, unknown> ? Output<B> : never;
}

export type RouteResponse<R> = R extends RouteSpec<infer _P, infer _Q, infer _B, infer T> ? T : never;

/** The Express path of an OpenAPI-style path: `{id}` becomes `:id`. */
export function expressPath(path: string): string {
    return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** A path or query parameter as URL text: a string as it is, a number or boolean as JSON spells it. */
export function parameterText(value: unknown, name: string): string {
    if (typeof value === 'string') {
        return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
        return JSON.stringify(value);
    }
    throw new TypeError(`parameter ${name} is not a string, number or boolean`);
}

/** Fills an OpenAPI-style path with URL-encoded values. */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
    return path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined || value === null || value === '') {
            throw new TypeError(`path parameter ${name} is missing`);
        }
        return encodeURIComponent(parameterText(value, name));
    });
}
