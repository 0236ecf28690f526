import { createHash } from 'node:crypto';
import { signers, type HSMSigner, type HSMSignerFactory } from '@hyperledger/fabric-gateway';
import type * as Pkcs11Js from 'pkcs11js';
import { P256_KEY } from './key-pair';
import { formatPkcs11KeyUri, parsePkcs11KeyUri } from './pkcs11-key-uri';
import { nodeWebCrypto } from './x509';

/** How to reach a PKCS#11 token, e.g. SoftHSM2's `/usr/lib/softhsm/libsofthsm2.so`, token `coldtrace`. */
export interface Pkcs11Config {
    library: string;
    token: string;
    pin: string;
}

/** Signs a SHA-256 digest, answering a DER low-S ECDSA signature (fabric-gateway's Signer). */
export type DigestSigner = (digest: Uint8Array) => Promise<Uint8Array>;

// DER of OID 1.2.840.10045.3.1.7 (prime256v1): the CKA_EC_PARAMS of a P-256 key.
const P256_EC_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');
// SubjectPublicKeyInfo of a P-256 key, up to the uncompressed point.
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/**
 * The PKCS#11 configuration from the environment (`COLDTRACE_PKCS11_LIBRARY`, `COLDTRACE_PKCS11_TOKEN`,
 * `COLDTRACE_PKCS11_PIN`), or undefined when no library is configured: then keys are kept in files.
 *
 * @example
 * const config = pkcs11ConfigFromEnvironment(); // { library: '/usr/lib/softhsm/libsofthsm2.so', token: 'coldtrace', pin: '…' }
 */
export function pkcs11ConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): Pkcs11Config | undefined {
    const library = env.COLDTRACE_PKCS11_LIBRARY;
    if (!library) {
        return undefined;
    }
    const token = env.COLDTRACE_PKCS11_TOKEN;
    const pin = env.COLDTRACE_PKCS11_PIN;
    if (!token || !pin) {
        throw new Error('COLDTRACE_PKCS11_LIBRARY is set: set COLDTRACE_PKCS11_TOKEN (the token label) and COLDTRACE_PKCS11_PIN (its user PIN) too');
    }
    return { library, token, pin };
}

/**
 * A PKCS#11 token (an HSM, or SoftHSM2) holding users' signing keys: it generates P-256 key pairs
 * whose private halves never leave it, and signs through fabric-gateway's HSM signer, for the
 * Fabric Gateway and the embedded ledger alike.
 *
 * @example
 * const token = openPkcs11Token(pkcs11ConfigFromEnvironment()!);
 * const { privateKey, publicKey } = await token.generateKeyPair(); // privateKey: 'pkcs11:token=coldtrace;id=%…'
 * const signature = await token.signer(privateKey)(sha256(message));
 */
export interface Pkcs11Token {
    readonly config: Pkcs11Config;
    /**
     * Generates a P-256 key pair in the token (private key sensitive and never extractable, CKA_ID
     * the SHA-256 of the public point as Fabric's BCCSP names keys) and answers the URI of its
     * private key and its public key.
     */
    generateKeyPair(label?: string): Promise<{ privateKey: string; publicKey: CryptoKey }>;
    /** The signer of the private key `uri` names (a session kept open per key). */
    signer(uri: string): DigestSigner;
}

/** The token for `config`, one per library and token in a process (a library is initialized once). */
export function openPkcs11Token(config: Pkcs11Config): Pkcs11Token {
    return HsmToken.open(config);
}

/**
 * The signer of the key a `pkcs11:` URI names, in a token configured in the environment.
 *
 * @example
 * const signature = await pkcs11SignerFor(identity.privateKey)(digest);
 */
export function pkcs11SignerFor(uri: string, env?: NodeJS.ProcessEnv): DigestSigner {
    return HsmToken.signerFor(uri, env);
}

class HsmToken implements Pkcs11Token {
    static readonly #open = new Map<string, HsmToken>();
    readonly #factory: HSMSignerFactory;
    readonly #signers = new Map<string, HSMSigner>();

    private constructor(readonly config: Pkcs11Config) {
        this.#factory = signers.newHSMSignerFactory(config.library);
    }

    /** The token for `config`, one per library and token in a process (a library is initialized once). */
    static open(config: Pkcs11Config): HsmToken {
        const key = `${config.library}\n${config.token}`;
        let token = HsmToken.#open.get(key);
        if (!token) {
            token = new HsmToken(config);
            HsmToken.#open.set(key, token);
        }
        return token;
    }

    /**
     * The signer of the key a `pkcs11:` URI names, in a token configured in the environment.
     *
     * @example
     * const signature = await HsmToken.signerFor(identity.privateKey)(digest);
     */
    static signerFor(uri: string, env: NodeJS.ProcessEnv = process.env): DigestSigner {
        const config = pkcs11ConfigFromEnvironment(env);
        const { token } = parsePkcs11KeyUri(uri);
        if (!config || config.token !== token) {
            throw new Error(`the key ${uri} is in the PKCS#11 token "${token}": set COLDTRACE_PKCS11_LIBRARY, COLDTRACE_PKCS11_TOKEN=${token} and COLDTRACE_PKCS11_PIN`);
        }
        return HsmToken.open(config).signer(uri);
    }

    /**
     * Generates a P-256 key pair in the token (private key sensitive and never extractable, CKA_ID
     * the SHA-256 of the public point as Fabric's BCCSP names keys) and answers the URI of its
     * private key and its public key.
     */
    async generateKeyPair(label = 'coldtrace'): Promise<{ privateKey: string; publicKey: CryptoKey }> {
        // A module of its own for key generation: fabric-gateway's signer factory exposes signing only.
        const pkcs11js = require('pkcs11js') as typeof Pkcs11Js;
        const module = new pkcs11js.PKCS11();
        module.load(this.config.library);
        let initializedHere = true;
        try {
            module.C_Initialize();
        } catch (error) {
            if ((error as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw error;
            }
            // The signer factory initialized the library: finalizing it here would end its sessions.
            initializedHere = false;
        }
        try {
            const slot = module.C_GetSlotList(true).find((candidate) => module.C_GetTokenInfo(candidate).label.trim() === this.config.token);
            if (slot === undefined) {
                throw new Error(`no PKCS#11 token labelled "${this.config.token}" in ${this.config.library}`);
            }
            const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
            try {
                try {
                    module.C_Login(session, pkcs11js.CKU_USER, this.config.pin);
                } catch (error) {
                    if ((error as { code?: number }).code !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) {
                        throw error;
                    }
                }
                const keys = module.C_GenerateKeyPair(
                    session,
                    { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
                    [
                        { type: pkcs11js.CKA_TOKEN, value: false },
                        { type: pkcs11js.CKA_EC_PARAMS, value: P256_EC_PARAMS },
                        { type: pkcs11js.CKA_VERIFY, value: true },
                    ],
                    [
                        { type: pkcs11js.CKA_TOKEN, value: true },
                        { type: pkcs11js.CKA_PRIVATE, value: true },
                        { type: pkcs11js.CKA_SENSITIVE, value: true },
                        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
                        { type: pkcs11js.CKA_SIGN, value: true },
                        { type: pkcs11js.CKA_LABEL, value: label },
                    ],
                );
                const [attribute] = module.C_GetAttributeValue(session, keys.publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
                const encodedPoint = attribute?.value;
                if (!encodedPoint) {
                    throw new Error('the token returned no EC point for the new key');
                }
                const point = uncompressedPoint(encodedPoint);
                const id = createHash('sha256').update(point).digest();
                module.C_SetAttributeValue(session, keys.privateKey, [{ type: pkcs11js.CKA_ID, value: id }]);
                module.C_DestroyObject(session, keys.publicKey);
                const publicKey = await nodeWebCrypto.subtle.importKey('spki', Buffer.concat([P256_SPKI_PREFIX, point]), P256_KEY, true, ['verify']);
                return { privateKey: formatPkcs11KeyUri({ token: this.config.token, id }), publicKey };
            } finally {
                module.C_CloseSession(session);
            }
        } finally {
            if (initializedHere) {
                module.C_Finalize();
            }
        }
    }

    /** The signer of the private key `uri` names (a session kept open per key). */
    signer(uri: string): DigestSigner {
        let signer = this.#signers.get(uri);
        if (!signer) {
            signer = this.#factory.newSigner({ label: this.config.token, pin: this.config.pin, identifier: parsePkcs11KeyUri(uri).id });
            this.#signers.set(uri, signer);
        }
        return signer.signer;
    }
}

/** CKA_EC_POINT is a DER OCTET STRING around the point in most tokens, the bare point in a few. */
function uncompressedPoint(encoded: Buffer): Buffer {
    if (encoded.length === 65 && encoded[0] === 0x04) {
        return encoded;
    }
    if (encoded[0] === 0x04 && encoded[1] === 65 && encoded.length === 67) {
        return encoded.subarray(2);
    }
    throw new Error(`unexpected CKA_EC_POINT of ${encoded.length} bytes: not an uncompressed P-256 point`);
}
