import type { PeerStatus } from './ledger';

/** How long a health probe waits for one peer before calling it unreachable. */
export const PEER_PROBE_MS = 3_000;

/** How long a committed submit waits for the other organizations' peers before answering anyway. */
export const PEER_CATCH_UP_MS = 10_000;

/**
 * Asks every configured peer for its height, side by side: a stopped or hung peer is named
 * unreachable with the reason instead of holding up the answer. Shared by both Fabric clients,
 * which differ only in how they ask one peer.
 *
 * @example
 * const statuses = await probePeers(options.peers, (mspId) => heightAt(identity, mspId), (error) => (error as Error).message);
 */
export async function probePeers(
    peers: Readonly<Record<string, { endpoint: string }>>,
    heightAt: (mspId: string) => Promise<number>,
    describe: (error: unknown) => string,
): Promise<PeerStatus[]> {
    return Promise.all(
        Object.entries(peers).map(async ([mspId, peer]) => {
            let timer: NodeJS.Timeout | undefined;
            const timeout = new Promise<never>((_resolve, reject) => {
                timer = setTimeout(() => reject(new Error(`no answer within ${PEER_PROBE_MS} ms`)), PEER_PROBE_MS);
            });
            try {
                const height = await Promise.race([heightAt(mspId), timeout]);
                return { mspId, endpoint: peer.endpoint, reachable: true, height };
            } catch (error) {
                return { mspId, endpoint: peer.endpoint, reachable: false, error: describe(error) };
            } finally {
                clearTimeout(timer);
            }
        }),
    );
}
