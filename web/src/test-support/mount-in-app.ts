import type { UserView } from '@coldtrace/api/contract';
import type { Member } from '@coldtrace/chaincode/model';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../i18n';
import { routes } from '../router';
import { useMembers } from '../stores/members';
import { useSession } from '../stores/session';

/**
 * Mounts a component with the app's real plugins (Pinia, i18n, router on memory history) and a
 * signed-in user whose API calls go to `api` instead of the network. With `members`, the fake API
 * answers the member directory (`listOrganizations`, still recorded in `calls`) and the directory is
 * read before mounting, as the app's layout does once per session.
 *
 * @example
 * const { wrapper } = mountInApp(ProductsTable, { role: 'retailer', api: async (name) => ({ items: [], bookmark: '', count: 0 }) });
 */
export function mountInApp(
    component: Component,
    options: {
        role?: UserView['role'];
        user?: Partial<UserView>;
        api?: (name: string, input: unknown) => Promise<unknown>;
        members?: readonly Member[];
        props?: Record<string, unknown>;
        locale?: 'en' | 'ja';
    },
) {
    const pinia = createPinia();
    setActivePinia(pinia);
    const session = useSession();
    if (options.role) {
        session.user = { username: options.role, role: options.role, org: 'TestMSP', ...options.user };
        session.token = 'test-token';
    }
    const calls: Array<{ name: string; input: unknown }> = [];
    session.client.call = (async (name: string, input: unknown) => {
        calls.push({ name, input });
        if (options.members && name === 'listOrganizations') {
            return options.members;
        }
        if (!options.api) {
            throw new Error(`unexpected API call ${name}`);
        }
        return options.api(name, input);
    }) as typeof session.client.call;
    if (options.members) {
        void useMembers().load();
    }
    const router = createRouter({ history: createMemoryHistory(), routes });
    const wrapper = mount(component, { props: options.props, global: { plugins: [pinia, createAppI18n(options.locale ?? 'en'), router] } });
    return { wrapper, calls, session };
}

/** Lets pending promises and Vue's re-render run. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
    }
}
