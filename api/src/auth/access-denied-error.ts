/**
 * A caller who proved who it is but may not do this: a machine client outside its scopes, or a
 * provider's user whose role claim names no role of the organization. Answers 403.
 *
 * @example
 * throw new AccessDeniedError('this client’s scopes (product:stock) do not cover anomaly:recall');
 */
export class AccessDeniedError extends Error {
    override name = 'AccessDeniedError';
    readonly status = 403;
    readonly code = 'FORBIDDEN';
}
