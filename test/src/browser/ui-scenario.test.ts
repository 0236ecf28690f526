import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ColdtraceClient, defaultOrganization, FOUNDING_MEMBERS, USER_ROLES } from '@coldtrace/api/contract';
import type { MemberRole, Shipment } from '@coldtrace/chaincode/model';
import type { Locator, Page } from 'playwright-core';
import { BrowserSession, DEMO_PASSWORD, SCREENSHOTS } from './browser-session';
import { drive } from './test-sensors';
import { at, first } from '../harness/elements';

/** Waits until every element the locator finds has exactly this text. */
async function allHaveText(locator: Locator, text: string): Promise<void> {
    await locator.first().waitFor();
    await assertEventually(async () => (await locator.allInnerTexts()).every((t) => t.trim() === text), `every ${locator.toString()} reads ${text}`);
}

async function assertEventually(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
        if (await check()) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.fail(`timed out waiting until ${what}`);
}

const GTIN = '09506000134352';
/** A reefer that warms up to 12.6 °C for 34 minutes on the road from Hamburg to Munich (readings every 2 minutes). */
const TEMPERATURES = [
    4.2, 4.5, 4.8, 5.0, 5.3, 5.1, 5.6, 6.4, 8.9, 10.2, 11.4, 12.1, 12.6, 12.3, 11.8, 11.5, 11.0, 10.4, 9.9, 9.5, 9.2, 8.8, 8.6, 8.4, 8.3, 8.1, 6.3, 5.5, 5.0, 4.8, 4.7, 4.6, 4.9,
    5.1, 5.0, 4.8, 4.6, 4.5, 4.7, 4.9,
];
const HAMBURG: [number, number] = [53.55, 9.99];
const MUNICH: [number, number] = [48.14, 11.58];
const PRICE = '12.75';
/** The display name of an MSP id in the member directory of the demo server (its founding members). */
const displayName = (mspId: string) => FOUNDING_MEMBERS.find((m) => m.mspId === mspId)?.displayName;
/** The demo's organization in `role`, as the UI names it. */
const nameOf = (role: MemberRole) => displayName(defaultOrganization(role))!;

describe('web UI in Chromium: the whole scenario through the UI alone', function () {
    this.timeout(300_000);
    let ui: BrowserSession;
    let manufacturer: Page;
    let carrier: Page;
    let retailer: Page;
    let batchId = '';
    let serials: string[] = [];
    let orderId = '';
    let sscc = '';
    let shipmentId = '';
    const sold = () => first(serials, 'serials of the batch created in the UI');

    before(async () => {
        ui = await BrowserSession.start();
    });

    afterEach(async function () {
        if (this.currentTest?.state === 'failed') {
            const pages = ui.context.pages();
            for (const [i, page] of pages.entries()) {
                await ui.screenshot(page, `failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}-${i}`).catch(() => undefined);
            }
        }
    });

    after(async () => {
        await ui?.close();
    });

    it('signs in with the role’s menu, in English or Japanese, and says why a sign-in failed', async () => {
        const page = await ui.context.newPage();
        await page.goto('/login');
        await page.selectOption('[data-test="language"]', 'ja');
        await page.getByRole('heading', { name: 'サインイン' }).waitFor();
        await page.selectOption('[data-test="language"]', 'en');
        await page.fill('[data-test="username"]', 'carrier');
        await page.fill('[data-test="password"]', 'wrong-password');
        await page.click('[data-test="login-submit"]');
        assert.match(await page.locator('[data-test="error"]').innerText(), /Wrong user name or password/);
        await ui.screenshot(page, '01-login');
        await page.close();

        manufacturer = await ui.signIn('manufacturer');
        assert.deepEqual(await manufacturer.locator('[data-test="menu"] a').allInnerTexts(), ['Trace', 'Products', 'Impact', 'Manufacturing', 'Alerts', 'Members']);
        carrier = await ui.signIn('carrier');
        assert.deepEqual(await carrier.locator('[data-test="menu"] a').allInnerTexts(), ['Trace', 'Products', 'Impact', 'Transport', 'Alerts', 'Members']);
        retailer = await ui.signIn('retailer');
        assert.deepEqual(await retailer.locator('[data-test="menu"] a').allInnerTexts(), ['Trace', 'Products', 'Impact', 'Store', 'Alerts', 'Members']);
        // The header names the user's organization as the member directory does, not by its MSP id.
        await assertEventually(async () => (await retailer.locator('[data-test="who"]').innerText()).includes(nameOf('retailer')), 'the header names the retailer’s organization');
        await retailer.click('[data-test="nav-members"]');
        await retailer.locator('[data-test="member-row"]').first().waitFor();
        const listed = await retailer.locator('[data-test="member-name"]').allInnerTexts();
        for (const founder of FOUNDING_MEMBERS) {
            assert.ok(listed.includes(founder.displayName), `the members page lists ${founder.displayName}`);
        }
        // A workspace of another role is not reachable by URL either.
        await retailer.goto('/manufacturer');
        await retailer.waitForURL(/\/trace/);
        await ui.screenshot(retailer, '02-trace-empty');
    });

    it('manufacturer: refuses a bad GTIN in words, then creates a batch and inspects its serials', async () => {
        const m = manufacturer;
        await m.click('[data-test="nav-manufacturer"]');
        await m.fill('[data-test="batch-gtin"]', '09506000134353');
        await m.fill('[data-test="batch-product"]', 'Influenza vaccine 0.5 ml');
        await m.click('[data-test="batch-submit"]');
        assert.match(await m.locator('[data-test="batch-form"] [data-test="error"]').innerText(), /gtin/);

        await m.fill('[data-test="batch-gtin"]', GTIN);
        await m.fill('[data-test="batch-lot"]', 'UI-LOT-1');
        await m.fill('[data-test="batch-quantity"]', '3');
        await m.fill('[data-test="batch-expiry"]', '2027-12-31');
        await m.click('[data-test="batch-submit"]');
        const result = m.locator('[data-test="batch-form"] [data-test="result"]');
        await result.waitFor();
        batchId = (await result.getAttribute('data-batch'))!;
        serials = (await result.getAttribute('data-serials'))!.split(',');
        assert.equal(serials.length, 3);

        const inspect = m.locator('[data-test="section-inspect"]');
        await inspect.locator('[data-test="product-row"]').nth(2).waitFor();
        await inspect.locator('[data-test="bulk-action"]').click();
        await allHaveText(inspect.locator('[data-test="row-state"]'), 'inspected');
        await ui.screenshot(m, '03-manufacturer-batch-inspected');
    });

    it('retailer: places an order with a price', async () => {
        const r = retailer;
        await r.click('[data-test="nav-retailer"]');
        await r.fill('[data-test="order-gtin"]', GTIN);
        await r.fill('[data-test="order-quantity"]', '3');
        await r.selectOption('[data-test="order-manufacturer"]', { label: nameOf('manufacturer') });
        await r.fill('[data-test="order-price"]', PRICE);
        await r.click('[data-test="order-submit"]');
        const result = r.locator('[data-test="order-form"] [data-test="result"]');
        await result.waitFor();
        orderId = (await result.getAttribute('data-order'))!;
        await r.locator(`[data-test="order-row"][data-order="${orderId}"]`).waitFor();
    });

    it('manufacturer: accepts the order, packs a handling unit and creates the shipment', async () => {
        const m = manufacturer;
        await m.reload();
        const order = m.locator(`[data-test="section-orders"] [data-order="${orderId}"]`);
        await order.locator('[data-test="order-accept"]').click();
        await allHaveText(order.locator('[data-test="order-state"]'), 'accepted');

        await m.click('[data-test="pack-use-inspected"]');
        await assertEventually(async () => (await m.inputValue('[data-test="pack-serials"]')).split('\n').length === 3, 'the inspected serials are listed');
        await m.click('[data-test="pack-submit"]');
        const packed = m.locator('[data-test="pack-form"] [data-test="result"]');
        await packed.waitFor();
        sscc = (await packed.getAttribute('data-sscc'))!;
        assert.match(sscc, /^\d{18}$/);

        assert.equal((await m.inputValue('[data-test="shipment-units"]')).trim(), sscc);
        await m.fill('[data-test="shipment-order"]', orderId);
        await m.selectOption('[data-test="shipment-carrier"]', { label: nameOf('carrier') });
        await m.click('[data-test="shipment-submit"]');
        const shipped = m.locator('[data-test="shipment-form"] [data-test="result"]');
        await shipped.waitFor();
        shipmentId = (await shipped.getAttribute('data-shipment'))!;
        await ui.screenshot(m, '04-manufacturer-workspace');
    });

    it('carrier: picks up, attaches a sensor, sees the excursion live on the chart, delivers', async () => {
        const c = carrier;
        await c.click('[data-test="nav-carrier"]');
        const row = c.locator(`[data-test="shipment-row"][data-shipment="${shipmentId}"]`);
        await row.locator('[data-test="shipment-pickup"]').click();
        await allHaveText(row.locator('[data-test="shipment-state"]'), 'in transit');
        await row.locator('[data-test="sensor-input"]').fill('SENSOR-UI-1');
        await row.locator('[data-test="attach-sensor"]').click();
        await row.locator('[data-test="detach-SENSOR-UI-1"]').waitFor();
        await row.click();
        await c.locator('[data-test="live-shipment"] [data-test="shipment-card"]').waitFor();

        // The sensor in the truck reports over MQTT with its own certificate; the detector finds the excursion.
        const { ledger, services } = ui.server.context;
        const shipment = await ledger.evaluate<Shipment>(await services.detector(), 'shipment:get', [shipmentId]);
        const attachedAt = Date.parse(shipment.sensors.find((s) => s.sensorId === 'SENSOR-UI-1')!.attachedAt);
        const sensor = await ui.telemetry.sensor('SENSOR-UI-1');
        await sensor.send(drive('SENSOR-UI-1', attachedAt + 1000, TEMPERATURES, HAMBURG, MUNICH));
        // The chart and map follow the live feed: readings, route and excursion appear without a reload.
        const live = c.locator('[data-test="live-shipment"]');
        await live.locator('[data-test="excursion-span"]').waitFor({ timeout: 60_000 });
        await live.locator('[data-test="route-line"]').waitFor();
        await live.locator('[data-test="last-position"]').waitFor();
        assert.ok((await live.locator('[data-test="outside-point"]').count()) >= 16, 'the readings above 8 °C are marked');
        const toast = c.locator('[data-test="toast"]').first();
        assert.match(await toast.innerText(), new RegExp(`Excursion .*${shipmentId}`));
        await ui.screenshot(c, '05-carrier-live-alert');
        await toast.locator('button').click();
        await ui.screenshot(c, '05-carrier-live');

        await row.locator('[data-test="shipment-deliver"]').click();
        await allHaveText(row.locator('[data-test="shipment-state"]'), 'delivered');
    });

    it('manufacturer: releases the units the closed excursion holds, with its stability justification', async () => {
        const m = manufacturer;
        await m.click('[data-test="nav-trace"]');
        await m.fill('[data-test="trace-input"]', sold());
        await m.click('[data-test="trace-submit"]');
        // The trace reloads on the detector's ExcursionClosed event: the decision is offered once the excursion is closed.
        const form = m.locator('[data-test="excursion-row"] [data-test="disposition-form"]');
        await form.waitFor({ timeout: 60_000 });
        await form.locator('[data-test="disposition-justification"]').fill('Stability study S-12 covers 20 minutes at 13 °C');
        await form.locator('[data-test="disposition-release"]').click();
        await m.locator('[data-test="excursion-row"][data-hold="released"]').waitFor();
        assert.match(await m.locator('[data-test="excursion-row"] [data-test="disposition"]').innerText(), new RegExp(`Released .*${nameOf('manufacturer')}`));
    });

    it('retailer: receives, stocks, labels and sells; a refusal is shown in words; reports the complaint as an anomaly', async () => {
        const r = retailer;
        await r.reload();
        const incoming = r.locator(`[data-test="section-incoming"] [data-shipment="${shipmentId}"]`);
        await incoming.locator('[data-test="shipment-receive"]').click();
        // Received, the shipment leaves the incoming list (on its ledger event) and its unit joins the received ones.
        await r.locator(`[data-test="section-received"] [data-test="received-unit"][data-sscc="${sscc}"]`).waitFor();
        await incoming.waitFor({ state: 'detached' });

        const row = r.locator(`[data-test="section-store"] [data-test="product-row"][data-serial="${sold()}"]`);
        for (const [step, state] of [
            ['stock', 'stocked'],
            ['label', 'labeled'],
            ['sell', 'sold'],
        ] as const) {
            await row.locator(`[data-test="row-${step}"]`).click();
            await allHaveText(row.locator('[data-test="row-state"]'), state);
        }

        const anomaly = r.locator('[data-test="anomaly-form"]');
        await anomaly.locator('[data-test="anomaly-batch"]').fill('NO-SUCH-BATCH');
        await anomaly.locator('[data-test="anomaly-reason"]').fill('customer reports a cloudy vial');
        await anomaly.locator('[data-test="anomaly-submit"]').click();
        assert.match(await anomaly.locator('[data-test="error"]').innerText(), /Not found.*NO-SUCH-BATCH/s);

        await anomaly.locator('[data-test="anomaly-batch"]').fill(batchId);
        await anomaly.locator('[data-test="anomaly-serial"]').fill(sold());
        await anomaly.locator('[data-test="anomaly-submit"]').click();
        await anomaly.locator('[data-test="result"]').waitFor();
        await ui.screenshot(r, '06-retailer-workspace');
    });

    it('traces the sold serial: every timeline step, the excursion on the chart, the hold banner', async () => {
        const r = retailer;
        await r.click('[data-test="nav-trace"]');
        await r.fill('[data-test="trace-input"]', sold());
        await r.click('[data-test="trace-submit"]');
        await r.locator('[data-test="recall-banner"]').waitFor();
        for (const state of ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold']) {
            const step = r.locator(`[data-test="step-${state}"]`);
            assert.equal(await step.getAttribute('data-done'), 'true', `${state} is on the timeline`);
            // The organization by its display name; its MSP id only in the title.
            const org = step.locator('[data-test="step-org"]');
            const mspId = (await org.getAttribute('title'))!;
            await assertEventually(async () => (await org.innerText()) === displayName(mspId), `${state} names ${mspId} by its display name`);
            assert.doesNotMatch(await step.innerText(), /MSP/);
        }
        assert.match(await r.locator('[data-test="recall-banner"]').innerText(), /ON HOLD[\s\S]*under investigation[\s\S]*cloudy vial/);
        await r.locator('[data-test="excursion-banner"]').waitFor();
        await r.locator('[data-test="shipment-card"] [data-test="excursion-span"]').waitFor();
        assert.equal(await r.locator('[data-test="excursion-row"]').count(), 1);
        assert.match(await r.locator('[data-test="excursion-row"] [data-test="peak"]').innerText(), /12\.6 °C/);
        await r.locator('[data-test="shipment-card"] [data-test="route-line"]').waitFor();
        await r.locator('[data-test="route-map"] path.land').waitFor();
        await ui.screenshot(r, '07-trace');

        // A phone scans the package's GS1 Digital Link: the same story.
        const digitalLink = `https://id.gs1.org/01/${GTIN}/21/${encodeURIComponent(sold())}`;
        await r.fill('[data-test="trace-input"]', digitalLink);
        await r.click('[data-test="trace-submit"]');
        const head = r.locator(`[data-test="product-head"][data-ref="${digitalLink}"]`);
        await head.waitFor();
        assert.match(await head.innerText(), new RegExp(sold().replace('.', '\\.')));

        // Time to first render of the trace page: a fresh load of /trace/<serial> until the story is drawn.
        await r.goto(`/trace/${encodeURIComponent(sold())}`);
        await r.locator('[data-test="recall-banner"]').waitFor();
        const renderedMs = Number(await r.evaluate("performance.getEntriesByName('coldtrace:trace-rendered')[0]?.startTime ?? -1"));
        assert.ok(renderedMs > 0);

        // The same story in Japanese, and the alerts the retailer received while it happened.
        await r.selectOption('[data-test="language"]', 'ja');
        assert.match(await r.locator('[data-test="step-inspected"]').innerText(), /検査済み/);
        assert.match(await r.locator('[data-test="recall-banner"]').innerText(), /出荷保留中/);
        await r.selectOption('[data-test="language"]', 'en');
        await r.click('[data-test="nav-alerts"]');
        assert.match(await r.locator('[data-test="alert-list"]').innerText(), new RegExp(`Anomaly reported on batch ${batchId}`));
        await ui.screenshot(r, '07b-alerts');
        writeFileSync(join(SCREENSHOTS, '..', 'trace-first-render.json'), JSON.stringify({ serial: sold(), renderedMs: Math.round(renderedMs) }, null, 2));
        console.log(`      trace page first render: ${Math.round(renderedMs)} ms after navigation start`);
    });

    it('auditor: walks the product’s history with diffs and verifies the ledger', async () => {
        const a = await ui.signIn('auditor');
        await a.click('[data-test="nav-auditor"]');
        await a.selectOption('[data-test="history-kind"]', 'product');
        await a.fill('[data-test="history-id"]', sold());
        await a.click('[data-test="history-submit"]');
        await a.locator('[data-test="history-count"]').waitFor();
        assert.ok((await a.locator('[data-test="history-version"]').count()) >= 8);
        assert.match(await a.locator('[data-test="history-diff"]').first().innerText(), /state/);
        await a.click('[data-test="verify-ledger"]');
        assert.equal(await a.locator('[data-test="verify-result"]').getAttribute('data-ok'), 'true');
        await a.fill('[data-test="digest-shipment"]', shipmentId);
        await a.click('[data-test="digest-show"]');
        await a.locator('[data-test="digest-table"]').waitFor();
        await a.click('[data-test="digest-verify"]');
        assert.equal(await a.locator('[data-test="digest-verify-result"]').getAttribute('data-intact'), 'true');
        await ui.screenshot(a, '08-auditor');
        await a.close();
    });

    it('administrators: admit a proposed organization, suspend and reinstate a member, each once a majority approved', async () => {
        // Every open tab holds a live-events connection, and Chromium opens six at most to one server.
        for (const page of [manufacturer, carrier, retailer]) {
            await page.close();
        }
        const proposer = new ColdtraceClient({ baseUrl: ui.url });
        await proposer.login('manufacturer-admin', DEMO_PASSWORD);
        await proposer.call('proposeOrganization', { body: { mspId: 'Retailer3MSP', roles: ['retailer'], displayName: 'Corner Pharmacy' } });

        /**
         * The founding organizations' administrators sign in in turn and approve the motion on a row:
         * the demo's six (or seven) active members need four approvals, so the last one carries it.
         */
        async function everyAdminApproves(row: string, motion: string, carried: string): Promise<void> {
            for (const [i, role] of USER_ROLES.entries()) {
                const page = await ui.signIn(`${role}-admin`);
                await page.click('[data-test="nav-members"]');
                const cell = page.locator(`${row} [data-test="motion"][data-motion="${motion}"]`);
                await cell.locator(`[data-test="motion-${motion}"]`).click();
                if (motion === 'suspend') {
                    const dialog = page.getByRole('dialog', { name: 'Suspend Fjord Freight?' });
                    await dialog.waitFor();
                    if (i === 0) {
                        await ui.screenshot(page, '10-members-suspend-confirm');
                    }
                    await dialog.locator('[data-test="confirm-ok"]').click();
                }
                if (i < USER_ROLES.length - 1) {
                    await cell.locator('[data-test="approved-by-us"]').waitFor();
                    assert.match(await cell.locator('[data-test="motion-count"]').innerText(), new RegExp(`${i + 1} of 4 needed`));
                } else {
                    await page.locator(carried).waitFor();
                    await ui.screenshot(page, `10-members-${motion}-carried`);
                }
                // No administrator is offered suspending its own organization.
                assert.equal(await page.locator(`[data-test="member-row"][data-msp="${defaultOrganization(role)}"] [data-test="motion-suspend"]`).count(), 0);
                await page.close();
            }
        }

        await everyAdminApproves('[data-test="proposal-row"][data-msp="Retailer3MSP"]', 'admit', '[data-test="member-row"][data-msp="Retailer3MSP"][data-status="active"]');
        await everyAdminApproves('[data-test="member-row"][data-msp="Carrier2MSP"]', 'suspend', '[data-test="member-row"][data-msp="Carrier2MSP"][data-status="suspended"]');
        await everyAdminApproves('[data-test="member-row"][data-msp="Carrier2MSP"]', 'reinstate', '[data-test="member-row"][data-msp="Carrier2MSP"][data-status="active"]');
    });

    it('public page /p/{serial}: provenance without login, no price, no organization', async () => {
        const p = await ui.context.newPage();
        await p.goto(`/p/${encodeURIComponent(sold())}`);
        await p.locator('[data-test="cold-chain"]').waitFor();
        const text = await p.locator('[data-test="public-page"]').innerText();
        assert.match(text, /Influenza vaccine 0\.5 ml/);
        assert.match(text, /cold chain was broken/);
        assert.match(text, /being investigated; it has not been recalled/);
        for (const secret of [PRICE, 'EUR', 'price', 'MSP', orderId, ...FOUNDING_MEMBERS.map((m) => m.displayName)]) {
            assert.ok(!text.includes(secret), `the public page must not show ${secret}`);
        }
        assert.ok(!(await p.content()).includes(PRICE));
        await ui.screenshot(p, '09-public');
        await p.close();
    });

    it('QA manager: takes the complaint into investigation and confirms a class II recall; the pharmacy returns and destroys its units; the impact page shows where each stands', async () => {
        // The administrators' step closed the earlier tabs (Chromium's connections per server): sign in afresh.
        const m = await ui.signIn('manufacturer');
        await m.goto(`/trace/${encodeURIComponent(sold())}`);
        await m.locator('[data-test="investigate-form"]').waitFor();
        await m.fill('[data-test="investigate-note"]', 'retained samples sent to the laboratory');
        await m.click('[data-test="investigate-submit"]');
        await m.locator('[data-test="anomaly"][data-state="investigating"]').waitFor();
        await m.selectOption('[data-test="recall-class"]', 'II');
        await m.fill('[data-test="recall-instructions"]', 'Return every unit to the manufacturer');
        await m.click('[data-test="recall-submit"]');
        await m.locator('[data-test="anomaly"][data-state="recalled"]').waitFor();
        assert.match(await m.locator('[data-test="anomaly-recall"]').innerText(), /Return every unit to the manufacturer/);
        await ui.screenshot(m, '11-recall');

        // The pharmacy holds the two units it did not sell: it returns one and destroys the other.
        const r = await ui.signIn('retailer');
        for (const [serial, action, status] of [
            [at(serials, 1), 'return', 'returned'],
            [at(serials, 2), 'destroy', 'destroyed'],
        ] as const) {
            await r.goto(`/trace/${encodeURIComponent(serial)}`);
            await r.locator(`[data-test="disposal-${action}"]`).click();
            await r.locator(`[data-test="disposal"][data-status="${status}"]`).waitFor();
        }

        // The impact of the recall, for the QA manager: every unit's standing and the totals.
        await m.goto(`/impact/${encodeURIComponent(batchId)}`);
        await m.locator('[data-test="impact-unit"]').first().waitFor();
        const standing = async () =>
            (
                await m
                    .locator('[data-test="impact-unit"]')
                    .evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-serial')}=${row.querySelector('[data-test="impact-hold"]')?.getAttribute('data-hold')}`))
            )
                .sort()
                .join(' ');
        const expected = [`${sold()}=sold_before_recall`, `${serials[1]}=returned`, `${serials[2]}=destroyed`].sort().join(' ');
        await assertEventually(async () => (await standing()) === expected, 'the impact page shows each unit after the recall');
        assert.match(await m.locator('[data-test="impact-summary"]').innerText(), /^3 units · 1 sold · 0 on hold/);
        await ui.screenshot(m, '12-impact');
    });
});
