import { z } from 'zod';
import { MspIdSchema } from '@coldtrace/chaincode/model';
import { USER_ROLES } from './auth-payloads';

/**
 * An organization's OpenID Connect provider, as the `oidc` field of its entry in the organizations
 * file (`--organizations FILE`): people of that organization sign in with it instead of a local
 * password, and the API accepts the provider's access tokens (JWTs checked against its JWKS).
 *
 * @example
 * OidcProviderConfig.parse({ issuer: 'https://login.example.com', clientId: 'coldtrace', audience: 'https://coldtrace.example.com/api', roleClaim: 'coldtrace_role' });
 */
export const OidcProviderConfig = z.strictObject({
    /** The provider's issuer URL; its discovery document is read from `<issuer>/.well-known/openid-configuration`. */
    issuer: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1).max(256),
    /** Present for a confidential client: the API exchanges codes with it (client_secret_basic); browsers never see it. */
    clientSecret: z.string().min(1).max(1024).optional(),
    /** What the provider's access tokens must name in `aud`: the API's resource identifier. */
    audience: z.string().min(1).max(1024),
    /** The claim carrying the person's role: a name, or a dotted path into nested claims (`realm_access.roles`); a string or a list. */
    roleClaim: z.string().min(1).max(256),
    /** Claim values other than the role names themselves, mapped to a role (`{ "pharmacist": "retailer" }`). */
    roles: z.record(z.string().min(1), z.enum(USER_ROLES)).optional(),
    /** The scopes the web UI asks for (default `openid`). */
    scope: z.string().min(1).max(1024).optional(),
    /** The button's label on the sign-in page (default: the organization's display name). */
    label: z.string().min(1).max(100).optional(),
});
export type OidcProviderConfig = z.infer<typeof OidcProviderConfig>;

/** What the sign-in page learns of a provider (never the client secret): enough to start an authorization code + PKCE flow. */
export interface OidcProviderView {
    org: string;
    label: string;
    issuer: string;
    authorizationEndpoint: string;
    clientId: string;
    scope: string;
}

/** The web UI's callback hands the API the code, with the PKCE verifier and the redirect URI it was issued for. */
export const OidcCodeExchange = z.strictObject({
    org: MspIdSchema,
    code: z.string().min(1).max(4096),
    /** RFC 7636: 43 to 128 unreserved characters. */
    codeVerifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be a PKCE code verifier (43 to 128 characters)'),
    redirectUri: z.url({ protocol: /^https?$/ }),
});
export type OidcCodeExchange = z.infer<typeof OidcCodeExchange>;
