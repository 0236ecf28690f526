import { describe, expect, it } from 'vitest';
import { mountInApp } from '../../test-support/mount-in-app';
import TemperatureChart from './TemperatureChart.vue';

describe('TemperatureChart', () => {
    it('draws the band, the readings and one highlighted span per excursion', () => {
        const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
        const { wrapper } = mountInApp(TemperatureChart, {
            props: {
                samples: [0, 5, 10, 15].map((m, i) => ({ at: at(m), minC: [4, 11, 12, 5][i], maxC: [4, 11, 12, 5][i] })),
                band: { minC: 2, maxC: 8 },
                excursions: [{ id: 'x1', kind: 'high', startAt: at(5), endAt: at(10), peakC: 12 }],
            },
        });
        expect(wrapper.find('[data-test="band"]').exists()).toBe(true);
        expect(wrapper.findAll('[data-test="excursion-span"]')).toHaveLength(1);
        expect(wrapper.findAll('[data-test="outside-point"]')).toHaveLength(2);
        expect(wrapper.text()).toContain('allowed 2–8 °C');
    });
});
