import type { NotificationDelivery, NotificationSettingsView } from '@coldtrace/api/contract';
import { describe, expect, it } from 'vitest';
import { useFixedClock } from '../../test-support/fixed-clock';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import NotificationSettings from './NotificationSettings.vue';

const SETTINGS: NotificationSettingsView = {
    mspId: 'RetailerMSP',
    emails: [{ address: 'qa@pharmacy.example', language: 'ja', kinds: ['recall', 'hold'] }],
    webhooks: [{ url: 'https://erp.pharmacy.example/hooks/coldtrace', kinds: ['recall'], secretSet: true }],
    mailServer: true,
};

const failed: NotificationDelivery = {
    key: 'BatchRecalled:tx9|email|qa@pharmacy.example',
    notificationId: 'BatchRecalled:tx9',
    eventType: 'BatchRecalled',
    kind: 'recall',
    channel: 'email',
    target: 'qa@pharmacy.example',
    language: 'ja',
    subject: '[coldtrace] バッチ B1 のリコール',
    state: 'failed',
    attempts: 10,
    lastError: 'connect ECONNREFUSED 10.0.0.25:587',
    createdAt: '2026-11-22T08:00:00.000Z',
};

/** A fake API holding one organization's settings and deliveries. */
function node(settings: NotificationSettingsView = SETTINGS, deliveries: NotificationDelivery[] = []) {
    return async (name: string, input: unknown): Promise<unknown> => {
        switch (name) {
            case 'getNotificationSettings':
                return settings;
            case 'listNotificationDeliveries':
                return deliveries;
            case 'putNotificationSettings': {
                const body = (input as { body: { emails: NotificationSettingsView['emails']; webhooks: { url: string; kinds: NotificationSettingsView['emails'][0]['kinds'] }[] } })
                    .body;
                return { ...settings, emails: body.emails, webhooks: body.webhooks.map((w) => ({ url: w.url, kinds: w.kinds, secretSet: true })) };
            }
            case 'retryNotificationDelivery':
                return { ...failed, state: 'pending', attempts: 0 };
            default:
                throw new Error(`unexpected call ${name}`);
        }
    };
}

const admin = { role: 'retailer' as const, user: { org: 'RetailerMSP', admin: true as const } };

describe('NotificationSettings', () => {
    useFixedClock('2026-11-22T10:00:00Z');

    it('shows the organization’s recipients, never a stored secret, and saves them (a secret left empty is kept)', async () => {
        const { wrapper, calls } = mountInApp(NotificationSettings, { ...admin, api: node() });
        await settle();
        expect(calls.map((c) => c.name).sort()).toEqual(['getNotificationSettings', 'listNotificationDeliveries']);
        expect(calls[0]?.input).toMatchObject({ params: { mspId: 'RetailerMSP' } });
        expect((wrapper.find('[data-test="email-address"]').element as HTMLInputElement).value).toBe('qa@pharmacy.example');
        expect((wrapper.find('[data-test="email-language"]').element as HTMLSelectElement).value).toBe('ja');
        expect((wrapper.find('[data-test="email-kind-recall"]').element as HTMLInputElement).checked).toBe(true);
        expect((wrapper.find('[data-test="email-kind-excursion"]').element as HTMLInputElement).checked).toBe(false);
        const secret = wrapper.find('[data-test="webhook-secret"]');
        expect((secret.element as HTMLInputElement).value).toBe('');
        expect(secret.attributes('placeholder')).toBe('stored; leave empty to keep');

        await wrapper.find('[data-test="add-email"]').trigger('click');
        await wrapper.findAll('[data-test="email-address"]')[1]?.setValue('store@pharmacy.example');
        await wrapper.findAll('[data-test="email-kind-sensor_flooding"]')[1]?.setValue(false);
        await wrapper.find('[data-test="email-kind-excursion"]').setValue(true);
        await wrapper.find('form').trigger('submit');
        await settle();
        const put = calls.find((c) => c.name === 'putNotificationSettings')!.input as { params: unknown; body: { emails: unknown[]; webhooks: unknown[] } };
        expect(put.params).toEqual({ mspId: 'RetailerMSP' });
        expect(put.body.emails).toEqual([
            { address: 'qa@pharmacy.example', language: 'ja', kinds: ['recall', 'hold', 'excursion'] },
            { address: 'store@pharmacy.example', language: 'en', kinds: ['excursion', 'hold', 'recall', 'anomaly'] },
        ]);
        expect(put.body.webhooks).toEqual([{ url: 'https://erp.pharmacy.example/hooks/coldtrace', kinds: ['recall'] }]);
        expect(wrapper.find('[data-test="notifications-saved"]').text()).toBe('Saved.');
    });

    it('sends a new webhook with its secret, and shows what is wrong before any call', async () => {
        const { wrapper, calls } = mountInApp(NotificationSettings, { ...admin, api: node({ ...SETTINGS, webhooks: [] }) });
        await settle();
        await wrapper.find('[data-test="email-address"]').setValue('not an address');
        await wrapper.find('form').trigger('submit');
        await settle();
        expect(calls.some((c) => c.name === 'putNotificationSettings')).toBe(false);
        expect(wrapper.find('[data-test="error"]').text()).toContain('emails.0.address');

        await wrapper.find('[data-test="email-address"]').setValue('qa@pharmacy.example');
        await wrapper.find('[data-test="add-webhook"]').trigger('click');
        await wrapper.find('[data-test="webhook-url"]').setValue('https://wms.pharmacy.example/hook');
        await wrapper.find('[data-test="webhook-secret"]').setValue('a-new-secret-of-32-characters!!');
        await wrapper.find('form').trigger('submit');
        await settle();
        const put = calls.find((c) => c.name === 'putNotificationSettings')!.input as { body: { webhooks: unknown[] } };
        expect(put.body.webhooks).toEqual([
            { url: 'https://wms.pharmacy.example/hook', secret: 'a-new-secret-of-32-characters!!', kinds: ['excursion', 'hold', 'recall', 'anomaly', 'sensor_flooding'] },
        ]);
        // The secret is not kept in the page once saved.
        expect((wrapper.find('[data-test="webhook-secret"]').element as HTMLInputElement).value).toBe('');
    });

    it('lists failed deliveries with their error and tries one again', async () => {
        const { wrapper, calls } = mountInApp(NotificationSettings, { ...admin, api: node(SETTINGS, [failed]) });
        await settle();
        const row = wrapper.find('[data-test="delivery-row"]');
        expect(row.attributes('data-state')).toBe('failed');
        expect(row.find('[data-test="delivery-error"]').text()).toBe('10 attempts: connect ECONNREFUSED 10.0.0.25:587');
        await row.find('[data-test="retry-delivery"]').trigger('click');
        await settle();
        expect(calls.find((c) => c.name === 'retryNotificationDelivery')!.input).toEqual({ params: { mspId: 'RetailerMSP', key: failed.key } });
        expect(wrapper.find('[data-test="delivery-state"]').text()).toBe('pending');
        expect(wrapper.find('[data-test="retry-delivery"]').exists()).toBe(false);
    });

    it('warns when the node has no mail server, in the user’s language', async () => {
        const { wrapper } = mountInApp(NotificationSettings, { ...admin, locale: 'ja', api: node({ ...SETTINGS, mailServer: false }) });
        await settle();
        expect(wrapper.find('[data-test="no-mail-server"]').text()).toContain('メールサーバー');
        expect(wrapper.find('h2').text()).toBe('通知');
    });
});
