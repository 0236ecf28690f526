import { join } from 'node:path';
import { ensurePrivateDirectory, loadOrCreateSecretKey, newCarrierTokens, openTelemetryStateDatabase, telemetryStatePath, telemetryTokenKeyPath } from '@coldtrace/telemetry';

/**
 * `npm run admin -- telemetry-token issue|list|revoke`: the operator's side of carriers' telemetry
 * tokens, on the data directory's telemetry state database (safe while the server runs: SQLite WAL) and
 * the same signing key. Answers the process exit code.
 *
 * @example
 * await telemetryTokenCommand('./data', 'issue', { org: 'CarrierMSP', label: 'SORACOM Beam' });
 */
export async function telemetryTokenCommand(
    dataDir: string,
    verb: string | undefined,
    options: { org?: string; label?: string; days?: string; tokenId?: string },
): Promise<number> {
    ensurePrivateDirectory(join(dataDir, 'telemetry'));
    const state = openTelemetryStateDatabase(telemetryStatePath(dataDir));
    try {
        const tokens = newCarrierTokens(state, loadOrCreateSecretKey(telemetryTokenKeyPath(dataDir)));
        switch (verb) {
            case 'issue': {
                if (!options.org) {
                    throw new Error('telemetry-token issue needs --org, the carrier organization the token speaks for');
                }
                const days = options.days === undefined ? undefined : Number(options.days);
                if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 730)) {
                    throw new Error('--days must be a whole number from 1 to 730');
                }
                const issued = tokens.issue({ org: options.org, label: options.label ?? 'issued with npm run admin', issuedBy: 'admin-cli', days });
                console.log(`issued telemetry token ${issued.tokenId} for ${issued.org}, valid until ${issued.expiresAt}:`);
                console.log(issued.token);
                return 0;
            }
            case 'list':
                console.table(tokens.list(options.org));
                return 0;
            case 'revoke': {
                if (!options.tokenId) {
                    throw new Error('telemetry-token revoke needs the token id (telemetry-token list shows them)');
                }
                const revoked = tokens.revoke(options.tokenId);
                if (!revoked) {
                    throw new Error(`there is no telemetry token ${options.tokenId}`);
                }
                console.log(`revoked telemetry token ${revoked.tokenId} of ${revoked.org} at ${revoked.revokedAt}`);
                return 0;
            }
            default:
                throw new Error('telemetry-token takes issue, list or revoke');
        }
    } finally {
        state.close();
    }
}
