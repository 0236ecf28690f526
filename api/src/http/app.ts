import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import {
    type ClientTokenService,
    type MachineClientRegistry,
    type OidcTokenVerifier,
    SignInThrottle,
    type SignInThrottleOptions,
    type TokenService,
    type UserDirectory,
} from '../auth';
import { API_BASE, type RouteName, type RouteSpec, routes } from '../contract';
import { type EpcisAccess, epcisRouter } from '../epcis/epcis-router';
import type { EventHub } from '../events/event-hub';
import type { JsonLedgerClient, LedgerIdentity, PeerStatus } from '@coldtrace/ledger-client';
import { assessHealth } from '../observability/health-report';
import type { ApiMetrics } from '../observability/metrics';
import { apiDocs } from './api-docs';
import type { Authenticator } from './authenticator';
import { digitalLinkResolver } from './digital-link-resolver';
import { type EpcisCaptureAccess, epcisCaptureRouter } from './epcis-capture-router';
import { eventStream } from './event-stream';
import { authHandlers } from './handlers/auth-handlers';
import { batchHandlers } from './handlers/batch-handlers';
import { impactHandlers } from './handlers/impact-handlers';
import { memberHandlers } from './handlers/member-handlers';
import { notificationHandlers } from './handlers/notification-handlers';
import type { NotificationService } from '../notify/notification-service';
import type { IdentityIssuer } from '../identity/identity-issuer';
import { orderHandlers } from './handlers/order-handlers';
import { productHandlers } from './handlers/product-handlers';
import { queryHandlers } from './handlers/query-handlers';
import type { AllRouteHandlers } from './handlers/route-handlers';
import { shipmentHandlers } from './handlers/shipment-handlers';
import { type TelemetryAccess, telemetryHandlers } from './handlers/telemetry-handlers';
import { telemetryIngestionHandlers } from './handlers/telemetry-ingestion-handlers';
import { HttpError } from './http-error';
import { oauthTokenEndpoint } from './oauth-token-endpoint';
import { openApiDocument } from './openapi-document';
import { problemMiddleware } from './problem-response';
import { rejectMalformedPaths } from './path-encoding';
import { ruleDestinationConfirmation } from './rule-destination-confirmation';
import { bindRoute } from './route-binder';

export interface AppDependencies {
    ledger: JsonLedgerClient;
    users: UserDirectory;
    tokens: TokenService;
    authenticator: Authenticator;
    events: EventHub;
    metrics: ApiMetrics;
    logger: Logger;
    /** The identity the public provenance page reads with. */
    publicReader: () => Promise<LedgerIdentity>;
    /** Trusts organizations proposed through the API where the ledger can (embedded: their CA and MSP). */
    issuer?: Pick<IdentityIssuer, 'trustOrganization'>;
    version: string;
    /** Origins allowed to call the API from a browser; none by default (same origin only). */
    corsOrigins?: readonly string[];
    /** Largest JSON body accepted (default 2 MB: 100,000 serials). */
    bodyLimit?: string;
    /** The organizations' OpenID providers the sign-in page offers (their tokens are checked by the authenticator). */
    oidcProviders?: readonly OidcTokenVerifier[];
    /** Machine clients: POST /api/v1/oauth/token is served with them. */
    machineClients?: { registry: MachineClientRegistry; tokens: ClientTokenService };
    /** Failed sign-ins that lock an account or a client address, and for how long they count. */
    signIn?: SignInThrottleOptions;
    /**
     * Which proxies' X-Forwarded-For to believe for the client address (express's `trust proxy`: hop
     * count or addresses/subnets); none by default, so a caller cannot pick its own address.
     */
    trustProxy?: false | number | readonly string[];
    /** The built web UI to serve on the same port, when present. */
    webRoot?: string;
    /** The running telemetry pipeline's registry and store; its routes answer 503 without it. */
    telemetry?: TelemetryAccess;
    /** Probes every configured peer (Fabric), for /healthz. */
    peers?: () => Promise<PeerStatus[]>;
    /** The organization of a member's own node (`--org`): /healthz is unavailable without its peer. */
    home?: string;
    /** Recipients per organization and the outbox. */
    notifications: NotificationService;
    /** The EPCIS 2.0 query interface under /epcis (absent: not served). */
    epcis?: EpcisAccess;
    /** EPCIS capture (partners' events, off chain, anchored on the ledger); /epcis/capture… answer 404 without it. */
    epcisCapture?: EpcisCaptureAccess;
}

/** The express app plus what a graceful shutdown must close. */
export interface ColdtraceApp {
    app: Express;
    /** Ends every open event stream. */
    closeStreams(): void;
    /** Makes new requests answer 503 while the server drains. */
    startDraining(): void;
}

/**
 * Builds the coldtrace HTTP API: every route of the contract, the event stream, health, metrics,
 * the OpenAPI document and its rendered docs, and the web UI.
 *
 * @example
 * const { app } = createApp(deps);
 * app.listen(3000);
 */
export function createApp(deps: AppDependencies): ColdtraceApp {
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', typeof deps.trustProxy === 'object' ? [...deps.trustProxy] : (deps.trustProxy ?? false));
    const { authenticator } = deps;
    const streams = new Set<() => void>();
    let draining = false;

    app.use(
        pinoHttp({
            logger: deps.logger,
            genReqId: (req, res) => {
                const given = req.headers['x-request-id'];
                const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
                res.setHeader('x-request-id', id);
                return id;
            },
            autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
            // A caller's mistake is a warning, a failure of the server an error: alerts watch the latter.
            customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        }),
    );
    app.use(
        helmet({
            contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'connect-src': ["'self'"] } },
        }),
    );
    if (deps.corsOrigins?.length) {
        app.use(cors({ origin: [...deps.corsOrigins], exposedHeaders: ['x-request-id'] }));
    }
    app.use((req, res, next) => {
        if (draining) {
            res.set('connection', 'close');
            next(new HttpError(503, 'SHUTTING_DOWN', 'the server is shutting down; retry on another instance or in a moment'));
            return;
        }
        const started = process.hrtime.bigint();
        res.on('finish', () => {
            const route = (res.locals.routeName as string | undefined) ?? (req.path.startsWith(API_BASE) ? 'unmatched' : 'static');
            deps.metrics.httpDuration.observe({ route, method: req.method, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
        });
        next();
    });
    app.use(rejectMalformedPaths());

    app.get('/healthz', async (_req, res) => {
        // Still 200 when degraded: the API serves (reasons say what waits); 503 only without its own peer.
        const report = assessHealth({ home: deps.home, peers: await deps.peers?.(), telemetry: deps.telemetry?.health?.() });
        const { status, ...details } = report;
        res.status(status === 'unavailable' ? 503 : 200).json({
            status,
            ledger: deps.ledger.ledger.kind,
            ...(deps.home && { org: deps.home }),
            version: deps.version,
            pendingSubmits: deps.ledger.pendingSubmits,
            ...details,
        });
    });
    app.get('/metrics', async (_req, res) => {
        res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    });
    const document = openApiDocument(deps.version);
    app.get('/api/openapi.json', (_req, res) => {
        res.json(document);
    });
    app.use('/api/docs', apiDocs('/api/openapi.json'));

    const api = express.Router();
    api.use(express.json({ limit: deps.bodyLimit ?? '2mb', strict: true }));
    // Only routes with a `csv` reader take it (a logger read-out); the others answer 415.
    api.use(express.text({ type: 'text/csv', limit: deps.bodyLimit ?? '2mb' }));
    api.post(routes.ingestTelemetry.path, ruleDestinationConfirmation());
    const onSignInFailure = () => deps.metrics.loginFailures.inc();
    if (deps.machineClients) {
        api.use(oauthTokenEndpoint(deps.machineClients.registry, deps.machineClients.tokens, onSignInFailure));
    }
    const handlers: AllRouteHandlers = {
        ...authHandlers(deps.users, deps.tokens, new SignInThrottle(deps.signIn), onSignInFailure, deps.oidcProviders),
        ...batchHandlers(deps.ledger),
        ...impactHandlers(deps.ledger, deps.telemetry?.store),
        ...productHandlers(deps.ledger),
        ...orderHandlers(deps.ledger),
        ...memberHandlers(deps.ledger, deps.issuer),
        ...shipmentHandlers(deps.ledger),
        ...queryHandlers(deps.ledger, deps.publicReader),
        ...telemetryHandlers(deps.ledger.ledger, deps.telemetry),
        ...telemetryIngestionHandlers(deps.ledger.ledger, deps.telemetry, authenticator),
        ...notificationHandlers(deps.notifications),
    };
    for (const [name, spec] of Object.entries(routes) as [RouteName, RouteSpec][]) {
        bindRoute(api, name, spec, handlers[name] as never, authenticator);
    }
    api.get('/events', eventStream(deps.events, authenticator, deps.metrics, streams));
    api.use((req, _res, next) => next(new HttpError(404, 'ROUTE_NOT_FOUND', `no route ${req.method} ${API_BASE}${req.path}; see /api/docs`)));
    app.use(API_BASE, api);
    if (deps.epcis) {
        // One EPCIS interface: capture routes first, then the query routes and the binding's problem documents.
        const onUnexpected = (error: unknown, req: express.Request) => req.log.error({ err: error }, 'EPCIS request failed unexpectedly');
        app.use('/epcis', ...(deps.epcisCapture ? [epcisCaptureRouter(deps.epcisCapture, authenticator)] : []), epcisRouter(deps.epcis, authenticator, onUnexpected));
    }
    app.use(digitalLinkResolver(deps.ledger, authenticator));

    if (deps.webRoot && existsSync(join(deps.webRoot, 'index.html'))) {
        const webRoot = deps.webRoot;
        app.use(express.static(webRoot, { index: 'index.html', maxAge: '1h' }));
        // The single-page app owns every other GET path (its router draws /trace/…, /p/…).
        app.get(/^\/(?!api\/|epcis(?:\/|$)|healthz|metrics).*/, (_req, res) => res.sendFile(join(webRoot, 'index.html')));
    }
    app.use((req, _res, next) => next(new HttpError(404, 'ROUTE_NOT_FOUND', `nothing at ${req.method} ${req.path}`)));
    app.use(problemMiddleware((error, req) => req.log.error({ err: error }, 'request failed unexpectedly')));

    return {
        app,
        closeStreams: () => [...streams].forEach((end) => end()),
        startDraining: () => {
            draining = true;
        },
    };
}
