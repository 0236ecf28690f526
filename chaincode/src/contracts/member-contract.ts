import { Info, Returns, Transaction } from 'fabric-contract-api';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { stamp } from '../lifecycle/record-stamp';
import { BootstrapInput, type Member } from '../model/member';
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
        const members = founders.map(
            (founder): Member => ({ docType: 'member', ...founder, status: 'active', joinedAt: ctx.now, admittedBy: ctx.actor, ...stamp(ctx) }),
        );
        for (const member of members) {
            await ctx.store.put('member', [member.mspId], member);
        }
        ctx.announce({ type: 'MembersBootstrapped', parties: members.map((m) => m.mspId), ids: {}, count: members.length });
        return canonicalJson(members);
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
