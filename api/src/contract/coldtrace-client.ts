import { ApiProblemError } from './api-problem-error';
import { Problem, problemType } from './problem';
import { fillPath, parameterText, type RouteInput, type RouteResponse } from './route';
import { type RouteName, type Routes, routes } from './routes';

export interface ColdtraceClientOptions {
    /** Origin of the API, e.g. `http://localhost:3000`; empty in a browser page served by the API. */
    baseUrl?: string;
    /** Bearer token from `login`; set later with {@link ColdtraceClient.setToken}. */
    token?: string;
    fetch?: typeof fetch;
}

/** Base path of this version of the API. */
export const API_BASE = '/api/v1';

/**
 * A typed client of the coldtrace REST API, for browsers, scripts and tests: every call is named
 * after a route of {@link routes} and checked against its schemas' types.
 *
 * @example
 * const client = new ColdtraceClient({ baseUrl: 'http://localhost:3000' });
 * await client.login('retailer', 'coldtrace-demo');
 * const trace = await client.call('trace', { params: { ref: 'DEMO-VAX-0001' } });
 */
export class ColdtraceClient {
    #token: string | undefined;
    readonly #baseUrl: string;
    readonly #fetchFn: typeof fetch;

    constructor(options: ColdtraceClientOptions = {}) {
        this.#baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
        this.#token = options.token;
        this.#fetchFn = options.fetch ?? ((...args) => fetch(...args));
    }

    setToken(token: string | undefined): void {
        this.#token = token;
    }

    /** Signs in and keeps the token for the next calls. */
    async login(username: string, password: string): Promise<RouteResponse<Routes['login']>> {
        const answer = await this.call('login', { body: { username, password } });
        this.#token = answer.token;
        return answer;
    }

    /** Calls a route; rejects with {@link ApiProblemError} when the API refuses. */
    async call<N extends RouteName>(name: N, input: RouteInput<Routes[N]> = {} as RouteInput<Routes[N]>): Promise<RouteResponse<Routes[N]>> {
        const text = await this.#request(name, input, 'application/json');
        return (text ? JSON.parse(text) : undefined) as RouteResponse<Routes[N]>;
    }

    /**
     * Calls a route that also answers in another format (the impact view's CSV) and returns the text
     * as it came; rejects with {@link ApiProblemError} when the API refuses.
     *
     * @example
     * const csv = await client.text('batchImpact', { params: { batchId }, query: { format: 'csv' } }, 'text/csv');
     */
    async text<N extends RouteName>(name: N, input: RouteInput<Routes[N]>, accept: string): Promise<string> {
        return this.#request(name, input, accept);
    }

    async #request<N extends RouteName>(name: N, input: RouteInput<Routes[N]>, accept: string): Promise<string> {
        const route = routes[name];
        const { params, query, body } = input as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(query ?? {})) {
            if (value !== undefined) {
                search.set(key, parameterText(value, key));
            }
        }
        const url = `${this.#baseUrl}${API_BASE}${fillPath(route.path, params)}${search.size ? `?${search.toString()}` : ''}`;
        const headers: Record<string, string> = { accept };
        if (this.#token) {
            headers.authorization = `Bearer ${this.#token}`;
        }
        if (body !== undefined) {
            headers['content-type'] = 'application/json';
        }
        const response = await this.#fetchFn(url, { method: route.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await response.text();
        if (!response.ok) {
            throw new ApiProblemError(readProblem(response.status, text));
        }
        return text;
    }
}

/** The problem document of a failed response; a proxy's HTML error page becomes one too. */
function readProblem(status: number, text: string): Problem {
    try {
        const parsed = Problem.safeParse(JSON.parse(text));
        if (parsed.success) {
            return parsed.data;
        }
    } catch {
        // not JSON: described below
    }
    return { type: problemType('INTERNAL'), title: 'Unexpected response', status, code: 'INTERNAL', detail: text.slice(0, 500) || `HTTP ${status}` };
}
