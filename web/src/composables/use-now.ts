import { onBeforeUnmount, ref } from 'vue';

/**
 * The current time, ticking every `everyMs`, so relative times ("3 minutes ago") stay true while a
 * page is open.
 *
 * @example
 * const now = useNow(30_000); // formatRelative(at, now.value, locale)
 */
export function useNow(everyMs = 30_000) {
    const now = ref(new Date());
    const timer = setInterval(() => (now.value = new Date()), everyMs);
    onBeforeUnmount(() => clearInterval(timer));
    return now;
}

/**
 * Calls `tick` every `everyMs` while the component lives, for views that follow data no ledger
 * event announces (raw sensor readings arrive without one).
 */
export function useEvery(everyMs: number, tick: () => void): void {
    const timer = setInterval(tick, everyMs);
    onBeforeUnmount(() => clearInterval(timer));
}
