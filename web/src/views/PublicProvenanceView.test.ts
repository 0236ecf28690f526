import type { PublicProvenance } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { mountInApp, settle } from '../test-support/mount-in-app';
import PublicProvenanceView from './PublicProvenanceView.vue';

const provenance = (onHold: boolean): PublicProvenance => ({
    serial: 'S1',
    gtin: '09506000134352',
    productName: 'Influenza vaccine',
    batchId: 'B1',
    manufacturedAt: '2026-01-01T00:00:00Z',
    state: 'stocked',
    temperatureRange: { minC: 2, maxC: 8 },
    coldChainHeld: true,
    onHold,
    recalled: false,
});

async function open(answer: PublicProvenance) {
    const mounted = mountInApp(PublicProvenanceView, { api: async () => answer });
    await mounted.wrapper.vm.$router.push('/p/S1');
    await settle();
    return mounted.wrapper;
}

describe('PublicProvenanceView', () => {
    it('says a held batch is under investigation, not recalled, and what to do', async () => {
        const hold = (await open(provenance(true))).find('[data-test="public-hold"]');
        expect(hold.attributes('role')).toBe('alert');
        expect(hold.text()).toContain('being investigated');
        expect(hold.text()).toContain('has not been recalled');
        expect(hold.text()).toContain('do not use the product');
    });

    it('says a recalled product is recalled, with its class, and not merely on hold', async () => {
        const page = await open({ ...provenance(false), recalled: true, recallClass: 'I' });
        const recall = page.find('[data-test="public-recall"]');
        expect(recall.attributes('role')).toBe('alert');
        expect(recall.text()).toContain('recalled (class I)');
        expect(page.find('[data-test="public-hold"]').exists()).toBe(false);
    });

    it('shows no warning when nothing holds the batch', async () => {
        const page = await open(provenance(false));
        expect(page.find('[data-test="public-hold"]').exists()).toBe(false);
        expect(page.find('[data-test="public-recall"]').exists()).toBe(false);
    });
});
