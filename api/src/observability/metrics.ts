import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { TelemetryPipelineMetrics } from '@coldtrace/telemetry';

/** The telemetry pipeline's counters as `TelemetryPipeline.metrics()` reports them. */
export type TelemetryCounts = TelemetryPipelineMetrics;

/** What became of each reading the detector received, as the `outcome` label of one counter. */
const READING_OUTCOMES = ['received', 'stored', 'duplicates', 'unattached', 'throttled', 'shed', 'invalid', 'future'] as const satisfies readonly (keyof TelemetryCounts)[];

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
    /** Alert on it: each is a recipient that was not told, after every retry. */
    readonly notificationFailures = new Counter({
        name: 'coldtrace_notification_failures_total',
        help: 'Notification deliveries that failed for good, after every retry, by channel (email, webhook)',
        labelNames: ['channel'] as const,
        registers: [this.registry],
    });

    constructor() {
        collectDefaultMetrics({ register: this.registry, prefix: 'coldtrace_' });
    }

    /**
     * Exposes the notification outbox: deliveries by state, read at each scrape.
     *
     * @example
     * metrics.observeNotifications(() => outbox.counts());
     * // coldtrace_notification_deliveries{state="pending"} 3
     */
    observeNotifications(counts: () => Record<'pending' | 'delivered' | 'failed', number>): void {
        new Gauge({
            name: 'coldtrace_notification_deliveries',
            help: 'Deliveries in the notification outbox by state (pending: waiting for a first attempt or a retry)',
            labelNames: ['state'] as const,
            registers: [this.registry],
            collect() {
                for (const [state, n] of Object.entries(counts())) {
                    this.set({ state }, n);
                }
            },
        });
    }

    /**
     * Exposes the telemetry pipeline's counters, read from `counts` at each scrape so the detector's
     * hot path pays nothing for them. Call once, when the pipeline has started.
     *
     * @example
     * metrics.observeTelemetry(() => pipeline.metrics());
     * // coldtrace_telemetry_readings_total{outcome="stored"} 1200
     */
    observeTelemetry(counts: () => TelemetryCounts): void {
        const counter = (name: string, help: string, read: (c: TelemetryCounts) => number) =>
            new Counter({
                name,
                help,
                registers: [this.registry],
                collect() {
                    this.reset();
                    this.inc(read(counts()));
                },
            });
        new Counter({
            name: 'coldtrace_telemetry_readings_total',
            help: 'Telemetry messages received by the detector, and what became of them (outcome)',
            labelNames: ['outcome'] as const,
            registers: [this.registry],
            collect() {
                const now = counts();
                this.reset();
                for (const outcome of READING_OUTCOMES) {
                    this.inc({ outcome }, now[outcome]);
                }
            },
        });
        counter('coldtrace_telemetry_batches_total', 'Durable batches the detector committed to the telemetry store', (c) => c.batches);
        counter('coldtrace_telemetry_batch_failures_total', 'Batches that failed as a whole and were not acknowledged', (c) => c.batchFailures);
        counter('coldtrace_telemetry_excursions_recorded_total', 'Excursions the detector recorded on the ledger', (c) => c.excursionsRecorded);
        counter('coldtrace_telemetry_excursions_closed_total', 'Excursions the detector closed on the ledger', (c) => c.excursionsClosed);
        counter('coldtrace_telemetry_ledger_failures_total', 'Ledger calls of the detector that failed', (c) => c.ledgerFailures);
        counter('coldtrace_telemetry_digests_anchored_total', 'Telemetry window digests anchored on the ledger', (c) => c.digestsAnchored);
        counter('coldtrace_telemetry_broker_reconnects_total', "Times the detector's MQTT session came back after a drop", (c) => c.brokerReconnects);
        new Gauge({
            name: 'coldtrace_telemetry_broker_connected',
            help: "1 while the detector's MQTT session is connected; at 0 no reading is stored or acknowledged",
            registers: [this.registry],
            collect() {
                this.set(counts().brokerConnected);
            },
        });
        new Gauge({
            name: 'coldtrace_telemetry_pending_readings',
            help: "Readings received but not yet stored, refused or acknowledged (the detector's backlog)",
            registers: [this.registry],
            collect() {
                const c = counts();
                this.set(READING_OUTCOMES.reduce((pending, outcome) => (outcome === 'received' ? pending : pending - c[outcome]), c.received));
            },
        });
    }
}
