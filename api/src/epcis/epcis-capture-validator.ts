import { cbvProblems } from './cbv-rules';
import type { EpcisEvent } from './epcis-event-source';
import type { EpcisValidationIssue } from './epcis-validation-issue';
import type { EpcisSchema } from './epcis-schema';

/** Events of a capture that passed every check, with the CURIE prefixes their document declares. */
export interface ValidCapture {
    events: EpcisEvent[];
    /** The `@context` of the document, kept with each event so it reads the same later. */
    context: unknown;
}

/**
 * Checks what a partner captures before anything is stored: GS1's JSON schema first, then the CBV
 * rules on each event. Every problem is named with its event, JSON pointer and rule.
 *
 * @example
 * const validator = newEpcisCaptureValidator(loadEpcisSchema());
 * const result = validator.document(body);
 * if ('problems' in result) throw …; else store(result.events);
 */
export interface EpcisCaptureValidator {
    /** An EPCISDocument (`POST /epcis/capture`). */
    document(document: unknown): ValidCapture | { problems: EpcisValidationIssue[] };
    /** A single event (`POST /epcis/events`). */
    event(event: unknown): ValidCapture | { problems: EpcisValidationIssue[] };
}

/** The {@link EpcisCaptureValidator} checking against GS1's `schema` and the CBV terms it enumerates. */
export function newEpcisCaptureValidator(schema: EpcisSchema): EpcisCaptureValidator {
    return new SchemaCaptureValidator(schema);
}

class SchemaCaptureValidator implements EpcisCaptureValidator {
    readonly #schema: EpcisSchema;

    constructor(schema: EpcisSchema) {
        this.#schema = schema;
    }

    document(document: unknown): ValidCapture | { problems: EpcisValidationIssue[] } {
        if (!isObject(document) || document.type !== 'EPCISDocument') {
            return {
                problems: [
                    {
                        path: '/type',
                        rule: 'capture:document',
                        message: 'POST /epcis/capture takes an EPCISDocument (type "EPCISDocument"); send a single event to POST /epcis/events',
                    },
                ],
            };
        }
        const body = isObject(document.epcisBody) ? document.epcisBody : {};
        const events = Array.isArray(body.eventList) ? (body.eventList as unknown[]) : [];
        const problems = this.#schema.problems(document).map((problem) => attribute(problem, events));
        events.forEach((event, i) => {
            if (isObject(event)) {
                problems.push(...cbvProblems(event, `/epcisBody/eventList/${i}`, this.#schema.terms).map((problem) => attribute(problem, events)));
            }
        });
        if (problems.length) {
            return { problems };
        }
        if (!events.length) {
            return { problems: [{ path: '/epcisBody/eventList', rule: 'capture:empty', message: 'the document has no events to capture' }] };
        }
        return { events: events as EpcisEvent[], context: document['@context'] };
    }

    event(event: unknown): ValidCapture | { problems: EpcisValidationIssue[] } {
        if (!isObject(event) || event.type === 'EPCISDocument') {
            return { problems: [{ path: '/type', rule: 'capture:event', message: 'POST /epcis/events takes one EPCIS event; send documents to POST /epcis/capture' }] };
        }
        const problems = [...this.#schema.problems(event), ...cbvProblems(event, '', this.#schema.terms)].map((problem) => ({
            ...problem,
            event: 0,
            ...(typeof event.eventID === 'string' && { eventID: event.eventID }),
        }));
        if (problems.length) {
            return { problems };
        }
        const { '@context': context, ...rest } = event;
        return { events: [rest as EpcisEvent], context };
    }
}

/** Names the event a problem's path points into. */
function attribute(problem: EpcisValidationIssue, events: unknown[]): EpcisValidationIssue {
    const index = /^\/epcisBody\/eventList\/(\d+)/.exec(problem.path)?.[1];
    if (index === undefined) {
        return problem;
    }
    const event = events[Number(index)];
    const eventID = isObject(event) && typeof event.eventID === 'string' ? event.eventID : undefined;
    return { ...problem, event: Number(index), ...(eventID && { eventID }) };
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
