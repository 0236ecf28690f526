import { sha256Hex } from '@coldtrace/chaincode/sha256';
import type { EpcisEventHash } from '@coldtrace/chaincode/model';
import { canonicalDigitalLink } from './canonical-digital-link';
import type { EpcisEvent } from './epcis-event-source';

/** CURIE prefixes every EPCIS 2.0 document has through GS1's context, beside those it declares. */
const STANDARD_PREFIXES: Readonly<Record<string, string>> = {
    gs1: 'https://gs1.org/voc/',
    cbv: 'https://ref.gs1.org/cbv/',
    epcis: 'https://ref.gs1.org/epcis/',
};

/** Fields whose bare CBV words expand to a Web URI, and that URI's stem. */
const BARE_VOCABULARY: Readonly<Record<string, string>> = {
    bizStep: 'https://ref.gs1.org/cbv/BizStep-',
    disposition: 'https://ref.gs1.org/cbv/Disp-',
    set: 'https://ref.gs1.org/cbv/Disp-',
    unset: 'https://ref.gs1.org/cbv/Disp-',
    bizTransactionType: 'https://ref.gs1.org/cbv/BTT-',
    sourceOrDestinationType: 'https://ref.gs1.org/cbv/SDT-',
    sensorType: 'https://gs1.org/voc/',
    exception: 'https://gs1.org/voc/',
};

/** CBV 1.x URNs and the CBV 2.0 Web URI stems that replace them. */
const CBV_URNS: readonly (readonly [string, string])[] = [
    ['urn:epcglobal:cbv:bizstep:', 'https://ref.gs1.org/cbv/BizStep-'],
    ['urn:epcglobal:cbv:disp:', 'https://ref.gs1.org/cbv/Disp-'],
    ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-'],
    ['urn:epcglobal:cbv:sdt:', 'https://ref.gs1.org/cbv/SDT-'],
    ['urn:epcglobal:cbv:er:', 'https://ref.gs1.org/cbv/ER-'],
];

/** A field as the algorithm sees it: a name, maybe a value, maybe children. */
interface Node {
    name: string;
    value?: string;
    children: Node[];
}

type Order = readonly (readonly [string, Order | undefined])[];
const QUANTITY: Order = [
    [
        'quantityElement',
        [
            ['epcClass', undefined],
            ['quantity', undefined],
            ['uom', undefined],
        ],
    ],
];
const EPCS: Order = [['epc', undefined]];
const ID: Order = [['id', undefined]];
const SENSOR_METADATA = ['time', 'startTime', 'endTime', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules'] as const;
const SENSOR_REPORT = [
    'type',
    'exception',
    'deviceID',
    'deviceMetadata',
    'rawData',
    'dataProcessingMethod',
    'time',
    'microorganism',
    'chemicalSubstance',
    'value',
    'component',
    'stringValue',
    'booleanValue',
    'hexBinaryValue',
    'uriValue',
    'minValue',
    'maxValue',
    'meanValue',
    'sDev',
    'percRank',
    'percValue',
    'uom',
    'coordinateReferenceSystem',
] as const;
const leaves = (names: readonly string[]): Order => names.map((name) => [name, undefined] as const);

/**
 * The canonical property order. Business transactions, sources, destinations, ILMD and user
 * extensions are not in it: they follow it, sorted as whole substrings, as GS1's reference
 * implementation (whose published hashes coldtrace is tested against) does.
 */
const PROPERTY_ORDER: Order = [
    ['eventTime', undefined],
    ['eventTimeZoneOffset', undefined],
    ['certificationInfo', undefined],
    ['parentID', undefined],
    ['epcList', EPCS],
    ['inputEPCList', EPCS],
    ['childEPCs', EPCS],
    ['quantityList', QUANTITY],
    ['childQuantityList', QUANTITY],
    ['inputQuantityList', QUANTITY],
    ['outputEPCList', EPCS],
    ['outputQuantityList', QUANTITY],
    ['action', undefined],
    ['transformationID', undefined],
    ['bizStep', undefined],
    ['disposition', undefined],
    ['persistentDisposition', leaves(['set', 'unset'])],
    ['readPoint', ID],
    ['bizLocation', ID],
    [
        'sensorElementList',
        [
            [
                'sensorElement',
                [
                    ['sensorMetadata', leaves(SENSOR_METADATA)],
                    ['sensorReport', leaves(SENSOR_REPORT)],
                ],
            ],
        ],
    ],
];
/** Not part of an event's identity: assigned by the capturing system, a later declaration, or a remark. */
const IGNORED = new Set(['type', 'eventID', 'recordTime', 'errorDeclaration', '@context', 'rdfs:comment']);

/**
 * GS1's EPCIS event hash (CBV 2.0 §8.9, the "event hash ID"): a pre-hash string of the event's
 * fields in canonical order with canonical values, hashed with SHA-256 and written as an RFC 6920
 * `ni` URI. Syntax-agnostic, so the same event in another key order, time zone, EPC URN or
 * Digital Link spelling hashes the same.
 *
 * `prefixes` are the CURIE prefixes of the event's document (`@context` objects).
 *
 * @example
 * epcisEventHash(event, contextPrefixes(document)); // 'ni:///sha-256;ffa4…?ver=CBV2.0'
 */
export function epcisEventHash(event: EpcisEvent | Record<string, unknown>, prefixes: Readonly<Record<string, string>> = {}): EpcisEventHash {
    return `ni:///sha-256;${sha256Hex(epcisPreHashString(event, prefixes))}?ver=CBV2.0`;
}

/** The pre-hash string the event hash is the SHA-256 of. */
export function epcisPreHashString(event: Record<string, unknown>, prefixes: Readonly<Record<string, string>> = {}): string {
    const names = { ...STANDARD_PREFIXES, ...prefixes };
    const fields = Object.entries(event)
        .filter(([key]) => !IGNORED.has(key))
        .flatMap(([key, value]) => toNodes(key, value, names, key));
    const ordered = renderInOrder(fields, PROPERTY_ORDER);
    return `eventType=${String(event.type)}${ordered.text}${renderSorted(ordered.rest)}`;
}

/** The CURIE prefixes a document's `@context` declares (its objects; URLs declare none here). */
export function contextPrefixes(document: { '@context'?: unknown }): Record<string, string> {
    const contexts = Array.isArray(document['@context']) ? document['@context'] : [document['@context']];
    const prefixes: Record<string, string> = {};
    for (const context of contexts) {
        if (context && typeof context === 'object') {
            for (const [prefix, namespace] of Object.entries(context)) {
                if (typeof namespace === 'string') {
                    prefixes[prefix] = namespace;
                }
            }
        }
    }
    return prefixes;
}

/** The nodes of one JSON field; `role` says which vocabulary a bare word of it belongs to. */
function toNodes(key: string, value: unknown, prefixes: Readonly<Record<string, string>>, role: string): Node[] {
    const name = expandName(key, prefixes);
    if (value === null || value === undefined) {
        return [];
    }
    if (Array.isArray(value)) {
        const item = LIST_ITEMS[key];
        if (item) {
            return [{ name, children: value.flatMap((entry) => toNodes(item, entry, prefixes, item)) }];
        }
        return value.flatMap((entry) => toNodes(key, entry, prefixes, role));
    }
    if (typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>);
        if (key === 'bizTransaction' || key === 'source' || key === 'destination') {
            return [typedEntry(key, value as Record<string, unknown>, prefixes)];
        }
        return [{ name, children: entries.flatMap(([k, v]) => toNodes(k, v, prefixes, key === 'sensorReport' && k === 'type' ? 'sensorType' : k)) }];
    }
    return [{ name, value: canonicalValue(name, scalarText(value), role, prefixes), children: [] }];
}

/** JSON lists whose entries the algorithm names (XML's element names). */
const LIST_ITEMS: Readonly<Record<string, string>> = {
    epcList: 'epc',
    inputEPCList: 'epc',
    outputEPCList: 'epc',
    childEPCs: 'epc',
    quantityList: 'quantityElement',
    childQuantityList: 'quantityElement',
    inputQuantityList: 'quantityElement',
    outputQuantityList: 'quantityElement',
    sensorElementList: 'sensorElement',
    bizTransactionList: 'bizTransaction',
    sourceList: 'source',
    destinationList: 'destination',
};

/** A JSON scalar as the hash's text: a string as it is, a number or boolean as JSON spells it. */
function scalarText(value: unknown): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A business transaction, source or destination: its type first, then its value, as one entry. */
function typedEntry(key: string, entry: Record<string, unknown>, prefixes: Readonly<Record<string, string>>): Node {
    const typeRole = key === 'bizTransaction' ? 'bizTransactionType' : 'sourceOrDestinationType';
    const text =
        (entry.type !== undefined ? `type=${canonicalValue('type', scalarText(entry.type), typeRole, prefixes)}` : '') +
        (entry[key] !== undefined ? `${key}=${canonicalValue(key, scalarText(entry[key]), key, prefixes)}` : '');
    return { name: '', value: undefined, children: [], ...{ text } };
}

function expandName(key: string, prefixes: Readonly<Record<string, string>>): string {
    const colon = key.indexOf(':');
    if (colon > 0 && prefixes[key.slice(0, colon)]) {
        return `{${prefixes[key.slice(0, colon)]}}${key.slice(colon + 1)}`;
    }
    return key;
}

function canonicalValue(name: string, raw: string, role: string, prefixes: Readonly<Record<string, string>>): string {
    const text = raw.trim();
    if (/time/i.test(name) && !/offset/i.test(name)) {
        return canonicalTime(text);
    }
    const stem = BARE_VOCABULARY[role];
    if (stem && /^[A-Za-z0-9_]+$/.test(text) && !/^\d+$/.test(text)) {
        return `${stem}${text}`;
    }
    const urn = CBV_URNS.find(([prefix]) => text.startsWith(prefix));
    if (urn) {
        return `${urn[1]}${text.slice(urn[0].length)}`;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
        return String(Number(text));
    }
    const [, prefix = '', local = ''] = /^([A-Za-z][\w.-]*):(.*)$/.exec(text) ?? [];
    const namespace = prefix ? prefixes[prefix] : undefined;
    const expanded = namespace && !local.startsWith('//') ? `${namespace}${local}` : text;
    return canonicalDigitalLink(expanded) ?? expanded;
}

/** UTC with millisecond precision, the fourth decimal rounding the third. */
function canonicalTime(text: string): string {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
    if (!match) {
        return text;
    }
    const tenthsOfMillis = Number((match[2] ?? '').padEnd(4, '0').slice(0, 4));
    const millis = Date.parse(`${match[1]}${match[3]}`) + Math.round(tenthsOfMillis / 10);
    return new Date(millis).toISOString();
}

/** The fields of `order`, in that order, each name's entries sorted; what is left is returned as `rest`. */
function renderInOrder(nodes: Node[], order: Order): { text: string; rest: Node[] } {
    let text = '';
    const used = new Set<Node>();
    for (const [name, childOrder] of order) {
        const rendered = nodes
            .filter((node) => node.name === name)
            .map((node) => {
                used.add(node);
                return render(node, childOrder);
            })
            .filter(Boolean)
            .sort(byCodeUnit);
        text += rendered.join('');
    }
    return { text, rest: nodes.filter((node) => !used.has(node)) };
}

function render(node: Node, childOrder: Order | undefined): string {
    const own = (node as Node & { text?: string }).text;
    if (own !== undefined) {
        return own;
    }
    const value = node.value ? `=${node.value}` : '';
    if (!childOrder) {
        const children = node.children.length ? renderSorted(node.children) : '';
        return value || children ? `${node.name}${value}${children}` : '';
    }
    const { text, rest } = renderInOrder(node.children, childOrder);
    // Extensions inside a standard field (readPoint, sensorReport…) follow its regular fields.
    const extensions = renderSorted(rest.filter((child) => child.name.startsWith('{')));
    return value || text || extensions ? `${node.name}${value}${text}${extensions}` : '';
}

/** Fields outside the canonical order (and a list's entries): each rendered whole, then sorted. */
function renderSorted(nodes: Node[]): string {
    return nodes
        .map((node) => render(node, undefined))
        .filter(Boolean)
        .sort(byCodeUnit)
        .join('');
}

function byCodeUnit(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
