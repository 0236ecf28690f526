import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../observability/logger';
import { requireCarrier, startDetector } from './detector-process';
import { readServerConfig } from './server-config';
import { ServerConfigError } from './server-config-error';

describe('startDetector (npm run detector)', function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-detector-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('runs the telemetry pipeline alone on the configured ledger with the node’s detector identity, and lets go of the ledger when closed', async () => {
        const config = readServerConfig(['--data', dir, '--mqtt-port', '0', '--no-demo'], {});
        const first = await startDetector(config, { logger: createLogger('silent') });
        assert.match(first.pipeline.brokerUrl, /^mqtts:\/\//);
        assert.ok(existsSync(join(dir, 'wallet', 'detector@coldtrace.id.json')), 'the detector acts with the identity npm start would issue it');
        assert.ok(existsSync(join(dir, 'telemetry', 'telemetry.db')));
        await first.close();
        // The embedded ledger is one process's: a second start on the same directory proves the first let go.
        const second = await startDetector(config, { logger: createLogger('silent') });
        await second.close();
    });

    it('refuses a member’s node that is not a carrier’s, naming its roles', () => {
        assert.throws(
            () => requireCarrier({ mspId: 'RetailerMSP', roles: ['retailer', 'auditor'] }),
            (error: Error) => {
                assert.ok(error instanceof ServerConfigError);
                assert.equal(error.message, "RetailerMSP has the roles retailer, auditor; only a carrier's node runs a detector");
                return true;
            },
        );
        assert.doesNotThrow(() => requireCarrier({ mspId: 'CarrierMSP', roles: ['carrier'] }));
    });
});
