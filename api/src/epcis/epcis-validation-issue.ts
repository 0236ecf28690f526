/**
 * One reason a captured EPCIS document or event is refused: which event (its position in the
 * document's eventList and its eventID when it has one), where in it (a JSON pointer from the
 * document's root), and which rule it breaks (`schema:<keyword>` for GS1's JSON schema,
 * `cbv:<rule>` for the Core Business Vocabulary checks).
 *
 * @example
 * { event: 1, eventID: 'urn:uuid:…', path: '/epcisBody/eventList/1/bizStep', rule: 'cbv:bizStep', message: '…' }
 */
export interface EpcisValidationIssue {
    event?: number;
    eventID?: string;
    path: string;
    rule: string;
    message: string;
}

/** The line an API problem document lists for one EPCIS problem. */
export function describeEpcisValidationIssue(problem: EpcisValidationIssue): string {
    const where = problem.event === undefined ? 'document' : `event ${problem.event}${problem.eventID ? ` (${problem.eventID})` : ''}`;
    return `${where} at ${problem.path || '/'}: ${problem.message} [${problem.rule}]`;
}
