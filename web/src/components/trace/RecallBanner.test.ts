import type { BatchAnomaly } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { mountInApp } from '../../test-support/mount-in-app';
import RecallBanner from './RecallBanner.vue';

const anomaly = (state: BatchAnomaly['state'], reason: string) =>
    ({ anomalyId: `A-${reason}`, batchId: 'B1', state, reason, reporter: 'RetailerMSP', reportedAt: '2026-01-01T00:00:00Z' }) as BatchAnomaly;

describe('RecallBanner', () => {
    it('is absent without anomalies and unmistakable with an open one: a hold under investigation, not a recall', () => {
        expect(
            mountInApp(RecallBanner, { props: { anomalies: [] } })
                .wrapper.find('[data-test="recall-banner"]')
                .exists(),
        ).toBe(false);
        const { wrapper } = mountInApp(RecallBanner, { props: { anomalies: [anomaly('open', 'vials cloudy')] } });
        const banner = wrapper.find('[data-test="recall-banner"]');
        expect(banner.attributes('role')).toBe('alert');
        expect(banner.text()).toContain('ON HOLD');
        expect(banner.text()).toContain('under investigation');
        expect(banner.text()).not.toMatch(/recall/i);
        expect(banner.text()).toContain('vials cloudy');
        expect(banner.text()).toContain('RetailerMSP');
    });

    it('says a recall apart from a hold: its class and the holders’ instructions', () => {
        const recalled = {
            ...anomaly('recalled', 'vials cloudy'),
            recall: { recallClass: 'II', instructions: 'Return every unit to the manufacturer', at: '2026-01-02T00:00:00Z', org: 'ManufacturerMSP', user: 'qa', txId: 't' },
        } as BatchAnomaly;
        const banner = mountInApp(RecallBanner, { props: { anomalies: [anomaly('open', 'second report'), recalled] } }).wrapper.find('[data-test="recall-banner"]');
        expect(banner.attributes('data-recalled')).toBe('true');
        expect(banner.text()).toContain('RECALLED (class II)');
        expect(banner.text()).toContain('Return every unit to the manufacturer');
        expect(banner.text()).not.toContain('under investigation');
    });

    it('counts anomalies written before states as open, and is gone once every anomaly is cleared', () => {
        expect(mountInApp(RecallBanner, { props: { anomalies: [anomaly(undefined, 'older report')] } }).wrapper.text()).toContain('older report');
        const { wrapper } = mountInApp(RecallBanner, { props: { anomalies: [anomaly('cleared', 'retested fine')] } });
        expect(wrapper.find('[data-test="recall-banner"]').exists()).toBe(false);
    });
});
