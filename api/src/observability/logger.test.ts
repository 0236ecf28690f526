import assert from 'node:assert/strict';
import express from 'express';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { createLogger } from './logger';
import { redactSecrets } from './secret-redaction';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXRhaWxlciJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

/** A logger whose lines land in an array. */
function capturingLogger() {
    const lines: string[] = [];
    return { logger: createLogger('info', { write: (line: string) => void lines.push(line) }), lines };
}

describe('the logger keeps secrets out of every line', () => {
    it('redacts tokens in the query string, url and originalUrl of a logged request', async () => {
        const { logger, lines } = capturingLogger();
        const app = express();
        app.use(pinoHttp({ logger }));
        app.get('/api/v1/events', (req, res) => {
            req.log.info({ originalUrl: req.originalUrl, query: req.query }, `stream for ${req.url}`);
            res.status(401).end();
        });
        await request(app).get(`/api/v1/events?access_token=${JWT}&lastEventId=7`);
        await request(app).get('/api/v1/events?access_token=opaque-secret-value').set('authorization', 'Bearer opaque-header-value');
        const text = lines.join('');
        assert.ok(lines.length >= 4, text);
        for (const secret of [JWT, 'opaque-secret-value', 'opaque-header-value']) {
            assert.ok(!text.includes(secret), `${secret} reached the log: ${text}`);
        }
        assert.match(text, /\/api\/v1\/events\?access_token=\[redacted\]&lastEventId=7/);
    });

    it('redacts secrets in any field, however deep, and in messages', () => {
        const { logger, lines } = capturingLogger();
        logger.info(
            { notification: { webhook: { url: 'https://erp.example.com/hook?token=hook-token-1' } }, deep: { er: { password: 'hunter2-hunter2', access_token: 'x-token-2' } } },
            `retrying with Bearer ${JWT}`,
        );
        logger.error({ err: new Error(`token ${JWT} rejected`) }, 'failed');
        const text = lines.join('');
        for (const secret of ['hook-token-1', 'hunter2-hunter2', 'x-token-2', JWT]) {
            assert.ok(!text.includes(secret), `${secret} reached the log: ${text}`);
        }
        assert.equal(lines.length, 2);
        lines.forEach((line) => JSON.parse(line));
    });

    it('leaves ordinary lines alone', () => {
        const line = '{"level":30,"msg":"sign in first: send Authorization: Bearer <token>","tokenTtlSeconds":28800,"url":"/api/v1/trace/DEMO-VAX-0001?page=2"}';
        assert.equal(redactSecrets(line), line);
    });
});
