import { bulkStepRouteName, type RouteName, routes, type RouteSpec, type UserRole, type UserView } from '@coldtrace/api/contract';
import {
    type BulkStep,
    HELD_PRODUCT_STEPS,
    isHeld,
    isActive,
    type Member,
    type MemberMotionKind,
    MOTION_APPLIES_TO,
    roleMayCall,
    ruleOf,
    ORDER_STATES,
    PRODUCT_STATES,
    SHIPMENT_STATES,
    type OrderState,
    type ProductFlags,
    type ProductState,
    type ProductView,
    type ShipmentState,
} from '@coldtrace/chaincode/model';

/** A lifecycle step the UI can ask the API for: the route it calls and the state it leads to. */
export interface StepAction<S extends string, R extends RouteName = RouteName> {
    name: string;
    route: R;
    reaches: S;
}

export const PRODUCT_ACTIONS = [
    { name: 'inspect', route: 'inspectProduct', reaches: 'inspected' },
    { name: 'stock', route: 'stockProduct', reaches: 'stocked' },
    { name: 'label', route: 'labelProduct', reaches: 'labeled' },
    { name: 'sell', route: 'sellProduct', reaches: 'sold' },
] as const satisfies readonly StepAction<ProductState>[];
export type ProductAction = (typeof PRODUCT_ACTIONS)[number];

export const SHIPMENT_ACTIONS = [
    { name: 'pickup', route: 'pickupShipment', reaches: 'in_transit' },
    { name: 'deliver', route: 'deliverShipment', reaches: 'delivered' },
    { name: 'receive', route: 'receiveShipment', reaches: 'received' },
] as const satisfies readonly StepAction<ShipmentState>[];
export type ShipmentAction = (typeof SHIPMENT_ACTIONS)[number];

export const ORDER_ACTIONS = [{ name: 'accept', route: 'acceptOrder', reaches: 'accepted' }] as const satisfies readonly StepAction<OrderState>[];
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/**
 * Whether a role may call a route: the chaincode's rules table for the transaction the route calls,
 * the route's own roles for the few the API decides. Only an offer — the relationship to the record
 * is still checked by the chaincode, and its refusal shown to the user.
 *
 * @example
 * roleHasRoute('retailer', 'sellProduct'); // true: RULES['product:sell'].roles holds 'retailer'
 */
export function roleHasRoute(role: UserRole | undefined, route: RouteName): boolean {
    const spec: RouteSpec = routes[route];
    if (role === undefined) {
        return false;
    }
    return spec.transaction ? roleMayCall(role, spec.transaction) : (spec.roles?.includes(role) ?? false);
}

/**
 * The step the UI offers on a row: the role's action that leads to the state after the current
 * one in the chaincode's lifecycle. Only an offer — the chaincode accepts or refuses it, and the
 * refusal is shown to the user.
 *
 * @example
 * offeredStep('retailer', 'stocked', PRODUCT_STATES, PRODUCT_ACTIONS)?.name; // 'label'
 */
export function offeredStep<S extends string, A extends StepAction<S>>(role: UserRole | undefined, current: S, lifecycle: readonly S[], actions: readonly A[]): A | undefined {
    const next = lifecycle[lifecycle.indexOf(current) + 1];
    return actions.find((a) => a.reaches === next && roleHasRoute(role, a.route));
}

/**
 * The product step the UI offers on a row, none that a hold stops while an anomaly holds the
 * product's batch, its batch is recalled or an excursion holds it (flags): the chaincode would
 * refuse it anyway.
 *
 * @example
 * offeredProductStep('retailer', 'stocked', { excursion: false, anomaly: true }); // undefined: labeling is held
 */
export function offeredProductStep(role: UserRole | undefined, state: ProductState, flags?: ProductFlags): ProductAction | undefined {
    const step = offeredStep(role, state, PRODUCT_STATES, PRODUCT_ACTIONS);
    return step && flags && isHeld(flags) && HELD_PRODUCT_STEPS[step.reaches] ? undefined : step;
}

export const DISPOSAL_ACTIONS = [
    { name: 'return', route: 'returnProduct', reaches: 'returned' },
    { name: 'destroy', route: 'destroyProduct', reaches: 'destroyed' },
] as const satisfies readonly StepAction<ProductState>[];
export type DisposalAction = (typeof DISPOSAL_ACTIONS)[number];

/**
 * What the UI offers the holder of a recalled or rejected unit: return it (not to itself: the
 * manufacturer only destroys) or record its destruction, as the rules table lets the role. Only an
 * offer — the chaincode decides.
 *
 * @example
 * offeredDisposals('retailer', 'RetailerMSP', product).map((a) => a.name); // ['return', 'destroy'] for a recalled unit it holds
 */
export function offeredDisposals(role: UserRole | undefined, org: string | undefined, product: Pick<ProductView, 'state' | 'owner' | 'custodian' | 'flags'>): DisposalAction[] {
    const holds = org !== undefined && (product.owner === org || product.custodian === org);
    const called = product.flags.recall !== undefined || product.flags.excursionHold === 'rejected';
    if (!holds || !called || product.state === 'sold' || product.state === 'destroyed') {
        return [];
    }
    return DISPOSAL_ACTIONS.filter((action) => roleHasRoute(role, action.route) && !(action.name === 'return' && product.state === 'returned'));
}
export const offeredShipmentStep = (role: UserRole | undefined, state: ShipmentState) => offeredStep(role, state, SHIPMENT_STATES, SHIPMENT_ACTIONS);
export const offeredOrderStep = (role: UserRole | undefined, state: OrderState) => offeredStep(role, state, ORDER_STATES, ORDER_ACTIONS);

/** A motion on a member the UI offers: the route that records the user's organization's approval of it. */
export interface MotionAction {
    name: MemberMotionKind;
    route: 'approveOrganization' | 'rejectOrganization' | 'suspendOrganization' | 'reinstateOrganization';
    /** Asked again before it is sent: suspending a member stops it from writing. */
    confirm: boolean;
}

export const MEMBER_MOTION_ACTIONS = [
    { name: 'admit', route: 'approveOrganization', confirm: false },
    { name: 'reject', route: 'rejectOrganization', confirm: false },
    { name: 'suspend', route: 'suspendOrganization', confirm: true },
    { name: 'reinstate', route: 'reinstateOrganization', confirm: false },
] as const satisfies readonly MotionAction[];

/**
 * Whether a user may call a route: its role may (roleHasRoute), and when the route's rule asks for a
 * consortium administrator, the user is one. The relationship to the record is the chaincode's to check.
 *
 * @example
 * userHasRoute({ role: 'carrier', admin: true }, 'suspendOrganization'); // true
 * userHasRoute({ role: 'carrier' }, 'suspendOrganization');              // false: not an administrator
 */
export function userHasRoute(user: Pick<UserView, 'role' | 'admin'> | undefined, route: RouteName): boolean {
    const transaction = (routes[route] as RouteSpec).transaction;
    const needsAdmin = transaction !== undefined && ruleOf(transaction).relationship === 'consortiumAdmin';
    return roleHasRoute(user?.role, route) && (!needsAdmin || user?.admin === true);
}

/**
 * The motions the UI offers a user on a member: those open on the member's status
 * (MOTION_APPLIES_TO) that the user may approve — an administrator of an active member (`own` is
 * its organization's record) — except suspending its own organization. Only an offer: the
 * chaincode counts the approval or refuses it, and the refusal is shown.
 *
 * @example
 * offeredMotions(admin, { mspId: 'Retailer3MSP', status: 'proposed' }, own).map((a) => a.name); // ['admit', 'reject']
 */
export function offeredMotions(
    user: Pick<UserView, 'role' | 'admin' | 'org'> | undefined,
    member: Pick<Member, 'mspId' | 'status'>,
    own: Pick<Member, 'status'> | undefined,
): MotionAction[] {
    if (!isActive(own)) {
        return [];
    }
    return MEMBER_MOTION_ACTIONS.filter(
        (action) => MOTION_APPLIES_TO[action.name] === member.status && userHasRoute(user, action.route) && !(action.name === 'suspend' && member.mspId === user?.org),
    );
}

/**
 * What the UI does to a whole received handling unit in one action: bulk steps over its SSCC, in
 * order, each one transaction (all of the unit or none of it).
 */
export const UNIT_ACTIONS = [
    { name: 'stockAndLabel', steps: ['stock', 'label'] },
    { name: 'stock', steps: ['stock'] },
    { name: 'label', steps: ['label'] },
] as const satisfies readonly { name: string; steps: readonly BulkStep[] }[];
export type UnitAction = (typeof UNIT_ACTIONS)[number];

/**
 * The unit actions a role may take: those whose every bulk step the rules table lets it call.
 *
 * @example
 * offeredUnitActions('retailer').map((a) => a.name); // ['stockAndLabel', 'stock', 'label']
 * offeredUnitActions('carrier'); // []
 */
export function offeredUnitActions(role: UserRole | undefined): UnitAction[] {
    return UNIT_ACTIONS.filter((action) => action.steps.every((step) => roleHasRoute(role, bulkStepRouteName(step))));
}
