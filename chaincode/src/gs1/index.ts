// The public API of the GS1 identifier module; helpers shared between its files stay unexported here.
export { gs1CheckDigit, hasValidCheckDigit } from './check-digit';
export { parseDigitalLink, toDigitalLink, type DigitalLinkParts } from './digital-link';
export { isGtin, normalizeGtin } from './gtin';
export { InvalidIdentifierError } from './invalid-identifier-error';
export { parseSerialReference, referencesProduct, type SerialReference } from './product-identifier';
export { validateSerial } from './serial';
export { parseSgtinUrn, toSgtinUrn, type SgtinParts } from './sgtin';
export { makeSscc, validateSscc } from './sscc';
