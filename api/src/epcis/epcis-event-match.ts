import type { EpcisEvent, EpcisEventFilter } from './epcis-event-source';

/**
 * Whether an event passes a filter, with the query language's semantics: every parameter given must
 * hold; a list parameter holds when any of its values does. EPC parameters compare Digital Links
 * (the filter's values are normalized when parsed, see `parseEventQuery`). Every event source may use
 * it, so ledger-mapped and captured events are selected alike.
 *
 * @example
 * matchesFilter(event, { EQ_bizStep: ['shipping'], MATCH_epc: ['https://id.gs1.org/00/095060001234567891'] });
 */
export function matchesFilter(event: EpcisEvent, filter: EpcisEventFilter): boolean {
    const time = Date.parse(event.eventTime);
    const epcs = strings(event.epcList).concat(strings(event.childEPCs));
    const checks: [unknown, () => boolean][] = [
        [filter.eventID, () => event.eventID === filter.eventID],
        [filter.eventType, () => filter.eventType!.includes(event.type)],
        [filter.GE_eventTime, () => time >= Date.parse(filter.GE_eventTime!)],
        [filter.LT_eventTime, () => time < Date.parse(filter.LT_eventTime!)],
        [filter.EQ_bizStep, () => filter.EQ_bizStep!.includes(cbvTerm(event.bizStep, 'bizstep'))],
        [filter.EQ_disposition, () => filter.EQ_disposition!.includes(cbvTerm(event.disposition, 'disp'))],
        [filter.MATCH_epc, () => epcs.some((epc) => filter.MATCH_epc!.includes(epc))],
        [filter.MATCH_parentID, () => typeof event.parentID === 'string' && filter.MATCH_parentID!.includes(event.parentID)],
        [
            filter.MATCH_anyEPC,
            () =>
                [...epcs, ...strings(event.inputEPCList), ...strings(event.outputEPCList), ...(typeof event.parentID === 'string' ? [event.parentID] : [])].some((epc) =>
                    filter.MATCH_anyEPC!.includes(epc),
                ),
        ],
        [filter.EQ_bizLocation, () => filter.EQ_bizLocation!.includes(String((event.bizLocation as { id?: unknown } | undefined)?.id))],
    ];
    return checks.every(([given, holds]) => given === undefined || holds());
}

/**
 * A CBV term in its bare form: `shipping` whether written bare, as the Web URI
 * (`https://ref.gs1.org/cbv/BizStep-shipping`) or as the URN (`urn:epcglobal:cbv:bizstep:shipping`).
 * Other URIs (coldtrace's `coldtrace:labelling`, a partner's own) stay as they are.
 *
 * @example
 * cbvTerm('https://ref.gs1.org/cbv/Disp-in_transit', 'disp'); // 'in_transit'
 */
export function cbvTerm(value: unknown, kind: 'bizstep' | 'disp'): string {
    const text = typeof value === 'string' ? value : '';
    const web = kind === 'bizstep' ? /^https?:\/\/ref\.gs1\.org\/cbv\/BizStep-/ : /^https?:\/\/ref\.gs1\.org\/cbv\/Disp-/;
    return text.replace(web, '').replace(new RegExp(`^urn:epcglobal:cbv:${kind}:`), '');
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
