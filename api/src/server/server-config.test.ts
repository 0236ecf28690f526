import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readServerConfig } from './server-config';
import { ServerConfigError } from './server-config-error';

describe('readServerConfig', () => {
    it('defaults to the embedded ledger on localhost:3000 with ./data and demo data', () => {
        const config = readServerConfig([], {});
        assert.equal(config.ledger, 'embedded');
        assert.equal(config.port, 3000);
        assert.equal(config.host, '127.0.0.1');
        assert.equal(config.dataDir, resolve('./data'));
        assert.equal(config.demo, true);
        assert.equal(config.production, false);
    });

    it('takes flags over environment variables', () => {
        const config = readServerConfig(['--ledger', 'fabric', '--port=4000', '--no-demo'], { COLDTRACE_LEDGER: 'embedded', PORT: '5000' });
        assert.equal(config.ledger, 'fabric');
        assert.equal(config.port, 4000);
        assert.equal(config.demo, false);
    });

    it('serves the device HTTPS listener only on a port it is given', () => {
        assert.equal(readServerConfig([], {}).telemetryHttpsPort, undefined);
        assert.equal(readServerConfig([], { COLDTRACE_TELEMETRY_HTTPS_PORT: '8443' }).telemetryHttpsPort, 8443);
        assert.equal(readServerConfig(['--telemetry-https-port', '0'], { COLDTRACE_TELEMETRY_HTTPS_PORT: '8443' }).telemetryHttpsPort, 0);
        assert.throws(() => readServerConfig([], { COLDTRACE_TELEMETRY_HTTPS_PORT: 'https' }), /device HTTPS port must be a number from 0 to 65535, not https/);
    });

    it('keeps readings in SQLite unless given a PostgreSQL URL, by flag or environment, and refuses another scheme without echoing its password', () => {
        assert.equal(readServerConfig([], {}).telemetryStoreUrl, undefined);
        assert.equal(readServerConfig([], { COLDTRACE_TELEMETRY_DATABASE_URL: 'postgres://app:pw@db:5432/telemetry' }).telemetryStoreUrl, 'postgres://app:pw@db:5432/telemetry');
        assert.equal(
            readServerConfig(['--telemetry-store', 'postgresql://db/t'], { COLDTRACE_TELEMETRY_DATABASE_URL: 'postgres://db/other' }).telemetryStoreUrl,
            'postgresql://db/t',
        );
        assert.throws(
            () => readServerConfig(['--telemetry-store=mysql://app:secret@db/t'], {}),
            (e: Error) =>
                e instanceof ServerConfigError &&
                /postgres:\/\/ or postgresql:\/\/ URL/.test(e.message) &&
                e.message.includes('mysql://app:***@db/t') &&
                !e.message.includes('secret'),
        );
    });

    it('selects the broker: embedded by default, mosquitto when given its URL, nats with its listener and partitions', () => {
        assert.deepEqual([readServerConfig([], {}).broker, readServerConfig([], {}).mqttUrl], ['embedded', undefined]);
        const mosquitto = readServerConfig([], { COLDTRACE_MQTT_URL: 'mqtts://broker:8883' });
        assert.deepEqual([mosquitto.broker, mosquitto.mqttUrl, mosquitto.nats], ['mosquitto', 'mqtts://broker:8883', undefined]);
        const nats = readServerConfig(['--broker', 'nats'], { COLDTRACE_NATS_PARTITIONS: '16', COLDTRACE_DETECTOR_NAME: 'coldtrace-detector-2' });
        assert.deepEqual(
            [nats.broker, nats.mqttUrl, nats.nats, nats.detectorName],
            ['nats', 'mqtts://localhost:8883', { url: 'tls://localhost:4222', partitions: 16 }, 'coldtrace-detector-2'],
        );
        assert.equal(readServerConfig(['--broker', 'nats'], { COLDTRACE_NATS_ACK_QOS: '1' }).nats?.deviceAckQos, 1);
        assert.throws(() => readServerConfig(['--broker', 'nats'], { COLDTRACE_NATS_ACK_QOS: '2' }), /COLDTRACE_NATS_ACK_QOS must be 0 or 1, not 2/);
        assert.equal(readServerConfig([], {}).detectorName, 'coldtrace-detector');
        assert.throws(() => readServerConfig(['--broker', 'kafka'], {}), /the broker must be embedded, mosquitto or nats, not kafka/);
        assert.throws(() => readServerConfig([], { COLDTRACE_DETECTOR_NAME: 'T-1' }), /COLDTRACE_DETECTOR_NAME must start with coldtrace-/);
    });

    it('never seeds demo data in production', () => {
        assert.equal(readServerConfig([], { NODE_ENV: 'production' }).demo, false);
    });

    it('refuses unknown ledgers, ports and options with a message that says what is wrong', () => {
        assert.throws(
            () => readServerConfig(['--ledger', 'sql'], {}),
            (e: Error) => e instanceof ServerConfigError && /embedded, fabric or amb/.test(e.message),
        );
        assert.throws(() => readServerConfig([], { PORT: 'http' }), /port must be a number/);
        assert.throws(() => readServerConfig(['--colour'], {}), /unknown option --colour/);
        assert.throws(() => readServerConfig(['--data'], {}), /--data needs a value/);
        assert.throws(() => readServerConfig([], { COLDTRACE_TOKEN_TTL: '5' }), /at least 60/);
    });
});

describe('readServerConfig: the Fabric client', () => {
    it('reaches Fabric through the Gateway unless told legacy, by flag or environment', () => {
        assert.equal(readServerConfig(['--ledger', 'fabric'], {}).fabricClient, 'gateway');
        assert.equal(readServerConfig(['--ledger', 'fabric', '--client', 'legacy'], {}).fabricClient, 'legacy');
        assert.equal(readServerConfig(['--ledger', 'fabric'], { COLDTRACE_FABRIC_CLIENT: 'legacy' }).fabricClient, 'legacy');
        assert.equal(readServerConfig(['--ledger', 'fabric', '--client', 'gateway'], { COLDTRACE_FABRIC_CLIENT: 'legacy' }).fabricClient, 'gateway');
    });

    it('takes amb as Fabric through the legacy client, and refuses the Gateway for it', () => {
        const config = readServerConfig(['--ledger', 'amb'], {});
        assert.deepEqual([config.ledger, config.fabricClient], ['fabric', 'legacy']);
        assert.equal(readServerConfig([], { COLDTRACE_LEDGER: 'amb', COLDTRACE_FABRIC_CLIENT: 'legacy' }).fabricClient, 'legacy');
        assert.throws(() => readServerConfig(['--ledger', 'amb', '--client', 'gateway'], {}), /no Gateway service: drop --client gateway/);
    });

    it('refuses an unknown client, and --client on the embedded ledger (the environment variable is ignored there)', () => {
        assert.throws(() => readServerConfig(['--ledger', 'fabric', '--client', 'grpc'], {}), /gateway or legacy, not grpc/);
        assert.throws(() => readServerConfig(['--client', 'legacy'], {}), /add --ledger fabric/);
        assert.equal(readServerConfig([], { COLDTRACE_FABRIC_CLIENT: 'legacy' }).ledger, 'embedded');
    });
});

describe("readServerConfig: a member's own node (--org)", () => {
    it('serves one organization on Fabric through its own description, without demo data', () => {
        const config = readServerConfig(['--ledger', 'fabric', '--org', 'Retailer2MSP'], {});
        assert.equal(config.org, 'Retailer2MSP');
        assert.equal(config.demo, false);
        assert.match(config.fabricConnection, /\.fabric\/network\/members\/Retailer2MSP\.json$/);
        assert.equal(
            readServerConfig([], { COLDTRACE_LEDGER: 'fabric', COLDTRACE_ORG: 'CarrierMSP', COLDTRACE_FABRIC_CONNECTION: '/etc/ct/carrier.json' }).fabricConnection,
            '/etc/ct/carrier.json',
        );
        assert.equal(readServerConfig(['--ledger', 'fabric'], {}).org, undefined);
    });

    it('refuses a member node on the embedded ledger and an organization that is no MSP id', () => {
        assert.throws(
            () => readServerConfig(['--org', 'Retailer2MSP'], {}),
            (e: Error) => e instanceof ServerConfigError && /add --ledger fabric/.test(e.message),
        );
        assert.throws(() => readServerConfig(['--ledger', 'fabric', '--org', 'Retailer 2'], {}), /--org must be an MSP id/);
        assert.throws(() => readServerConfig(['--ledger', 'fabric', '--org'], {}), /--org needs a value/);
    });
});

describe('readServerConfig: sign-in lockout and proxies', () => {
    it('trusts no proxy unless told, so X-Forwarded-For cannot choose the client address', () => {
        assert.equal(readServerConfig([], {}).trustProxy, false);
        assert.equal(readServerConfig([], { COLDTRACE_TRUST_PROXY: 'false' }).trustProxy, false);
        assert.equal(readServerConfig([], { COLDTRACE_TRUST_PROXY: '1' }).trustProxy, 1);
        assert.deepEqual(readServerConfig([], { COLDTRACE_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy, ['loopback', '10.0.0.0/8', 'fd00::1']);
    });

    it('refuses trusting every proxy and entries that are no address', () => {
        assert.throws(
            () => readServerConfig([], { COLDTRACE_TRUST_PROXY: 'true' }),
            (e: Error) => e instanceof ServerConfigError && /any caller choose its own address/.test(e.message),
        );
        assert.throws(() => readServerConfig([], { COLDTRACE_TRUST_PROXY: 'proxy.example.com' }), /"proxy.example.com" is not an address/);
        assert.throws(() => readServerConfig([], { COLDTRACE_TRUST_PROXY: '10.0.0.0/33' }), /not an address, a subnet/);
    });

    it('reads the lockout: 10 failures per account, 50 per address, counted over 15 minutes by default', () => {
        assert.deepEqual(readServerConfig([], {}).signIn, { failuresPerAccount: 10, failuresPerAddress: 50, windowSeconds: 900 });
        const config = readServerConfig([], { COLDTRACE_SIGNIN_ACCOUNT_FAILURES: '5', COLDTRACE_SIGNIN_ADDRESS_FAILURES: '200', COLDTRACE_SIGNIN_WINDOW: '3600' });
        assert.deepEqual(config.signIn, { failuresPerAccount: 5, failuresPerAddress: 200, windowSeconds: 3600 });
        assert.throws(() => readServerConfig([], { COLDTRACE_SIGNIN_ACCOUNT_FAILURES: '0' }), /COLDTRACE_SIGNIN_ACCOUNT_FAILURES must be a whole number of at least 1, not 0/);
        assert.throws(() => readServerConfig([], { COLDTRACE_SIGNIN_WINDOW: 'a while' }), /COLDTRACE_SIGNIN_WINDOW must be a whole number/);
    });
});

describe('readServerConfig: notifications', () => {
    it('reads e-mail and webhook channels', () => {
        const config = readServerConfig([], {
            COLDTRACE_SMTP_URL: 'smtp://qa:secret@mail.example.com:587',
            COLDTRACE_MAIL_FROM: 'coldtrace@example.com',
            COLDTRACE_MAIL_TO: 'qa@example.com, recall@example.com',
            COLDTRACE_WEBHOOK_URL: 'https://erp.example.com/hooks/coldtrace',
            COLDTRACE_WEBHOOK_SECRET: 'a-shared-secret-of-32-characters',
        });
        assert.deepEqual(config.notify.smtp, { url: 'smtp://qa:secret@mail.example.com:587', from: 'coldtrace@example.com' });
        assert.deepEqual(config.notify.node.emails, ['qa@example.com', 'recall@example.com']);
        assert.equal(config.notify.node.language, 'en');
        assert.equal(config.notify.node.webhook?.url, 'https://erp.example.com/hooks/coldtrace');
        assert.deepEqual(readServerConfig([], {}).notify, { node: { emails: [], language: 'en' } });
        assert.equal(
            readServerConfig([], { COLDTRACE_SMTP_URL: 'smtp://mail.example.com', COLDTRACE_MAIL_FROM: 'c@example.com', COLDTRACE_MAIL_LANGUAGE: 'ja' }).notify.node.language,
            'ja',
        );
    });

    it('says what is missing or wrong', () => {
        assert.throws(() => readServerConfig([], { COLDTRACE_SMTP_URL: 'mail.example.com' }), /must be a URL/);
        assert.throws(() => readServerConfig([], { COLDTRACE_SMTP_URL: 'http://mail.example.com' }), /smtp:\/\/ or smtps:\/\//);
        assert.throws(() => readServerConfig([], { COLDTRACE_SMTP_URL: 'smtp://mail.example.com' }), /needs COLDTRACE_MAIL_FROM/);
        assert.throws(() => readServerConfig([], { COLDTRACE_MAIL_TO: 'qa@example.com' }), /COLDTRACE_MAIL_TO needs COLDTRACE_SMTP_URL/);
        assert.throws(() => readServerConfig([], { COLDTRACE_MAIL_LANGUAGE: 'fr' }), /one of en, ja, not fr/);
        assert.throws(() => readServerConfig([], { COLDTRACE_WEBHOOK_URL: 'https://x.example.com', COLDTRACE_WEBHOOK_SECRET: 'short' }), /at least 16/);
    });

    it('validates the webhook URL at start: https, or http to localhost outside production (issue 12, row 16)', () => {
        const secret = { COLDTRACE_WEBHOOK_SECRET: 'a-shared-secret-of-32-characters' };
        const refused = (url: string, reason: RegExp, env: NodeJS.ProcessEnv = {}) =>
            assert.throws(
                () => readServerConfig([], { ...secret, ...env, COLDTRACE_WEBHOOK_URL: url }),
                (e: Error) => e instanceof ServerConfigError && /^COLDTRACE_WEBHOOK_URL: /.test(e.message) && reason.test(e.message),
                url,
            );
        refused('file:///etc/passwd', /over https, not file:/);
        refused('not a url', /is not a URL/);
        refused('http://erp.example.com/hooks/coldtrace', /use https/);
        refused('http://127.0.0.1:9000/hook', /production posts webhooks over https only/, { NODE_ENV: 'production' });
        assert.equal(readServerConfig([], { ...secret, COLDTRACE_WEBHOOK_URL: 'http://127.0.0.1:9000/hook' }).notify.node.webhook?.url, 'http://127.0.0.1:9000/hook');
        assert.equal(
            readServerConfig([], { ...secret, NODE_ENV: 'production', COLDTRACE_WEBHOOK_URL: 'https://erp.example.com/hook' }).notify.node.webhook?.url,
            'https://erp.example.com/hook',
        );
    });
});

describe('readServerConfig: telemetry limits', () => {
    it('takes MQTT packets up to 64 KiB by default, or COLDTRACE_MQTT_MAX_PACKET_BYTES, never below 4 KiB', () => {
        assert.equal(readServerConfig([], {}).mqttMaxPacketBytes, 65_536);
        assert.equal(readServerConfig([], { COLDTRACE_MQTT_MAX_PACKET_BYTES: '1048576' }).mqttMaxPacketBytes, 1_048_576);
        assert.throws(() => readServerConfig([], { COLDTRACE_MQTT_MAX_PACKET_BYTES: '100' }), /COLDTRACE_MQTT_MAX_PACKET_BYTES must be a whole number of at least 4096, not 100/);
    });

    it('refuses readings dated over 5 minutes ahead by default, or COLDTRACE_MAX_CLOCK_SKEW_SECONDS', () => {
        assert.equal(readServerConfig([], {}).maxClockSkewSeconds, 300);
        assert.equal(readServerConfig([], { COLDTRACE_MAX_CLOCK_SKEW_SECONDS: '0' }).maxClockSkewSeconds, 0);
        assert.throws(() => readServerConfig([], { COLDTRACE_MAX_CLOCK_SKEW_SECONDS: '-5' }), /COLDTRACE_MAX_CLOCK_SKEW_SECONDS must be a whole number of at least 0, not -5/);
    });

    it('lets a sensor send 200 readings/s with a burst of 2,000 by default, or COLDTRACE_SENSOR_READINGS_PER_SECOND and COLDTRACE_SENSOR_READING_BURST', () => {
        assert.deepEqual(readServerConfig([], {}).sensorFlood, { readingsPerSecond: 200, burst: 2_000 });
        assert.deepEqual(readServerConfig([], { COLDTRACE_SENSOR_READINGS_PER_SECOND: '5000', COLDTRACE_SENSOR_READING_BURST: '50000' }).sensorFlood, {
            readingsPerSecond: 5_000,
            burst: 50_000,
        });
        assert.throws(
            () => readServerConfig([], { COLDTRACE_SENSOR_READINGS_PER_SECOND: '0' }),
            /COLDTRACE_SENSOR_READINGS_PER_SECOND must be a whole number of at least 1, not 0/,
        );
        assert.throws(() => readServerConfig([], { COLDTRACE_SENSOR_READING_BURST: '1.5' }), /COLDTRACE_SENSOR_READING_BURST must be a whole number of at least 1, not 1.5/);
    });

    describe('OpenID providers in the organizations file', () => {
        let dir: string;
        beforeEach(() => {
            dir = mkdtempSync(join(tmpdir(), 'coldtrace-config-'));
        });
        afterEach(() => rmSync(dir, { recursive: true, force: true }));
        const organizations = (entries: unknown[]) => {
            writeFileSync(join(dir, 'organizations.json'), JSON.stringify(entries));
            return readServerConfig(['--organizations', join(dir, 'organizations.json')], {});
        };
        const retailer = { mspId: 'RetailerMSP', roles: ['retailer'], displayName: 'Harbour Pharmacy' };
        const provider = { issuer: 'https://login.harbour.example', clientId: 'coldtrace', audience: 'https://coldtrace.example/api', roleClaim: 'realm_access.roles' };

        it('keeps an entry’s provider on the node and records the member without it', () => {
            const config = organizations([
                { ...retailer, oidc: provider },
                { mspId: 'CarrierMSP', roles: ['carrier'], displayName: 'Polar' },
            ]);
            assert.deepEqual(config.oidc, { RetailerMSP: provider });
            assert.deepEqual(config.organizations[0], retailer);
            assert.equal(config.oidcKeyCacheSeconds, 600);
            assert.equal(config.clientTokenTtlSeconds, 300);
        });

        it('names what is wrong with a provider, and refuses one issuer for two organizations', () => {
            assert.throws(() => organizations([{ ...retailer, oidc: { ...provider, issuer: 'not a url' } }]), /0\.oidc: issuer/);
            assert.throws(() => organizations([{ ...retailer, oidc: { ...provider, roleClaim: undefined } }]), /0\.oidc: roleClaim/);
            assert.throws(
                () =>
                    organizations([
                        { ...retailer, oidc: provider },
                        { mspId: 'Retailer2MSP', roles: ['retailer'], displayName: 'Northside', oidc: provider },
                    ]),
                /login\.harbour\.example is the OpenID provider of more than one organization/,
            );
        });
    });
});
