import type { OidcProviderView } from '@coldtrace/api/contract';

/** Where the provider sends the browser back: the SPA's callback page on this origin. */
export const CALLBACK_PATH = '/auth/callback';

const PENDING_KEY = 'coldtrace.oidc.pending';

/** What the callback needs to finish a sign-in it did not start: the PKCE verifier, the state it must see back, the organization and where to go after. */
export interface PendingSignIn {
    org: string;
    state: string;
    codeVerifier: string;
    redirectUri: string;
    next: string;
}

function base64url(bytes: Uint8Array): string {
    return btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
}

function randomText(): string {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Starts an authorization code flow with PKCE (RFC 7636, S256) at an organization's provider:
 * keeps the verifier and state in sessionStorage for the callback and answers the URL to send the
 * browser to. WebCrypto only; the code is exchanged by the API, which holds any client secret.
 *
 * @example
 * location.assign(await beginSignIn(provider, location.origin, '/trace'));
 */
export async function beginSignIn(provider: OidcProviderView, origin: string, next: string, storage: Storage = sessionStorage): Promise<string> {
    const codeVerifier = randomText();
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier))));
    const pending: PendingSignIn = { org: provider.org, state: randomText(), codeVerifier, redirectUri: `${origin}${CALLBACK_PATH}`, next };
    storage.setItem(PENDING_KEY, JSON.stringify(pending));
    const url = new URL(provider.authorizationEndpoint);
    url.search = new URLSearchParams({
        response_type: 'code',
        client_id: provider.clientId,
        redirect_uri: pending.redirectUri,
        scope: provider.scope,
        state: pending.state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
    }).toString();
    return url.toString();
}

/**
 * The sign-in a callback finishes, once: the stored one when `state` is the one sent (else a
 * forged or stale callback, refused), forgotten either way so a code cannot be replayed from here.
 */
export function takePendingSignIn(state: string | undefined, storage: Storage = sessionStorage): PendingSignIn | undefined {
    const raw = storage.getItem(PENDING_KEY);
    storage.removeItem(PENDING_KEY);
    if (!raw || !state) {
        return undefined;
    }
    try {
        const pending = JSON.parse(raw) as PendingSignIn;
        return pending.state === state ? pending : undefined;
    } catch {
        return undefined;
    }
}
