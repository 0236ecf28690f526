import type { EpcisValidationIssue } from './epcis-validation-issue';

/** The CBV terms GS1's schema enumerates for a vocabulary field, read from the schema itself. */
export interface CbvTerms {
    bizStep: ReadonlySet<string>;
    disposition: ReadonlySet<string>;
}

/** Units a sensor report of a measurement type may use (UN/ECE Rec. 20), for the types cold chains send. */
const UNITS_OF: Readonly<Record<string, readonly string[]>> = {
    Temperature: ['CEL', 'FAH', 'KEL'],
    RelativeHumidity: ['P1'],
    AbsoluteHumidity: ['A93', 'GQ'],
    Pressure: ['PAL', 'KPA', 'BAR', 'MBR', 'HBA', 'ATM'],
};

const CBV_URI = {
    bizStep: /^(?:https:\/\/ref\.gs1\.org\/cbv\/BizStep-|urn:epcglobal:cbv:bizstep:)(.*)$/,
    disposition: /^(?:https:\/\/ref\.gs1\.org\/cbv\/Disp-|urn:epcglobal:cbv:disp:)(.*)$/,
};

/**
 * Core Business Vocabulary checks GS1's JSON schema cannot make: a business step or disposition
 * spelt as a CBV URI must name a CBV term (the schema accepts any URI there), and a sensor report's
 * unit must measure its type (a Temperature in kilograms is refused). Values themselves are the
 * sensor's: GS1's conformance set has reports whose mean lies outside their min and max, and they are valid.
 *
 * @example
 * cbvProblems(event, '/epcisBody/eventList/0', terms); // [] or [{ rule: 'cbv:uom', … }]
 */
export function cbvProblems(event: Record<string, unknown>, at: string, terms: CbvTerms): EpcisValidationIssue[] {
    const problems: EpcisValidationIssue[] = [];
    for (const field of ['bizStep', 'disposition'] as const) {
        const value = event[field];
        if (typeof value !== 'string') {
            continue;
        }
        const term = CBV_URI[field].exec(value)?.[1];
        if (term !== undefined && !terms[field].has(term)) {
            problems.push({
                path: `${at}/${field}`,
                rule: `cbv:${field}`,
                message: `${value} is not a CBV 2.0 ${field} (the CBV's terms are ${[...terms[field]].slice(0, 5).join(', ')}, …)`,
            });
        }
    }
    const elements = Array.isArray(event.sensorElementList) ? event.sensorElementList : [];
    elements.forEach((element: { sensorReport?: unknown }, e) => {
        const reports = Array.isArray(element?.sensorReport) ? element.sensorReport : [];
        reports.forEach((report: Record<string, unknown>, r) => {
            problems.push(...sensorReportProblems(report, `${at}/sensorElementList/${e}/sensorReport/${r}`));
        });
    });
    return problems;
}

function sensorReportProblems(report: Record<string, unknown>, at: string): EpcisValidationIssue[] {
    const problems: EpcisValidationIssue[] = [];
    const type = typeof report.type === 'string' ? report.type.replace(/^(?:gs1:|https:\/\/gs1\.org\/voc\/)/, '') : undefined;
    const units = type ? UNITS_OF[type] : undefined;
    if (units && typeof report.uom === 'string' && !units.includes(report.uom)) {
        problems.push({ path: `${at}/uom`, rule: 'cbv:uom', message: `${report.uom} is not a unit of ${type} (use ${units.join(', ')})` });
    }
    return problems;
}
