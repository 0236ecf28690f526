import type { z } from 'zod';
import { InvalidArgumentError } from '../errors/chaincode-error';

/**
 * Parses a JSON transaction argument against its schema, rejecting it with every problem named.
 *
 * @example
 * const input = parseInput(CreateBatchInput, argJson, 'batch');
 */
export function parseInput<S extends z.ZodType>(schema: S, json: string, what: string): z.output<S> {
    let raw: unknown;
    try {
        raw = JSON.parse(json);
    } catch {
        throw new InvalidArgumentError(`${what} is not valid JSON`);
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : what}: ${issue.message}`);
        throw new InvalidArgumentError(`invalid ${what}: ${problems.join('; ')}`);
    }
    return result.data;
}
