import { ColdtraceClient, type LoginResponse, type OidcCodeExchange, type UserView } from '@coldtrace/api/contract';
import { defineStore } from 'pinia';
import { computed, markRaw, ref } from 'vue';

const STORAGE_KEY = 'coldtrace.session';

interface StoredSession {
    token: string;
    expiresAt: string;
    user: UserView;
}

/**
 * The signed-in user, the bearer token and the API client that carries it. Kept in
 * sessionStorage so a reload keeps the session but closing the tab ends it.
 */
export const useSession = defineStore('session', () => {
    // Raw: a store's state is a reactive proxy, and the client's #private fields cannot be read through one.
    const client = markRaw(new ColdtraceClient());
    const stored = readStored();
    const user = ref<UserView | undefined>(stored?.user);
    const token = ref<string | undefined>(stored?.token);
    const expiresAt = ref<string | undefined>(stored?.expiresAt);
    client.setToken(token.value);

    const signedIn = computed(() => Boolean(token.value) && !expired());
    const role = computed(() => user.value?.role);

    function expired(): boolean {
        return expiresAt.value !== undefined && Date.parse(expiresAt.value) <= Date.now();
    }

    async function login(username: string, password: string): Promise<void> {
        adopt(await client.login(username, password));
    }

    /** Finishes an OpenID Connect sign-in: the API exchanges the code and answers the provider's token, the bearer token from now on. */
    async function loginWithCode(exchange: OidcCodeExchange): Promise<void> {
        const answer = await client.call('oidcSignIn', { body: exchange });
        client.setToken(answer.token);
        adopt(answer);
    }

    function adopt(answer: LoginResponse): void {
        user.value = answer.user;
        token.value = answer.token;
        expiresAt.value = answer.expiresAt;
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: answer.token, expiresAt: answer.expiresAt, user: answer.user } satisfies StoredSession));
    }

    function logout(): void {
        user.value = undefined;
        token.value = undefined;
        expiresAt.value = undefined;
        client.setToken(undefined);
        sessionStorage.removeItem(STORAGE_KEY);
    }

    return { client, user, token, expiresAt, signedIn, role, login, loginWithCode, logout };
});

function readStored(): StoredSession | undefined {
    try {
        const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(STORAGE_KEY);
        return raw ? (JSON.parse(raw) as StoredSession) : undefined;
    } catch {
        return undefined;
    }
}
