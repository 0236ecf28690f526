import { z } from 'zod';
import { hasValidCheckDigit } from '../gs1';
import { type Actor, FreeText, MspIdSchema } from './common';

/** What an organization does in the consortium; one organization may hold several. */
export const MEMBER_ROLES = ['manufacturer', 'carrier', 'retailer', 'auditor'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/**
 * Roles a caller acts in: its organization's member roles, or for a service identity the role its
 * certificate names (`coldtrace.role`), which its organization must back (a detector needs a carrier).
 */
export const CALLER_ROLES = [...MEMBER_ROLES, 'detector'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/**
 * A member in `suspended` reads its history but writes nothing. A `proposed` organization waits for a
 * majority of the active members' administrators to admit it and may do nothing until then; readers
 * must treat an unknown status as not active.
 */
export const MEMBER_STATUSES = ['proposed', 'active', 'suspended'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/**
 * A GS1 Global Location Number: 13 digits whose last is the GS1 check digit.
 *
 * @example
 * Gln.parse('9506000000008'); // ok
 */
export const Gln = z
    .string()
    .regex(/^\d{13}$/, 'must be a GLN: 13 digits')
    .refine(hasValidCheckDigit, 'must be a GLN whose last digit is its GS1 check digit');

/** Where the consortium's notifier reaches a member: an e-mail address, an https webhook, or both. */
export const MemberContact = z
    .strictObject({
        email: z.email().max(254).optional(),
        webhook: z
            .url({ protocol: /^https$/, hostname: z.regexes.domain })
            .max(2048)
            .optional(),
    })
    .refine((contact) => contact.email !== undefined || contact.webhook !== undefined, 'a contact needs an email or a webhook');
export type MemberContact = z.infer<typeof MemberContact>;

/**
 * One organization as the consortium records it when it is admitted.
 *
 * @example
 * MemberInput.parse({ mspId: 'Retailer2MSP', roles: ['retailer'], displayName: 'Corner Pharmacy', gln: '9506000000008' });
 */
export const MemberInput = z.strictObject({
    mspId: MspIdSchema,
    roles: z
        .array(z.enum(MEMBER_ROLES))
        .min(1)
        .max(MEMBER_ROLES.length)
        .refine((roles) => new Set(roles).size === roles.length, 'a role is listed twice'),
    displayName: FreeText(120),
    gln: Gln.optional(),
    contact: MemberContact.optional(),
});
export type MemberInput = z.infer<typeof MemberInput>;

/** The founding members, recorded together by `member:bootstrap`. */
export const BootstrapInput = z
    .array(MemberInput)
    .min(1)
    .max(100)
    .refine((members) => new Set(members.map((m) => m.mspId)).size === members.length, 'an organization is listed twice');
export type BootstrapInput = z.infer<typeof BootstrapInput>;

/** A member record on the ledger, keyed by MSP ID. */
export interface Member extends MemberInput {
    docType: 'member';
    status: MemberStatus;
    /** The transaction time of the member's admission (while `proposed`: of the proposal). */
    joinedAt: string;
    /** Who recorded the admission (while `proposed`: who proposed it). */
    admittedBy: Actor;
    /** Who proposed the organization, when it joined a running consortium rather than founded it. */
    proposedBy?: Actor;
    updatedBy: Actor;
    updatedAt: string;
    txId: string;
}

/** Whether a member may act: only `active` members write. */
export function isActive(member: Pick<Member, 'status'> | undefined): boolean {
    return member?.status === 'active';
}

/**
 * A change to a member that a majority of the active members' administrators must approve, as
 * Fabric's `MAJORITY Admins` policy asks of a channel configuration update: admitting a proposed
 * organization, rejecting (dropping) a proposal, suspending an active member, reinstating a suspended one.
 */
export const MEMBER_MOTIONS = ['admit', 'reject', 'suspend', 'reinstate'] as const;
export type MemberMotionKind = (typeof MEMBER_MOTIONS)[number];

/** The status a member must have for each motion to be open on it. */
export const MOTION_APPLIES_TO: Readonly<Record<MemberMotionKind, MemberStatus>> = { admit: 'proposed', reject: 'proposed', suspend: 'active', reinstate: 'suspended' };

/**
 * A motion on a member as it stands: which organizations' administrators approved it, how many
 * approvals carry it, and whether it was carried (then the member record shows the outcome).
 *
 * @example
 * // { mspId: 'Retailer3MSP', motion: 'admit', approvals: ['ManufacturerMSP'], required: 3, carried: false }
 */
export interface MemberMotion {
    mspId: string;
    motion: MemberMotionKind;
    /** The approving organizations, in MSP ID order. */
    approvals: string[];
    /** A majority of the active members: more than half of them. */
    required: number;
    carried: boolean;
}

/** More than half of `activeMembers`, as Fabric's MAJORITY policy counts. */
export function majorityOf(activeMembers: number): number {
    return Math.floor(activeMembers / 2) + 1;
}
