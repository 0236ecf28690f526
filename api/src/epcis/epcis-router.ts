import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Authenticator } from '../http/authenticator';
import type { Caller } from '../http/caller';
import { InvalidWebhookUrlError } from '../notify/invalid-webhook-url-error';
import { parseWebhookUrl } from '../notify/webhook-url';
import { EPC_FORMATS, type EpcFormat, formatEvent } from './epc-format';
import { EpcisNoSuchNameError, EpcisProblemError, type EpcisException, epcisProblemMiddleware } from './epcis-problem';
import { epcisQueryDocument } from './epcis-query-document';
import type { EpcisQueryEngine } from './epcis-query-engine';
import { EpcisEventsRequest, EpcisQuery, filterOf } from './epcis-query-parameters';
import { NamedQueryBody, type NamedQueryStore, QueryName, type StoredQuery, SubscriptionBody } from './named-query-store';

/** What `/epcis` needs from the node: the query engine over every event source, and the named queries. */
export interface EpcisAccess {
    engine: EpcisQueryEngine;
    store: NamedQueryStore;
    /** Development only: subscriptions may post to plain http on this machine. */
    allowLoopbackHttp: boolean;
}

/** The binding's headers every answer carries: what this interface speaks. */
const VERSION_HEADERS = {
    'GS1-EPCIS-Version': '2.0.0',
    'GS1-EPCIS-Min': '2.0.0',
    'GS1-EPCIS-Max': '2.0.0',
    'GS1-CBV-Version': '2.0.0',
    'GS1-CBV-Min': '2.0.0',
    'GS1-CBV-Max': '2.0.0',
    'GS1-EPC-Format': 'Always_GS1_Digital_Link, Always_EPC_URN',
    'GS1-Extensions': 'coldtrace=https://ns.coldtrace.dev/epcis/',
};

/** The ad-hoc query's name in a query document, as the binding's examples name it. */
const AD_HOC_QUERY = 'SimpleEventQuery';

/**
 * The EPCIS 2.0 query interface under `/epcis` (GS1's REST binding): discovery, `GET /events` with
 * the query language's parameters, `GET /events/{eventID}`, named queries and webhook subscriptions.
 * It takes the REST API's bearer tokens and reads every event source as the caller, so it shows what
 * the REST API shows that caller and nothing more. Failures are the binding's problem documents.
 *
 * @example
 * app.use('/epcis', epcisRouter(access, authenticator, (error) => log.error(error)));
 */
export function epcisRouter(access: EpcisAccess, authenticator: Authenticator, onUnexpected: (error: unknown, req: Request) => void): Router {
    const router = express.Router();
    router.use(express.json({ limit: '256kb', strict: true }));
    router.use((_req, res, next) => {
        res.set(VERSION_HEADERS);
        next();
    });
    const { engine, store } = access;

    const discovery: RequestHandler = (req, res) => {
        if (req.method === 'OPTIONS') {
            res.set('allow', 'OPTIONS, GET').status(204).end();
            return;
        }
        res.json({ '@context': 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', type: 'Collection', member: ['events', 'queries'] });
    };
    router.options('/', discovery);
    router.get('/', discovery);

    router.get(
        '/events',
        signedIn(authenticator, async (caller, req, res) => {
            await answerQuery(engine, caller, req, res, AD_HOC_QUERY, parse(EpcisEventsRequest, req.query, 'QueryParameterException'));
        }),
    );

    router.get(
        '/events/:eventID',
        signedIn(authenticator, async (caller, req, res) => {
            const eventID = String(req.params.eventID);
            const event = await engine.find(caller.identity, eventID);
            if (!event) {
                throw new EpcisNoSuchNameError(`no event ${eventID} that you may see`);
            }
            res.json(formatEvent(event, epcFormatOf(req)));
        }),
    );

    router.post(
        '/queries',
        signedIn(authenticator, async (caller, req, res) => {
            const body = parse(NamedQueryBody, bodyOf(req), 'QueryParameterException');
            const stored = store.create(body, owner(caller), new Date().toISOString());
            res.status(201)
                .location(`/epcis/queries/${encodeURIComponent(stored.name)}`)
                .json(view(stored));
        }),
    );

    router.get(
        '/queries',
        signedIn(authenticator, async (caller, _req, res) => {
            res.json(store.list(caller.user.org).map(view));
        }),
    );

    router.get(
        '/queries/:name',
        signedIn(authenticator, async (caller, req, res) => {
            res.json(view(store.get(queryName(req), caller.user.org)));
        }),
    );

    router.delete(
        '/queries/:name',
        signedIn(authenticator, async (caller, req, res) => {
            store.delete(queryName(req), caller.user.org);
            res.status(204).end();
        }),
    );

    router.get(
        '/queries/:name/events',
        signedIn(authenticator, async (caller, req, res) => {
            const stored = store.get(queryName(req), caller.user.org);
            const paging = parse(EpcisEventsRequest.pick({ perPage: true, nextPageToken: true, epcFormat: true }), req.query, 'QueryParameterException');
            await answerQuery(engine, caller, req, res, stored.name, { ...EpcisQuery.parse(stored.query), ...paging });
        }),
    );

    router.post(
        '/queries/:name/subscriptions',
        signedIn(authenticator, async (caller, req, res) => {
            const name = queryName(req);
            store.get(name, caller.user.org);
            const body = parse(SubscriptionBody, bodyOf(req), 'SubscriptionControlsException');
            let dest: URL;
            try {
                dest = parseWebhookUrl(body.dest, { allowLoopbackHttp: access.allowLoopbackHttp });
            } catch (error) {
                if (error instanceof InvalidWebhookUrlError) {
                    throw new EpcisProblemError(400, 'SubscriptionControlsException', `dest: ${error.message}`);
                }
                throw error;
            }
            const subscription = store.subscribe(name, owner(caller), dest.href, (body.signatureToken ?? body.secret)!, new Date().toISOString());
            res.status(201)
                .location(`/epcis/queries/${encodeURIComponent(name)}/subscriptions/${subscription.subscriptionID}`)
                .json({ subscriptionID: subscription.subscriptionID, dest: subscription.dest, stream: true, createdAt: subscription.createdAt });
        }),
    );

    router.get(
        '/queries/:name/subscriptions',
        signedIn(authenticator, async (caller, req, res) => {
            const name = queryName(req);
            store.get(name, caller.user.org);
            res.json(
                store.subscriptionsOf(name).map((s) => ({
                    subscriptionID: s.subscriptionID,
                    dest: s.dest,
                    stream: true,
                    createdAt: s.createdAt,
                    ...(s.lastNotifiedAt && { lastNotifiedAt: s.lastNotifiedAt }),
                })),
            );
        }),
    );

    router.delete(
        '/queries/:name/subscriptions/:subscriptionID',
        signedIn(authenticator, async (caller, req, res) => {
            store.unsubscribe(queryName(req), String(req.params.subscriptionID), caller.user.org);
            res.status(204).end();
        }),
    );

    router.use((req, _res, next) => next(new EpcisNoSuchNameError(`nothing at ${req.method} /epcis${req.path}; GET /epcis lists what this interface offers`)));
    router.use(epcisProblemMiddleware(onUnexpected));
    return router;
}

/** Runs a query and answers one page of it as an EPCISQueryDocument, with the next page's link. */
async function answerQuery(engine: EpcisQueryEngine, caller: Caller, req: Request, res: Response, queryName: string, request: z.output<typeof EpcisEventsRequest>): Promise<void> {
    // Every parameter is checked before the ledger is read: a bad header is a 400, whatever the query's size.
    const format = request.epcFormat ?? epcFormatOf(req);
    const page = await engine.page(caller.identity, filterOf(request), request.perPage, request.nextPageToken);
    if (page.nextPageToken) {
        const next = new URLSearchParams(
            Object.entries(req.query as Record<string, string | string[]>).flatMap(([key, value]) =>
                key === 'nextPageToken' ? [] : [value].flat().map((v): [string, string] => [key, v]),
            ),
        );
        next.set('nextPageToken', page.nextPageToken);
        res.set('link', `<${req.baseUrl}${req.path}?${next.toString()}>; rel="next"`);
    }
    res.json(
        epcisQueryDocument(
            page.events.map((event) => formatEvent(event, format)),
            { queryName, at: new Date().toISOString() },
        ),
    );
}

/** The EPC format the `GS1-EPC-Format` header asks for; Digital Links when absent. */
function epcFormatOf(req: Request): EpcFormat {
    const header = req.get('gs1-epc-format');
    if (header === undefined) {
        return 'Always_GS1_Digital_Link';
    }
    if (!(EPC_FORMATS as readonly string[]).includes(header)) {
        throw new EpcisProblemError(400, 'QueryParameterException', `GS1-EPC-Format must be one of ${EPC_FORMATS.join(', ')}`);
    }
    return header as EpcFormat;
}

function signedIn(authenticator: Authenticator, handle: (caller: Caller, req: Request, res: Response) => Promise<void>): RequestHandler {
    return async (req, res, next) => {
        try {
            await handle(await authenticator.caller(req), req, res);
        } catch (error) {
            next(error);
        }
    };
}

function parse<T extends z.ZodType>(schema: T, value: unknown, exception: EpcisException): z.output<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
        throw new EpcisProblemError(400, exception, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; '));
    }
    return parsed.data;
}

function bodyOf(req: Request): unknown {
    if (!req.is('application/json')) {
        throw new EpcisProblemError(415, 'UnsupportedMediaTypeException', 'send the body as application/json');
    }
    return req.body;
}

function queryName(req: Request): string {
    return parse(QueryName, req.params.name, 'QueryParameterException');
}

function owner(caller: Caller): { username: string; org: string } {
    return { username: caller.user.username, org: caller.user.org };
}

function view(query: StoredQuery): { name: string; query: Record<string, unknown> } {
    return { name: query.name, query: query.query };
}
