import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MEMBERS } from '@coldtrace/api/contract';
import { OidcTestProvider } from '../harness/oidc-test-provider';
import { BrowserSession } from './browser-session';

const AUDIENCE = 'https://api.coldtrace.test';

/**
 * Single sign-on in Chromium: the retailer organization's OpenID provider (oidc-provider, with its
 * development login form) signs a person in through "Sign in with Harbour Pharmacy"; the UI runs
 * the authorization code flow with PKCE, the API exchanges the code and accepts the provider's
 * access token from then on.
 */
describe('web UI in Chromium: sign-in with an organization’s OpenID provider', function () {
    let provider: OidcTestProvider;
    let ui: BrowserSession;
    let configDir: string;

    before(async () => {
        provider = await OidcTestProvider.start({ audience: AUDIENCE, roleClaim: 'coldtrace_role', accounts: { alice: 'retailer' } });
        configDir = mkdtempSync(join(tmpdir(), 'coldtrace-sso-'));
        const organizations = DEMO_MEMBERS.map((member) =>
            member.mspId === 'RetailerMSP'
                ? { ...member, oidc: { issuer: provider.issuer, clientId: 'coldtrace-web', audience: AUDIENCE, roleClaim: 'coldtrace_role', scope: 'openid api' } }
                : member,
        );
        writeFileSync(join(configDir, 'organizations.json'), JSON.stringify(organizations));
        ui = await BrowserSession.start({ env: { COLDTRACE_ORGANIZATIONS: join(configDir, 'organizations.json') } });
        await provider.allowRedirects([`${ui.url}/auth/callback`]);
    });
    after(async () => {
        await ui?.close();
        await provider?.close();
        rmSync(configDir, { recursive: true, force: true });
    });

    it('signs a person in at the provider and back, as a retailer of the organization', async () => {
        const page = await ui.context.newPage();
        await page.goto('/login?next=/products');
        await page.click('[data-test="sso-RetailerMSP"]');
        await page.waitForURL(new RegExp(`^${provider.issuer}/interaction/`));
        await page.fill('input[name="login"]', 'alice');
        await page.fill('input[name="password"]', 'any-password');
        await page.click('button[type="submit"]');
        // The development consent page, then back to coldtrace's callback.
        await page.locator('button[type="submit"]').click();
        await page.waitForURL(/\/products$/);
        const who = await page.locator('[data-test="who"]').textContent();
        assert.match(who ?? '', /alice@RetailerMSP/);
        await ui.screenshot(page, 'sso-signed-in');
        await page.close();
    });

    it('refuses a callback it did not start', async () => {
        const page = await ui.context.newPage();
        await page.goto('/auth/callback?code=forged&state=forged');
        await page.locator('[data-test="sign-in-callback"] .notice').waitFor();
        assert.match((await page.locator('[data-test="sign-in-callback"]').textContent()) ?? '', /stale or was not started here/);
        await page.close();
    });
});
