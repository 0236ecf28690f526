import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMA = join('shared', 'standards', 'gs1-epcis-2.0', 'EPCIS-JSON-Schema.json');

/**
 * GS1's EPCIS 2.0 JSON schema, read at test time from the reference data beside the repository
 * (`../shared/standards/` of the checkout, found by walking up; `COLDTRACE_STANDARDS` overrides):
 * never copied into the project.
 *
 * @example
 * const validate = gs1EpcisSchema();
 * assert.ok(validate(event), JSON.stringify(validate.errors));
 */
export function gs1EpcisSchema(): ValidateFunction {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readFileSync(schemaPath(), 'utf8')) as object);
}

function schemaPath(): string {
    const given = process.env.COLDTRACE_STANDARDS;
    if (given) {
        return join(given, 'gs1-epcis-2.0', 'EPCIS-JSON-Schema.json');
    }
    for (let dir = resolve(__dirname); ; dir = dirname(dir)) {
        if (existsSync(join(dir, SCHEMA))) {
            return join(dir, SCHEMA);
        }
        if (dirname(dir) === dir) {
            throw new Error(`GS1's EPCIS JSON schema (${SCHEMA}) is not beside this checkout; set COLDTRACE_STANDARDS to the standards directory`);
        }
    }
}
