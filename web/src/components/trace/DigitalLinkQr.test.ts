import { describe, expect, it } from 'vitest';
import { mountInApp } from '../../test-support/mount-in-app';
import DigitalLinkQr from './DigitalLinkQr.vue';

describe('DigitalLinkQr', () => {
    it('encodes the product’s Digital Link on this server as an SVG QR code with its URI beside it', () => {
        const { wrapper } = mountInApp(DigitalLinkQr, { props: { gtin: '09506000134352', serial: 'A/1', origin: 'https://node.example' } });
        const uri = wrapper.find('[data-test="digital-link-uri"]');
        expect(uri.attributes('href')).toBe('https://node.example/01/09506000134352/21/A%2F1');
        const svg = wrapper.find('svg');
        expect(svg.attributes('role')).toBe('img');
        // A version-3+ code for a URI this long, dark modules drawn as one path.
        expect(Number(svg.attributes('viewBox')!.split(' ')[2])).toBeGreaterThanOrEqual(29 + 8);
        expect(wrapper.find('path').attributes('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    });
});
