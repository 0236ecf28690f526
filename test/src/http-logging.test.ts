import assert from 'node:assert/strict';
import { createLogger } from '@coldtrace/api';
import { ApiHarness, TEST_PASSWORD } from './harness/api-harness';
import { eventually } from './sensors/pipeline-fixture';

interface LogLine {
    level: number;
    msg: string;
    req?: { id?: string; url?: string };
    res?: { statusCode?: number };
}

/** pino's levels: 40 warn, 50 error. */
const WARN = 40;
const ERROR = 50;

describe('HTTP API: what reaches the log', function () {
    this.timeout(600_000);
    const lines: string[] = [];
    let api: ApiHarness;
    before(async () => {
        api = await ApiHarness.start({ logger: createLogger('info', { write: (line: string) => void lines.push(line) }) });
    });
    after(() => api?.close());

    /** The request-completed line of the request sent with this x-request-id, once the server has written it. */
    const requestLine = (id: string) =>
        eventually(`the log line of request ${id}`, () => lines.map((line) => JSON.parse(line) as LogLine).find((line) => line.req?.id === id && line.res?.statusCode));
    const tagged = (id: string, headers: Record<string, string> = {}) => ({ headers: { 'x-request-id': id, ...headers } });

    it('never writes a bearer token: not from ?access_token=, the url, a header or a sign-in (issue 12, row 14)', async () => {
        const token = api.tokens.get('retailer')!;
        const opaque = 'opaque-query-token-that-is-no-jwt';
        // The event stream, the one route that takes ?access_token=: once refused, once streaming until the client leaves.
        assert.equal((await fetch(`${api.url}/api/v1/events?access_token=${opaque}`, tagged('log-events-refused'))).status, 401);
        const controller = new AbortController();
        const stream = await fetch(`${api.url}/api/v1/events?access_token=${encodeURIComponent(token)}&since=now`, { ...tagged('log-events-open'), signal: controller.signal });
        assert.equal(stream.status, 200);
        controller.abort();
        // Any other route given a token in its query string, and the header every client sends.
        assert.equal((await fetch(`${api.url}/api/v1/auth/me?access_token=${token}`, tagged('log-me-query'))).status, 401);
        assert.equal((await fetch(`${api.url}/api/v1/auth/me`, tagged('log-me-header', { authorization: `Bearer ${token}` }))).status, 200);
        const login = await fetch(`${api.url}/api/v1/auth/login`, {
            method: 'POST',
            ...tagged('log-login', { 'content-type': 'application/json' }),
            body: JSON.stringify({ username: 'retailer', password: TEST_PASSWORD }),
        });
        assert.equal(login.status, 200);

        const logged = await Promise.all(['log-events-refused', 'log-events-open', 'log-me-query', 'log-me-header', 'log-login'].map(requestLine));
        const text = lines.join('');
        for (const secret of [token, opaque, TEST_PASSWORD, ...api.tokens.values()]) {
            const at = text.indexOf(secret);
            assert.equal(at, -1, `a secret reached the log: …${text.slice(Math.max(0, at - 200), at + 40)}…`);
        }
        assert.deepEqual(
            logged.slice(0, 3).map((line) => line.req?.url),
            ['/api/v1/events?access_token=[redacted]', '/api/v1/events?access_token=[redacted]&since=now', '/api/v1/auth/me?access_token=[redacted]'],
        );
    });

    it('logs a malformed path as a client error (warn), never as a server error (issue 12, row 5)', async () => {
        const from = lines.length;
        assert.equal((await fetch(`${api.url}/api/v1/products/%ff`, tagged('log-malformed'))).status, 400);
        const line = await requestLine('log-malformed');
        assert.equal(line.level, WARN, JSON.stringify(line));
        const errors = lines
            .slice(from)
            .map((l) => JSON.parse(l) as LogLine)
            .filter((l) => l.level >= ERROR);
        assert.deepEqual(errors, [], 'a malformed path was logged as an error');
    });
});
