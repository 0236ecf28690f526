#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrate } from '../migration';
import { coldtraceModel } from '../models/coldtrace-model';
import type { SourceModel } from '../models/source-model';
import { workshopModel } from '../models/workshop-model';
import { reportText } from '../report-text';
import { type Importers, openSource, openTarget } from './endpoints';

const USAGE = `npm run migrate -- --from <embedded:DIR|fabric:CONNECTION.json> --to <embedded:DIR|fabric:CONNECTION.json> --as <MSP>[,<MSP>…] [options]

  --model coldtrace|workshop   what the source runs (default coldtrace)
  --source-network NAME        the source's name in the imported records' provenance (default: the --from value)
  --source-org MSP             the organization the source is read as (coldtrace: an auditor; default the first --as)
  --source-chaincode NAME      the source chaincode, if not the description's (e.g. supplychaincc)
  --as MSP[,MSP…]              the organizations that import on the target, most preferred first
  --checkpoint FILE            resume file (default migrate-<source network>.checkpoint.json)
  --page-size N                records per import transaction (default 100, at most 100)
  --stop-after-pages N         stop after N pages (a trial run; run again to resume)
  --verify-only                write nothing: read the source now and verify the target against it
  --report FILE                also write the report as JSON
  workshop model:  --gtin GTIN --batch-id ID [--product-name TEXT] [--manufacturer MSP (default first --as)]
                   [--temp-min C (2)] [--temp-max C (8)] [--max-excursion-minutes N (30)]
Exit status: 0 clean, 1 discrepancies, 2 interrupted (resumable), 64 usage.`;

const OPTIONS = {
    from: { type: 'string' },
    to: { type: 'string' },
    as: { type: 'string' },
    model: { type: 'string', default: 'coldtrace' },
    'source-network': { type: 'string' },
    'source-org': { type: 'string' },
    'source-chaincode': { type: 'string' },
    checkpoint: { type: 'string' },
    'page-size': { type: 'string', default: '100' },
    'stop-after-pages': { type: 'string' },
    'verify-only': { type: 'boolean', default: false },
    report: { type: 'string' },
    gtin: { type: 'string' },
    'batch-id': { type: 'string' },
    'product-name': { type: 'string', default: 'Migrated from supplychaincc' },
    manufacturer: { type: 'string' },
    'temp-min': { type: 'string', default: '2' },
    'temp-max': { type: 'string', default: '8' },
    'max-excursion-minutes': { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
} as const;

/** A command line the tool cannot run. */
class UsageError extends Error {}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

function required(values: Values, name: 'from' | 'to' | 'as' | 'gtin' | 'batch-id'): string {
    const value = values[name];
    if (!value) {
        throw new UsageError(`--${name} is required`);
    }
    return value;
}

/** The organizations `--as` names, comma-separated: at least one. */
function importersOf(values: Values): Importers {
    const [first, ...rest] = required(values, 'as')
        .split(',')
        .map((org) => org.trim())
        .filter(Boolean);
    if (first === undefined) {
        throw new UsageError('--as names no organization');
    }
    return [first, ...rest];
}

function sourceModel(values: Values, importers: Importers): SourceModel {
    if (values.model === 'coldtrace') {
        return coldtraceModel();
    }
    if (values.model !== 'workshop') {
        throw new UsageError(`--model ${values.model}: coldtrace or workshop`);
    }
    return workshopModel({
        batchId: required(values, 'batch-id'),
        gtin: required(values, 'gtin'),
        productName: values['product-name'],
        manufacturer: values.manufacturer ?? importers[0],
        temperatureProfile: { minC: Number(values['temp-min']), maxC: Number(values['temp-max']), maxExcursionMinutes: Number(values['max-excursion-minutes']) },
    });
}

async function main(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const from = required(values, 'from');
    const importers = importersOf(values);
    const model = sourceModel(values, importers);
    const sourceNetwork = values['source-network'] ?? from.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100);
    const source = await openSource(from, model.name, values['source-org'] ?? importers[0], values['source-chaincode']);
    const target = await openTarget(required(values, 'to'), importers);
    try {
        const report = await migrate({
            source,
            model,
            target,
            sourceNetwork,
            checkpointPath: values.checkpoint ?? `migrate-${sourceNetwork}.checkpoint.json`,
            pageSize: Number(values['page-size']),
            stopAfterPages: values['stop-after-pages'] === undefined ? undefined : Number(values['stop-after-pages']),
            verifyOnly: values['verify-only'],
            log: (line) => console.log(`[migrate] ${line}`),
        });
        console.log(reportText(report));
        if (values.report) {
            writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
        }
        return report.interrupted ? 2 : report.clean ? 0 : 1;
    } finally {
        await source.close();
        await target.close();
    }
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
        console.error(usage ? `${(error as Error).message}\n\n${USAGE}` : `migration failed: ${(error as Error).stack ?? String(error)}`);
        process.exit(usage ? 64 : 3);
    },
);
