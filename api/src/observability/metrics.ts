import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The API's Prometheus metrics, in a registry of its own so several servers can live in one
 * process (as tests run them).
 *
 * @example
 * const metrics = new ApiMetrics();
 * metrics.httpDuration.observe({ route: 'trace', method: 'GET', status: '200' }, 0.012);
 * res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
 */
export class ApiMetrics {
    readonly registry = new Registry();
    readonly httpDuration = new Histogram({
        name: 'coldtrace_http_request_duration_seconds',
        help: 'HTTP requests by route, method and status',
        labelNames: ['route', 'method', 'status'] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [this.registry],
    });
    readonly ledgerDuration = new Histogram({
        name: 'coldtrace_ledger_call_duration_seconds',
        help: 'Ledger calls by chaincode function, kind (submit or evaluate) and outcome',
        labelNames: ['fn', 'kind', 'outcome'] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [this.registry],
    });
    readonly sseClients = new Gauge({ name: 'coldtrace_sse_clients', help: 'Open Server-Sent Events streams', registers: [this.registry] });
    readonly eventsDelivered = new Counter({ name: 'coldtrace_sse_events_total', help: 'Chaincode events sent to SSE clients', registers: [this.registry] });
    readonly loginFailures = new Counter({ name: 'coldtrace_login_failures_total', help: 'Failed sign-ins', registers: [this.registry] });

    constructor() {
        collectDefaultMetrics({ register: this.registry, prefix: 'coldtrace_' });
    }
}
