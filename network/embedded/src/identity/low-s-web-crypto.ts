import { toLowS } from './ecdsa-signature';

/**
 * Wraps a WebCrypto implementation so that its ECDSA P-256 signatures come out low-S. Fabric CA
 * signs certificates through the same BCCSP as everything else, so its certificates are low-S
 * too; @peculiar/x509 takes the Crypto to sign with as a parameter, which is where this goes.
 *
 * @example
 * const certificate = await x509.X509CertificateGenerator.create(params, lowSWebCrypto(nodeWebCrypto));
 */
export function lowSWebCrypto(base: Crypto): Crypto {
    const subtle = base.subtle;
    const sign = async (algorithm: AlgorithmIdentifier | EcdsaParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> => {
        const signature = await subtle.sign(algorithm, key, data);
        const keyAlgorithm = key.algorithm as EcKeyAlgorithm;
        if (keyAlgorithm.name !== 'ECDSA' || keyAlgorithm.namedCurve !== 'P-256') {
            return signature;
        }
        return Uint8Array.from(toLowS(new Uint8Array(signature))).buffer;
    };
    // SubtleCrypto's methods check their receiver, so everything not overridden is bound to the original.
    const lowSSubtle = new Proxy(subtle, {
        get: (target, property) => (property === 'sign' ? sign : bindToTarget(target, Reflect.get(target, property, target))),
    });
    return new Proxy(base, {
        get: (target, property) => (property === 'subtle' ? lowSSubtle : bindToTarget(target, Reflect.get(target, property, target))),
    });
}

function bindToTarget(target: object, value: unknown): unknown {
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}
