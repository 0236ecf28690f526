import { z } from 'zod';
import { RecordId, type RecordStamp } from './common';
import { Limits } from './limits';

/**
 * A GS1 EPCIS event hash (CBV 2.0 "event hash ID", an RFC 6920 `ni` URI with SHA-256), the
 * form coldtrace anchors partners' captured events by.
 *
 * @example
 * EpcisEventHash.parse('ni:///sha-256;ffa4…4b?ver=CBV2.0');
 */
export const EpcisEventHash = z.string().regex(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/, 'must be an EPCIS event hash: ni:///sha-256;<64 lowercase hex>?ver=CBV2.0');
export type EpcisEventHash = z.infer<typeof EpcisEventHash>;

/** The hex digest inside an event hash: the anchor's key. */
export function eventHashDigest(hash: EpcisEventHash): string {
    return hash.slice('ni:///sha-256;'.length, 'ni:///sha-256;'.length + 64);
}

/** One capture job's event hashes, anchored in one transaction. */
export const AnchorEpcisInput = z.strictObject({
    /** The node's capture job the hashes come from, for the record. */
    captureId: RecordId,
    hashes: z.array(EpcisEventHash).min(1).max(Limits.epcisHashesPerAnchor),
});
export type AnchorEpcisInput = z.input<typeof AnchorEpcisInput>;

/**
 * Proof that an organization held an EPCIS event with this hash at `anchoredAt`: the event itself
 * stays off chain with the node that captured it. The first anchor of a hash is kept; anchoring it
 * again (a retry, or another partner capturing the same event) changes nothing.
 */
export interface EpcisAnchor extends RecordStamp {
    docType: 'epcisAnchor';
    hash: EpcisEventHash;
    /** The organization whose node captured the event. */
    org: string;
    captureId: string;
    anchoredAt: string;
}

/** What `epcis:anchor` answers: which hashes this transaction anchored and which were anchored before. */
export interface EpcisAnchorResult {
    anchored: EpcisEventHash[];
    alreadyAnchored: EpcisEventHash[];
}
