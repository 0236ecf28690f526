import { fromWire, isEmbeddedLedgerBackend, type LedgerIdentity, wireArgs } from '@coldtrace/ledger-client';
import { ADMIN_ATTRIBUTE, type MemberMotion } from '@coldtrace/chaincode/model';
import { type Caller, type LedgerHarness, STRANGER_MEMBERS } from './ledger-harness';

/** The callers that are their organization's consortium administrator (see harnessAttributes). */
export const ADMINS = ['manufacturer', 'carrier', 'retailer', 'auditor'] as const satisfies readonly Caller[];

export type MotionTransaction = 'member:approve' | 'member:reject' | 'member:suspend' | 'member:reinstate';

/**
 * Administrators of every organization the ledger has: the first organizations' callers, and on the
 * embedded ledger an administrator of each second organization too (its CA is in the ledger), so a
 * majority stays reachable however many members the suites admitted.
 */
export async function voters(ledger: LedgerHarness): Promise<LedgerIdentity[]> {
    const admins = ADMINS.map((caller) => ledger.identity(caller));
    if (isEmbeddedLedgerBackend(ledger.ledger)) {
        for (const { mspId } of STRANGER_MEMBERS) {
            admins.push(await ledger.ledger.ledger.enroll(mspId, `admin-${mspId}`, { [ADMIN_ATTRIBUTE]: 'true' }));
        }
    }
    return [...admins, ...ledger.strangerAdmins];
}

/** Submits as any identity, JSON in and out, as the harness does for its callers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a scenario reads the JSON answer without declaring its shape; a caller that needs one passes T.
export async function submitAs<T = any>(ledger: LedgerHarness, identity: LedgerIdentity, fn: string, args: unknown[]): Promise<T> {
    return fromWire((await ledger.ledger.submit(identity, fn, wireArgs(args))).payload);
}

/**
 * Approves a motion with administrators until it is carried; answers the approval that carried it.
 *
 * @example
 * await carry(ledger, 'member:approve', 'Retailer3MSP'); // admitted
 */
export async function carry(ledger: LedgerHarness, fn: MotionTransaction, mspId: string): Promise<MemberMotion> {
    for (const voter of await voters(ledger)) {
        const motion = await submitAs<MemberMotion>(ledger, voter, fn, [mspId]);
        if (motion.carried) {
            return motion;
        }
    }
    throw new Error(`${fn} ${mspId} was not carried by the administrators this ledger has`);
}
