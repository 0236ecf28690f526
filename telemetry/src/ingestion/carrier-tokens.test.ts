import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import jwt from 'jsonwebtoken';
import { CarrierTokens, TELEMETRY_TOKEN_ISSUER } from './carrier-tokens';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('CarrierTokens', () => {
    const key = randomBytes(48);
    let database: Database.Database;
    let now: number;
    let tokens: CarrierTokens;

    beforeEach(() => {
        database = new Database(':memory:');
        now = T0;
        tokens = new CarrierTokens(database, key, () => now);
    });
    afterEach(() => database.close());

    it('issues a token that speaks for its carrier until it expires', () => {
        const issued = tokens.issue({ org: 'CarrierMSP', label: 'SORACOM Beam', issuedBy: 'dispatch', days: 30 });
        assert.equal(issued.expiresAt, new Date(T0 + 30 * DAY).toISOString());
        assert.deepEqual(tokens.verify(issued.token), { org: 'CarrierMSP', tokenId: issued.tokenId });
        assert.ok(CarrierTokens.claims(issued.token));
        now = T0 + 31 * DAY;
        assert.throws(() => tokens.verify(issued.token), { code: 'TOKEN_EXPIRED', status: 401 });
    });

    it('refuses a revoked token, a forged one and one of another server', () => {
        const issued = tokens.issue({ org: 'CarrierMSP', label: 'AWS IoT rule', issuedBy: 'dispatch' });
        const [head, , signature] = issued.token.split('.');
        const claims = Buffer.from(JSON.stringify({ ...(jwt.decode(issued.token) as object), org: 'Carrier2MSP' })).toString('base64url');
        assert.throws(() => tokens.verify(`${head}.${claims}.${signature}`), { code: 'TOKEN_INVALID', message: /invalid signature/ });
        const elsewhere = new CarrierTokens(new Database(':memory:'), randomBytes(48), () => now).issue({ org: 'CarrierMSP', label: 'x', issuedBy: 'y' });
        assert.throws(() => tokens.verify(elsewhere.token), { code: 'TOKEN_INVALID' });
        // Signed with this key but never recorded (the database was restored from before it).
        const unrecorded = jwt.sign({ org: 'CarrierMSP' }, key, { algorithm: 'HS256', subject: 'never-issued', issuer: TELEMETRY_TOKEN_ISSUER });
        assert.throws(() => tokens.verify(unrecorded), { code: 'TOKEN_INVALID', message: /not issued by this server/ });
        assert.equal(tokens.revoke(issued.tokenId, 'Carrier2MSP'), undefined, 'another carrier cannot revoke it');
        assert.equal(tokens.revoke(issued.tokenId, 'CarrierMSP')?.revokedAt, new Date(T0).toISOString());
        assert.throws(() => tokens.verify(issued.token), { code: 'TOKEN_INVALID', message: /revoked/ });
    });

    it('lists an organization’s tokens without the tokens themselves; a user’s token is not one', () => {
        tokens.issue({ org: 'CarrierMSP', label: 'a', issuedBy: 'u' });
        tokens.issue({ org: 'Carrier2MSP', label: 'b', issuedBy: 'v' });
        const listed = tokens.list('CarrierMSP');
        assert.deepEqual(
            listed.map((t) => t.label),
            ['a'],
        );
        assert.equal(listed[0] && 'token' in listed[0], false);
        assert.equal(tokens.list().length, 2);
        assert.equal(CarrierTokens.claims(jwt.sign({ role: 'carrier' }, key, { issuer: 'coldtrace' })), false);
        assert.equal(CarrierTokens.claims('not a token'), false);
    });
});
