import { canonicalJson, IMPORT_KINDS, type ImportKind, type ImportRecord } from '@coldtrace/chaincode/model';
import type { SourceSnapshot } from '../source/key-history';
import { latestVersion, sourceStep } from '../source/key-history';
import type { SourceLedger } from '../source/source-ledger';
import { count, type Discrepancy, type ModelReading, parseJson, type SourceModel } from './source-model';

/** Record kinds whose key history the coldtrace chaincode answers (`query:history`); EPCIS anchors are written once. */
const HISTORY_KINDS: readonly ImportKind[] = IMPORT_KINDS.filter((kind) => kind !== 'epcisAnchor');

/**
 * Splits a Fabric composite key (`\0type\0attr\0…\0`) into its object type and attributes.
 *
 * @example
 * splitCompositeKey('\u0000product\u0000S1\u0000'); // { type: 'product', ids: ['S1'] }
 */
export function splitCompositeKey(key: string): { type: string; ids: string[] } | undefined {
    if (!key.startsWith('\u0000') || !key.endsWith('\u0000')) {
        return undefined;
    }
    // split always answers at least one part: the default is never taken.
    const [type = '', ...ids] = key.slice(1, -1).split('\u0000');
    return { type: type, ids };
}

/**
 * A coldtrace network as the source (network to network, e.g. from an AMB-hosted coldtrace to a
 * self-managed one): every record kind `migration:import` takes, value as the source holds it, with
 * its key history. Index keys are rebuilt by the import; members and their approvals stay with each
 * consortium; private order terms never leave their owners' collections. The state is read through
 * the chaincode as the auditor reads it (`query:history`, whose newest version must be the value the
 * blocks replay to).
 *
 * @example
 * const model = coldtraceModel();
 */
export function coldtraceModel(): SourceModel {
    return {
        name: 'coldtrace',
        async read(source: SourceLedger, snapshot: SourceSnapshot): Promise<ModelReading> {
            const records: ImportRecord[] = [];
            const skipped: Record<string, number> = {};
            const problems: Discrepancy[] = [];
            for (const state of snapshot.values()) {
                const parts = splitCompositeKey(state.key);
                const kind = parts && (IMPORT_KINDS as readonly string[]).includes(parts.type) ? (parts.type as ImportKind) : undefined;
                if (!parts || !kind) {
                    count(skipped, parts ? (parts.type.includes('~') ? `${parts.type.split('~')[0]}~ index keys` : parts.type) : 'other keys');
                    continue;
                }
                const label = `${kind} ${parts.ids.join('~')}`;
                const last = latestVersion(state);
                const value = parseJson(last.value);
                if (!value) {
                    problems.push({ kind: 'source', key: label, detail: 'the value is not a JSON object' });
                    continue;
                }
                const problem = HISTORY_KINDS.includes(kind)
                    ? await chaincodeDisagrees(
                          source,
                          kind,
                          parts.ids,
                          value,
                          state.versions.map((v) => v.tx.txId),
                      )
                    : undefined;
                if (problem) {
                    problems.push({ kind: 'source', key: label, detail: problem });
                    continue;
                }
                const history = state.versions.map((version) => sourceStep(version.tx));
                records.push({ kind, ids: parts.ids, value, provenance: sourceStep(last.tx), history });
            }
            return { records, skipped, problems };
        },
    };
}

/** Why the chaincode's key history of a record differs from the blocks' (undefined when it agrees). */
async function chaincodeDisagrees(source: SourceLedger, kind: ImportKind, ids: string[], value: unknown, txIds: string[]): Promise<string | undefined> {
    let entries: { txId: string; isDelete: boolean; value?: unknown }[];
    const [only, ...more] = ids;
    try {
        entries = JSON.parse(Buffer.from(await source.evaluate('query:history', [kind, only !== undefined && more.length === 0 ? only : JSON.stringify(ids)])).toString('utf8'));
    } catch (error) {
        return `the source chaincode does not answer its history: ${(error as Error).message}`;
    }
    // The chaincode's history goes back past a delete and re-creation; the blocks' replay starts at the last creation.
    const recent = entries.slice(entries.length - txIds.length);
    if (canonicalJson(recent.map((entry) => entry.txId)) !== canonicalJson(txIds)) {
        return 'the source chaincode’s key history names other transactions than its blocks';
    }
    if (canonicalJson(recent[recent.length - 1]?.value) !== canonicalJson(value)) {
        return 'the source chaincode answers another value than its blocks';
    }
    return undefined;
}
