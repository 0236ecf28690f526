import { randomUUID } from 'node:crypto';
import { type EpcisAnchor, type EpcisAnchorResult, type EpcisEventHash, Limits } from '@coldtrace/chaincode/model';
import { HttpError } from '../http/http-error';
import { type JsonLedgerClient, LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import { type CapturedEvent, type CapturedEventStore, type CaptureJob, EventIdConflictError } from './captured-event-store';
import { type EpcisCaptureValidator, newEpcisCaptureValidator, type ValidCapture } from './epcis-capture-validator';
import { contextPrefixes, epcisEventHash } from './epcis-event-hash';
import type { EpcisEvent } from './epcis-event-source';
import { describeEpcisValidationIssue, type EpcisValidationIssue } from './epcis-validation-issue';
import { EpcisSchemaUnavailableError, loadEpcisSchema } from './epcis-schema';

/** Events one document may carry (GS1-EPCIS-Capture-Limit): a larger batch is split by the sender. */
export const CAPTURE_LIMIT = 10_000;

/** What `GET /epcis/events/{eventID}/verify` answers. */
export interface EventVerification {
    eventID: string;
    /** The GS1 event hash recomputed from the stored event now. */
    hash: EpcisEventHash;
    verified: boolean;
    /** The ledger's anchor of that hash, when there is one. */
    anchor?: Pick<EpcisAnchor, 'org' | 'captureId' | 'anchoredAt' | 'txId'>;
    reason: string;
}

export interface EpcisCaptureOptions {
    store: CapturedEventStore;
    ledger: JsonLedgerClient;
    /** GS1's schema file (COLDTRACE_EPCIS_SCHEMA); loaded on first use, so a missing file only disables capture. */
    schemaPath?: string;
    now?: () => Date;
}

/**
 * The capture side of coldtrace's EPCIS interface: validates what a partner sends (GS1's schema and
 * the CBV) before anything is stored, anchors the events' GS1 hashes on the ledger with the
 * partner's own identity, then stores the events off chain, all or nothing per capture.
 *
 * @example
 * const capture = newEpcisCaptureService({ store, ledger, schemaPath: process.env.COLDTRACE_EPCIS_SCHEMA });
 * const { captureID } = capture.captureDocument(caller.identity, body); // 202, then GET /epcis/capture/{captureID}
 */
export interface EpcisCaptureService {
    /** Whether GS1's schema could be loaded; capture answers 503 without it. */
    available(): { ok: true } | { ok: false; reason: string };
    /** Validates a document and starts its capture job; throws HttpError 400 with every problem when invalid. */
    captureDocument(caller: LedgerIdentity, document: unknown): { captureID: string };
    /** Captures one event synchronously: 409 EVENT_EXISTS when its eventID is taken. */
    captureEvent(caller: LedgerIdentity, event: unknown): Promise<{ eventID: string; hash: EpcisEventHash }>;
    /** A capture job as GET /epcis/capture/{captureID} reports it. */
    job(captureID: string): CaptureJob | undefined;
    /** Resolves once a capture job (started on this process) has finished. */
    settled(captureID: string): Promise<void>;
    /** Recomputes a stored event's hash and compares it with the ledger's anchor. */
    verify(caller: LedgerIdentity, captured: CapturedEvent): Promise<EventVerification>;
}

/** The {@link EpcisCaptureService} storing into `options.store`; capture jobs a restart interrupted are failed at once. */
export function newEpcisCaptureService(options: EpcisCaptureOptions): EpcisCaptureService {
    return new AnchoringCaptureService(options);
}

class AnchoringCaptureService implements EpcisCaptureService {
    #validator?: EpcisCaptureValidator;
    readonly #jobs = new Map<string, Promise<void>>();

    readonly #options: EpcisCaptureOptions;

    constructor(options: EpcisCaptureOptions) {
        this.#options = options;
        options.store.failInterruptedJobs();
    }

    available(): { ok: true } | { ok: false; reason: string } {
        try {
            this.#requireValidator();
            return { ok: true };
        } catch (error) {
            return { ok: false, reason: (error as Error).message };
        }
    }

    captureDocument(caller: LedgerIdentity, document: unknown): { captureID: string } {
        const capture = refuseInvalid(this.#requireValidator().document(document));
        if (capture.events.length > CAPTURE_LIMIT) {
            throw new HttpError(
                413,
                'PAYLOAD_TOO_LARGE',
                `the document has ${capture.events.length} events; capture at most ${CAPTURE_LIMIT} per document (GS1-EPCIS-Capture-Limit)`,
            );
        }
        const captureID = randomUUID();
        const events = this.#prepare(caller, captureID, capture);
        this.#options.store.createJob(captureID, caller.mspId, this.#now(), events.length);
        const job = this.#run(caller, captureID, events)
            .then(() => this.#options.store.finishJob(captureID, []))
            .catch((error: unknown) => this.#options.store.finishJob(captureID, [jobProblem(error)]))
            .finally(() => this.#jobs.delete(captureID));
        this.#jobs.set(captureID, job);
        return { captureID };
    }

    async captureEvent(caller: LedgerIdentity, event: unknown): Promise<{ eventID: string; hash: EpcisEventHash }> {
        const capture = refuseInvalid(this.#requireValidator().event(event));
        const [captured] = this.#prepare(caller, randomUUID(), capture);
        if (captured === undefined) {
            throw new Error('preparing one event made no capture');
        }
        if (this.#options.store.hasEventId(captured.event.eventID)) {
            throw new HttpError(409, 'EVENT_EXISTS', `an event with eventID ${captured.event.eventID} was captured already`);
        }
        await this.#run(caller, captured.captureId, [captured]);
        return { eventID: captured.event.eventID, hash: captured.hash };
    }

    job(captureID: string): CaptureJob | undefined {
        return this.#options.store.job(captureID);
    }

    async settled(captureID: string): Promise<void> {
        await this.#jobs.get(captureID);
    }

    async verify(caller: LedgerIdentity, captured: CapturedEvent): Promise<EventVerification> {
        const hash = hashOf(captured.event);
        const base = { eventID: captured.event.eventID, hash };
        let anchor: EpcisAnchor;
        try {
            anchor = await this.#options.ledger.evaluate<EpcisAnchor>(caller, 'epcis:getAnchor', [hash]);
        } catch (error) {
            if (error instanceof LedgerError && error.code === 'NOT_FOUND') {
                const altered = hash !== captured.hash;
                return {
                    ...base,
                    verified: false,
                    reason: altered
                        ? `the stored event no longer hashes to ${captured.hash}, which was anchored: it was altered after capture`
                        : `no anchor of ${hash} on the ledger`,
                };
            }
            throw error;
        }
        const { org, captureId, anchoredAt, txId } = anchor;
        return {
            ...base,
            verified: true,
            anchor: { org, captureId, anchoredAt, txId },
            reason: `the stored event hashes to the value ${org} anchored at ${anchoredAt} (transaction ${txId})`,
        };
    }

    #prepare(caller: LedgerIdentity, captureId: string, capture: ValidCapture): CapturedEvent[] {
        const recordTime = this.#now();
        return capture.events.map((raw) => {
            // The document's context travels with each event: its CURIEs and extensions read the same later.
            const withContext = { ...(capture.context !== undefined && { '@context': capture.context }), ...raw } as EpcisEvent;
            const hash = hashOf(withContext);
            // EPCIS lets an event come without an id; the CBV's event hash is the id GS1 recommends then.
            const event = { ...withContext, eventID: typeof raw.eventID === 'string' ? raw.eventID : hash } as EpcisEvent;
            return { event, hash, org: caller.mspId, captureId, recordTime };
        });
    }

    async #run(caller: LedgerIdentity, captureId: string, events: CapturedEvent[]): Promise<void> {
        // A conflict refuses the capture before the ledger is touched: nothing anchored, nothing stored.
        this.#options.store.insertAll(events, { dryRun: true });
        const hashes = [...new Set(events.map((e) => e.hash))];
        for (let i = 0; i < hashes.length; i += Limits.epcisHashesPerAnchor) {
            await this.#options.ledger.submit<EpcisAnchorResult>(caller, 'epcis:anchor', [{ captureId, hashes: hashes.slice(i, i + Limits.epcisHashesPerAnchor) }]);
        }
        this.#options.store.insertAll(events);
    }

    #requireValidator(): EpcisCaptureValidator {
        if (!this.#validator) {
            try {
                this.#validator = newEpcisCaptureValidator(loadEpcisSchema(this.#options.schemaPath));
            } catch (error) {
                throw error instanceof EpcisSchemaUnavailableError ? new HttpError(503, 'EPCIS_UNAVAILABLE', error.message) : error;
            }
        }
        return this.#validator;
    }

    #now(): string {
        return (this.#options.now?.() ?? new Date()).toISOString();
    }
}

/** The GS1 event hash of a stored event (its own `@context` supplies the prefixes). */
export function hashOf(event: EpcisEvent): EpcisEventHash {
    return epcisEventHash(event, contextPrefixes(event as { '@context'?: unknown }));
}

function refuseInvalid(result: ValidCapture | { problems: EpcisValidationIssue[] }): ValidCapture {
    if ('problems' in result) {
        const lines = result.problems.map(describeEpcisValidationIssue);
        throw new HttpError(
            400,
            'EPCIS_INVALID',
            `nothing was captured: ${lines.length === 1 ? lines[0] : `${lines.length} problems: ${lines.slice(0, 5).join('; ')}${lines.length > 5 ? '; …' : ''}`}`,
            result.problems.map((problem) => ({ location: 'body', path: problem.path, message: describeEpcisValidationIssue(problem) })),
        );
    }
    return result;
}

function jobProblem(error: unknown): EpcisValidationIssue {
    if (error instanceof EventIdConflictError) {
        return { event: error.index, eventID: error.eventID, path: `/epcisBody/eventList/${error.index}/eventID`, rule: 'capture:eventID', message: error.message };
    }
    if (error instanceof LedgerError) {
        return { path: '', rule: `ledger:${error.code}`, message: `the ledger refused the anchor, so nothing was stored: ${error.message}` };
    }
    return { path: '', rule: 'capture:failed', message: `nothing was stored: ${(error as Error).message}` };
}
