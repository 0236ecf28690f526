import { isActive, type Member, type MemberRole } from '@coldtrace/chaincode/model';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { describeError, type UserFacingError } from '../lib/problem-message';
import { useSession } from './session';

/**
 * The consortium's member directory, read once per signed-in session (`GET /organizations`) and
 * shared by every view: display names for MSP ids, and the counterparties a form may offer. Another
 * sign-in in the same tab starts from an empty directory.
 *
 * @example
 * const members = useMembers();
 * await members.load();
 * members.nameOf('CarrierMSP'); // 'Polar Express Logistics', or 'CarrierMSP' while unknown
 * members.offering('carrier').map((m) => m.mspId); // active carriers, by display name
 */
export const useMembers = defineStore('members', () => {
    const session = useSession();
    const members = shallowRef<readonly Member[]>([]);
    const error = shallowRef<UserFacingError>();
    const busy = ref(false);
    let loading: Promise<void> | undefined;

    const byMspId = computed(() => new Map(members.value.map((member) => [member.mspId, member])));

    watch(
        () => session.token,
        () => {
            members.value = [];
            error.value = undefined;
            loading = undefined;
        },
    );

    /** Reads the directory unless this session has already read it (or is reading it). */
    function load(): Promise<void> {
        loading ??= fetchDirectory();
        return loading;
    }

    /** Reads the directory again, as after an admission changed it. */
    function reload(): Promise<void> {
        loading = fetchDirectory();
        return loading;
    }

    async function fetchDirectory(): Promise<void> {
        const token = session.token;
        busy.value = true;
        try {
            const answer = await session.client.call('listOrganizations');
            // An answer to a session that has ended since belongs to nobody.
            if (token === session.token) {
                members.value = answer;
                error.value = undefined;
            }
        } catch (failure) {
            if (token === session.token) {
                // A later load() may try again; the error stays for whoever shows the directory.
                error.value = describeError(failure);
                loading = undefined;
            }
        } finally {
            busy.value = false;
        }
    }

    /** The member's record; undefined while the directory does not know it. */
    function memberOf(mspId: string | undefined): Member | undefined {
        return mspId === undefined ? undefined : byMspId.value.get(mspId);
    }

    /** The member's display name; its MSP id while the directory does not know it. */
    function nameOf(mspId: string): string {
        return memberOf(mspId)?.displayName ?? mspId;
    }

    /** The members a form may name in `role`: active ones holding it, by display name. */
    function offering(role: MemberRole): Member[] {
        return members.value.filter((member) => isActive(member) && member.roles.includes(role)).sort((a, b) => a.displayName.localeCompare(b.displayName));
    }

    return { members, error, busy, load, reload, memberOf, nameOf, offering };
});
