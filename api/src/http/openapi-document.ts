import { RELATIONSHIPS, ruleOf } from '@coldtrace/chaincode/model';
import { z } from 'zod';
import { Problem, type RouteSpec, routes } from '../contract';
import { API_BASE } from '../contract/coldtrace-client';

type JsonSchema = Record<string, unknown>;

/** JSON Schema of what a client sends; GS1 fields, checked by code, appear as strings. */
function inputSchema(schema: z.ZodType): JsonSchema {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
}

function parameters(spec: RouteSpec): JsonSchema[] {
    const out: JsonSchema[] = [];
    for (const [location, schema] of [
        ['path', spec.params],
        ['query', spec.query],
    ] as const) {
        if (!schema) {
            continue;
        }
        const json = inputSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
        for (const [name, property] of Object.entries(json.properties ?? {})) {
            out.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: property });
        }
    }
    return out;
}

/**
 * The OpenAPI 3.1 document of the API, generated from the route table and its zod schemas, so
 * the document says exactly what the server validates.
 *
 * @example
 * app.get('/api/openapi.json', (_req, res) => res.json(openApiDocument(version)));
 */
export function openApiDocument(version: string): JsonSchema {
    const paths: Record<string, Record<string, JsonSchema>> = {};
    const problemRef = { $ref: '#/components/schemas/Problem' };
    const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });
    for (const [name, spec] of Object.entries(routes) as [string, RouteSpec][]) {
        const operation: JsonSchema = {
            operationId: name,
            summary: spec.summary,
            tags: [spec.tag],
            ...(spec.roles ? { description: accessDescription(spec) } : {}),
            parameters: parameters(spec),
            ...(spec.body
                ? {
                      requestBody: {
                          required: true,
                          content: { 'application/json': { schema: inputSchema(spec.body) }, ...(spec.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}) },
                      },
                  }
                : {}),
            ...(spec.access === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
            responses: {
                [spec.status]:
                    spec.status === 204
                        ? { description: 'Done' }
                        : {
                              description: 'OK',
                              content: { 'application/json': { schema: { type: spec.path.startsWith('/history') || /excursions|digests/.test(spec.path) ? 'array' : 'object' } } },
                          },
                400: problem('Invalid input: bad JSON, unknown fields, wrong types, malformed GS1 identifiers, malformed percent-encoding in the path'),
                ...(spec.access !== 'public' ? { 401: problem('No token, or an expired or tampered one'), 403: problem('The chaincode refused this caller') } : {}),
                ...(spec.params ? { 404: problem('Unknown id') } : {}),
                ...(spec.method !== 'GET' ? { 409: problem('Not allowed in the record’s current state'), 413: problem('Body too large') } : {}),
                ...(name === 'login'
                    ? {
                          429: {
                              ...problem('Too many failed sign-ins for this account or from this address'),
                              headers: { 'Retry-After': { description: 'Seconds until a sign-in is accepted again', schema: { type: 'integer' } } },
                          },
                      }
                    : {}),
                503: problem('The ledger cannot be reached'),
            },
        };
        (paths[`${API_BASE}${spec.path}`] ??= {})[spec.method.toLowerCase()] = operation;
    }
    paths[`${API_BASE}/events`] = {
        get: {
            operationId: 'events',
            summary: 'Server-Sent Events of committed chaincode events the caller may see (token in Authorization or ?access_token=)',
            tags: ['events'],
            security: [{ bearer: [] }],
            parameters: [{ name: 'access_token', in: 'query', required: false, schema: { type: 'string' } }],
            responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 401: problem('Not signed in') },
        },
    };
    return {
        openapi: '3.1.0',
        info: {
            title: 'coldtrace API',
            version,
            description:
                'Cold-chain traceability on Hyperledger Fabric. Every request acts on the ledger with the caller’s own X.509 identity; the chaincode decides what is allowed.',
            license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        },
        servers: [{ url: '/' }],
        components: {
            securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
            schemas: { Problem: z.toJSONSchema(Problem, { target: 'draft-2020-12' }) },
        },
        paths,
    };
}

/** Who may call a route, in the rules table's words when a chaincode transaction decides it. */
function accessDescription(spec: RouteSpec): string {
    const relationship = spec.transaction ? ruleOf(spec.transaction).relationship : 'none';
    const related = relationship === 'none' ? '' : `, as ${RELATIONSHIPS[relationship]}`;
    const decider = spec.transaction ? `the chaincode (${spec.transaction})` : 'the API';
    return `Allowed by ${decider} for: ${spec.roles!.join(', ')}${related}. Others get 403 with the reason.`;
}
