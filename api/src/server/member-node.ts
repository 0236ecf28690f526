import type { Member } from '@coldtrace/chaincode/model';
import type { UserDirectory } from '../auth';
import { type Ledger, LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import { ServerConfigError } from './server-config-error';

/**
 * Checks, before a member's own node (`--org`) serves anyone, that its organization is a member of
 * the consortium on the channel and that its user directory holds only that organization's people
 * (it cannot issue anyone else a certificate); answers the member record, whose roles decide what
 * the node runs (the sensors pipeline only for a carrier).
 *
 * @example
 * const member = await checkMemberNode(ledger, await services.founder(), users, 'Retailer2MSP');
 * member.roles; // ['retailer']
 */
export async function checkMemberNode(ledger: Ledger, identity: LedgerIdentity, users: UserDirectory, org: string): Promise<Member> {
    const strangers = users.list().filter((user) => user.org !== org);
    if (strangers.length) {
        throw new ServerConfigError(
            `this node serves ${org} only, but its user directory holds users of other organizations (${strangers.map((user) => `${user.username} of ${user.org}`).join(', ')}); ` +
                `remove them (npm run admin -- user remove NAME) or give the node its own data directory (--data)`,
        );
    }
    try {
        return JSON.parse(Buffer.from(await ledger.evaluate(identity, 'member:get', [org])).toString('utf8')) as Member;
    } catch (error) {
        if (error instanceof LedgerError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
            throw new ServerConfigError(
                `${org} is not a member of the consortium on this channel (${error.message}); its admission must be approved first (npm run network:add-org, or POST /api/v1/organizations and the members' approvals)`,
            );
        }
        throw error;
    }
}
