// @peculiar/x509 v2 looks up its algorithms through tsyringe, which throws at load time unless a
// Reflect metadata polyfill is already installed, so it must be imported first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/**
 * Node's WebCrypto, typed as the DOM `Crypto` that @peculiar/x509 expects.
 *
 * @example
 * const keys = await nodeWebCrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
 */
export const nodeWebCrypto = webcrypto as unknown as Crypto;

// Done once here so every importer gets a configured library whatever the import order.
x509.cryptoProvider.set(nodeWebCrypto);

/**
 * @peculiar/x509, ready to use: import it from here rather than from the package.
 *
 * @example
 * const certificate = new x509.X509Certificate(pem);
 */
export { x509 };
