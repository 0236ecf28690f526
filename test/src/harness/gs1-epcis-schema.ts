import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedStandards } from '@coldtrace/api';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

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
    const standards = sharedStandards();
    if (!standards) {
        throw new Error(`GS1's EPCIS JSON schema is not beside this checkout (shared/standards); set COLDTRACE_STANDARDS to the standards directory`);
    }
    return join(standards, 'gs1-epcis-2.0', 'EPCIS-JSON-Schema.json');
}
