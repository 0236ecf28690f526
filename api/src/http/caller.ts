import type { UserView } from '../contract';
import type { LedgerIdentity } from '@coldtrace/ledger-client';

/** The signed-in user a request acts for, and the ledger identity it acts with. */
export interface Caller {
    user: UserView;
    identity: LedgerIdentity;
    /** A machine client's granted scopes (absent for people): they narrow what its role may call. */
    scopes?: readonly string[];
}
