import { ConflictError, ForbiddenError, NotFoundError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Actor } from '../model/common';
import { isActive, majorityOf, type Member, MEMBER_MOTIONS, type MemberMotion, type MemberMotionKind, MOTION_APPLIES_TO } from '../model/member';
import { stamp } from './record-stamp';

/** One organization's approval of a motion, on its own key. */
interface MemberApproval {
    docType: 'memberApproval';
    approver: Actor;
    at: string;
    txId: string;
}

/**
 * Motions on a member — admit, reject, suspend, reinstate — carried by a majority of the active
 * members' administrators. Each approval is its own key (`memberApproval` + MSP ID + the member
 * record's txId + motion + approving organization), so approvals never rewrite a shared counter, and
 * approvals of a record's earlier version (before it was admitted, suspended, reinstated) no longer
 * count once the record changed. The approval that reaches the majority applies the outcome.
 *
 * @example
 * const motion = await approveMotion(ctx, 'Retailer3MSP', 'admit'); // { approvals: [...], required: 4, carried: false }
 */
export async function approveMotion(ctx: ColdtraceContext, mspId: string, motion: MemberMotionKind): Promise<MemberMotion> {
    const member = await requireMember(ctx, mspId);
    const needed = MOTION_APPLIES_TO[motion];
    if (member.status !== needed) {
        throw new ConflictError(`${mspId} is ${member.status}; only ${needed === 'active' ? 'an' : 'a'} ${needed} organization can be ${PAST[motion]}`);
    }
    if (motion === 'suspend' && mspId === ctx.caller.org) {
        // Suspension is the other members' judgement of this one: its own vote would count towards it.
        throw new ForbiddenError(`${mspId} cannot approve its own suspension; the other members decide it`);
    }
    const open = await motionOn(ctx, member, motion);
    if (open.approvals.includes(ctx.caller.org)) {
        throw new ConflictError(`${ctx.caller.org} approved to ${motion} ${mspId} already; each organization approves once`);
    }
    await ctx.store.put('memberApproval', [mspId, member.txId, motion, ctx.caller.org], {
        docType: 'memberApproval',
        approver: ctx.actor,
        at: ctx.now,
        txId: ctx.txId,
    } satisfies MemberApproval);
    const approvals = [...open.approvals, ctx.caller.org].sort();
    const carried = approvals.length >= open.required;
    if (carried) {
        await carry(ctx, member, motion);
    }
    const parties = (await ctx.membership.list()).map((m) => m.mspId);
    ctx.announce({
        type: carried ? MOTION_EVENTS[motion] : 'MemberMotionApproved',
        parties: [...new Set([...parties, mspId])],
        ids: { mspId },
        motion,
        approvals,
        required: open.required,
    });
    return { ...open, approvals, carried };
}

/** The motions open on a member as its status allows, with their approvals so far. */
export async function openMotions(ctx: ColdtraceContext, mspId: string): Promise<MemberMotion[]> {
    const member = await requireMember(ctx, mspId);
    const kinds = MEMBER_MOTIONS.filter((kind) => MOTION_APPLIES_TO[kind] === member.status);
    return Promise.all(kinds.map((kind) => motionOn(ctx, member, kind)));
}

async function motionOn(ctx: ColdtraceContext, member: Member, motion: MemberMotionKind): Promise<MemberMotion> {
    const approvals = await ctx.store.listByPrefix<MemberApproval>('memberApproval', [member.mspId, member.txId, motion]);
    const active = (await ctx.membership.list()).filter(isActive).length;
    return { mspId: member.mspId, motion, approvals: approvals.map((a) => a.approver.org).sort(), required: majorityOf(active), carried: false };
}

async function carry(ctx: ColdtraceContext, member: Member, motion: MemberMotionKind): Promise<void> {
    switch (motion) {
        case 'admit':
            await ctx.store.put('member', [member.mspId], { ...member, status: 'active', joinedAt: ctx.now, admittedBy: ctx.actor, ...stamp(ctx) } satisfies Member);
            return;
        case 'reject':
            // Dropped: the organization may be proposed again, and its old approvals no longer count.
            await ctx.store.delete('member', [member.mspId]);
            return;
        case 'suspend':
            await ctx.store.put('member', [member.mspId], { ...member, status: 'suspended', ...stamp(ctx) } satisfies Member);
            return;
        case 'reinstate':
            await ctx.store.put('member', [member.mspId], { ...member, status: 'active', ...stamp(ctx) } satisfies Member);
            return;
    }
}

async function requireMember(ctx: ColdtraceContext, mspId: string): Promise<Member> {
    const member = await ctx.membership.get(mspId);
    if (!member) {
        throw new NotFoundError(`organization ${mspId} is neither a member nor proposed`);
    }
    return member;
}

const PAST: Record<MemberMotionKind, string> = { admit: 'admitted', reject: 'rejected', suspend: 'suspended', reinstate: 'reinstated' };
const MOTION_EVENTS: Record<MemberMotionKind, string> = { admit: 'MemberAdmitted', reject: 'MemberRejected', suspend: 'MemberSuspended', reinstate: 'MemberReinstated' };
