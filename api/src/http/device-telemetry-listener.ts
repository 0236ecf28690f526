import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import { type AddressInfo, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import express from 'express';
import type { Logger } from 'pino';
import { API_BASE, routes } from '../contract';
import type { Ledger } from '@coldtrace/ledger-client';
import { AuthenticationError, type DeviceCertificateAuthority } from '@coldtrace/telemetry';
import type { Authenticator } from './authenticator';
import { type TelemetryIngestionAccess, telemetryIngestionHandlers } from './handlers/telemetry-ingestion-handlers';
import { HttpError } from './http-error';
import { problemMiddleware } from './problem-response';
import { bindRoute } from './route-binder';

export interface DeviceTelemetryListenerOptions {
    port: number;
    host: string;
    /** The device CA: it issues the listener's server certificate and is the only issuer of client certificates accepted. */
    ca: DeviceCertificateAuthority;
    access: TelemetryIngestionAccess;
    ledger: Ledger;
    authenticator: Authenticator;
    logger: Logger;
    /** Largest body, as the API's (default 2 MB). */
    bodyLimit?: string;
}

/** The running listener: its https URL, and `close()`. */
export interface DeviceTelemetryListener {
    url: string;
    close(): Promise<void>;
}

/**
 * The device HTTPS listener: its own port, mutual TLS against the device CA, and only
 * `POST /api/v1/telemetry`, where a device posts readings as its certificate's CN, exactly as the
 * broker binds its MQTT client id. The certificate is asked for but checked per request, so a
 * request without one (or with another CA's) gets a 401 problem document rather than a failed
 * handshake that says nothing.
 *
 * @example
 * const listener = await startDeviceTelemetryListener({ port: 8443, host: '127.0.0.1', ca, access, ledger, authenticator, logger });
 * console.log(listener.url); // https://localhost:8443
 */
export async function startDeviceTelemetryListener(options: DeviceTelemetryListenerOptions): Promise<DeviceTelemetryListener> {
    const app = express();
    app.disable('x-powered-by');
    const api = express.Router();
    api.use((req, _res, next) => {
        const socket = req.socket as TLSSocket;
        next(
            socket.authorized
                ? undefined
                : new AuthenticationError(
                      'UNAUTHENTICATED',
                      `this listener takes readings from devices only: present the device’s client certificate, issued by coldtrace’s device CA (${socket.authorizationError ?? 'none was sent'})`,
                  ),
        );
    });
    api.use(express.json({ limit: options.bodyLimit ?? '2mb', strict: true }));
    api.use(express.text({ type: 'text/csv', limit: options.bodyLimit ?? '2mb' }));
    const { ingestTelemetry } = telemetryIngestionHandlers(options.ledger, options.access, options.authenticator);
    bindRoute(api, 'ingestTelemetry', routes.ingestTelemetry, ingestTelemetry, options.authenticator);
    app.use(API_BASE, api);
    app.use((req, _res, next) =>
        next(new HttpError(404, 'ROUTE_NOT_FOUND', `the device listener serves only POST ${API_BASE}${routes.ingestTelemetry.path}, not ${req.method} ${req.path}`)),
    );
    app.use(problemMiddleware((error) => options.logger.error({ err: error }, 'device telemetry request failed unexpectedly')));

    const host = options.host === '127.0.0.1' || options.host === '::1' ? 'localhost' : options.host;
    const named = host === 'localhost' || isIP(host) ? [] : [host];
    const credentials = await options.ca.issue(
        { commonName: host, kind: 'service' },
        { dnsNames: ['localhost', ...named], ipAddresses: ['127.0.0.1', ...(isIP(host) ? [host] : [])] },
    );
    const server: Server = createServer(
        { ca: options.ca.certificatePem, cert: credentials.certificatePem, key: credentials.privateKeyPem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
        app,
    );
    server.listen(options.port, options.host);
    await once(server, 'listening');
    const url = `https://${host}:${(server.address() as AddressInfo).port}`;
    options.logger.info({ url }, `devices post readings to ${url}${API_BASE}${routes.ingestTelemetry.path} (mutual TLS, device CA)`);
    return {
        url,
        close: async () => {
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeIdleConnections();
            await closed;
        },
    };
}
