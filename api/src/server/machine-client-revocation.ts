import type { MachineClientView } from '../contract';
import { clientUsername } from '../auth';

/**
 * The hook that revokes a removed machine client's ledger identity (the certificate the identity
 * issuer gave `client@<id>`). The API already refuses the client's tokens the moment it is removed,
 * so nothing it holds reaches the ledger through coldtrace; revoking the certificate also stops it
 * being used elsewhere. The identity issuer has no revocation path yet: when it gains one (the
 * per-organization Fabric CA work, which revokes a user's certificate on user removal), call it here
 * with the same user name. Until then this answers that nothing was revoked.
 *
 * @example
 * await revokeMachineClientIdentity('./data', removed); // { username: 'client@mc-…', revoked: false }
 */
export async function revokeMachineClientIdentity(_dataDir: string, client: MachineClientView): Promise<{ username: string; revoked: boolean }> {
    return { username: clientUsername(client.clientId), revoked: false };
}
