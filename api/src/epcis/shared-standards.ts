import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository's root, from this file's place in api/dist/epcis (or api/src/epcis). */
const REPOSITORY_ROOT = resolve(__dirname, '../../..');

/**
 * The `shared/standards` folder of reference data (GS1's schema and examples, the EPCIS conformance
 * set) that sits beside the repository: next to a clone (`../shared`), or next to the folder of a
 * worktree's parent, the nearest one up; `COLDTRACE_STANDARDS` names it for a clone elsewhere. Never
 * part of the repository; undefined where absent.
 *
 * @example
 * sharedStandards(); // '/work/shared/standards' for a clone at /work/main
 */
export function sharedStandards(from: string = REPOSITORY_ROOT, env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (env.COLDTRACE_STANDARDS) {
        return resolve(env.COLDTRACE_STANDARDS);
    }
    for (let dir = dirname(from); ; dir = dirname(dir)) {
        const candidate = join(dir, 'shared', 'standards');
        if (existsSync(candidate)) {
            return candidate;
        }
        if (dirname(dir) === dir) {
            return undefined;
        }
    }
}
