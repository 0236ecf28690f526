import { reactive } from 'vue';
import { describeError, type UserFacingError } from '../lib/problem-message';

/**
 * Per-row progress and refusals for tables whose rows each offer an action: a row shows its own
 * spinner and, when the API refuses, the reason in words beside its button.
 *
 * @example
 * const rows = useRowActions();
 * await rows.run(serial, () => client.call('sellProduct', { params: { serial } }), (updated) => replace(updated));
 */
export function useRowActions() {
    const busy = reactive<Record<string, boolean>>({});
    const error = reactive<Record<string, UserFacingError | undefined>>({});

    async function run<T>(id: string, call: () => Promise<T>, done: (answer: T) => void): Promise<boolean> {
        busy[id] = true;
        error[id] = undefined;
        try {
            done(await call());
            return true;
        } catch (thrown) {
            error[id] = describeError(thrown);
            return false;
        } finally {
            busy[id] = false;
        }
    }

    return { busy, error, run };
}
