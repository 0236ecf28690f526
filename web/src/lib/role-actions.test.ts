import { describe, expect, it } from 'vitest';
import { routes, type RouteSpec, USER_ROLES } from '@coldtrace/api/contract';
import { roleMayCall } from '@coldtrace/chaincode/model';
import { ORDER_ACTIONS, offeredOrderStep, offeredProductStep, offeredShipmentStep, offeredUnitActions, PRODUCT_ACTIONS, roleHasRoute, SHIPMENT_ACTIONS } from './role-actions';

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

    it('offers the whole-unit actions to the roles the rules table lets take every one of their bulk steps', () => {
        expect(offeredUnitActions('retailer').map((a) => a.name)).toEqual(['stockAndLabel', 'stock', 'label']);
        for (const role of ['manufacturer', 'carrier', 'auditor'] as const) {
            expect(offeredUnitActions(role)).toEqual([]);
        }
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

    it('offers exactly what the chaincode’s rules table lets each role call', () => {
        for (const action of [...PRODUCT_ACTIONS, ...SHIPMENT_ACTIONS, ...ORDER_ACTIONS]) {
            const transaction = (routes[action.route] as RouteSpec).transaction;
            expect(transaction, action.route).toBeDefined();
            for (const role of USER_ROLES) {
                expect(roleHasRoute(role, action.route), `${role} ${action.name}`).toBe(roleMayCall(role, transaction!));
            }
        }
    });
});
