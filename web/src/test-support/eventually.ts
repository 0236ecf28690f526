import { vi } from 'vitest';

/**
 * Retries `check` until it passes. The deadline is generous on purpose: what it waits for (a lazily
 * loaded chart or map, a stream's first message) takes longer on a loaded CI machine, and a test must
 * not fail because the machine was busy — only because the thing never happens.
 *
 * @example
 * await eventually(() => expect(wrapper.find('[data-test="route-line"]').exists()).toBe(true));
 */
export function eventually<T>(check: () => T | Promise<T>): Promise<T> {
    return vi.waitFor(check, { timeout: 60_000, interval: 20 });
}
