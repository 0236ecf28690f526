import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { beginSignIn, takePendingSignIn } from './oidc-redirect';

const provider = {
    org: 'RetailerMSP',
    label: 'Harbour Pharmacy',
    issuer: 'https://login.example.com',
    authorizationEndpoint: 'https://login.example.com/auth',
    clientId: 'coldtrace-web',
    scope: 'openid',
};

describe('OpenID sign-in redirect', () => {
    beforeEach(() => sessionStorage.clear());

    it('sends an S256 challenge of the verifier it keeps, and a state the callback must return', async () => {
        const url = new URL(await beginSignIn(provider, 'https://coldtrace.example.com', '/products'));
        expect(url.origin + url.pathname).toBe('https://login.example.com/auth');
        expect(url.searchParams.get('redirect_uri')).toBe('https://coldtrace.example.com/auth/callback');
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        const pending = takePendingSignIn(url.searchParams.get('state')!)!;
        expect(pending).toMatchObject({ org: 'RetailerMSP', next: '/products' });
        expect(pending.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(url.searchParams.get('code_challenge')).toBe(createHash('sha256').update(pending.codeVerifier).digest('base64url'));
    });

    it('refuses a callback with another state, and finishes a sign-in only once', async () => {
        const url = new URL(await beginSignIn(provider, 'https://coldtrace.example.com', '/'));
        expect(takePendingSignIn('forged')).toBeUndefined();
        expect(takePendingSignIn(url.searchParams.get('state')!)).toBeUndefined();
    });
});
