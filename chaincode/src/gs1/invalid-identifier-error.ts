/**
 * Thrown when a GS1 identifier is malformed. It carries the chaincode's INVALID_ARGUMENT code so a
 * contract can pass the rejection on without mapping it, yet the module stays free of contract imports.
 *
 * @example
 * throw new InvalidIdentifierError(`GTIN ${quoteInput('12345')} must have 8, 12, 13 or 14 digits`);
 */
export class InvalidIdentifierError extends Error {
    readonly code = 'INVALID_ARGUMENT';
    override readonly name = 'InvalidIdentifierError';

    constructor(message: string) {
        super(message);
    }
}

/** Inputs come from clients, so a huge one must not blow up the error message stored in a transaction response. */
const MAX_QUOTED_LENGTH = 64;

/**
 * Quotes a client input for an error message: JSON quoting makes blanks and control characters
 * visible, and long inputs are cut short.
 *
 * @example
 * quoteInput('12345'); // '"12345"'
 */
export function quoteInput(input: string): string {
    const shown = input.length > MAX_QUOTED_LENGTH ? `${input.slice(0, MAX_QUOTED_LENGTH)}…` : input;
    return JSON.stringify(shown);
}
