import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';
import { AuthenticationError, type CarrierTokens, isCarrierToken, peerIdentity, type TelemetryIngestion, type TelemetrySender } from '@coldtrace/telemetry';
import type { TelemetryUploadQuery } from '@coldtrace/telemetry/contract';
import type { Ledger } from '@coldtrace/ledger-client';
import type { Authenticator } from '../authenticator';
import type { Caller } from '../caller';
import { HttpError } from '../http-error';
import type { RouteHandlers } from './route-handlers';
import { requireCarrierMember } from './telemetry-handlers';

/** The parts of the running telemetry pipeline HTTP ingestion uses. */
export interface TelemetryIngestionAccess {
    ingestion: TelemetryIngestion;
    tokens: CarrierTokens;
}

type IngestionRoutes = 'ingestTelemetry' | 'issueTelemetryToken' | 'listTelemetryTokens' | 'revokeTelemetryToken';

const NO_CREDENTIALS =
    'post readings with a carrier telemetry token (Authorization: Bearer …), with a user token and ?shipmentId= (the consignee’s logger read-out), or with the device’s client certificate to the device HTTPS listener';

/**
 * `POST /telemetry` and carriers' telemetry tokens. Who posts is told by the credentials: a verified
 * client certificate of the device CA (only the device HTTPS listener asks for one), a telemetry
 * token, or a user's token. Without a running pipeline every route answers 503.
 *
 * @example
 * app handlers: { ...telemetryIngestionHandlers(ledger, telemetry, authenticator) }
 */
export function telemetryIngestionHandlers(ledger: Ledger, access: TelemetryIngestionAccess | undefined, authenticator: Authenticator): RouteHandlers<IngestionRoutes> {
    const pipeline = (): TelemetryIngestionAccess => {
        if (!access) {
            throw new HttpError(503, 'TELEMETRY_UNAVAILABLE', 'this server runs without the telemetry pipeline (started with --no-telemetry)');
        }
        return access;
    };
    /** Tokens are the carrier organization's node settings: its administrators manage them. */
    const carrierAdministrator = async ({ user, identity }: Caller, what: string) => {
        if (!user.admin) {
            throw new HttpError(403, 'FORBIDDEN', `only administrators of ${user.org} ${what} its telemetry tokens; ${user.username} is not one`);
        }
        await requireCarrierMember(ledger, identity);
        return identity.mspId;
    };
    const senderOf = async (req: Request, query: TelemetryUploadQuery, tokens: CarrierTokens): Promise<TelemetrySender> => {
        const device = peerIdentity(req.socket as TLSSocket);
        const header = req.get('authorization');
        const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
        if (!device && !header) {
            throw new AuthenticationError('UNAUTHENTICATED', NO_CREDENTIALS);
        }
        if (device || (bearer && isCarrierToken(bearer))) {
            if (query.shipmentId) {
                throw new HttpError(
                    400,
                    'VALIDATION_FAILED',
                    'query.shipmentId: only a consignee’s logger read-out names its shipment; devices and carriers’ forwarders post readings of attached sensors without it',
                );
            }
            return device ? { kind: 'device', identity: device } : { kind: 'carrier', ...tokens.verify(bearer!) };
        }
        const { user, identity } = await authenticator.caller(req);
        if (!query.shipmentId) {
            throw new HttpError(
                400,
                'VALIDATION_FAILED',
                'query.shipmentId: name the shipment the data logger rode on (a user posts the read-out of a shipment it is the consignee of)',
            );
        }
        return { kind: 'consignee', caller: { identity, role: user.role }, shipmentId: query.shipmentId };
    };
    return {
        ingestTelemetry: async ({ query, body }, _caller, req) => {
            const { ingestion, tokens } = pipeline();
            return ingestion.ingest(await senderOf(req, query, tokens), body.readings);
        },
        issueTelemetryToken: async ({ body }, caller) => {
            const { tokens } = pipeline();
            return tokens.issue({ org: await carrierAdministrator(caller, 'issue'), label: body.label, days: body.days, issuedBy: caller.user.username });
        },
        listTelemetryTokens: async (_request, caller) => pipeline().tokens.list(await carrierAdministrator(caller, 'list')),
        revokeTelemetryToken: async ({ params }, caller) => {
            const { tokens } = pipeline();
            const org = await carrierAdministrator(caller, 'revoke');
            const revoked = tokens.revoke(params.tokenId, org);
            if (!revoked) {
                throw new HttpError(404, 'NOT_FOUND', `${org} has no telemetry token ${params.tokenId}`);
            }
            return revoked;
        },
    };
}
