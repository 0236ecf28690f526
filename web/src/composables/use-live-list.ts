import type { LedgerEvent } from '@coldtrace/chaincode/model';
import { onBeforeUnmount } from 'vue';
import { useAlerts } from '../stores/alerts';

/**
 * Loads a list now and again whenever a ledger event that changes it arrives, for as long as the
 * component lives.
 *
 * @example
 * useLiveList(load, (event) => event.type === 'ShipmentReceived');
 */
export function useLiveList(load: () => Promise<void>, changes: (event: LedgerEvent) => boolean): void {
    void load();
    const stop = useAlerts().onEvent((event) => {
        if (changes(event)) {
            void load();
        }
    });
    onBeforeUnmount(stop);
}
