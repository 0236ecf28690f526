import { describe, expect, it } from 'vitest';
import { mountInApp } from '../../test-support/mount-in-app';
import RecallBanner from './RecallBanner.vue';

describe('RecallBanner', () => {
    it('is absent without anomalies and unmistakable with one', () => {
        expect(mountInApp(RecallBanner, { props: { anomalies: [] } }).wrapper.find('[data-test="recall-banner"]').exists()).toBe(false);
        const { wrapper } = mountInApp(RecallBanner, {
            props: { anomalies: [{ anomalyId: 'A1', batchId: 'B1', reason: 'vials cloudy', reporter: 'RetailerMSP', reportedAt: '2026-01-01T00:00:00Z' }] },
        });
        const banner = wrapper.find('[data-test="recall-banner"]');
        expect(banner.attributes('role')).toBe('alert');
        expect(banner.text()).toContain('RECALL REVIEW');
        expect(banner.text()).toContain('vials cloudy');
        expect(banner.text()).toContain('RetailerMSP');
    });
});
