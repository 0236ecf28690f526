/**
 * An enrolled member of an organization: what a Fabric wallet holds for one user.
 *
 * @example
 * const alice: Identity = await ca.enroll('alice');
 * const signature = sign(alice.privateKey, proposalBytes);
 */
export interface Identity {
    mspId: string;
    /** X.509 enrollment certificate, PEM. */
    certificate: string;
    /** ECDSA P-256 private key, PKCS#8 PEM. */
    privateKey: string;
}

/**
 * What a verified certificate says about its holder, as fabric-shim's ClientIdentity would read it.
 *
 * @example
 * const info = registry.verify('CarrierMSP', certificatePem);
 * info.attributes['coldtrace.role']; // 'detector'
 */
export interface IdentityInfo {
    mspId: string;
    /** The subject common name. */
    userId: string;
    /** The Fabric CA attributes (`hf.EnrollmentID`, `hf.Type`, `hf.Affiliation` and custom ones). */
    attributes: Record<string, string>;
}
