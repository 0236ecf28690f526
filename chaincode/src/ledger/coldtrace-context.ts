import { Context } from 'fabric-contract-api';
import { callerRoles, Membership } from '../access/membership';
import { ADMIN_ATTRIBUTE, DETECTOR_ROLE, ROLE_ATTRIBUTE } from '../access/service-role';
import type { Actor, Decision, TimelineEntry } from '../model/common';
import type { CallerRole, Member } from '../model/member';
import { canonicalJson } from './canonical-json';
import { EntityStore } from './entity-store';
import { MemberIndex } from './member-index';
import { PartyIndex } from './party-index';

/** The transaction's creator as the chaincode sees it: from the certificate, never from arguments. */
export interface Caller extends Actor {
    /** True when the certificate carries coldtrace.role=detector (Fabric CA attribute). */
    isDetector: boolean;
    /** True when the certificate carries coldtrace.admin=true: an administrator of its organization. */
    isAdmin: boolean;
}

/** What a committed transaction announces to listeners; `parties` decides who may receive it. */
export interface LedgerEvent {
    type: string;
    parties: string[];
    ids: Record<string, string>;
    [detail: string]: unknown;
}

/**
 * Per-transaction context: who calls, when (the transaction timestamp, the only clock chaincode may
 * use), typed record access, and the transaction's single event.
 */
export class ColdtraceContext extends Context {
    #cachedStore?: EntityStore;
    #cachedIndex?: PartyIndex;
    #cachedMembers?: MemberIndex;
    #cachedCaller?: Caller;
    #cachedMembership?: Membership;
    #roles?: readonly CallerRole[];
    #now?: string;
    #event?: LedgerEvent;

    get store(): EntityStore {
        this.#cachedStore ??= new EntityStore(this.stub);
        return this.#cachedStore;
    }

    get index(): PartyIndex {
        this.#cachedIndex ??= new PartyIndex(this.stub);
        return this.#cachedIndex;
    }

    get members(): MemberIndex {
        this.#cachedMembers ??= new MemberIndex(this.stub);
        return this.#cachedMembers;
    }

    get membership(): Membership {
        this.#cachedMembership ??= new Membership(this.store);
        return this.#cachedMembership;
    }

    /** Settles the caller's roles from its member record; `authorize` does it before every transaction. */
    resolveRoles(member: Pick<Member, 'roles'> | undefined): readonly CallerRole[] {
        this.#roles = callerRoles(member, this.caller.isDetector);
        return this.#roles;
    }

    /** The roles the caller acts in (none for an organization that is not a member). */
    get roles(): readonly CallerRole[] {
        if (!this.#roles) {
            throw new Error("the caller's roles are read before authorize settled them");
        }
        return this.#roles;
    }

    hasRole(role: CallerRole): boolean {
        return this.roles.includes(role);
    }

    get caller(): Caller {
        if (!this.#cachedCaller) {
            const id = this.clientIdentity.getID();
            const subject = id.split('::')[1] ?? id;
            const commonName = /\/CN=((?:\\\/|[^/])+)/.exec(subject)?.[1]?.replace(/\\\//g, '/') ?? subject;
            this.#cachedCaller = {
                org: this.clientIdentity.getMSPID(),
                user: commonName,
                isDetector: this.clientIdentity.getAttributeValue(ROLE_ATTRIBUTE) === DETECTOR_ROLE,
                isAdmin: this.clientIdentity.getAttributeValue(ADMIN_ATTRIBUTE) === 'true',
            };
        }
        return this.#cachedCaller;
    }

    get txId(): string {
        return this.stub.getTxID();
    }

    /** The transaction timestamp as ISO-8601; the same on every endorser. */
    get now(): string {
        // Read once: a bulk step stamps thousands of records with it.
        if (this.#now === undefined) {
            const { seconds, nanos } = this.stub.getTxTimestamp();
            this.#now = new Date(Number(seconds.toString()) * 1000 + Math.floor(nanos / 1e6)).toISOString();
        }
        return this.#now;
    }

    get actor(): Actor {
        return { org: this.caller.org, user: this.caller.user };
    }

    /** A timeline entry for a step taken by this transaction. */
    step(state: string): TimelineEntry {
        // Keys in code-unit order, as canonical JSON writes them: a record whose keys are all in
        // order is serialized without re-ordering (a bulk step writes thousands).
        const { at, org, txId, user } = this.decision();
        return { at, org, state, txId, user };
    }

    /** Who takes a decision in this transaction (a clearance, a recall, a release), and when. */
    decision(): Decision {
        return { at: this.now, org: this.caller.org, txId: this.txId, user: this.caller.user };
    }

    /** Sets the transaction's event. Fabric keeps one event per transaction, so a second call is a bug. */
    announce(event: LedgerEvent): void {
        if (this.#event) {
            throw new Error(`transaction already announced ${this.#event.type}`);
        }
        this.#event = event;
    }

    /** Hands the announced event to the stub; called once the transaction function has returned. */
    publishEvent(): void {
        if (this.#event) {
            const payload = { ...this.#event, at: this.now, txId: this.txId, actor: this.actor };
            this.stub.setEvent(this.#event.type, Buffer.from(canonicalJson(payload)));
        }
    }
}
