import { assertCset82 } from './cset82';

/** AI (21) is X..20: up to 20 characters. */
const MAX_SERIAL_LENGTH = 20;

/**
 * Validates a GS1 AI (21) serial number: 1 to 20 characters of GS1 character set 82. The serial is
 * returned unchanged, because serials are case-sensitive and blanks are not allowed, not trimmed.
 *
 * @example
 * validateSerial('ABC123'); // 'ABC123'
 * validateSerial('café'); // throws: serial "café" contains "é" (U+00E9) at position 4, which is not in GS1 character set 82
 */
export function validateSerial(input: string): string {
    assertCset82('serial', input, MAX_SERIAL_LENGTH);
    return input;
}
