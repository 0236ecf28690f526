import { ForbiddenError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { isActive } from '../model/member';
import { RELATIONSHIPS, RULES, type TransactionName } from './rules-table';

/**
 * The role gate of every transaction, from the rules table, before the transaction runs: the one
 * place that decides who may call what by role and member status. A caller that is not a member
 * calls nothing but what the table opens to anyone; a suspended member reads but writes nothing.
 * Relationships to records are checked by the transactions, which name the table's relationship.
 *
 * @example
 * await authorize(ctx, 'product:sell'); // FORBIDDEN for a carrier: only a retailer may sell a product
 */
export async function authorize(ctx: ColdtraceContext, transaction: string): Promise<void> {
    const rule = (RULES as Record<string, (typeof RULES)[TransactionName] | undefined>)[transaction];
    if (!rule) {
        // A transaction without a rule is a bug of this package: refuse rather than let it through unchecked.
        throw new ForbiddenError(`${transaction} has no access rule`);
    }
    const member = await ctx.membership.get(ctx.caller.org);
    const roles = ctx.resolveRoles(member);
    if (rule.roles === 'anyone') {
        return;
    }
    if (!member) {
        throw new ForbiddenError(`${ctx.caller.org} is not a member of the consortium and may not ${rule.doc}`);
    }
    if (member.status === 'proposed') {
        // Admitted only once a majority approved: until then it is no member in anything it does.
        throw new ForbiddenError(`${ctx.caller.org} is proposed and not yet admitted by a majority of the members' administrators; it may not ${rule.doc}`);
    }
    if (rule.kind === 'write' && !isActive(member)) {
        throw new ForbiddenError(`${ctx.caller.org} is ${member.status}: it may read its history but not ${rule.doc}`);
    }
    if (!roles.some((role) => (rule.roles as readonly string[]).includes(role))) {
        const held = roles.length > 0 ? `acts as ${roles.join(', ')}` : 'acts in no role';
        const detector = rule.roles.length === 1 && rule.roles[0] === 'detector' ? ' (a certificate with attribute coldtrace.role=detector)' : '';
        throw new ForbiddenError(`only ${anyOf(rule.roles)}${detector} may ${rule.doc}; this ${ctx.caller.org} identity ${held}`);
    }
    if (rule.relationship === 'consortiumAdmin' && !ctx.caller.isAdmin) {
        throw new ForbiddenError(`only an ${RELATIONSHIPS.consortiumAdmin} may ${rule.doc}; this ${ctx.caller.org} identity is not an administrator`);
    }
}

/** `a manufacturer`, `an auditor`, `a manufacturer, carrier or retailer`. */
function anyOf(roles: readonly string[]): string {
    const list = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} or ${roles.slice(-1).join('')}` : roles.join('');
    return `${/^[aeiou]/.test(list) ? 'an' : 'a'} ${list}`;
}
