import { BULK_STEPS, type BulkStep, memberRolesFor, RULES, ruleOf, type TransactionName, TRANSACTIONS } from '@coldtrace/chaincode/model';
import { z } from 'zod';
import type { UserRole } from './auth-payloads';

/** The families of the rules table (`product`, `shipment`, …): `product:*` covers every transaction of one. */
const FAMILIES = [...new Set(TRANSACTIONS.map((transaction) => transaction.split(':')[0]))];

/**
 * What a machine client's token may do, within its role: a transaction of the rules table
 * (`product:stock`, which also covers its bulk form), a whole family (`shipment:*`), or `read` for
 * every reading transaction. The role still decides first; a scope only narrows it.
 *
 * @example
 * ClientScope.parse('shipment:receive');
 */
export const ClientScope = z.string().refine((scope) => scope === 'read' || (TRANSACTIONS as string[]).includes(scope) || FAMILIES.some((family) => scope === `${family}:*`), {
    message: `must be a transaction of the rules table (e.g. product:stock), a family (${FAMILIES.map((f) => `${f}:*`).join(', ')}) or read`,
});
export type ClientScope = z.infer<typeof ClientScope>;

/**
 * Whether one of `scopes` covers calling `transaction`.
 *
 * @example
 * scopesCover(['product:stock'], 'bulk:stock'); // true
 * scopesCover(['product:stock'], 'anomaly:recall'); // false
 */
export function scopesCover(scopes: readonly string[], transaction: TransactionName): boolean {
    const names = [transaction, ...(transaction.startsWith('bulk:') ? [BULK_STEPS[transaction.slice('bulk:'.length) as BulkStep]] : [])];
    return scopes.some((scope) => (scope === 'read' ? ruleOf(transaction).kind === 'read' : names.some((name) => scope === name || scope === `${name.split(':')[0]}:*`)));
}

/**
 * Refuses a scope that would give a client of `role` nothing: one naming a transaction the role may
 * never call, or a family none of whose transactions it may. Answers the reason, or undefined.
 *
 * @example
 * scopeProblem('carrier', 'anomaly:recall'); // 'a carrier may never anomaly:recall (manufacturer only)'
 */
export function scopeProblem(role: UserRole, scope: string): string | undefined {
    const parsed = ClientScope.safeParse(scope);
    if (!parsed.success) {
        return `${scope} ${parsed.error.issues[0]?.message}`;
    }
    const covered = (Object.keys(RULES) as TransactionName[]).filter((transaction) => scopesCover([scope], transaction));
    if (!covered.some((transaction) => memberRolesFor(transaction).includes(role))) {
        return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may never ${scope} (${[...new Set(covered.flatMap(memberRolesFor))].join(', ') || 'no member role'} only)`;
    }
    return undefined;
}
