import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, readServerConfig, type RunningServer, startServer } from '@coldtrace/api';
import type { UserRole } from '@coldtrace/api/contract';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { FAST_TELEMETRY, TestSensors } from './test-sensors';

/** Debian's Chromium; `web/scripts/install-chromium.sh` installs it. Playwright never downloads a browser here. */
export const CHROMIUM = process.env.COLDTRACE_CHROMIUM ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'coldtrace-demo';
const REPO_ROOT = resolve(__dirname, '../../..');
export const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

/**
 * The system under test for the browser suite: the real coldtrace server (API and built web UI on one
 * port, embedded ledger in a fresh directory, demo users, the sensors pipeline with its mTLS broker)
 * and a headless Chromium with a fresh profile.
 *
 * @example
 * const ui = await BrowserSession.start();
 * const page = await ui.signIn('retailer');
 * await ui.screenshot(page, 'store');
 * await ui.close();
 */
export class BrowserSession {
    readonly #dirs: string[];

    private constructor(
        readonly server: RunningServer,
        readonly telemetry: TestSensors,
        readonly context: BrowserContext,
        dirs: string[],
    ) {
        this.#dirs = dirs;
    }

    /** `env` adds to the server's environment (e.g. COLDTRACE_ORGANIZATIONS with an organization's OpenID provider). */
    static async start(options: { env?: NodeJS.ProcessEnv } = {}): Promise<BrowserSession> {
        const webRoot = join(REPO_ROOT, 'web', 'dist');
        if (!existsSync(join(webRoot, 'index.html'))) {
            throw new Error(`the web UI is not built (${webRoot}); run npm run build first`);
        }
        if (!existsSync(CHROMIUM)) {
            throw new Error(`${CHROMIUM} is missing; run bash web/scripts/install-chromium.sh`);
        }
        const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-ui-'));
        const profile = mkdtempSync(join(tmpdir(), 'coldtrace-chromium-'));
        const config = readServerConfig(['--port', '0', '--mqtt-port', '0', '--data', dataDir], {
            ...process.env,
            COLDTRACE_DEMO: '1',
            COLDTRACE_WEB_ROOT: webRoot,
            NODE_ENV: 'test',
            ...options.env,
        });
        const server = await startServer(config, { logger: createLogger('silent'), telemetry: FAST_TELEMETRY });
        const telemetry = new TestSensors(server);
        try {
            const context = await chromium.launchPersistentContext(profile, {
                executablePath: CHROMIUM,
                headless: true,
                args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
                viewport: { width: 1366, height: 900 },
                locale: 'en-US',
                timezoneId: 'UTC',
                baseURL: server.url,
            });
            context.setDefaultTimeout(20_000);
            mkdirSync(SCREENSHOTS, { recursive: true });
            return new BrowserSession(server, telemetry, context, [dataDir, profile]);
        } catch (error) {
            await server.shutdown();
            throw error;
        }
    }

    get url(): string {
        return this.server.url;
    }

    /** A new tab (its own session: the UI keeps the token per tab) signed in as a demo user: the role's, or its administrator. */
    async signIn(username: UserRole | `${UserRole}-admin`): Promise<Page> {
        const page = await this.context.newPage();
        await page.goto('/login');
        await page.fill('[data-test="username"]', username);
        await page.fill('[data-test="password"]', DEMO_PASSWORD);
        await page.click('[data-test="login-submit"]');
        await page.waitForURL(/\/trace/);
        await page.locator('[data-test="who"]').waitFor();
        return page;
    }

    async screenshot(page: Page, name: string): Promise<void> {
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    }

    async close(): Promise<void> {
        await this.context.close().catch(() => undefined);
        this.telemetry.close();
        await this.server.shutdown(5_000).catch(() => undefined);
        for (const dir of this.#dirs) {
            rmSync(dir, { recursive: true, force: true });
        }
    }
}
