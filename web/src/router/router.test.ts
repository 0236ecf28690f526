import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { menuFor } from '../lib/role-menu';
import { useSession } from '../stores/session';
import { createAppRouter } from '.';

describe('app router', () => {
    beforeEach(() => {
        setActivePinia(createPinia());
        sessionStorage.clear();
    });

    it('sends a visitor to sign-in, keeping where they wanted to go, but opens the public page', async () => {
        const router = createAppRouter();
        await router.push('/trace/ABC');
        expect(router.currentRoute.value.name).toBe('login');
        expect(router.currentRoute.value.query.next).toBe('/trace/ABC');
        await router.push('/p/ABC');
        expect(router.currentRoute.value.name).toBe('public');
    });

    it('opens a workspace only for its role', async () => {
        const session = useSession();
        session.user = { username: 'r', role: 'retailer', org: 'RetailerMSP' };
        session.token = 't';
        const router = createAppRouter();
        await router.push('/retailer');
        expect(router.currentRoute.value.name).toBe('retailer');
        await router.push('/manufacturer');
        expect(router.currentRoute.value.name).toBe('trace');
    });

    it('gives each role trace, products, its own workspace, alerts and members', () => {
        expect(menuFor('auditor').map((i) => i.name)).toEqual(['trace', 'products', 'impact', 'auditor', 'alerts', 'members']);
        expect(menuFor(undefined)).toEqual([]);
    });
});
