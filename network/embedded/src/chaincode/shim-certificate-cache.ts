import { createRequire } from 'node:module';
import { BoundedCache } from '../util/bounded-cache';

/** The part of @fidm/x509 fabric-shim's ClientIdentity calls for every transaction. */
interface CertificateClass {
    fromPEM(pem: string | Buffer): unknown;
}

/** Marks the class already patched, so loading the chaincode once per peer (and in tests) patches it once. */
const CACHED = Symbol('coldtrace.cachedFromPEM');

/** How many distinct creator certificates stay parsed: the API's users and services, with room. */
const CAPACITY = 4096;

/**
 * Lets fabric-shim parse each creator certificate once instead of once per transaction.
 *
 * fabric-contract-api builds a `ClientIdentity` for every transaction, and its constructor decodes
 * the creator's PEM with @fidm/x509 (ASN.1 validation of the whole certificate) to build the ID
 * string and read the attributes: 6 % of the embedded server's CPU while tracing. The parse is a
 * pure function of the PEM text and ClientIdentity only reads the result (subject, issuer,
 * extensions) into its own fields, so the parsed certificate is shared between transactions of the
 * same creator. What the chaincode sees (`getID`, `getMSPID`, attributes) is unchanged; which
 * creators are let in is decided before, by the endorser's MSP and revocation checks.
 *
 * @example
 * cacheShimCertificateParsing(); // before the shim runs its first transaction
 */
export function cacheShimCertificateParsing(): void {
    // The @fidm/x509 that fabric-shim itself resolves, wherever npm placed it.
    const shimRequire = createRequire(require.resolve('fabric-shim/lib/chaincode'));
    const { Certificate } = shimRequire('@fidm/x509') as { Certificate: CertificateClass & { [CACHED]?: true } };
    if (Certificate[CACHED]) {
        return;
    }
    const parse = Certificate.fromPEM.bind(Certificate);
    const parsed = new BoundedCache<string, unknown>(CAPACITY);
    Certificate.fromPEM = (pem) => (typeof pem === 'string' ? parsed.getOrCreate(pem, () => parse(pem)) : parse(pem));
    Certificate[CACHED] = true;
}
