import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecretKey, newCarrierTokens, openTelemetryStateDatabase, telemetryStatePath, telemetryTokenKeyPath } from '@coldtrace/telemetry';
import { telemetryTokenCommand } from './telemetry-token-command';

describe('npm run admin -- telemetry-token', () => {
    let dataDir: string;
    const printed: unknown[] = [];
    const { log, table } = console;

    beforeEach(() => {
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-tokens-'));
        printed.length = 0;
        console.log = (...args: unknown[]) => void printed.push(...args);
        console.table = (rows: unknown) => void printed.push(rows);
    });
    afterEach(() => {
        Object.assign(console, { log, table });
        rmSync(dataDir, { recursive: true, force: true });
    });

    it('issues, lists and revokes a carrier’s token in the node’s telemetry state database, as the server reads them', async () => {
        assert.equal(await telemetryTokenCommand(dataDir, 'issue', { org: 'CarrierMSP', label: 'forwarder', days: '30' }), 0);
        const token = printed.at(-1) as string;
        const state = openTelemetryStateDatabase(telemetryStatePath(dataDir));
        const tokens = newCarrierTokens(state, loadOrCreateSecretKey(telemetryTokenKeyPath(dataDir)));
        const { tokenId } = tokens.verify(token);
        assert.equal(await telemetryTokenCommand(dataDir, 'list', { org: 'CarrierMSP' }), 0);
        assert.deepEqual(
            (printed.at(-1) as { tokenId: string }[]).map((t) => t.tokenId),
            [tokenId],
        );
        assert.equal(await telemetryTokenCommand(dataDir, 'revoke', { tokenId }), 0);
        assert.throws(() => tokens.verify(token), /revoked/);
        state.close();
    });
});
