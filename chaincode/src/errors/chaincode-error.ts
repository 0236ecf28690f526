/**
 * Stable error codes the chaincode rejects a transaction with. Clients (the REST API, the Gateway
 * backend) read the code back from the start of the message, because Fabric carries only a message
 * string from chaincode to client.
 */
export type ChaincodeErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT';

export const CHAINCODE_ERROR_CODES: readonly ChaincodeErrorCode[] = ['INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'];

/**
 * Base class of every rejection the contract makes on purpose.
 *
 * @example
 * throw new NotFoundError(`product ${serial} does not exist`);
 * // the client sees "NOT_FOUND: product 123 does not exist"
 */
export class ChaincodeError extends Error {
    constructor(
        readonly code: ChaincodeErrorCode,
        readonly reason: string,
    ) {
        super(`${code}: ${reason}`);
        this.name = new.target.name;
    }
}

/** Input that is malformed or breaks a limit. */
export class InvalidArgumentError extends ChaincodeError {
    constructor(reason: string) {
        super('INVALID_ARGUMENT', reason);
    }
}

/** A record the transaction names does not exist (or the caller may not know that it does). */
export class NotFoundError extends ChaincodeError {
    constructor(reason: string) {
        super('NOT_FOUND', reason);
    }
}

/** The caller's organization or certificate attributes do not allow the action. */
export class ForbiddenError extends ChaincodeError {
    constructor(reason: string) {
        super('FORBIDDEN', reason);
    }
}

/** The action does not fit the record's current state (wrong order of steps, duplicate id). */
export class ConflictError extends ChaincodeError {
    constructor(reason: string) {
        super('CONFLICT', reason);
    }
}

/**
 * Splits a rejection message back into code and reason, for clients of the chaincode.
 *
 * @example
 * parseChaincodeError('FORBIDDEN: only RetailerMSP may sell'); // { code: 'FORBIDDEN', reason: 'only RetailerMSP may sell' }
 */
export function parseChaincodeError(message: string): { code: ChaincodeErrorCode; reason: string } | undefined {
    for (const code of CHAINCODE_ERROR_CODES) {
        const at = message.indexOf(`${code}: `);
        if (at >= 0) {
            return { code, reason: message.slice(at + code.length + 2) };
        }
    }
    return undefined;
}
