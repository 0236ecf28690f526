import { ref } from 'vue';
import type { z } from 'zod';
import { useRouter } from 'vue-router';
import { describeError, type UserFacingError } from '../lib/problem-message';
import { validateBody } from '../lib/validate-body';
import { useSession } from '../stores/session';

const SESSION_ENDED = new Set(['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_INVALID']);

/**
 * Runs a call to the API for a component: `busy` while it runs (buttons show progress), `error`
 * in words when it fails (never swallowed). A session the API no longer accepts sends the user
 * to the sign-in page, back here afterwards.
 *
 * @example
 * const { busy, error, run } = useAction();
 * await run(() => session.client.call('sellProduct', { params: { serial } }));
 */
export function useAction() {
    const busy = ref(false);
    const error = ref<UserFacingError>();
    const session = useSession();
    const router = useRouter();

    async function run<T>(call: () => Promise<T>): Promise<T | undefined> {
        busy.value = true;
        error.value = undefined;
        try {
            return await call();
        } catch (thrown) {
            error.value = describeError(thrown);
            if (SESSION_ENDED.has(error.value.code) && session.signedIn) {
                session.logout();
                await router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath, reason: error.value.code } });
            }
            return undefined;
        } finally {
            busy.value = false;
        }
    }

    /** Checks a payload with the API's own schema first: field errors show without a round trip. */
    async function runChecked<S extends z.ZodType, T>(schema: S, body: unknown, call: (body: z.input<S>) => Promise<T>): Promise<T | undefined> {
        const checked = validateBody(schema, body);
        if (!checked.ok) {
            error.value = checked.error;
            return undefined;
        }
        return run(() => call(checked.body));
    }

    return { busy, error, run, runChecked };
}
