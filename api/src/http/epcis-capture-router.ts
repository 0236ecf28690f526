import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { CapturedEventSource } from '../epcis/captured-event-source';
import type { EpcisCaptureService } from '../epcis/epcis-capture-service';
import type { Authenticator } from './authenticator';
import type { Caller } from './caller';
import { HttpError } from './http-error';

/** The capture side of the EPCIS interface and what it needs. */
export interface EpcisCaptureAccess {
    capture: EpcisCaptureService;
    source: CapturedEventSource;
}

/** Media types GS1's REST binding accepts for EPCIS JSON/JSON-LD bodies. */
const EPCIS_JSON = ['application/json', 'application/ld+json'];

/**
 * The EPCIS 2.0 REST binding's capture routes, mounted under /epcis beside the query interface:
 * `POST /capture` (a document, 202 + Location of its job), `GET /capture/{captureID}`, `POST /events`
 * (one event, 201; 409 EVENT_EXISTS) and `GET /events/{eventID}/verify` (its hash against the ledger's
 * anchor). `GET /events/{eventID}` is the query interface's, which merges captured and ledger events. Same bearer tokens and
 * problem documents as /api/v1; eventIDs are percent-encoded in paths.
 *
 * @example
 * app.use('/epcis', epcisCaptureRouter(access, authenticator));
 */
export function epcisCaptureRouter(access: EpcisCaptureAccess, authenticator: Authenticator, bodyLimit = '20mb'): Router {
    const router = express.Router();
    const json = express.json({ limit: bodyLimit, strict: true, type: EPCIS_JSON });
    /** A route handler for a signed-in caller, named for the metrics; failures go to the problem middleware. */
    const signedIn =
        (name: string, fn: (caller: Caller, req: Request, res: Response) => Promise<void>): RequestHandler =>
        (req, res, next) => {
            res.locals.routeName = name;
            authenticator
                .caller(req)
                .then((caller) => fn(caller, req, res))
                .catch(next);
        };
    /** The captured event the path names, or 404 when the caller may not see one. */
    const visibleEvent = async (caller: Caller, req: Request) => {
        const captured = await access.source.find(caller.identity, String(req.params.eventID));
        if (!captured) {
            throw new HttpError(404, 'NOT_FOUND', `no captured event ${String(req.params.eventID)} visible to ${caller.identity.mspId}`);
        }
        return captured;
    };

    router.post(
        '/capture',
        json,
        signedIn('epcisCapture', async (caller, req, res) => {
            const { captureID } = access.capture.captureDocument(caller.identity, requireJsonBody(req));
            res.status(202)
                .location(`/epcis/capture/${encodeURIComponent(captureID)}`)
                .json({ captureID });
        }),
    );
    router.get(
        '/capture/:captureID',
        signedIn('epcisCaptureJob', async (caller, req, res) => {
            const job = access.capture.job(String(req.params.captureID));
            // Another organization's job is not there for the caller: its existence tells about a partner.
            if (!job || job.org !== caller.identity.mspId) {
                throw new HttpError(404, 'NOT_FOUND', `no capture job ${String(req.params.captureID)} of ${caller.identity.mspId}`);
            }
            res.json(job);
        }),
    );
    router.post(
        '/events',
        json,
        signedIn('epcisCaptureEvent', async (caller, req, res) => {
            const { eventID, hash } = await access.capture.captureEvent(caller.identity, requireJsonBody(req));
            res.status(201)
                .location(`/epcis/events/${encodeURIComponent(eventID)}`)
                .json({ eventID, hash });
        }),
    );
    router.get(
        '/events/:eventID/verify',
        signedIn('epcisVerifyEvent', async (caller, req, res) => {
            res.json(await access.capture.verify(caller.identity, await visibleEvent(caller, req)));
        }),
    );
    return router;
}

function requireJsonBody(req: Request): unknown {
    if (!req.is(EPCIS_JSON)) {
        throw new HttpError(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            `send EPCIS as application/json or application/ld+json${req.get('content-type') ? `, not ${req.get('content-type')}` : ''}`,
        );
    }
    return req.body;
}
