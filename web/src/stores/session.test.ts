import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from './session';

describe('session store', () => {
    beforeEach(() => {
        setActivePinia(createPinia());
        sessionStorage.clear();
    });

    it('calls the API through the client it holds, whose #private fields a reactive proxy would hide', async () => {
        const fetchMock = vi.fn(
            async () =>
                new Response(JSON.stringify({ token: 't', expiresAt: '2100-01-01T00:00:00.000Z', user: { username: 'alice', role: 'retailer', org: 'R' } }), {
                    status: 200,
                    headers: { 'content-type': 'application/json' },
                }),
        );
        vi.stubGlobal('fetch', fetchMock);
        try {
            const session = useSession();
            const answer = await session.client.login('alice', 'secret');
            expect(answer.token).toBe('t');
            expect(fetchMock).toHaveBeenCalledOnce();
        } finally {
            vi.unstubAllGlobals();
        }
    });
});
