import { Info, Returns, Transaction } from 'fabric-contract-api';
import { ConflictError, ForbiddenError, InvalidArgumentError, NotFoundError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { stamp } from '../lifecycle/record-stamp';
import { approveMotion, openMotions } from '../lifecycle/member-motions';
import { BootstrapInput, type Member, MemberInput, type MemberMotionKind } from '../model/member';
import { MspIdSchema } from '../model/common';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * The consortium's members: who they are, which roles they hold, whether they are active. Every
 * right the chaincode grants starts from the caller's member record.
 *
 * Trust assumption of `bootstrap`: the founding members are recorded by whoever runs the first
 * transaction on a fresh channel — the operator who deployed it (coldtrace's server at its first
 * start, the test harnesses, on Fabric the first server or harness that connects). It is accepted only
 * while no member exists and only from an organization it lists, so once anyone ran it, it is closed.
 *
 * Joining a running consortium: an administrator of an active member proposes the organization
 * (`propose`, status `proposed`), and it is admitted once a majority of the active members'
 * administrators approved (`approve`), each approval its own transaction — as Fabric's `MAJORITY
 * Admins` channel policy asks of a configuration update. `reject`, `suspend` and `reinstate` are
 * carried the same way.
 *
 * @example
 * // submit member:bootstrap '[{"mspId":"ManufacturerMSP","roles":["manufacturer"],"displayName":"Acme Pharma"}, ...]'
 * // evaluate member:list → [{"mspId":"ManufacturerMSP","roles":["manufacturer"],"status":"active",...}, ...]
 */
@Info({ title: 'member', description: 'The consortium’s member organizations and their roles' })
export class MemberContract extends ColdtraceContract {
    constructor() {
        super('member');
    }

    @Transaction()
    @Returns('string')
    async bootstrap(ctx: ColdtraceContext, membersJson: string): Promise<string> {
        const founders = parseInput(BootstrapInput, membersJson, 'members');
        if ((await ctx.membership.list()).length > 0) {
            throw new ConflictError('the consortium has members already; bootstrap only records the founding members of a fresh channel');
        }
        if (!founders.some((founder) => founder.mspId === ctx.caller.org)) {
            throw new ForbiddenError(`${ctx.caller.org} is not one of the founding members it records; only a founder may bootstrap the consortium`);
        }
        const members = founders.map((founder): Member => ({ docType: 'member', ...founder, status: 'active', joinedAt: ctx.now, admittedBy: ctx.actor, ...stamp(ctx) }));
        for (const member of members) {
            await ctx.store.put('member', [member.mspId], member);
        }
        ctx.announce({ type: 'MembersBootstrapped', parties: members.map((m) => m.mspId), ids: {}, count: members.length });
        return canonicalJson(members);
    }

    @Transaction()
    @Returns('string')
    async propose(ctx: ColdtraceContext, memberJson: string): Promise<string> {
        const input = parseInput(MemberInput, memberJson, 'member');
        const existing = await ctx.membership.get(input.mspId);
        if (existing) {
            throw new ConflictError(`${input.mspId} is ${existing.status === 'proposed' ? 'proposed already' : `a member already (${existing.status})`}`);
        }
        const member: Member = { docType: 'member', ...input, status: 'proposed', joinedAt: ctx.now, admittedBy: ctx.actor, proposedBy: ctx.actor, ...stamp(ctx) };
        await ctx.store.put('member', [member.mspId], member);
        const parties = (await ctx.membership.list()).map((m) => m.mspId);
        ctx.announce({ type: 'MemberProposed', parties: [...parties, member.mspId], ids: { mspId: member.mspId } });
        return canonicalJson(member);
    }

    @Transaction()
    @Returns('string')
    async approve(ctx: ColdtraceContext, mspId: string): Promise<string> {
        return this.#vote(ctx, mspId, 'admit');
    }

    @Transaction()
    @Returns('string')
    async reject(ctx: ColdtraceContext, mspId: string): Promise<string> {
        return this.#vote(ctx, mspId, 'reject');
    }

    @Transaction()
    @Returns('string')
    async suspend(ctx: ColdtraceContext, mspId: string): Promise<string> {
        return this.#vote(ctx, mspId, 'suspend');
    }

    @Transaction()
    @Returns('string')
    async reinstate(ctx: ColdtraceContext, mspId: string): Promise<string> {
        return this.#vote(ctx, mspId, 'reinstate');
    }

    /** The motions open on a member (admission or rejection of a proposed one, suspension, reinstatement) and their approvals. */
    @Transaction(false)
    @Returns('string')
    async motions(ctx: ColdtraceContext, mspId: string): Promise<string> {
        return canonicalJson(await openMotions(ctx, mspIdArg(mspId)));
    }

    async #vote(ctx: ColdtraceContext, mspId: string, motion: MemberMotionKind): Promise<string> {
        return canonicalJson(await approveMotion(ctx, mspIdArg(mspId), motion));
    }

    /** Every member, in MSP ID order, for every member whatever its status. */
    @Transaction(false)
    @Returns('string')
    async list(ctx: ColdtraceContext): Promise<string> {
        return canonicalJson(await ctx.membership.list());
    }

    @Transaction(false)
    @Returns('string')
    async get(ctx: ColdtraceContext, mspId: string): Promise<string> {
        const member = await ctx.membership.get(mspId);
        if (!member) {
            throw new NotFoundError(`organization ${mspId} is not a member of the consortium`);
        }
        return canonicalJson(member);
    }
}

/** The MSP ID a motion names, refused unless it is one. */
function mspIdArg(mspId: string): string {
    const parsed = MspIdSchema.safeParse(mspId);
    if (!parsed.success) {
        throw new InvalidArgumentError(`mspId ${JSON.stringify(mspId)} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
    }
    return parsed.data;
}
