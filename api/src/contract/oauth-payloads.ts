import { z } from 'zod';
import { MspIdSchema } from '@coldtrace/chaincode/model';
import { USER_ROLES } from './auth-payloads';
import { ClientScope } from './client-scope';

/** A machine client's id: `mc-` and 32 hex digits, made by `npm run admin -- client add`. */
export const ClientId = z.string().regex(/^mc-[0-9a-f]{32}$/, 'must be a machine client id (mc-…)');

/**
 * `POST /api/v1/oauth/token`, form-encoded (RFC 6749 §4.4): the client credentials grant. The
 * credentials come in HTTP Basic (client_secret_basic) or in the form (client_secret_post); `scope`
 * asks for some of the client's scopes, all of them when absent.
 *
 * @example
 * ClientCredentialsRequest.parse({ grant_type: 'client_credentials', scope: 'product:stock' });
 */
export const ClientCredentialsRequest = z.object({
    grant_type: z.literal('client_credentials', { error: 'grant_type must be client_credentials' }),
    client_id: z.string().max(64).optional(),
    client_secret: z.string().max(256).optional(),
    scope: z.string().max(4096).optional(),
});
export type ClientCredentialsRequest = z.infer<typeof ClientCredentialsRequest>;

/** RFC 6749 §5.1: the answer of the token endpoint. */
export interface AccessTokenResponse {
    access_token: string;
    token_type: 'Bearer';
    /** Seconds the token is accepted for. */
    expires_in: number;
    /** The scopes granted, space-separated. */
    scope: string;
}

/** RFC 6749 §5.2: a refusal of the token endpoint (not a problem document: OAuth clients read `error`). */
export interface OAuthErrorResponse {
    error: 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';
    error_description: string;
}

/** A machine client as `client list` shows it: never its secret, which only `client add` prints, once. */
export const MachineClientView = z.strictObject({
    clientId: ClientId,
    org: MspIdSchema,
    role: z.enum(USER_ROLES),
    scopes: z.array(ClientScope).min(1),
    label: z.string().max(200).optional(),
    createdAt: z.string(),
});
export type MachineClientView = z.infer<typeof MachineClientView>;
