import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ClientTokenService, MachineClientRegistry, OidcTokenVerifier, TokenService, UserDirectory } from '../auth';
import type { EpcisEventSource } from '../epcis/epcis-event-source';
import type { EpcisAccess } from '../epcis/epcis-router';
import { EpcisQueryEngine } from '../epcis/epcis-query-engine';
import { EpcisSubscriptions } from '../epcis/epcis-subscriptions';
import { LedgerEventSource } from '../epcis/ledger-event-source';
import { NamedQueryStore } from '../epcis/named-query-store';
import { type EventHub, startEventHub } from '../events/event-hub';
import { loadOrCreateSecretKey, PRIVATE_DIRECTORY_MODE, startTelemetryPipeline, type TelemetryPipeline, type TelemetryPipelineOptions } from '@coldtrace/telemetry';
import { type CapturedEventSource, newCapturedEventSource } from '../epcis/captured-event-source';
import { type CapturedEventStore, openCapturedEventStore } from '../epcis/captured-event-store';
import { type EpcisCaptureService, newEpcisCaptureService } from '../epcis/epcis-capture-service';
import { createApp } from '../http/app';
import { createExpressServer } from '../http/express-server';
import { Authenticator } from '../http/authenticator';
import { type UserIdentities, newUserIdentities } from '../identity/user-identities';
import { openWallet } from '../identity/wallet';
import { bootstrapMembership, type JsonLedgerClient, type LedgerEventFeed, newJsonLedgerClient, newLedgerEventFeed } from '@coldtrace/ledger-client';
import { defaultOrganization } from '../contract/founding-members';
import type { ReadingsStoredEvent } from '../contract/readings-stored-event';
import { createLogger } from '../observability/logger';
import { ApiMetrics } from '../observability/metrics';
import { DEMO_PASSWORD, PUBLISHED_PASSWORDS, seedDemoUsers } from './demo-users';
import { openLedger } from './ledger-connection';
import { checkMemberNode } from './member-node';
import type { ServerConfig } from './server-config';
import { ServerConfigError } from './server-config-error';
import { type ServiceIdentities, newServiceIdentities } from './service-identities';
import { detectorPipelineOptions } from './detector-pipeline-options';
import { type NotificationService, openNotificationService, type NotificationServiceOptions } from '../notify/notification-service';
import { type DeviceTelemetryListener, startDeviceTelemetryListener } from '../http/device-telemetry-listener';

const VERSION: string = require('../../package.json').version;

/** What other parts of the backend get to plug into the server (the telemetry pipeline does). */
export interface ServerContext {
    config: ServerConfig;
    ledger: JsonLedgerClient;
    users: UserDirectory;
    identities: UserIdentities;
    services: ServiceIdentities;
    events: EventHub;
    /** The process's one subscription to the ledger's events, which the hub, the notifier and the shipment directory consume. */
    feed: LedgerEventFeed;
    logger: Logger;
    authenticator: Authenticator;
    /** The sensors-to-ledger pipeline, unless started with --no-telemetry. */
    telemetry?: TelemetryPipeline;
    /** Recipients per organization and the outbox; runs whether the sensors pipeline does or not. */
    notifications: NotificationService;
    /** The EPCIS query interface: its engine, named queries and the subscriptions streaming to webhooks. */
    epcis: EpcisAccess & { subscriptions: EpcisSubscriptions };
    /** Partners' captured EPCIS events (off chain) and the capture service that anchors them. */
    epcisCapture: { store: CapturedEventStore; capture: EpcisCaptureService; source: CapturedEventSource };
}

export interface RunningServer {
    url: string;
    /** The device HTTPS listener (mutual TLS), when COLDTRACE_TELEMETRY_HTTPS_PORT is set and telemetry runs. */
    deviceTelemetryUrl?: string;
    server: Server;
    context: ServerContext;
    /** Stops accepting requests, lets in-flight ledger submits commit (up to `graceMs`), then closes everything. */
    shutdown(graceMs?: number): Promise<void>;
}

/**
 * Starts coldtrace's backend: opens the ledger, the user directory and wallet, follows the
 * chaincode events and serves the HTTP API (and the web UI when built).
 *
 * @example
 * const running = await startServer(readServerConfig([], process.env));
 * console.log(`listening on ${running.url}`);
 * await running.shutdown();
 */
export async function startServer(
    config: ServerConfig,
    options: {
        logger?: Logger;
        beforeListen?: (context: ServerContext) => Promise<void>;
        /** Settings of the telemetry pipeline beyond the configuration's (tests shorten its timers). */
        telemetry?: Partial<Omit<TelemetryPipelineOptions, 'ledger' | 'dataDir' | 'identities'>>;
        /** The notifier's clock, timers and retries (tests drive retries themselves). */
        notifications?: Pick<NotificationServiceOptions, 'now' | 'timers' | 'retry'>;
    } = {},
): Promise<RunningServer> {
    const logger = options.logger ?? createLogger(config.logLevel);
    // Created private when it is new; a directory the operator made keeps its mode (the files inside are 0600).
    mkdirSync(config.dataDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    const users = UserDirectory.open(join(config.dataDir, 'users.json'));
    if (config.production) {
        const exposed = await users.usersWithPassword(PUBLISHED_PASSWORDS);
        if (exposed.length) {
            throw new ServerConfigError(
                `production mode refuses to start: ${exposed.length === 1 ? 'the account' : 'the accounts'} ${exposed.join(', ')} in ${join(config.dataDir, 'users.json')} ` +
                    `${exposed.length === 1 ? 'signs' : 'sign'} in with a published demo password; set new passwords (npm run admin -- user passwd NAME) or remove the accounts (npm run admin -- user remove NAME)`,
            );
        }
    }
    if (config.demo) {
        const added = await seedDemoUsers(users);
        if (added.length) {
            logger.warn({ users: added }, `demo users created: ${added.join(', ')}, each with password "${DEMO_PASSWORD}" (not for production)`);
        }
    }
    const tokenKey = config.jwtSecret ? Buffer.from(config.jwtSecret) : loadOrCreateSecretKey(join(config.dataDir, 'secrets', 'jwt.key'));
    const tokens = new TokenService(tokenKey, config.tokenTtlSeconds);
    const machineClients = { registry: MachineClientRegistry.open(join(config.dataDir, 'clients.json')), tokens: new ClientTokenService(tokenKey, config.clientTokenTtlSeconds) };
    const oidcProviders = oidcProvidersOf(config);
    const { ledger: rawLedger, issuer, ignoredKeys } = await openLedger(config);
    if (ignoredKeys?.length) {
        logger.warn(
            { organizations: ignoredKeys },
            `${config.fabricConnection} holds the keys of other organizations (${ignoredKeys.join(', ')}); this node uses only ${config.org}'s — give it its own description (.fabric/network/members/${config.org}.json)`,
        );
    }
    const metrics = new ApiMetrics();
    const ledger = newJsonLedgerClient(rawLedger, ({ fn, kind, outcome, seconds }) => metrics.ledgerDuration.observe({ fn, kind, outcome }, seconds));
    const identities = newUserIdentities(openWallet(join(config.dataDir, 'wallet')), issuer);
    const services = newServiceIdentities(identities, config.organizations, config.org);
    let feed: LedgerEventFeed | undefined;
    let events: EventHub | undefined;
    let telemetry: TelemetryPipeline | undefined;
    let notifications: NotificationService | undefined;
    let capturedEvents: CapturedEventStore | undefined;
    let deviceListener: DeviceTelemetryListener | undefined;
    try {
        let runTelemetry = config.telemetry;
        if (config.org) {
            const member = await checkMemberNode(rawLedger, await services.founder(), users, config.org);
            runTelemetry &&= member.roles.includes('carrier');
            logger.info(
                { org: config.org, roles: member.roles, status: member.status, telemetry: runTelemetry },
                `the node of ${member.displayName} (${config.org}, ${member.roles.join(', ')})`,
            );
        } else if ((await bootstrapMembership(rawLedger, await services.founder(), config.organizations)) === 'recorded') {
            logger.info({ members: config.organizations.map((member) => member.mspId) }, 'recorded the founding members of the consortium on the ledger');
        }
        const { smtp, node } = config.notify;
        const notifier = (notifications = openNotificationService({
            dataDir: config.dataDir,
            mail: smtp && { smtpUrl: smtp.url, from: smtp.from },
            node: { emails: node.emails.map((address) => ({ address, language: node.language })), webhook: node.webhook },
            allowLoopbackHttp: !config.production,
            log: logger,
            onFailure: ({ delivery }) => metrics.notificationFailures.inc({ channel: delivery.channel }),
            ...options.notifications,
        }));
        metrics.observeNotifications(() => notifier.outbox.counts());
        // Any member of the channel sees all its chaincode events: the node's event listener reads them for every consumer.
        const eventFeed = (feed = newLedgerEventFeed(rawLedger, await services.eventListener(), {
            onError: (err, consumer) => logger.error({ err, consumer }, `ledger events: ${consumer ?? 'the subscription'} failed; retrying from its checkpoint`),
        }));
        const hub = (events = await startEventHub(eventFeed));
        await notifier.follow(eventFeed, hub);
        notifier.start();
        const authenticator = new Authenticator(tokens, users, identities, { providers: oidcProviders, clients: machineClients });
        if (runTelemetry) {
            telemetry = await startTelemetryPipeline({
                ledger: rawLedger,
                feed: eventFeed,
                ...(await detectorPipelineOptions(config, services, logger, (event) => {
                    if (event.type === 'SensorFlooding') {
                        // Not a ledger fact, but the carrier wants to know at once: the same stream carries it.
                        const owner = telemetry?.registry.get(event.sensorId)?.owner ?? config.org ?? defaultOrganization('carrier', config.organizations);
                        hub.announce(event.type, { parties: [owner], ids: { sensorId: event.sensorId }, dropped: event.droppedSinceLastFlag, at: event.at });
                    } else if (event.type === 'ReadingsStored') {
                        // Live charts fetch just these readings instead of polling; only the shipment's parties hear of them.
                        const { shipmentId, parties, firstAt, lastAt, count, at } = event;
                        hub.announce(event.type, { parties, ids: { shipmentId }, firstAt, lastAt, count, at } satisfies Omit<ReadingsStoredEvent, 'type'>);
                    }
                })),
                ...options.telemetry,
            });
            const pipeline = telemetry;
            metrics.observeTelemetry(() => pipeline.metrics());
            logger.info({ broker: telemetry.brokerUrl }, `sensors publish to ${telemetry.brokerUrl} (mutual TLS, device CA in ${join(config.dataDir, 'telemetry')})`);
        }
        const epcisStore = (capturedEvents = openCapturedEventStore(join(config.dataDir, 'epcis-events.db')));
        const epcisCapture = {
            store: epcisStore,
            capture: newEpcisCaptureService({ store: epcisStore, ledger, schemaPath: config.epcisSchema }),
            source: newCapturedEventSource(epcisStore, ledger),
        };
        const schema = epcisCapture.capture.available();
        if (!schema.ok) {
            logger.warn({ reason: schema.reason }, `EPCIS capture answers 503 until GS1's schema is found: ${schema.reason}`);
        }
        const ledgerEvents = new LedgerEventSource(ledger);
        // The one place EPCIS event sources are listed: every query merges them, partners' captured events first.
        const epcisSources: EpcisEventSource[] = [epcisCapture.source, ledgerEvents];
        const queryStore = NamedQueryStore.open(config.dataDir);
        const subscriptions = new EpcisSubscriptions({ store: queryStore, source: ledgerEvents, callerNamed: (username) => authenticator.callerNamed(username), log: logger });
        hub.listen((event) => subscriptions.handle(event));
        const epcis = { engine: new EpcisQueryEngine(epcisSources), store: queryStore, allowLoopbackHttp: !config.production, subscriptions };
        const context: ServerContext = {
            config,
            ledger,
            users,
            identities,
            services,
            events: hub,
            feed: eventFeed,
            logger,
            authenticator,
            telemetry,
            notifications: notifier,
            epcis,
            epcisCapture,
        };
        await options.beforeListen?.(context);
        const web = createApp({
            ledger,
            users,
            tokens,
            authenticator,
            oidcProviders,
            machineClients,
            events,
            metrics,
            logger,
            publicReader: () => services.publicReader(),
            peers: rawLedger.peers && (async () => rawLedger.peers!(await services.eventListener())),
            home: config.org,
            issuer,
            version: VERSION,
            corsOrigins: config.corsOrigins,
            signIn: config.signIn,
            trustProxy: config.trustProxy,
            webRoot: config.webRoot,
            telemetry,
            notifications: notifier,
            epcis,
            epcisCapture,
        });
        if (telemetry && config.telemetryHttpsPort !== undefined) {
            deviceListener = await startDeviceTelemetryListener({
                port: config.telemetryHttpsPort,
                host: config.host,
                ca: telemetry.ca,
                access: telemetry,
                ledger: rawLedger,
                authenticator,
                logger,
            });
        }
        const server = createExpressServer(web.app).listen(config.port, config.host);
        await once(server, 'listening');
        const { port } = server.address() as AddressInfo;
        const url = `http://${config.host === '127.0.0.1' || config.host === '::1' ? 'localhost' : config.host}:${port}`;
        logger.info({ url, ledger: rawLedger.kind, dataDir: config.dataDir }, `coldtrace API listening on ${url} (ledger: ${rawLedger.kind})`);
        let stopping: Promise<void> | undefined;
        return {
            url,
            ...(deviceListener && { deviceTelemetryUrl: deviceListener.url }),
            server,
            context,
            shutdown: (graceMs = 30_000) =>
                (stopping ??= (async () => {
                    web.startDraining();
                    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
                    const drained = await ledger.drain(graceMs);
                    if (!drained) {
                        logger.warn({ pending: ledger.pendingSubmits }, 'shutting down with ledger submits still in flight');
                    }
                    web.closeStreams();
                    server.closeIdleConnections();
                    await closed;
                    await deviceListener?.close();
                    await telemetry?.close();
                    hub.close();
                    eventFeed.close();
                    await notifier.close();
                    epcisStore.close();
                    await rawLedger.close();
                    logger.info('coldtrace API stopped');
                })()),
        };
    } catch (error) {
        await deviceListener?.close().catch(() => undefined);
        await telemetry?.close().catch(() => undefined);
        events?.close();
        feed?.close();
        await notifications?.close();
        capturedEvents?.close();
        await rawLedger.close();
        throw error;
    }
}

/** A verifier per organization whose entry in the organizations file names an OpenID provider; the button says the organization's name unless configured. */
function oidcProvidersOf(config: ServerConfig): OidcTokenVerifier[] {
    return config.organizations.flatMap((member) => {
        const provider = config.oidc[member.mspId];
        return provider
            ? [new OidcTokenVerifier(member.mspId, member.roles, { ...provider, label: provider.label ?? member.displayName }, { maxAgeSeconds: config.oidcKeyCacheSeconds })]
            : [];
    });
}
