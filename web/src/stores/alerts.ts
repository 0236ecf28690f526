import { API_BASE } from '@coldtrace/api/contract';
import type { LedgerEvent } from '@coldtrace/chaincode/model';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { type LedgerAlert, parseLedgerEvent, toAlert } from '../lib/ledger-alert';

const TOAST_MS = 10_000;
const MAX_ALERTS = 200;
const LONGEST_RETRY_MS = 10_000;
const RETRY_MS = [1000, 2000, 5000, LONGEST_RETRY_MS];
const STORAGE_KEY = 'coldtrace.alerts';

/** What a tab keeps across reloads: its alerts, and where the stream stopped so missed events are replayed. */
interface StoredAlerts {
    alerts: LedgerAlert[];
    lastEventId?: string;
}

export type LiveState = 'off' | 'connecting' | 'live' | 'retrying';

/**
 * The live feed: one Server-Sent Events connection to `GET /api/v1/events` per signed-in tab,
 * read with fetch so it can carry the bearer token (EventSource cannot send headers) and parsed
 * by `eventsource-parser`; it reconnects with backoff and resumes after the last event id. Excursions and anomalies become toasts and
 * alerts; every event reaches the pages that listen, so their data and charts refresh.
 */
export const useAlerts = defineStore('alerts', () => {
    const stored = readStored();
    const alerts = ref<LedgerAlert[]>(stored.alerts);
    const toasts = ref<LedgerAlert[]>([]);
    const state = ref<LiveState>('off');
    const lastError = ref<string>();
    const listeners = new Set<(event: LedgerEvent) => void>();
    let controller: AbortController | undefined;
    let lastEventId: string | undefined = stored.lastEventId;

    function persist(): void {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ alerts: alerts.value, lastEventId } satisfies StoredAlerts));
    }

    function onEvent(listener: (event: LedgerEvent) => void): () => void {
        listeners.add(listener);
        return () => listeners.delete(listener);
    }

    function receive(event: LedgerEvent): void {
        for (const listener of listeners) {
            listener(event);
        }
        const alert = toAlert(event);
        if (!alert || alerts.value.some((a) => a.key === alert.key)) {
            return;
        }
        alerts.value = [alert, ...alerts.value].slice(0, MAX_ALERTS);
        persist();
        toasts.value = [...toasts.value, alert];
        setTimeout(() => dismiss(alert.key), TOAST_MS);
    }

    function dismiss(key: string): void {
        toasts.value = toasts.value.filter((t) => t.key !== key);
    }

    function connect(token: string): void {
        disconnect();
        const own = new AbortController();
        controller = own;
        void run(token, own.signal);
    }

    function disconnect(): void {
        controller?.abort();
        controller = undefined;
        state.value = 'off';
    }

    async function run(token: string, signal: AbortSignal): Promise<void> {
        for (let attempt = 0; !signal.aborted; attempt++) {
            state.value = attempt === 0 ? 'connecting' : 'retrying';
            try {
                await stream(token, signal, () => {
                    state.value = 'live';
                    lastError.value = undefined;
                    attempt = 0;
                });
            } catch (error) {
                if (signal.aborted) {
                    return;
                }
                lastError.value = error instanceof Error ? error.message : String(error);
            }
            await sleep(RETRY_MS[attempt] ?? LONGEST_RETRY_MS, signal);
        }
    }

    async function stream(token: string, signal: AbortSignal, opened: () => void): Promise<void> {
        const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
        if (lastEventId) {
            headers['last-event-id'] = lastEventId;
        }
        const response = await fetch(`${API_BASE}/events`, { headers, signal });
        if (!response.ok || !response.body) {
            throw new Error(`live events answered HTTP ${response.status}`);
        }
        opened();
        const messages = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
        for (;;) {
            const { value: message, done } = await messages.read();
            if (done) {
                throw new Error('live events stream ended');
            }
            const event = parseLedgerEvent(message.event ?? 'message', message.data);
            if (event) {
                receive(event);
            }
            if (message.id && message.id !== lastEventId) {
                lastEventId = message.id;
                persist();
            }
        }
    }

    /** Forgets this tab's alerts, as signing out does. */
    function clear(): void {
        alerts.value = [];
        toasts.value = [];
        lastEventId = undefined;
        sessionStorage.removeItem(STORAGE_KEY);
    }

    return { alerts, toasts, state, lastError, onEvent, receive, dismiss, connect, disconnect, clear };
});

function readStored(): StoredAlerts {
    try {
        const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(STORAGE_KEY);
        const parsed = raw ? (JSON.parse(raw) as StoredAlerts) : undefined;
        return Array.isArray(parsed?.alerts) ? parsed : { alerts: [] };
    } catch {
        return { alerts: [] };
    }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
        });
    });
}
