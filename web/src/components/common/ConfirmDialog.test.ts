import { describe, expect, it } from 'vitest';
import { mountInApp } from '../../test-support/mount-in-app';
import ConfirmDialog from './ConfirmDialog.vue';

const props = { title: 'Suspend Fjord Freight?', message: 'It will write nothing.', confirmLabel: 'Approve suspension' };

describe('ConfirmDialog', () => {
    it('opens as a modal dialog named by its title and described by its message', () => {
        const { wrapper } = mountInApp(ConfirmDialog, { props });
        const dialog = wrapper.find('dialog');
        expect(dialog.attributes('open')).toBeDefined();
        expect(wrapper.find(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('Suspend Fjord Freight?');
        expect(wrapper.find(`#${dialog.attributes('aria-describedby')}`).text()).toBe('It will write nothing.');
        expect(wrapper.find('[data-test="confirm-ok"]').text()).toBe('Approve suspension');
        expect(wrapper.find('[data-test="confirm-cancel"]').text()).toBe('Cancel');
    });

    it('answers confirm or cancel, and Escape (the dialog’s cancel event) cancels', async () => {
        const { wrapper } = mountInApp(ConfirmDialog, { props });
        await wrapper.find('[data-test="confirm-ok"]').trigger('click');
        await wrapper.find('[data-test="confirm-cancel"]').trigger('click');
        await wrapper.find('dialog').trigger('cancel');
        expect(Object.keys(wrapper.emitted())).toEqual(expect.arrayContaining(['confirm', 'cancel']));
        expect(wrapper.emitted('confirm')).toHaveLength(1);
        expect(wrapper.emitted('cancel')).toHaveLength(2);
    });
});
