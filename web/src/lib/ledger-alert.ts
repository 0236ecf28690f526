import type { LedgerEvent } from '@coldtrace/chaincode/model';

/** Ledger event types that deserve the user's attention: a toast and a line in the alert list. */
const ALERT_KINDS: Record<string, 'excursion' | 'anomaly'> = {
    ExcursionRecorded: 'excursion',
    ExcursionClosed: 'excursion',
    BatchAnomalyReported: 'anomaly',
    BatchAnomalyCleared: 'anomaly',
};

export interface LedgerAlert {
    key: string;
    kind: 'excursion' | 'anomaly';
    type: string;
    at: string;
    ids: Record<string, string>;
    event: LedgerEvent;
}

/**
 * The alert a committed ledger event raises, or none for routine steps. Keyed by transaction id, so
 * the same event replayed after a reconnect is one alert.
 *
 * @example
 * toAlert({ type: 'BatchAnomalyReported', ids: { batchId: 'B1' }, parties: [], txId: 't', at: '…' })?.kind; // 'anomaly'
 */
export function toAlert(event: LedgerEvent): LedgerAlert | undefined {
    const kind = ALERT_KINDS[event.type];
    if (!kind) {
        return undefined;
    }
    const txId = typeof event.txId === 'string' ? event.txId : '';
    const at = typeof event.at === 'string' ? event.at : new Date().toISOString();
    return { key: `${event.type}:${txId || JSON.stringify(event.ids)}`, kind, type: event.type, at, ids: event.ids ?? {}, event };
}

/** Reads one SSE message's data as a ledger event; the SSE event name is the type when the data lacks one. */
export function parseLedgerEvent(name: string, data: string): LedgerEvent | undefined {
    try {
        const parsed = JSON.parse(data) as Partial<LedgerEvent>;
        if (typeof parsed !== 'object' || parsed === null) {
            return undefined;
        }
        const type = typeof parsed.type === 'string' ? parsed.type : name;
        return { ...parsed, type, ids: parsed.ids ?? {}, parties: parsed.parties ?? [] };
    } catch {
        return undefined;
    }
}
