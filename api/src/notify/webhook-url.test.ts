import assert from 'node:assert/strict';
import { InvalidWebhookUrlError } from './invalid-webhook-url-error';
import { parseWebhookUrl } from './webhook-url';

describe('webhook URLs', () => {
    const development = { allowLoopbackHttp: true };
    const production = { allowLoopbackHttp: false };

    it('takes https anywhere, and plain http to this machine in development only', () => {
        assert.equal(parseWebhookUrl('https://erp.example.com/hooks/coldtrace', production).hostname, 'erp.example.com');
        for (const url of ['http://localhost:9000/hook', 'http://127.0.0.1:9000/hook', 'http://127.8.0.1/hook', 'http://[::1]:9000/hook']) {
            assert.equal(parseWebhookUrl(url, development).protocol, 'http:', url);
            assert.throws(() => parseWebhookUrl(url, production), /plain http; production posts webhooks over https only/, url);
        }
    });

    it('refuses what is no URL, other schemes and plain http to other machines, saying why', () => {
        const refused: [string, RegExp][] = [
            ['not a url', /"not a url" is not a URL/],
            ['file:///etc/passwd', /over https, not file:/],
            ['ftp://files.example.com/hook', /over https, not ftp:/],
            ['javascript:alert(1)', /over https, not javascript:/],
            ['http://erp.example.com/hook', /plain http to another machine; use https/],
            ['http://127.0.0.1.example.com/hook', /plain http to another machine/],
            ['http://10.0.0.5/hook', /plain http to another machine/],
        ];
        for (const [url, reason] of refused) {
            assert.throws(
                () => parseWebhookUrl(url, development),
                (e: Error) => e instanceof InvalidWebhookUrlError && reason.test(e.message),
                url,
            );
        }
    });
});
