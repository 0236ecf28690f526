/**
 * Certificate attribute (Fabric CA style) naming the service an identity belongs to. A certificate
 * with `coldtrace.role=detector` acts as its carrier's detector service: it records excursions and
 * digests of the shipments its organization carries, and nothing a person decides.
 */
export const ROLE_ATTRIBUTE = 'coldtrace.role';
export const DETECTOR_ROLE = 'detector';

/**
 * Certificate attribute marking a consortium administrator of its organization: with
 * `coldtrace.admin=true` an identity may propose, approve or reject a member's admission, suspension
 * or reinstatement — the embedded counterpart of an organization's admin signing a Fabric config update.
 */
export const ADMIN_ATTRIBUTE = 'coldtrace.admin';
