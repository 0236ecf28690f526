import assert from 'node:assert/strict';
import { signWebhook, verifyWebhookSignature, WEBHOOK_TOLERANCE_SECONDS } from './webhook-signature';

describe('webhook signatures', () => {
    const SECRET = 'a-shared-secret-of-32-characters';
    const BODY = '{"id":"EXC-1:open","kind":"excursion"}';
    const SENT_AT = Date.parse('2030-06-01T12:00:00Z');
    const timestamp = String(SENT_AT / 1000);
    const signature = signWebhook(SECRET, timestamp, BODY);
    const at = (ms: number) => ({ now: () => ms });

    it('verifies a delivery signed with the secret over its timestamp and body', () => {
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, signature, at(SENT_AT + 2_000)), true);
        assert.equal(verifyWebhookSignature('another secret of 32 characters.', timestamp, BODY, signature, at(SENT_AT)), false);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY.replace('open', 'closed'), signature, at(SENT_AT)), false);
        assert.equal(verifyWebhookSignature(SECRET, String(SENT_AT / 1000 + 1), BODY, signature, at(SENT_AT)), false, 'the timestamp is signed too');
    });

    it('refuses a replay older than 5 minutes, and a timestamp more than 5 minutes ahead', () => {
        assert.equal(WEBHOOK_TOLERANCE_SECONDS, 300);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, signature, at(SENT_AT + 300_000)), true);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, signature, at(SENT_AT + 300_001)), false);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, signature, at(SENT_AT + 86_400_000)), false);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, signature, at(SENT_AT - 300_001)), false);
    });

    it('takes another tolerance', () => {
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, signature, { toleranceSeconds: 30, now: () => SENT_AT + 31_000 }), false);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, signature, { toleranceSeconds: 3600, now: () => SENT_AT + 1_800_000 }), true);
    });

    it('refuses missing or malformed timestamps and signatures', () => {
        assert.equal(verifyWebhookSignature(SECRET, undefined, BODY, signature, at(SENT_AT)), false);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, BODY, undefined, at(SENT_AT)), false);
        assert.equal(verifyWebhookSignature(SECRET, `${timestamp}.5`, BODY, signWebhook(SECRET, `${timestamp}.5`, BODY), at(SENT_AT)), false);
        assert.equal(verifyWebhookSignature(SECRET, ' 1', BODY, signWebhook(SECRET, ' 1', BODY), at(1000)), false);
    });
});
