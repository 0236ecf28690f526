import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../test-support/eventually';
import { useAlerts } from './alerts';

describe('alerts store', () => {
    beforeEach(() => {
        sessionStorage.clear();
        setActivePinia(createPinia());
    });

    it('turns an excursion into one alert and one toast however often it is replayed, and passes every event to listeners', () => {
        const alerts = useAlerts();
        const seen: string[] = [];
        const stop = alerts.onEvent((e) => seen.push(e.type));
        const excursion = { type: 'ExcursionRecorded', ids: { shipmentId: 'SH1' }, parties: [], txId: 't1' };
        alerts.receive(excursion);
        alerts.receive(excursion);
        alerts.receive({ type: 'ProductStateChanged', ids: { serial: 'S' }, parties: [] });
        expect(alerts.alerts.map((a) => a.key)).toEqual(['ExcursionRecorded:t1']);
        expect(alerts.toasts).toHaveLength(1);
        expect(seen).toEqual(['ExcursionRecorded', 'ExcursionRecorded', 'ProductStateChanged']);
        stop();
        alerts.receive({ type: 'BatchAnomalyReported', ids: { batchId: 'B' }, parties: [], txId: 't2' });
        expect(seen).toHaveLength(3);
        expect(alerts.alerts[0]?.kind).toBe('anomaly');
    });

    it('lets toasts go after a while and on dismiss, keeping the alert list', () => {
        vi.useFakeTimers();
        try {
            const alerts = useAlerts();
            alerts.receive({ type: 'BatchAnomalyReported', ids: { batchId: 'B' }, parties: [], txId: 't' });
            alerts.receive({ type: 'ExcursionClosed', ids: { shipmentId: 'S' }, parties: [], txId: 'u' });
            alerts.dismiss('BatchAnomalyReported:t');
            expect(alerts.toasts.map((t) => t.type)).toEqual(['ExcursionClosed']);
            vi.advanceTimersByTime(10_001);
            expect(alerts.toasts).toHaveLength(0);
            expect(alerts.alerts).toHaveLength(2);
        } finally {
            vi.useRealTimers();
        }
    });

    it('reads the live stream with the bearer token and dispatches its events', async () => {
        const body = new ReadableStream<Uint8Array>({
            start(controller) {
                controller.enqueue(
                    new TextEncoder().encode('retry: 3000\n: hello\n\nid: 4\nevent: BatchAnomalyReported\ndata: {"ids":{"batchId":"B9"},"parties":[],"txId":"x"}\n\n'),
                );
            },
        });
        const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
        vi.stubGlobal('fetch', fetch);
        try {
            const alerts = useAlerts();
            alerts.connect('tok');
            await eventually(() => expect(alerts.alerts.map((a) => a.ids.batchId)).toEqual(['B9']));
            expect(alerts.state).toBe('live');
            expect(fetch.mock.calls[0]?.[0]).toBe('/api/v1/events');
            expect((fetch.mock.calls[0]?.[1]?.headers as Record<string, string>).authorization).toBe('Bearer tok');
            alerts.disconnect();
            expect(alerts.state).toBe('off');
        } finally {
            vi.unstubAllGlobals();
        }
    });

    it('reconnects with backoff when the stream ends or is refused, resuming after the last event id it read', async () => {
        const event = (id: number, batchId: string) => `id: ${id}\nevent: BatchAnomalyReported\ndata: {"ids":{"batchId":"${batchId}"},"parties":[],"txId":"${batchId}"}\n\n`;
        const answers = [
            () => new Response(event(4, 'B4'), { status: 200 }),
            () => new Response('unavailable', { status: 503 }),
            () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(event(5, 'B5'))) }), { status: 200 }),
        ];
        const fetch = vi.fn(async (_url: string, _init: RequestInit) => answers.shift()!());
        vi.stubGlobal('fetch', fetch);
        vi.useFakeTimers();
        try {
            const alerts = useAlerts();
            alerts.connect('tok');
            await eventually(() => expect(alerts.alerts.map((a) => a.ids.batchId)).toEqual(['B5', 'B4']));
            const resumedFrom = fetch.mock.calls.map(([, init]) => (init.headers as Record<string, string>)['last-event-id']);
            expect(resumedFrom).toEqual([undefined, '4', '4']);
            expect(alerts.state).toBe('live');
            alerts.disconnect();
        } finally {
            vi.useRealTimers();
            vi.unstubAllGlobals();
        }
    });
});

describe('alerts kept across a reload', () => {
    beforeEach(() => {
        sessionStorage.clear();
        setActivePinia(createPinia());
    });

    it('restores the tab’s alerts and forgets them on clear', () => {
        useAlerts().receive({ type: 'BatchAnomalyReported', ids: { batchId: 'B' }, parties: [], txId: 't' });
        setActivePinia(createPinia());
        const reloaded = useAlerts();
        expect(reloaded.alerts.map((a) => a.key)).toEqual(['BatchAnomalyReported:t']);
        expect(reloaded.toasts).toHaveLength(0);
        reloaded.clear();
        setActivePinia(createPinia());
        expect(useAlerts().alerts).toHaveLength(0);
    });
});
