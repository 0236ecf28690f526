export { nodeWebCrypto, x509 } from './x509';
export { P256_KEY, ECDSA_SHA256, generateKeyPair, exportPrivateKeyPem, importSigningKey } from './key-pair';
export {
    createRootCertificate,
    issueCertificate,
    checkIssuedBy,
    randomSerialNumber,
    type Validity,
    type Issuer,
    type EndEntityOptions,
    type RootCertificateOptions,
    type IssuedByCheck,
} from './certificates';
export { KEY_FILE_MODE, KEY_DIRECTORY_MODE, writeKeyFile, writeFileAtomically, ensureKeyDirectory, narrowKeyFile, type AtomicWriteOptions } from './key-file';
export { openOrCreateCaFiles, readCaFiles, saveCaFiles, assertCaMaterial, type CaFileNames, type CaMaterial, type KeyProtection } from './ca-files';
export {
    KEY_PASSPHRASE_ENV,
    keyPassphraseFromEnvironment,
    isEncryptedPrivateKey,
    encryptPrivateKey,
    decryptPrivateKey,
    readPrivateKey,
    protectPrivateKey,
} from './encrypted-private-key';
export { encryptKeyFile } from './encrypt-key-file';
export { KeyExistsError } from './key-exists-error';
export { InvalidCaMaterialError } from './invalid-ca-material-error';
export { WrongPassphraseError } from './wrong-passphrase-error';
export { isPkcs11KeyUri, formatPkcs11KeyUri, parsePkcs11KeyUri, type Pkcs11KeyRef } from './pkcs11-key-uri';
export { type Pkcs11Token, openPkcs11Token, pkcs11SignerFor, pkcs11ConfigFromEnvironment, type Pkcs11Config, type DigestSigner } from './pkcs11-token';
export { issueRevocationList, crlToPem, normalizeSerial, type RevokedEntry } from './revocation-list';
