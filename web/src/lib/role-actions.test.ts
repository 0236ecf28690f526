import { describe, expect, it } from 'vitest';
import { offeredOrderStep, offeredProductStep, offeredShipmentStep, roleHasRoute } from './role-actions';

describe('offered steps', () => {
    it('offers each role the next step of its own menu only', () => {
        expect(offeredProductStep('manufacturer', 'manufactured')?.route).toBe('inspectProduct');
        expect(offeredProductStep('retailer', 'manufactured')).toBeUndefined();
        expect(offeredProductStep('retailer', 'received')?.name).toBe('stock');
        expect(offeredProductStep('retailer', 'stocked')?.name).toBe('label');
        expect(offeredProductStep('retailer', 'labeled')?.name).toBe('sell');
        expect(offeredProductStep('retailer', 'sold')).toBeUndefined();
        expect(offeredProductStep('auditor', 'received')).toBeUndefined();
    });

    it('offers no label or sell step while an open anomaly holds the batch, but still stocking', () => {
        const held = { excursion: false, anomaly: true };
        expect(offeredProductStep('retailer', 'stocked', held)).toBeUndefined();
        expect(offeredProductStep('retailer', 'labeled', held)).toBeUndefined();
        expect(offeredProductStep('retailer', 'received', held)?.name).toBe('stock');
        expect(offeredProductStep('manufacturer', 'manufactured', held)?.name).toBe('inspect');
        expect(offeredProductStep('retailer', 'stocked', { excursion: true, anomaly: false })?.name).toBe('label');
    });

    it('follows the shipment and order lifecycles', () => {
        expect(offeredShipmentStep('carrier', 'created')?.name).toBe('pickup');
        expect(offeredShipmentStep('carrier', 'in_transit')?.name).toBe('deliver');
        expect(offeredShipmentStep('carrier', 'delivered')).toBeUndefined();
        expect(offeredShipmentStep('retailer', 'delivered')?.name).toBe('receive');
        expect(offeredOrderStep('manufacturer', 'placed')?.name).toBe('accept');
        expect(offeredOrderStep('retailer', 'placed')).toBeUndefined();
    });

    it('reads the roles from the API contract', () => {
        expect(roleHasRoute('carrier', 'attachSensor')).toBe(true);
        expect(roleHasRoute('retailer', 'attachSensor')).toBe(false);
        expect(roleHasRoute(undefined, 'trace')).toBe(false);
    });
});
