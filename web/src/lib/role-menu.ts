import type { UserRole } from '@coldtrace/api/contract';

export interface MenuItem {
    /** Route name, also the i18n key under `nav`. */
    name: 'trace' | 'products' | 'impact' | 'alerts' | 'members' | UserRole;
}

/**
 * The menu a role sees: tracing first (the landing page), the products table, a batch's impact, the
 * role's own workspace, alerts, then the consortium's members.
 *
 * @example
 * menuFor('carrier').map((i) => i.name); // ['trace', 'products', 'impact', 'carrier', 'alerts', 'members']
 */
export function menuFor(role: UserRole | undefined): MenuItem[] {
    if (!role) {
        return [];
    }
    return [{ name: 'trace' }, { name: 'products' }, { name: 'impact' }, { name: role }, { name: 'alerts' }, { name: 'members' }];
}
