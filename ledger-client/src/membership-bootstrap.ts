import type { MemberInput } from '@coldtrace/chaincode/model';
import type { Ledger, LedgerIdentity } from './ledger';
import { LedgerError } from './ledger-error';

/** What {@link bootstrapMembership} found: it recorded the founders, or the consortium had its members already. */
export type MembershipBootstrap = 'recorded' | 'present';

/**
 * Records the founding members on a fresh channel, once: the first thing every path that creates or
 * first connects to a ledger does (the server at start, the test harnesses). The chaincode accepts
 * `member:bootstrap` only while no member exists and only from a founder, so running this again,
 * or from two processes at once, records nothing twice — the trust assumption is that whoever
 * deploys the channel is the first to connect. `founder` must be an identity of one of `founders`.
 *
 * @example
 * await bootstrapMembership(ledger, await services.founder(), config.organizations); // 'recorded' on a fresh ledger
 */
export async function bootstrapMembership(ledger: Ledger, founder: LedgerIdentity, founders: readonly MemberInput[]): Promise<MembershipBootstrap> {
    if (await isMember(ledger, founder)) {
        return 'present';
    }
    try {
        await ledger.submit(founder, 'member:bootstrap', [JSON.stringify(founders)]);
        return 'recorded';
    } catch (error) {
        // Another process bootstrapped between the look and the submit: fine if it recorded us too.
        if (error instanceof LedgerError && ['CONFLICT', 'CONFLICT_RETRY'].includes(error.code) && (await isMember(ledger, founder))) {
            return 'present';
        }
        if (error instanceof LedgerError && error.code === 'CONFLICT') {
            throw new Error(`the ledger's consortium has members already, but ${founder.mspId} is not one of them; configure organizations that are members (${error.message})`, {
                cause: error,
            });
        }
        throw error;
    }
}

async function isMember(ledger: Ledger, identity: LedgerIdentity): Promise<boolean> {
    try {
        await ledger.evaluate(identity, 'member:get', [identity.mspId]);
        return true;
    } catch (error) {
        // FORBIDDEN: the caller is no member (of an empty consortium, or of another one).
        if (error instanceof LedgerError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
            return false;
        }
        throw error;
    }
}
