import { describe, expect, it } from 'vitest';
import { DIRECTORY } from '../../test-support/members';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import TimelineList from './TimelineList.vue';

describe('TimelineList', () => {
    const timeline = [
        { state: 'manufactured', at: '2026-11-22T08:00:00.000Z', org: 'ManufacturerMSP', user: 'manufacturer', txId: 'a'.repeat(64) },
        { state: 'inspected', at: '2026-11-22T09:00:00.000Z', org: 'ManufacturerMSP', user: 'inspector', txId: 'b'.repeat(64) },
    ];

    it('shows every lifecycle step, the taken ones with time, organization by name, user and transaction', async () => {
        const { wrapper } = mountInApp(TimelineList, { role: 'retailer', members: DIRECTORY, props: { timeline, now: new Date('2026-11-22T10:00:00Z') } });
        await settle();
        const steps = wrapper.findAll('li');
        expect(steps.map((s) => s.attributes('data-test'))).toEqual(
            ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold'].map((s) => `step-${s}`),
        );
        const inspected = wrapper.find('[data-test="step-inspected"]');
        expect(inspected.attributes('data-done')).toBe('true');
        expect(inspected.text()).toContain('inspector');
        expect(inspected.text()).toContain('Northwind Pharma');
        expect(inspected.text()).not.toContain('MSP');
        expect(inspected.find('[data-test="step-org"]').attributes('title')).toBe('ManufacturerMSP');
        expect(inspected.text()).toContain('bbbbbbbbbbbbbbbb');
        expect(inspected.text()).toContain('1 hour ago');
        expect(wrapper.find('[data-test="step-sold"]').text()).toContain('not yet');
    });

    it('adds a return and a destruction after the lifecycle once taken, with who did them', () => {
        const recalled = [
            ...timeline,
            { state: 'returned', at: '2026-11-23T08:00:00.000Z', org: 'RetailerMSP', user: 'clerk', txId: 'c'.repeat(64) },
            { state: 'destroyed', at: '2026-11-24T08:00:00.000Z', org: 'ManufacturerMSP', user: 'qa', txId: 'd'.repeat(64) },
        ];
        const { wrapper } = mountInApp(TimelineList, { props: { timeline: recalled, now: new Date('2026-11-25T10:00:00Z') } });
        const steps = wrapper.findAll('li').map((s) => s.attributes('data-test'));
        expect(steps.slice(-3)).toEqual(['step-sold', 'step-returned', 'step-destroyed']);
        expect(wrapper.find('[data-test="step-returned"]').text()).toContain('clerk');
        expect(wrapper.find('[data-test="step-destroyed"]').text()).toContain('dddddddddddddddd');
    });

    it('shows the MSP id of an organization the directory does not know', () => {
        const { wrapper } = mountInApp(TimelineList, { props: { timeline, now: new Date('2026-11-22T10:00:00Z') } });
        expect(wrapper.find('[data-test="step-inspected"] [data-test="step-org"]').text()).toBe('ManufacturerMSP');
    });

    it('speaks Japanese', () => {
        const { wrapper } = mountInApp(TimelineList, { locale: 'ja', props: { timeline, now: new Date('2026-11-22T10:00:00Z') } });
        expect(wrapper.find('[data-test="step-inspected"]').text()).toContain('検査済み');
        expect(wrapper.find('[data-test="step-sold"]').text()).toContain('未実施');
    });
});
