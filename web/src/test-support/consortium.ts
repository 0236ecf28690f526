import { majorityOf, type Member, type MemberMotion, type MemberMotionKind, MOTION_APPLIES_TO } from '@coldtrace/chaincode/model';
import { MEMBER_MOTION_ACTIONS } from '../lib/role-actions';

/** What a motion that carries does to the member, as the chaincode applies it. */
const OUTCOME: Record<MemberMotionKind, Member['status'] | 'dropped'> = { admit: 'active', reject: 'dropped', suspend: 'suspended', reinstate: 'active' };

/**
 * A fake of the API's membership routes for component tests: the directory, the motions open on each
 * member by its status with the approvals given so far (`approvals[mspId][motion]`), a majority of the
 * active members required, and an approval by `caller` that reaches it changing the directory.
 * `refuse` answers every approval with that error instead.
 *
 * @example
 * const consortium = fakeConsortium(DIRECTORY, { caller: 'CarrierMSP', approvals: { RetailerMSP: { suspend: ['ManufacturerMSP'] } } });
 * mountInApp(MembersView, { role: 'carrier', user: { org: 'CarrierMSP', admin: true }, api: consortium.api });
 */
export function fakeConsortium(members: readonly Member[], options: { caller: string; approvals?: Record<string, Partial<Record<MemberMotionKind, string[]>>>; refuse?: Error }) {
    let directory = [...members];
    const approvals = structuredClone(options.approvals ?? {});
    const motion = (member: Member, kind: MemberMotionKind): MemberMotion => ({
        mspId: member.mspId,
        motion: kind,
        approvals: [...(approvals[member.mspId]?.[kind] ?? [])].sort(),
        required: majorityOf(directory.filter((m) => m.status === 'active').length),
        carried: false,
    });
    const find = (input: unknown) => {
        const mspId = (input as { params: { mspId: string } }).params.mspId;
        const member = directory.find((m) => m.mspId === mspId);
        if (!member) {
            throw new Error(`no member ${mspId}`);
        }
        return member;
    };

    async function api(name: string, input: unknown): Promise<unknown> {
        if (name === 'listOrganizations') {
            return directory;
        }
        // An administrator's Members page also shows its organization's notification settings.
        if (name === 'getNotificationSettings') {
            return { mspId: options.caller, emails: [], webhooks: [], mailServer: true };
        }
        if (name === 'listNotificationDeliveries') {
            return [];
        }
        if (name === 'listOrganizationMotions') {
            const member = find(input);
            return (Object.keys(MOTION_APPLIES_TO) as MemberMotionKind[]).filter((kind) => MOTION_APPLIES_TO[kind] === member.status).map((kind) => motion(member, kind));
        }
        const action = MEMBER_MOTION_ACTIONS.find((a) => a.route === name);
        if (!action) {
            throw new Error(`unexpected call ${name}`);
        }
        if (options.refuse) {
            throw options.refuse;
        }
        const member = find(input);
        (approvals[member.mspId] ??= {})[action.name] = [...(approvals[member.mspId]?.[action.name] ?? []), options.caller];
        const answer = motion(member, action.name);
        answer.carried = answer.approvals.length >= answer.required;
        if (answer.carried) {
            const outcome = OUTCOME[action.name];
            directory = outcome === 'dropped' ? directory.filter((m) => m !== member) : directory.map((m) => (m === member ? { ...m, status: outcome } : m));
        }
        return answer;
    }

    return { api, directory: () => directory };
}
