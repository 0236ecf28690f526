export type { Identity, IdentityInfo } from './identity';
export {
    type CertificateAuthority,
    certificateAuthorityFromPem,
    createCertificateAuthority,
    FABRIC_ATTRIBUTES_OID,
    openOrCreateCertificateAuthority,
    type EnrollOptions,
    type IdentityType,
} from './certificate-authority';
export { type MspRegistry, openOrCreateMspRegistry } from './msp-registry';
export { holdsKeyOf, sign, verifySignature } from './signer';
export { UntrustedIdentityError } from './untrusted-identity-error';
export { UnknownMspError } from './unknown-msp-error';
export { InvalidMspIdError } from './invalid-msp-id-error';
export { InvalidCaMaterialError } from '@coldtrace/pki';
export { MalformedSignatureError } from './malformed-signature-error';
export { UnsupportedKeyError } from './unsupported-key-error';
