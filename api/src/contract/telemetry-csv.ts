/** The columns a logger read-out may have, as the reading's fields are named; the first six are required. */
export const TELEMETRY_CSV_COLUMNS = ['sensorId', 'seq', 'ts', 'tempC', 'lat', 'lon', 'humidity', 'battery'] as const;
const REQUIRED = TELEMETRY_CSV_COLUMNS.slice(0, 6);
const TEXT_COLUMNS = new Set(['sensorId', 'ts']);

/**
 * Turns a data logger's CSV read-out into the body `POST /telemetry` validates: a header row naming
 * the columns (any order), then one reading per line; numbers become numbers and empty optional
 * cells are left out, so the schema judges every value as it judges JSON. Throws an Error naming
 * the line when the text is not such a table (no header, unknown or missing columns, a line with
 * more or fewer cells, quotes).
 *
 * @example
 * parseTelemetryCsv('sensorId,seq,ts,tempC,lat,lon\nL-1,0,2026-11-20T10:00:00Z,4.5,52.1,4.3\n');
 * // → { readings: [{ sensorId: 'L-1', seq: 0, ts: '2026-11-20T10:00:00Z', tempC: 4.5, lat: 52.1, lon: 4.3 }] }
 */
export function parseTelemetryCsv(text: string): { readings: Record<string, string | number>[] } {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = splitLine(lines[0] ?? '', 1);
    if (header.length === 1 && header[0] === '') {
        throw new Error('the CSV is empty; its first line must name the columns: ' + REQUIRED.join(','));
    }
    const unknown = header.filter((name) => !(TELEMETRY_CSV_COLUMNS as readonly string[]).includes(name));
    if (unknown.length) {
        throw new Error(`line 1: unknown column ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the columns are ${TELEMETRY_CSV_COLUMNS.join(', ')}`);
    }
    const missing = REQUIRED.filter((name) => !header.includes(name));
    if (missing.length) {
        throw new Error(`line 1: missing column ${missing.join(', ')} (the device id, its sequence number, time, temperature and position)`);
    }
    if (new Set(header).size !== header.length) {
        throw new Error('line 1: a column is named twice');
    }
    const readings: Record<string, string | number>[] = [];
    lines.slice(1).forEach((line, i) => {
        if (line.trim() === '') {
            return;
        }
        const cells = splitLine(line, i + 2);
        if (cells.length !== header.length) {
            throw new Error(`line ${i + 2}: ${cells.length} values, but the header names ${header.length} columns`);
        }
        const reading: Record<string, string | number> = {};
        header.forEach((name, column) => {
            // cells.length equals header.length (checked above).
            const cell = cells[column] ?? '';
            if (cell === '' && !REQUIRED.includes(name as (typeof REQUIRED)[number])) {
                return;
            }
            // A cell that is not a number stays text, for the schema to name it as the wrong type.
            reading[name] = TEXT_COLUMNS.has(name) || cell === '' || Number.isNaN(Number(cell)) ? cell : Number(cell);
        });
        readings.push(reading);
    });
    return { readings };
}

function splitLine(line: string, lineNumber: number): string[] {
    if (line.includes('"')) {
        throw new Error(`line ${lineNumber}: quoted cells are not accepted (no reading field holds a comma)`);
    }
    return line.split(',').map((cell) => cell.trim());
}
