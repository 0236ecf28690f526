import { InvalidArgumentError } from '../errors/chaincode-error';
import type { EntityStore } from '../ledger/entity-store';
import { type CallerRole, isActive, type Member, type MemberRole } from '../model/member';

/**
 * The consortium's member records, one key per organization (`member` + MSP ID), so admitting or
 * suspending one member never rewrites a key another member's transactions read. Lookups are kept
 * for the transaction: a shipment names its carrier once however often it is checked.
 *
 * @example
 * await membership.requireActiveWithRole('CarrierMSP', 'carrier', 'carrier'); // throws unless an active carrier
 */
export class Membership {
    readonly #members = new Map<string, Promise<Member | undefined>>();

    readonly #store: EntityStore;

    constructor(store: EntityStore) {
        this.#store = store;
    }

    get(mspId: string): Promise<Member | undefined> {
        let member = this.#members.get(mspId);
        if (!member) {
            member = this.#store.get<Member>('member', [mspId]);
            this.#members.set(mspId, member);
        }
        return member;
    }

    /** Every member, in MSP ID order. */
    list(): Promise<Member[]> {
        return this.#store.listByPrefix<Member>('member', []);
    }

    /**
     * Refuses naming an organization in a role (the manufacturer of an order, the carrier of a
     * shipment) unless it is an active member holding that role.
     */
    async requireActiveWithRole(mspId: string, role: MemberRole, label: string): Promise<Member> {
        const member = await this.get(mspId);
        if (!member || !isActive(member) || !member.roles.includes(role)) {
            const why = !member ? 'is not a member of the consortium' : !isActive(member) ? `is ${member.status}` : `does not hold the ${role} role`;
            throw new InvalidArgumentError(`${label} ${mspId} ${why}; it must be an active member with the ${role} role`);
        }
        return member;
    }
}

/**
 * The roles a caller acts in: its organization's member roles, or for a service certificate
 * (`coldtrace.role=detector`) that service role alone, when its organization backs it (a detector
 * belongs to a carrier). A detector therefore never acts as a person of its organization would.
 *
 * @example
 * callerRoles({ roles: ['carrier'] }, true); // ['detector']
 */
export function callerRoles(member: Pick<Member, 'roles'> | undefined, isDetector: boolean): CallerRole[] {
    if (!member) {
        return [];
    }
    if (isDetector) {
        return member.roles.includes('carrier') ? ['detector'] : [];
    }
    return [...member.roles];
}
