import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import jwt from 'jsonwebtoken';
import { AuthenticationError } from './authentication-error';
import type { IssuedTelemetryToken, TelemetryTokenView } from '../contract/telemetry-ingestion-payloads';

/** The `iss` of a carrier's telemetry token: what tells it apart from a user's bearer token. */
export const TELEMETRY_TOKEN_ISSUER = 'coldtrace-telemetry';

const DEFAULT_DAYS = 90;

interface TokenRow {
    token_id: string;
    org: string;
    label: string;
    issued_by: string;
    issued_at: string;
    expires_at: string;
    revoked_at: string | null;
}

/**
 * Bearer tokens coldtrace issues to a carrier organization for the systems that forward its
 * sensors' readings over HTTPS (an AWS IoT rule's HTTPS action, a cellular network's forwarder):
 * HS256 JWTs naming the organization and a token id, with an expiry, signed with a key of their
 * own (not the users' token key). Every issued token is kept in the telemetry database, so it can be
 * listed and revoked; a token whose row is revoked or gone is refused even before it expires.
 *
 * @example
 * const tokens = new CarrierTokens(database, loadOrCreateSecretKey('data/secrets/telemetry-token.key'));
 * const { token } = tokens.issue({ org: 'CarrierMSP', label: 'SORACOM Beam', issuedBy: 'admin' });
 * tokens.verify(token); // { org: 'CarrierMSP', tokenId: '…' }
 */
export class CarrierTokens {
    readonly #key: KeyObject;

    readonly #database: Database.Database;
    readonly #clock: () => number;

    constructor(database: Database.Database, key: Buffer, clock: () => number = Date.now) {
        this.#database = database;
        this.#clock = clock;
        if (key.length < 32) {
            throw new Error('the telemetry token signing key must have at least 32 bytes');
        }
        this.#key = createSecretKey(key);
        database.exec(`CREATE TABLE IF NOT EXISTS telemetry_tokens (
            token_id TEXT PRIMARY KEY, org TEXT NOT NULL, label TEXT NOT NULL, issued_by TEXT NOT NULL,
            issued_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT
        ) WITHOUT ROWID`);
    }

    /** Whether `token` is meant to be one of these (not a user's), judged by its unverified issuer. */
    static claims(token: string): boolean {
        const decoded = jwt.decode(token);
        return typeof decoded === 'object' && decoded !== null && decoded.iss === TELEMETRY_TOKEN_ISSUER;
    }

    issue(input: { org: string; label: string; issuedBy: string; days?: number }): IssuedTelemetryToken {
        const tokenId = randomBytes(12).toString('base64url');
        const nowSeconds = Math.floor(this.#clock() / 1000);
        const exp = nowSeconds + (input.days ?? DEFAULT_DAYS) * 86_400;
        const token = jwt.sign({ org: input.org, iat: nowSeconds, exp }, this.#key, { algorithm: 'HS256', subject: tokenId, issuer: TELEMETRY_TOKEN_ISSUER });
        const view: TelemetryTokenView = {
            tokenId,
            org: input.org,
            label: input.label,
            issuedBy: input.issuedBy,
            issuedAt: new Date(nowSeconds * 1000).toISOString(),
            expiresAt: new Date(exp * 1000).toISOString(),
        };
        this.#database
            .prepare('INSERT INTO telemetry_tokens (token_id, org, label, issued_by, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(tokenId, view.org, view.label, view.issuedBy, view.issuedAt, view.expiresAt);
        return { ...view, token };
    }

    /** The organization a token speaks for; throws {@link AuthenticationError} (401) when forged, expired, revoked or unknown. */
    verify(token: string): { org: string; tokenId: string } {
        let claims: jwt.JwtPayload;
        try {
            claims = jwt.verify(token, this.#key, { algorithms: ['HS256'], issuer: TELEMETRY_TOKEN_ISSUER, clockTimestamp: Math.floor(this.#clock() / 1000) }) as jwt.JwtPayload;
        } catch (error) {
            if (error instanceof jwt.TokenExpiredError) {
                throw new AuthenticationError('TOKEN_EXPIRED', `the telemetry token expired at ${error.expiredAt.toISOString()}; ask the carrier's administrator for a new one`);
            }
            throw new AuthenticationError('TOKEN_INVALID', `the telemetry token is not valid: ${(error as Error).message}`);
        }
        const row = typeof claims.sub === 'string' ? this.#row(claims.sub) : undefined;
        if (!row || row.org !== claims.org) {
            throw new AuthenticationError('TOKEN_INVALID', 'the telemetry token was not issued by this server');
        }
        if (row.revoked_at) {
            throw new AuthenticationError('TOKEN_INVALID', `the telemetry token ${row.token_id} was revoked at ${row.revoked_at}`);
        }
        return { org: row.org, tokenId: row.token_id };
    }

    /** Revokes a token of `org` (any organization's when omitted, for the operator); undefined when there is none. */
    revoke(tokenId: string, org?: string): TelemetryTokenView | undefined {
        const row = this.#row(tokenId);
        if (!row || (org !== undefined && row.org !== org)) {
            return undefined;
        }
        if (!row.revoked_at) {
            this.#database.prepare('UPDATE telemetry_tokens SET revoked_at = ? WHERE token_id = ?').run(new Date(this.#clock()).toISOString(), tokenId);
        }
        return viewOf(this.#row(tokenId)!);
    }

    /** The tokens issued to `org` (every organization's when omitted), newest first. */
    list(org?: string): TelemetryTokenView[] {
        const rows = (
            org === undefined
                ? this.#database.prepare('SELECT * FROM telemetry_tokens ORDER BY issued_at DESC, token_id').all()
                : this.#database.prepare('SELECT * FROM telemetry_tokens WHERE org = ? ORDER BY issued_at DESC, token_id').all(org)
        ) as TokenRow[];
        return rows.map(viewOf);
    }

    #row(tokenId: string): TokenRow | undefined {
        return this.#database.prepare('SELECT * FROM telemetry_tokens WHERE token_id = ?').get(tokenId) as TokenRow | undefined;
    }
}

function viewOf(row: TokenRow): TelemetryTokenView {
    return {
        tokenId: row.token_id,
        org: row.org,
        label: row.label,
        issuedBy: row.issued_by,
        issuedAt: row.issued_at,
        expiresAt: row.expires_at,
        ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    };
}

/**
 * The carrier tokens kept in `database`, signed with `key` (at least 32 bytes).
 *
 * @example
 * const tokens = newCarrierTokens(state, loadOrCreateSecretKey(telemetryTokenKeyPath(dataDir)));
 */
export function newCarrierTokens(database: Database.Database, key: Buffer, clock?: () => number): CarrierTokens {
    return new CarrierTokens(database, key, clock);
}

/** Whether `token` is meant to be a carrier token (not a user's), judged by its unverified issuer. */
export function isCarrierToken(token: string): boolean {
    return CarrierTokens.claims(token);
}
