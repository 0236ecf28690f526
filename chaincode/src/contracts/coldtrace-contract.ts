import { Contract } from 'fabric-contract-api';
import { authorize } from '../access/authorize';
import { ChaincodeError, InvalidArgumentError } from '../errors/chaincode-error';
import { ColdtraceContext } from '../ledger/coldtrace-context';

/**
 * Base of every coldtrace contract: gives transactions a {@link ColdtraceContext}, publishes the
 * transaction's event once the function succeeded, and turns the few errors that do not come from
 * our own checks into coded rejections.
 */
export abstract class ColdtraceContract extends Contract {
    override createContext(): ColdtraceContext {
        return new ColdtraceContext();
    }

    /**
     * The rules table's role gate, before any transaction runs. A function called without its
     * contract's name (Fabric's default contract) is looked up under this contract's name.
     */
    override async beforeTransaction(ctx: ColdtraceContext): Promise<void> {
        const { fcn } = ctx.stub.getFunctionAndParameters();
        try {
            await authorize(ctx, `${this.getName()}:${fcn.slice(fcn.indexOf(':') + 1)}`);
        } catch (error) {
            throw asCodedError(error);
        }
    }

    override async aroundTransaction(ctx: ColdtraceContext, fn: (...args: unknown[]) => unknown, parameters: unknown[]): Promise<void> {
        try {
            return await super.aroundTransaction(ctx, fn, parameters);
        } catch (error) {
            throw asCodedError(error);
        }
    }

    override async afterTransaction(ctx: ColdtraceContext): Promise<void> {
        ctx.publishEvent();
    }

    override async unknownTransaction(ctx: ColdtraceContext): Promise<void> {
        const { fcn } = ctx.stub.getFunctionAndParameters();
        throw new InvalidArgumentError(`unknown transaction ${fcn}`);
    }
}

function asCodedError(error: unknown): Error {
    if (error instanceof ChaincodeError) {
        return error;
    }
    const code = (error as { code?: unknown }).code;
    if (code === 'INVALID_ARGUMENT') {
        return new InvalidArgumentError((error as Error).message);
    }
    return error instanceof Error ? error : new Error(String(error));
}
