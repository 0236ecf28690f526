import type { RequestHandler } from 'express';
import { type EventHub, mayReceive } from '../events/event-hub';
import type { ApiMetrics } from '../observability/metrics';
import type { Authenticator } from './authenticator';

/** A comment line every so often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/v1/events`: Server-Sent Events of the committed chaincode events the caller may see.
 * Browsers' EventSource cannot send headers, so the token may come as `?access_token=`.
 *
 * @example
 * new EventSource(`/api/v1/events?access_token=${token}`).addEventListener('ExcursionRecorded', …)
 */
export function eventStream(hub: EventHub, authenticator: Authenticator, metrics: ApiMetrics, streams: Set<() => void>): RequestHandler {
    return async (req, res, next) => {
        let user;
        try {
            ({ user } = await authenticator.caller(req, { allowQueryToken: true }));
        } catch (error) {
            next(error);
            return;
        }
        res.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        res.flushHeaders();
        res.write(`retry: 3000\n: coldtrace events for ${user.username} (${user.org})\n\n`);
        metrics.sseClients.inc();
        const stop = hub.listen((event) => {
            if (mayReceive(event, user)) {
                res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ ...event.payload, blockNumber: event.blockNumber, txId: event.txId })}\n\n`);
                metrics.eventsDelivered.inc();
            }
        }, req.get('last-event-id'));
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const end = () => {
            clearInterval(heartbeat);
            stop();
            if (streams.delete(end)) {
                metrics.sseClients.dec();
            }
            res.end();
        };
        streams.add(end);
        req.on('close', end);
    };
}
