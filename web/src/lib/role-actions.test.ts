import { describe, expect, it } from 'vitest';
import { routes, type RouteSpec, USER_ROLES } from '@coldtrace/api/contract';
import { roleMayCall } from '@coldtrace/chaincode/model';
import { MOTION_APPLIES_TO } from '@coldtrace/chaincode/model';
import {
    MEMBER_MOTION_ACTIONS,
    offeredMotions,
    ORDER_ACTIONS,
    offeredDisposals,
    offeredOrderStep,
    offeredProductStep,
    offeredShipmentStep,
    offeredUnitActions,
    PRODUCT_ACTIONS,
    roleHasRoute,
    SHIPMENT_ACTIONS,
    userHasRoute,
} from './role-actions';

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

    it('offers no label or sell step while an excursion holds the unit or its batch is recalled', () => {
        expect(offeredProductStep('retailer', 'stocked', { excursion: true, anomaly: false, excursionHold: 'on_hold' })).toBeUndefined();
        expect(offeredProductStep('retailer', 'labeled', { excursion: true, anomaly: false, excursionHold: 'rejected' })).toBeUndefined();
        expect(offeredProductStep('retailer', 'stocked', { excursion: false, anomaly: true, recall: { status: 'recalled', recallClass: 'II', anomalyId: 'A1' } })).toBeUndefined();
    });

    it('offers the holder of a recalled or rejected unit its return or destruction, as its role may', () => {
        const recall = { status: 'recalled', recallClass: 'II', anomalyId: 'A1' } as const;
        const atRetailer = { state: 'stocked', owner: 'R', custodian: 'R', flags: { excursion: false, anomaly: true, recall } } as const;
        expect(offeredDisposals('retailer', 'R', atRetailer).map((a) => a.route)).toEqual(['returnProduct', 'destroyProduct']);
        expect(offeredDisposals('retailer', 'OTHER', atRetailer)).toEqual([]);
        expect(offeredDisposals('retailer', 'R', { ...atRetailer, flags: { excursion: false, anomaly: false } })).toEqual([]);
        expect(offeredDisposals('retailer', 'R', { ...atRetailer, state: 'sold' })).toEqual([]);
        const rejected = { ...atRetailer, flags: { excursion: true, anomaly: false, excursionHold: 'rejected' as const } };
        expect(offeredDisposals('carrier', 'R', rejected).map((a) => a.name)).toEqual(['return', 'destroy']);
        // Back at the manufacturer: destroyed there, never "returned" to itself.
        const returned = { ...atRetailer, state: 'returned', owner: 'M', custodian: 'M' } as const;
        expect(offeredDisposals('manufacturer', 'M', returned).map((a) => a.name)).toEqual(['destroy']);
        expect(offeredDisposals('manufacturer', 'M', { ...returned, state: 'destroyed' })).toEqual([]);
        expect(offeredDisposals('auditor', 'R', atRetailer)).toEqual([]);
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

describe('offered motions on members', () => {
    const admin = { role: 'carrier', org: 'CarrierMSP', admin: true } as const;
    const active = { status: 'active' } as const;
    const names = (
        mspId: string,
        status: 'proposed' | 'active' | 'suspended',
        user: Parameters<typeof offeredMotions>[0] = admin,
        own: { status: 'active' | 'suspended' } = active,
    ) => offeredMotions(user, { mspId, status }, own).map((a) => a.name);

    it('offers an administrator the motions open on the member’s status', () => {
        expect(names('Retailer3MSP', 'proposed')).toEqual(['admit', 'reject']);
        expect(names('RetailerMSP', 'active')).toEqual(['suspend']);
        expect(names('Carrier2MSP', 'suspended')).toEqual(['reinstate']);
        for (const action of MEMBER_MOTION_ACTIONS) {
            expect(names('X', MOTION_APPLIES_TO[action.name])).toContain(action.name);
        }
    });

    it('offers nothing to a user who is no administrator, or whose own organization is not active', () => {
        expect(names('Retailer3MSP', 'proposed', { role: 'carrier', org: 'CarrierMSP' })).toEqual([]);
        expect(names('RetailerMSP', 'active', admin, { status: 'suspended' })).toEqual([]);
        expect(offeredMotions(admin, { mspId: 'RetailerMSP', status: 'active' }, undefined)).toEqual([]);
        expect(offeredMotions(undefined, { mspId: 'RetailerMSP', status: 'active' }, active)).toEqual([]);
    });

    it('does not offer an administrator the suspension of its own organization', () => {
        expect(names('CarrierMSP', 'active')).toEqual([]);
    });

    it('asks for an administrator exactly where the rules table asks for one', () => {
        for (const action of MEMBER_MOTION_ACTIONS) {
            const transaction = (routes[action.route] as RouteSpec).transaction!;
            for (const role of USER_ROLES) {
                expect(userHasRoute({ role, admin: true }, action.route), `${role} ${action.name}`).toBe(roleMayCall(role, transaction));
                expect(userHasRoute({ role }, action.route), `${role} ${action.name}`).toBe(false);
            }
        }
        expect(userHasRoute({ role: 'retailer' }, 'sellProduct')).toBe(true);
    });
});
