import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CbvTerms } from './cbv-rules';
import type { EpcisValidationIssue } from './epcis-validation-issue';
import { sharedStandards } from './shared-standards';

/**
 * Where GS1's schema is: COLDTRACE_EPCIS_SCHEMA when set, else the shared reference data beside the
 * repository (see {@link sharedStandards}), else undefined.
 */
export function epcisSchemaPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (env.COLDTRACE_EPCIS_SCHEMA) {
        return env.COLDTRACE_EPCIS_SCHEMA;
    }
    const standards = sharedStandards();
    return standards && join(standards, 'gs1-epcis-2.0', 'EPCIS-JSON-Schema.json');
}

/** Why the EPCIS capture interface cannot validate, so it answers 503 rather than store unchecked data. */
export class EpcisSchemaUnavailableError extends Error {
    override name = 'EpcisSchemaUnavailableError';
}

/**
 * GS1's EPCIS 2.0 JSON schema (draft-07), compiled with ajv. coldtrace does not ship a copy: the
 * operator points COLDTRACE_EPCIS_SCHEMA at the file GS1 publishes (ref.gs1.org/standards/epcis/
 * artefacts), and a development checkout finds the shared reference copy by default.
 *
 * @example
 * const schema = loadEpcisSchema(process.env.COLDTRACE_EPCIS_SCHEMA);
 * schema.problems(document); // [] when valid
 */
export interface EpcisSchema {
    readonly path: string;
    /** The business steps and dispositions the schema enumerates: the CBV's. */
    readonly terms: CbvTerms;
    /** What the schema finds wrong with a document or a single event (empty when valid). */
    problems(value: unknown): EpcisValidationIssue[];
}

/** Loads and compiles the {@link EpcisSchema} at `path` (default {@link epcisSchemaPath}); throws EpcisSchemaUnavailableError. */
export function loadEpcisSchema(path: string | undefined = epcisSchemaPath()): EpcisSchema {
    return CompiledEpcisSchema.load(path);
}

class CompiledEpcisSchema implements EpcisSchema {
    readonly #validate: ValidateFunction;

    private constructor(
        validate: ValidateFunction,
        readonly path: string,
        /** The business steps and dispositions the schema enumerates: the CBV's. */
        readonly terms: CbvTerms,
    ) {
        this.#validate = validate;
    }

    static load(path: string | undefined): CompiledEpcisSchema {
        if (!path || !existsSync(path)) {
            throw new EpcisSchemaUnavailableError(
                `GS1's EPCIS JSON schema is not at ${path ?? 'COLDTRACE_EPCIS_SCHEMA (unset) nor in a shared/standards folder beside the repository'}: set COLDTRACE_EPCIS_SCHEMA to EPCIS-JSON-Schema.json (from ref.gs1.org/standards/epcis/artefacts)`,
            );
        }
        try {
            // GS1's schema uses keywords ajv's strict mode questions (e.g. `if` without `then` types); it is the authority, so it is taken as written.
            const ajv = new Ajv({ allErrors: true, strict: false });
            addFormats(ajv);
            const schema = JSON.parse(readFileSync(path, 'utf8')) as { definitions?: Record<string, { anyOf?: { enum?: string[] }[] }> };
            const enumerated = (name: string) => new Set(schema.definitions?.[name]?.anyOf?.flatMap((branch) => branch.enum ?? []) ?? []);
            return new CompiledEpcisSchema(ajv.compile(schema), path, { bizStep: enumerated('bizStep'), disposition: enumerated('disposition') });
        } catch (error) {
            throw new EpcisSchemaUnavailableError(`GS1's EPCIS JSON schema at ${path} does not compile: ${(error as Error).message}`);
        }
    }

    problems(value: unknown): EpcisValidationIssue[] {
        if (this.#validate(value)) {
            return [];
        }
        return mostSpecific(this.#validate.errors ?? []).map((error) => ({
            path: error.instancePath,
            rule: `schema:${error.keyword}`,
            message: `${error.message ?? 'is invalid'}${error.params && 'allowedValues' in error.params ? '' : paramsText(error)}`,
        }));
    }
}

/**
 * ajv reports every branch an anyOf/if tried; a caller needs the deepest ones (where the data goes
 * wrong), not the umbrella errors of its ancestors.
 */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
    const umbrella = new Set(['anyOf', 'oneOf', 'if', 'allOf']);
    const specific = errors.filter((error) => !umbrella.has(error.keyword));
    const chosen = specific.length ? specific : errors;
    const seen = new Set<string>();
    return chosen.filter((error) => {
        const key = `${error.instancePath}|${error.keyword}|${error.message}`;
        return !seen.has(key) && seen.add(key);
    });
}

function paramsText(error: ErrorObject): string {
    const params = error.params as Record<string, unknown>;
    if ('additionalProperty' in params) {
        return ` (${String(params.additionalProperty)})`;
    }
    return '';
}
