import { type Product, normalizeGtin, referencesProduct, toDigitalLink, validateSerial } from '@coldtrace/chaincode/model';
import express, { type Request, type Router } from 'express';
import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import type { Authenticator } from './authenticator';
import { HttpError } from './http-error';

/** RFC 9264's media type for a linkset in JSON. */
export const LINKSET_MEDIA_TYPE = 'application/linkset+json';
/** GS1 Web Vocabulary link types (GS1 Digital Link / resolver standard). */
export const GS1_LINK_TYPES = {
    defaultLink: 'https://gs1.org/voc/defaultLink',
    pip: 'https://gs1.org/voc/pip',
    traceability: 'https://gs1.org/voc/traceability',
    epcis: 'https://gs1.org/voc/epcis',
} as const;

/** One target of a link (RFC 9264 §4.2.4). */
export interface LinkTarget {
    href: string;
    title: string;
    type: string;
}

/** The linkset of one serialised product (RFC 9264 §4.2). */
export interface ProductLinkset {
    linkset: [{ anchor: string } & Partial<Record<(typeof GS1_LINK_TYPES)[keyof typeof GS1_LINK_TYPES], LinkTarget[]>>];
}

/**
 * coldtrace's GS1 Digital Link resolver for serialised products, `/01/{gtin}/21/{serial}` on the
 * server's own origin (the URI printed in the label's QR code). A browser is sent on to the public
 * provenance page; a machine asking for `application/linkset+json` gets the GS1 linkset: the
 * provenance page (gs1:pip, the default link), its JSON (gs1:traceability) and — for a signed-in
 * caller the ledger lets read the product — the EPCIS events (gs1:epcis).
 *
 * @example
 * // curl -H 'Accept: application/linkset+json' http://localhost:3000/01/09506000134352/21/ABC123
 */
export function digitalLinkResolver(ledger: JsonLedgerClient, authenticator: Authenticator): Router {
    const router = express.Router();
    router.get('/01/:gtin/21/:serial', async (req, res, next) => {
        try {
            res.locals.routeName = 'digitalLink';
            const { gtin, serial } = productKey(String(req.params.gtin), String(req.params.serial));
            const origin = `${req.protocol}://${req.get('host')}`;
            const pageUrl = `${origin}/p/${encodeURIComponent(toDigitalLink(gtin, serial))}`;
            res.vary('Accept');
            if (req.accepts(['text/html', LINKSET_MEDIA_TYPE, 'application/json']) !== LINKSET_MEDIA_TYPE && req.query.linkType !== 'all') {
                res.redirect(307, pageUrl);
                return;
            }
            const linkset = productLinkset({ origin, gtin, serial, pageUrl, epcis: await readsProduct(req, ledger, authenticator, { gtin, serial }) });
            res.type(LINKSET_MEDIA_TYPE).send(JSON.stringify(linkset));
        } catch (error) {
            next(error);
        }
    });
    return router;
}

/** The linkset a product's Digital Link resolves to; `epcis` adds the events link for an authorised caller. */
export function productLinkset(options: { origin: string; gtin: string; serial: string; pageUrl: string; epcis: boolean }): ProductLinkset {
    const { origin, gtin, serial, pageUrl } = options;
    const page: LinkTarget = { href: pageUrl, title: 'Provenance of this product', type: 'text/html' };
    const dl = toDigitalLink(gtin, serial);
    return {
        linkset: [
            {
                anchor: `${origin}/01/${gtin}/21/${encodeURIComponent(serial)}`,
                [GS1_LINK_TYPES.defaultLink]: [page],
                [GS1_LINK_TYPES.pip]: [page],
                [GS1_LINK_TYPES.traceability]: [
                    { href: `${origin}/api/v1/public/provenance/${encodeURIComponent(dl)}`, title: 'Provenance of this product (JSON)', type: 'application/json' },
                ],
                ...(options.epcis && {
                    [GS1_LINK_TYPES.epcis]: [
                        { href: `${origin}/epcis/events?MATCH_epc=${encodeURIComponent(dl)}`, title: 'EPCIS events of this product', type: 'application/ld+json' },
                    ],
                }),
            },
        ],
    };
}

function productKey(gtin: string, serial: string): { gtin: string; serial: string } {
    try {
        return { gtin: normalizeGtin(gtin), serial: validateSerial(serial) };
    } catch (error) {
        throw new HttpError(400, 'INVALID_ARGUMENT', `not a product's GS1 Digital Link: ${(error as Error).message}`);
    }
}

/** Whether the request carries a valid token whose organization the ledger lets read this product. */
async function readsProduct(req: Request, ledger: JsonLedgerClient, authenticator: Authenticator, key: { gtin: string; serial: string }): Promise<boolean> {
    if (!req.get('authorization')) {
        return false;
    }
    try {
        const caller = await authenticator.caller(req);
        return referencesProduct(key, await ledger.evaluate<Product>(caller.identity, 'product:get', [key.serial]));
    } catch {
        // An expired token or a product the caller may not read: the public linkset, as for anyone.
        return false;
    }
}
