import type { UserRole } from '@coldtrace/api/contract';
import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router';
import { useSession } from '../stores/session';
import TraceView from '../views/TraceView.vue';

declare module 'vue-router' {
    interface RouteMeta {
        /** Open without signing in. */
        public?: boolean;
        /** Only this role's menu leads here. */
        role?: UserRole;
        /** Drawn without the signed-in layout (login, consumer page). */
        bare?: boolean;
    }
}

export const routes: RouteRecordRaw[] = [
    { path: '/', redirect: { name: 'trace' } },
    { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, bare: true } },
    { path: '/auth/callback', name: 'sign-in-callback', component: () => import('../views/SignInCallbackView.vue'), meta: { public: true, bare: true } },
    { path: '/p/:serial(.*)', name: 'public', component: () => import('../views/PublicProvenanceView.vue'), meta: { public: true, bare: true } },
    // The landing page, so it is in the main chunk and renders first without a second request.
    { path: '/trace/:ref(.*)?', name: 'trace', component: TraceView },
    { path: '/products', name: 'products', component: () => import('../views/ProductsView.vue') },
    { path: '/impact/:batchId?', name: 'impact', component: () => import('../views/BatchImpactView.vue') },
    { path: '/alerts', name: 'alerts', component: () => import('../views/AlertsView.vue') },
    { path: '/members', name: 'members', component: () => import('../views/MembersView.vue') },
    { path: '/manufacturer', name: 'manufacturer', component: () => import('../views/workspaces/ManufacturerWorkspace.vue'), meta: { role: 'manufacturer' } },
    { path: '/carrier', name: 'carrier', component: () => import('../views/workspaces/CarrierWorkspace.vue'), meta: { role: 'carrier' } },
    { path: '/retailer', name: 'retailer', component: () => import('../views/workspaces/RetailerWorkspace.vue'), meta: { role: 'retailer' } },
    { path: '/auditor', name: 'auditor', component: () => import('../views/workspaces/AuditorWorkspace.vue'), meta: { role: 'auditor' } },
    { path: '/:unknown(.*)*', redirect: { name: 'trace' } },
];

/**
 * The app's router: pages need a signed-in user unless public; a workspace opens only for its
 * role (its menu entry is the only link to it; the API and chaincode enforce the rest).
 */
export function createAppRouter(): Router {
    const router = createRouter({ history: createWebHistory(), routes });
    router.beforeEach((to) => {
        const session = useSession();
        if (!to.meta.public && !session.signedIn) {
            return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
        }
        if (to.meta.role && to.meta.role !== session.role) {
            return { name: 'trace' };
        }
        return true;
    });
    return router;
}
