import type { ImpactUnit } from '../contract/impact-payloads';

/** The CSV's columns, in order, each with how a unit fills it. */
const COLUMNS: readonly [string, (unit: ImpactUnit) => string | number | boolean | undefined][] = [
    ['serial', (u) => u.serial],
    ['state', (u) => u.state],
    ['owner', (u) => u.owner],
    ['custodian', (u) => u.custodian],
    ['handling_unit', (u) => u.handlingUnit],
    ['last_shipment', (u) => u.lastShipmentId],
    ['last_lat', (u) => u.lastPosition?.lat],
    ['last_lon', (u) => u.lastPosition?.lon],
    ['last_position_at', (u) => u.lastPosition?.at],
    ['sold', (u) => u.sold],
    ['hold', (u) => u.hold],
    ['excursion', (u) => u.excursion],
    ['updated_at', (u) => u.updatedAt],
];

/** The header line of the impact CSV. */
export const IMPACT_CSV_HEADER = `${COLUMNS.map(([name]) => name).join(',')}\r\n`;

/**
 * One unit as a CSV line (RFC 4180: CRLF, fields with a comma, quote or line break quoted). A field
 * a spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe; only
 * numbers keep a leading minus.
 *
 * @example
 * impactCsvLine(unit); // 'B1.1,stocked,RetailerMSP,RetailerMSP,106141411234567897,S1,52.1,4.3,…\r\n'
 */
export function impactCsvLine(unit: ImpactUnit): string {
    return `${COLUMNS.map(([, value]) => csvField(value(unit))).join(',')}\r\n`;
}

function csvField(value: string | number | boolean | undefined): string {
    if (value === undefined) {
        return '';
    }
    if (typeof value !== 'string') {
        return String(value);
    }
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
