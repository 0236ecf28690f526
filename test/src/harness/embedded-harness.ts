import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DETECTOR_ROLE, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { EmbeddedLedger, type Identity } from '@coldtrace/embedded-ledger';
import { fromWire, type LedgerHarness, Rejection, type Role, ROLE_ORG, ROLES, wireArgs } from './ledger-harness';

const CHAINCODE = resolve(__dirname, '../../../chaincode');

/**
 * The harness on a fresh embedded ledger running the compiled coldtrace chaincode.
 *
 * @example
 * const ledger = await EmbeddedHarness.create();
 * const { batchId } = await ledger.submit('manufacturer', 'batch:create', [batch]);
 */
export class EmbeddedHarness implements LedgerHarness {
    readonly name = 'embedded';

    private constructor(readonly ledger: EmbeddedLedger, private readonly identities: Record<Role, Identity>, private readonly dataDir: string) {}

    static async create(): Promise<EmbeddedHarness> {
        const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-test-'));
        const ledger = await EmbeddedLedger.open({
            dataDir,
            chaincodePath: CHAINCODE,
            collectionsConfigPath: join(CHAINCODE, 'collections_config.json'),
            organizations: [...new Set(Object.values(ROLE_ORG))],
        });
        const identities = {} as Record<Role, Identity>;
        for (const role of ROLES) {
            identities[role] = await ledger.enroll(ROLE_ORG[role], `${role}-user`, role === 'detector' ? { [ROLE_ATTRIBUTE]: DETECTOR_ROLE } : {});
        }
        return new EmbeddedHarness(ledger, identities, dataDir);
    }

    async submit(role: Role, fn: string, args: unknown[], transient?: Record<string, string>): Promise<any> {
        try {
            return fromWire((await this.ledger.submit(this.identities[role], fn, wireArgs(args), { transient })).payload);
        } catch (error) {
            throw Rejection.from(error);
        }
    }

    async evaluate(role: Role, fn: string, args: unknown[]): Promise<any> {
        try {
            return fromWire(await this.ledger.evaluate(this.identities[role], fn, wireArgs(args)));
        } catch (error) {
            throw Rejection.from(error);
        }
    }

    async height(): Promise<number> {
        return this.ledger.height;
    }

    async close(): Promise<void> {
        await this.ledger.close();
        rmSync(this.dataDir, { recursive: true, force: true });
    }
}
