// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill
// loaded before it.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/** Node's WebCrypto as the DOM `Crypto` type @peculiar/x509 expects. */
export const nodeWebCrypto = webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>;
x509.cryptoProvider.set(nodeWebCrypto);

/** @peculiar/x509, configured with Node's WebCrypto: import it from here. */
export { x509 };
