import { X509Certificate } from 'node:crypto';
import type { z } from 'zod';
import type { LedgerIdentity } from '../../ledger/ledger';
import { TelemetryRequestError } from '../telemetry-request-error';

/** Parses one part of a request with its schema; a mismatch is a 400 naming every bad field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: 'params' | 'query' | 'body'): z.infer<S> {
    const result = schema.safeParse(value ?? {});
    if (!result.success) {
        const issues = result.error.issues.map((issue) => `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`);
        throw new TelemetryRequestError(400, 'INVALID_ARGUMENT', issues.join('; '));
    }
    return result.data;
}

/** The user name (certificate CN) of a ledger identity, for audit fields. */
export function userOf(identity: LedgerIdentity): string {
    return /CN=([^\n,]+)/.exec(new X509Certificate(identity.certificate).subject)?.[1] ?? 'unknown';
}
