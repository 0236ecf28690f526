import { epcisSchemaPath } from '../epcis/epcis-schema';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { BootstrapInput, type MemberInput, MspIdSchema } from '@coldtrace/chaincode/model';
import { SIGN_IN_DEFAULTS } from '../auth/sign-in-throttle';
import { MIN_WEBHOOK_SECRET_LENGTH, NOTIFICATION_LANGUAGES, type NotificationLanguage } from '../contract/notification-payloads';
import { DEMO_MEMBERS, FOUNDING_MEMBERS } from '../contract/founding-members';
import { OidcProviderConfig } from '../contract/oidc-payloads';
import { InvalidWebhookUrlError } from '../notify/invalid-webhook-url-error';
import { parseWebhookUrl } from '../notify/webhook-url';
import { DEFAULT_MAX_PACKET_BYTES, DEFAULT_SENSOR_FLOOD, isTelemetryStoreUrl, redactPassword } from '@coldtrace/telemetry/contract';
import { parseCommandLine } from './command-line';
import { ServerConfigError } from './server-config-error';

/** The Fabric client libraries coldtrace can reach a network with. */
export type FabricClient = 'gateway' | 'legacy';

/** The brokers the sensors pipeline can run on. */
export type BrokerKind = 'embedded' | 'mosquitto' | 'nats';

/** Everything `npm start` can be told, from flags and environment variables. */
export interface ServerConfig {
    ledger: 'embedded' | 'fabric';
    /**
     * How a Fabric ledger is reached: the Fabric Gateway (peers 2.4+), or fabric-network 2.2 with a
     * static profile and no Gateway (`--client legacy`, and what `--ledger amb` means: Amazon
     * Managed Blockchain's Fabric 2.2 peers have no Gateway service).
     */
    fabricClient: FabricClient;
    dataDir: string;
    host: string;
    port: number;
    /** Fabric network description (`npm run network:up` writes one, and one per member in members/). */
    fabricConnection: string;
    /**
     * The one organization this node serves (`--org`): a member's own node on a shared Fabric channel,
     * holding only that organization's identities and CA and answering once its own peer committed.
     * Unset: the all-in-one server that acts for every organization whose CA it holds.
     */
    org?: string;
    /** The consortium's founding members: recorded on the ledger when it has none yet (the demo's six on the embedded ledger, the four of network:up on Fabric, by default). */
    organizations: readonly MemberInput[];
    /**
     * OpenID Connect providers by MSP ID, from the `oidc` field of the organizations file's entries:
     * that organization's people sign in there, and its access tokens are accepted.
     */
    oidc: Readonly<Record<string, OidcProviderConfig>>;
    /** How long a provider's signing keys are trusted before they are fetched again (seconds). */
    oidcKeyCacheSeconds: number;
    production: boolean;
    /** Seed demo users and a demo world on first start (never in production). */
    demo: boolean;
    /** Run the sensors-to-ledger pipeline: mTLS broker, detector, telemetry store, digest anchoring. */
    telemetry: boolean;
    /** Port of the embedded MQTT broker (mqtts, mutual TLS); 0 picks a free one. */
    mqttPort: number;
    /** An external broker (e.g. Mosquitto, or the MQTT gateway of NATS) instead of the embedded one. */
    mqttUrl?: string;
    /**
     * Which broker the devices use and the detector reads: the embedded aedes, an external MQTT
     * broker such as Mosquitto (`mqttUrl`), or NATS, whose MQTT gateway the devices use
     * (`mqttUrl`) and whose JetStream partitions several detector processes share (`nats`).
     */
    broker: BrokerKind;
    /** With `broker: nats`: the NATS listener and the readings stream's partitions. */
    nats?: { url: string; partitions: number; configDir?: string; deviceAckQos?: 0 | 1 };
    /** This detector's name among the others on the broker (its certificate's CN, its MQTT session). */
    detectorName: string;
    /** Port of the device HTTPS listener (mutual TLS, device CA) for `POST /api/v1/telemetry`; not served when unset; 0 picks a free one. */
    telemetryHttpsPort?: number;
    /** The readings' PostgreSQL database (`postgres://…`); without it they stay in the embedded SQLite file under the data directory. */
    telemetryStoreUrl?: string;
    /** Largest MQTT packet the embedded broker takes, in bytes (Mosquitto: `max_packet_size` in its config). */
    mqttMaxPacketBytes: number;
    /** How far ahead of this server's clock a reading may be dated; later ones are refused. */
    maxClockSkewSeconds: number;
    /** The flood guard's bucket per sensor: sustained readings per second and how many at once (an offline backlog). */
    sensorFlood: { readingsPerSecond: number; burst: number };
    /** Notifications: the node's mail server, and its own recipients for organizations that set none. */
    notify: NotifyConfig;
    jwtSecret?: string;
    tokenTtlSeconds: number;
    /** Lifetime of machine clients' tokens from POST /api/v1/oauth/token, in seconds. */
    clientTokenTtlSeconds: number;
    /** Failed sign-ins that lock an account / a client address, counted over `windowSeconds`. */
    signIn: { failuresPerAccount: number; failuresPerAddress: number; windowSeconds: number };
    /** The reverse proxies whose X-Forwarded-For names the client: hops or addresses/subnets; none by default. */
    trustProxy: false | number | string[];
    corsOrigins: string[];
    webRoot: string;
    /** GS1's EPCIS 2.0 JSON schema that captures are validated against; EPCIS capture answers 503 without it. */
    epcisSchema?: string;
    logLevel: string;
}

/**
 * The node's part of notifications. Each organization's administrators choose their own recipients
 * (API, Members page); the node supplies the SMTP server they are mailed through and, from before
 * that, recipients of its own that receive what a party organization set no recipient for.
 */
export interface NotifyConfig {
    smtp?: { url: string; from: string };
    node: { emails: string[]; language: NotificationLanguage; webhook?: { url: string; secret: string } };
}

const REPO_ROOT = resolve(__dirname, '../../..');

export const SERVER_USAGE = `usage: npm start -- [--ledger embedded|fabric|amb] [--client gateway|legacy] [--data DIR] [--port N] [--host ADDR] [--mqtt-port N] [--broker embedded|mosquitto|nats] [--telemetry-https-port N] [--telemetry-store postgres://…] [--organizations FILE] [--org MSPID] [--no-demo] [--no-telemetry]

environment:
  PORT, HOST                     where to listen (default 3000 on 127.0.0.1)
  COLDTRACE_LEDGER               embedded (default), fabric, or amb (Amazon Managed Blockchain: fabric through
                                 the legacy client)
  COLDTRACE_FABRIC_CLIENT        gateway (default: the Fabric Gateway, peers 2.4+) or legacy (fabric-network 2.2,
                                 a static profile without discovery, for Fabric 2.2 peers that have no Gateway)
  COLDTRACE_DATA                 data directory (default ./data): ledger, users, wallet, secrets
  COLDTRACE_FABRIC_CONNECTION    Fabric network description (default .fabric/network/connection.json, with
                                 --org .fabric/network/members/MSPID.json)
  COLDTRACE_ORG                  run as the node of this one member (--ledger fabric only): its own users,
                                 identities and CA only, writes answered once its own peer committed them;
                                 no demo data; the sensors pipeline only if the member is a carrier
  COLDTRACE_ORGANIZATIONS        JSON file listing the founding members ([{mspId, roles, displayName, gln?, contact?,
                                 oidc?}]), recorded on a ledger that has no member yet (default: the six demo
                                 organizations on the embedded ledger, the four of network:up on Fabric); an entry's
                                 oidc ({issuer, clientId, clientSecret?, audience, roleClaim, roles?, scope?, label?})
                                 lets its people sign in with the organization's OpenID provider (docs/identity.md)
  COLDTRACE_OIDC_KEY_CACHE       seconds a provider's signing keys are trusted before they are fetched again
                                 (default 600; a token naming an unknown key fetches them at once)
  NODE_ENV=production            refuse demo users; never seed demo data
  COLDTRACE_DEMO=0               do not seed demo users and data
  MQTT_PORT                      port of the embedded mutual-TLS MQTT broker (default 8883)
  COLDTRACE_MQTT_URL             use an external broker (e.g. mqtts://localhost:8883 for Mosquitto) instead
  COLDTRACE_BROKER               embedded (default), mosquitto (at COLDTRACE_MQTT_URL, default
                                 mqtts://localhost:8883) or nats: devices on its MQTT gateway at COLDTRACE_MQTT_URL,
                                 detectors sharing its JetStream partitions (docs/telemetry.md)
  COLDTRACE_NATS_URL             the NATS listener with --broker nats (default tls://localhost:4222)
  COLDTRACE_NATS_PARTITIONS      partitions of the readings stream, as in the server's config (default 8)
  COLDTRACE_NATS_DIR             the nats-server's directory (prepareNats) when it runs on this machine: devices
                                 certified here are added to its users and the server reloads them
  COLDTRACE_NATS_ACK_QOS         QoS of the acks to the devices on the NATS gateway: 0 (default; a lost ack means
                                 a resend) or 1 (each ack stored in JetStream first, about twice nats-server's CPU)
  COLDTRACE_DETECTOR_NAME        this detector's name on the broker, one per detector process (default
                                 coldtrace-detector); the broker must know it (nats: prepareNats's identities)
  COLDTRACE_TELEMETRY=0          run without broker, detector and telemetry store
  COLDTRACE_TELEMETRY_HTTPS_PORT port of the device HTTPS listener: devices POST /api/v1/telemetry with their
                                 client certificate (mutual TLS, device CA); not served when unset
  COLDTRACE_TELEMETRY_DATABASE_URL  keep the readings in PostgreSQL (postgres://user:pass@host:5432/db, ?sslmode=…)
                                 instead of the embedded SQLite file; every detector process may share it
  COLDTRACE_MQTT_MAX_PACKET_BYTES  largest MQTT packet the embedded broker takes (default 65536)
  COLDTRACE_MAX_CLOCK_SKEW_SECONDS  refuse readings dated further ahead of this server's clock (default 300)
  COLDTRACE_SENSOR_READINGS_PER_SECOND  the flood guard: readings per second one sensor may send, sustained (default
                                 200); above it its readings are refused unacknowledged and the sensor is flagged …
  COLDTRACE_SENSOR_READING_BURST … beyond a burst of this many at once (default 2000: an offline backlog)
  COLDTRACE_SMTP_URL             the SMTP server notification mails go through (smtp://user:pass@host:587,
                                 smtps://… for TLS) …
  COLDTRACE_MAIL_FROM            … from this address. Each organization's administrators choose who is told of
                                 what (e-mail in en/ja, webhooks): Members → Notifications, or
                                 PUT /api/v1/organizations/{mspId}/notifications (kept in DATA/notifications/)
  COLDTRACE_MAIL_TO              the node's own recipients (comma-separated): they get what a party organization
                                 set no recipient for, as all notifications before per-organization settings …
  COLDTRACE_MAIL_LANGUAGE        … in this language: en (default) or ja
  COLDTRACE_WEBHOOK_URL          the node's own webhook, for the same (https; http only to localhost, not in
                                 production), signed with HMAC-SHA256 of timestamp and body with …
  COLDTRACE_WEBHOOK_SECRET       … this shared secret (receivers refuse deliveries over 5 minutes old)
  COLDTRACE_JWT_SECRET           token signing key (default: a random key kept in DATA/secrets/jwt.key)
  COLDTRACE_KEY_PASSPHRASE       encrypt CA and user keys at rest with it (scrypt PKCS#8); plain keys stay readable,
                                 \`npm run admin -- keys encrypt\` encrypts them (docs/identity.md, "Keys")
  COLDTRACE_PKCS11_LIBRARY       keep users' signing keys in a PKCS#11 token (e.g. /usr/lib/softhsm/libsofthsm2.so) …
  COLDTRACE_PKCS11_TOKEN         … the token's label …
  COLDTRACE_PKCS11_PIN           … and its user PIN
  COLDTRACE_TOKEN_TTL            token lifetime in seconds (default 28800)
  COLDTRACE_CLIENT_TOKEN_TTL     machine clients' token lifetime in seconds (default 300; npm run admin -- client add)
  COLDTRACE_SIGNIN_ACCOUNT_FAILURES  failed sign-ins that lock an account (default 10) …
  COLDTRACE_SIGNIN_ADDRESS_FAILURES  … or a client address, whatever accounts it tries (default 50) …
  COLDTRACE_SIGNIN_WINDOW        … within this many seconds; a lock lasts until they age out (default 900)
  COLDTRACE_TRUST_PROXY          reverse proxies whose X-Forwarded-For names the client: a hop count (1) or
                                 addresses/subnets (loopback, 10.0.0.0/8, …); default none (the socket's address)
  COLDTRACE_CORS_ORIGINS         comma-separated origins allowed to call the API from browsers
  COLDTRACE_WEB_ROOT             built web UI to serve (default web/dist)
  COLDTRACE_EPCIS_SCHEMA         GS1's EPCIS-JSON-Schema.json that EPCIS captures are validated against
                                 (default: shared/standards/gs1-epcis-2.0/ beside the repository, when there)
  LOG_LEVEL                      pino level (default info)`;

const SERVER_OPTIONS = {
    ledger: { type: 'string' },
    client: { type: 'string' },
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'mqtt-port': { type: 'string' },
    'telemetry-https-port': { type: 'string' },
    'telemetry-store': { type: 'string' },
    organizations: { type: 'string' },
    org: { type: 'string' },
    broker: { type: 'string' },
    'no-demo': { type: 'boolean' },
    'no-telemetry': { type: 'boolean' },
    help: { type: 'boolean' },
} as const;

type BooleanFlag = 'no-demo' | 'no-telemetry' | 'help';

/**
 * The server's flags, read as `npm start` and `npm run detector` take them; a command line they
 * cannot read throws a UsageError with `usage`.
 *
 * @example
 * if (serverFlags(process.argv.slice(2)).help) console.log(SERVER_USAGE);
 */
export function serverFlags(argv: readonly string[], usage = SERVER_USAGE) {
    return parseCommandLine(argv, SERVER_OPTIONS, usage).values;
}

/**
 * Reads the server's configuration; flags win over environment variables.
 *
 * @example
 * const config = readServerConfig(process.argv.slice(2), process.env);
 */
export function readServerConfig(argv: readonly string[], env: NodeJS.ProcessEnv, usage = SERVER_USAGE): ServerConfig {
    const flags = serverFlags(argv, usage);
    const text = (flag: Exclude<keyof typeof flags, BooleanFlag>, variable: string, fallback: string) => flags[flag] ?? (env[variable] || fallback);
    const { ledger, fabricClient } = ledgerChoice(text('ledger', 'COLDTRACE_LEDGER', 'embedded'), text('client', 'COLDTRACE_FABRIC_CLIENT', ''), flags.client !== undefined);
    const port = portNumber(text('port', 'PORT', '3000'), 'the port');
    const mqttPort = portNumber(text('mqtt-port', 'MQTT_PORT', '8883'), 'the MQTT port');
    const broker = brokerChoice(text('broker', 'COLDTRACE_BROKER', env.COLDTRACE_MQTT_URL ? 'mosquitto' : 'embedded'));
    const telemetryHttpsPort = text('telemetry-https-port', 'COLDTRACE_TELEMETRY_HTTPS_PORT', '');
    const telemetryStoreUrl = telemetryStore(text('telemetry-store', 'COLDTRACE_TELEMETRY_DATABASE_URL', ''));
    const org = memberNode(text('org', 'COLDTRACE_ORG', ''), ledger);
    const ttl = wholeNumber(env, 'COLDTRACE_TOKEN_TTL', 8 * 3600, 60);
    const production = env.NODE_ENV === 'production';
    const notify = notificationSettings(env, production);
    return {
        ledger,
        fabricClient,
        dataDir: resolve(text('data', 'COLDTRACE_DATA', './data')),
        host: text('host', 'HOST', '127.0.0.1'),
        port,
        fabricConnection: resolve(env.COLDTRACE_FABRIC_CONNECTION || resolve(REPO_ROOT, '.fabric/network', org ? `members/${org}.json` : 'connection.json')),
        ...(org && { org }),
        ...foundingMembers(text('organizations', 'COLDTRACE_ORGANIZATIONS', ''), ledger),
        oidcKeyCacheSeconds: wholeNumber(env, 'COLDTRACE_OIDC_KEY_CACHE', 600, 0),
        production,
        // The demo world needs every organization's users; a member's node has only its own.
        demo: !production && !org && !flags['no-demo'] && env.COLDTRACE_DEMO !== '0',
        telemetry: !flags['no-telemetry'] && env.COLDTRACE_TELEMETRY !== '0',
        mqttPort,
        mqttUrl: env.COLDTRACE_MQTT_URL || (broker === 'embedded' ? undefined : 'mqtts://localhost:8883'),
        broker,
        ...(broker === 'nats' && {
            nats: {
                url: env.COLDTRACE_NATS_URL || 'tls://localhost:4222',
                partitions: wholeNumber(env, 'COLDTRACE_NATS_PARTITIONS', 8, 1),
                ...(env.COLDTRACE_NATS_DIR && { configDir: resolve(env.COLDTRACE_NATS_DIR) }),
                ...(env.COLDTRACE_NATS_ACK_QOS && { deviceAckQos: ackQos(env.COLDTRACE_NATS_ACK_QOS) }),
            },
        }),
        detectorName: detectorName(env.COLDTRACE_DETECTOR_NAME),
        ...(telemetryHttpsPort && { telemetryHttpsPort: portNumber(telemetryHttpsPort, 'the device HTTPS port') }),
        ...(telemetryStoreUrl && { telemetryStoreUrl }),
        // Below 4 KiB a provisioning answer (a certificate) would no longer fit.
        mqttMaxPacketBytes: wholeNumber(env, 'COLDTRACE_MQTT_MAX_PACKET_BYTES', DEFAULT_MAX_PACKET_BYTES, 4096),
        maxClockSkewSeconds: wholeNumber(env, 'COLDTRACE_MAX_CLOCK_SKEW_SECONDS', 300, 0),
        sensorFlood: {
            readingsPerSecond: wholeNumber(env, 'COLDTRACE_SENSOR_READINGS_PER_SECOND', DEFAULT_SENSOR_FLOOD.ratePerSecond, 1),
            burst: wholeNumber(env, 'COLDTRACE_SENSOR_READING_BURST', DEFAULT_SENSOR_FLOOD.burst, 1),
        },
        notify,
        jwtSecret: env.COLDTRACE_JWT_SECRET || undefined,
        tokenTtlSeconds: ttl,
        clientTokenTtlSeconds: wholeNumber(env, 'COLDTRACE_CLIENT_TOKEN_TTL', 300, 10),
        signIn: {
            failuresPerAccount: wholeNumber(env, 'COLDTRACE_SIGNIN_ACCOUNT_FAILURES', SIGN_IN_DEFAULTS.failuresPerAccount, 1),
            failuresPerAddress: wholeNumber(env, 'COLDTRACE_SIGNIN_ADDRESS_FAILURES', SIGN_IN_DEFAULTS.failuresPerAddress, 1),
            windowSeconds: wholeNumber(env, 'COLDTRACE_SIGNIN_WINDOW', SIGN_IN_DEFAULTS.windowSeconds, 1),
        },
        trustProxy: trustedProxies(env.COLDTRACE_TRUST_PROXY),
        corsOrigins: (env.COLDTRACE_CORS_ORIGINS ?? '')
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean),
        webRoot: resolve(env.COLDTRACE_WEB_ROOT || resolve(REPO_ROOT, 'web/dist')),
        epcisSchema: epcisSchemaPath(env),
        logLevel: env.LOG_LEVEL || 'info',
    };
}

/**
 * The server's configuration as its environment sets it (the ledger, COLDTRACE_FABRIC_CONNECTION, …)
 * for an admin command working on `dataDir`: such a command reaches the ledger the server uses.
 *
 * @example
 * await revokeLedgerIdentity(serverConfigBeside('./data'), 'alice');
 */
export function serverConfigBeside(dataDir: string, env: NodeJS.ProcessEnv = process.env): ServerConfig {
    return { ...readServerConfig([], env), dataDir };
}

/**
 * The ledger and Fabric client named: `amb` is Fabric through the legacy client (whose peers have no
 * Gateway), so it takes no other client. `--client` on the embedded ledger is a mistake worth saying;
 * COLDTRACE_FABRIC_CLIENT there is not (an environment set for Fabric runs embedded servers too).
 */
function ledgerChoice(name: string, client: string, clientFlag: boolean): { ledger: 'embedded' | 'fabric'; fabricClient: FabricClient } {
    if (name !== 'embedded' && name !== 'fabric' && name !== 'amb') {
        throw new ServerConfigError(`the ledger must be embedded, fabric or amb, not ${name}`);
    }
    if (client && client !== 'gateway' && client !== 'legacy') {
        throw new ServerConfigError(`the Fabric client must be gateway or legacy, not ${client}`);
    }
    if (name === 'amb') {
        if (client === 'gateway') {
            throw new ServerConfigError(
                "--ledger amb reaches Amazon Managed Blockchain's Fabric 2.2 peers, which have no Gateway service: drop --client gateway (amb always uses the legacy client)",
            );
        }
        return { ledger: 'fabric', fabricClient: 'legacy' };
    }
    if (name === 'embedded' && clientFlag) {
        throw new ServerConfigError(`--client ${client} chooses how a Fabric network is reached; add --ledger fabric (the embedded ledger has no client)`);
    }
    return { ledger: name, fabricClient: client === 'legacy' ? 'legacy' : 'gateway' };
}

function brokerChoice(name: string): BrokerKind {
    if (name !== 'embedded' && name !== 'mosquitto' && name !== 'nats') {
        throw new ServerConfigError(`the broker must be embedded, mosquitto or nats, not ${name}`);
    }
    return name;
}

/** A detector's name becomes a certificate's CN: the device CA reserves the `coldtrace-` prefix for services. */
function detectorName(name: string | undefined): string {
    if (name === undefined || name === '') {
        return 'coldtrace-detector';
    }
    if (!/^coldtrace-[A-Za-z0-9-]+$/.test(name)) {
        throw new ServerConfigError(`COLDTRACE_DETECTOR_NAME must start with coldtrace- and hold only letters, digits and dashes, not ${name}`);
    }
    return name;
}

/** The organization of a member's node, checked: an MSP id, and a ledger that other members share. */
function memberNode(org: string, ledger: 'embedded' | 'fabric'): string | undefined {
    if (!org) {
        return undefined;
    }
    if (ledger !== 'fabric') {
        throw new ServerConfigError(
            `--org ${org} runs one member's node on a shared Fabric channel; add --ledger fabric (the embedded ledger lives inside one server, which serves every organization)`,
        );
    }
    const parsed = MspIdSchema.safeParse(org);
    if (!parsed.success) {
        throw new ServerConfigError(`--org must be an MSP id such as Retailer2MSP, not ${JSON.stringify(org)}: ${parsed.error.issues[0]?.message}`);
    }
    return org;
}

function notificationSettings(env: NodeJS.ProcessEnv, production: boolean): NotifyConfig {
    const notify: NotifyConfig = {
        node: {
            emails: (env.COLDTRACE_MAIL_TO ?? '')
                .split(',')
                .map((a) => a.trim())
                .filter(Boolean),
            language: 'en',
        },
    };
    if (env.COLDTRACE_SMTP_URL) {
        let url: URL;
        try {
            url = new URL(env.COLDTRACE_SMTP_URL);
        } catch {
            throw new ServerConfigError('COLDTRACE_SMTP_URL must be a URL such as smtp://user:pass@mail.example.com:587');
        }
        if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
            throw new ServerConfigError(`COLDTRACE_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
        }
        if (!env.COLDTRACE_MAIL_FROM) {
            throw new ServerConfigError('COLDTRACE_SMTP_URL needs COLDTRACE_MAIL_FROM, the address notifications are sent from');
        }
        notify.smtp = { url: env.COLDTRACE_SMTP_URL, from: env.COLDTRACE_MAIL_FROM };
    } else if (notify.node.emails.length) {
        throw new ServerConfigError('COLDTRACE_MAIL_TO needs COLDTRACE_SMTP_URL (and COLDTRACE_MAIL_FROM) to send through');
    }
    const language = env.COLDTRACE_MAIL_LANGUAGE || 'en';
    if (!(NOTIFICATION_LANGUAGES as readonly string[]).includes(language)) {
        throw new ServerConfigError(`COLDTRACE_MAIL_LANGUAGE must be one of ${NOTIFICATION_LANGUAGES.join(', ')}, not ${language}`);
    }
    notify.node.language = language as NotificationLanguage;
    if (env.COLDTRACE_WEBHOOK_URL) {
        try {
            parseWebhookUrl(env.COLDTRACE_WEBHOOK_URL, { allowLoopbackHttp: !production });
        } catch (error) {
            throw error instanceof InvalidWebhookUrlError ? new ServerConfigError(`COLDTRACE_WEBHOOK_URL: ${error.message}`) : error;
        }
        if (!env.COLDTRACE_WEBHOOK_SECRET || env.COLDTRACE_WEBHOOK_SECRET.length < MIN_WEBHOOK_SECRET_LENGTH) {
            throw new ServerConfigError(`COLDTRACE_WEBHOOK_URL needs COLDTRACE_WEBHOOK_SECRET of at least ${MIN_WEBHOOK_SECRET_LENGTH} characters to sign with`);
        }
        notify.node.webhook = { url: env.COLDTRACE_WEBHOOK_URL, secret: env.COLDTRACE_WEBHOOK_SECRET };
    }
    return notify;
}

/** The readings' PostgreSQL database, when one is configured. */
function telemetryStore(raw: string): string | undefined {
    if (raw === '') {
        return undefined;
    }
    if (!isTelemetryStoreUrl(raw)) {
        throw new ServerConfigError(`the telemetry store must be a postgres:// or postgresql:// URL (or unset for the embedded SQLite store), not ${redactPassword(raw)}`);
    }
    return raw;
}

function portNumber(raw: string, what: string): number {
    const value = Number(raw);
    if (raw === '' || !Number.isInteger(value) || value < 0 || value > 65535) {
        throw new ServerConfigError(`${what} must be a number from 0 to 65535, not ${raw}`);
    }
    return value;
}

function ackQos(raw: string): 0 | 1 {
    if (raw !== '0' && raw !== '1') {
        throw new ServerConfigError(`COLDTRACE_NATS_ACK_QOS must be 0 or 1, not ${raw}`);
    }
    return raw === '1' ? 1 : 0;
}

function wholeNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, min: number): number {
    const raw = env[variable];
    if (raw === undefined || raw === '') {
        return fallback;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
        throw new ServerConfigError(`${variable} must be a whole number of at least ${min}, not ${raw}`);
    }
    return value;
}

/** Names express's `trust proxy` understands besides addresses and subnets. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** COLDTRACE_TRUST_PROXY: unset or `false` for none, a hop count, or comma-separated addresses, subnets and range names. */
function trustedProxies(raw: string | undefined): false | number | string[] {
    const value = (raw ?? '').trim();
    if (value === '' || value === 'false' || value === '0') {
        return false;
    }
    if (/^\d+$/.test(value)) {
        return Number(value);
    }
    if (value === 'true' || value === '*') {
        throw new ServerConfigError(
            'COLDTRACE_TRUST_PROXY=true would let any caller choose its own address with X-Forwarded-For; name the proxies (addresses, subnets, loopback) or the number of hops',
        );
    }
    const entries = value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
    for (const entry of entries) {
        const [address, prefix, extra] = entry.split('/');
        const ipVersion = isIP(address ?? '');
        const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (ipVersion === 6 ? 128 : 32));
        if (!(PROXY_RANGES.includes(entry) || (ipVersion && validPrefix && extra === undefined))) {
            throw new ServerConfigError(`COLDTRACE_TRUST_PROXY: ${JSON.stringify(entry)} is not an address, a subnet (10.0.0.0/8) or one of ${PROXY_RANGES.join(', ')}`);
        }
    }
    return entries;
}

/**
 * The founding members a file lists, checked as the chaincode will check them, and the OpenID
 * providers of those that name one (`oidc`, which stays on this node, never on the ledger); without
 * a file the demo world's six on the embedded ledger, the four organizations of `npm run network:up`
 * on Fabric, with passwords only.
 */
function foundingMembers(path: string, ledger: 'embedded' | 'fabric'): Pick<ServerConfig, 'organizations' | 'oidc'> {
    if (!path) {
        return { organizations: ledger === 'embedded' ? DEMO_MEMBERS : FOUNDING_MEMBERS, oidc: {} };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(readFileSync(resolve(path), 'utf8'));
    } catch (error) {
        throw new ServerConfigError(`cannot read the organizations file ${path}: ${(error as Error).message}`);
    }
    const oidc: Record<string, OidcProviderConfig> = {};
    const members = Array.isArray(parsed)
        ? parsed.map((entry: unknown, index) => {
              if (!entry || typeof entry !== 'object' || !('oidc' in entry)) {
                  return entry;
              }
              const { oidc: provider, ...member } = entry as { oidc: unknown; mspId?: unknown };
              const checked = OidcProviderConfig.safeParse(provider);
              if (!checked.success) {
                  throw new ServerConfigError(
                      `the organizations file ${path}: ${index}.oidc: ${checked.error.issues.map((i) => `${i.path.join('.') || '(provider)'}: ${i.message}`).join('; ')}`,
                  );
              }
              oidc[String(member.mspId)] = checked.data;
              return member;
          })
        : parsed;
    const result = BootstrapInput.safeParse(members);
    if (!result.success) {
        throw new ServerConfigError(
            `the organizations file ${path} is not a list of members: ${result.error.issues.map((i) => `${i.path.join('.') || '(list)'}: ${i.message}`).join('; ')}`,
        );
    }
    const issuers = Object.values(oidc).map((provider) => provider.issuer);
    const shared = issuers.find((issuer, index) => issuers.indexOf(issuer) !== index);
    if (shared) {
        // A token names its issuer, not an organization: one issuer must mean one organization.
        throw new ServerConfigError(
            `the organizations file ${path}: ${shared} is the OpenID provider of more than one organization; give each its own issuer (a realm or tenant of its own)`,
        );
    }
    return { organizations: result.data, oidc };
}
