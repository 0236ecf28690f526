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
