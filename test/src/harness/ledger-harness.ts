import { parseChaincodeError, type ChaincodeErrorCode } from '@coldtrace/chaincode/model';

/** The five kinds of caller the access rules distinguish. */
export const ROLES = ['manufacturer', 'carrier', 'detector', 'retailer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ORG: Record<Role, string> = {
    manufacturer: 'ManufacturerMSP',
    carrier: 'CarrierMSP',
    detector: 'CarrierMSP',
    retailer: 'RetailerMSP',
    auditor: 'AuditorMSP',
};

/**
 * A ledger as the cross-package suite drives it: one identity per role, JSON in and out. The same
 * suite runs on the embedded ledger and, through another implementation, on a Fabric network.
 */
export interface LedgerHarness {
    readonly name: string;
    submit<T = any>(role: Role, fn: string, args: unknown[], transient?: Record<string, string>): Promise<T>;
    evaluate<T = any>(role: Role, fn: string, args: unknown[]): Promise<T>;
    /** Number of committed blocks: unchanged after a refused proposal, on any Fabric ledger. */
    height(): Promise<number>;
    close(): Promise<void>;
}

/** A transaction the ledger refused, with the chaincode's code when it gave one. */
export class Rejection extends Error {
    constructor(readonly code: ChaincodeErrorCode | undefined, message: string) {
        super(message);
        this.name = 'Rejection';
    }

    static from(error: unknown): Rejection {
        const message = (error as Error).message ?? String(error);
        return new Rejection(parseChaincodeError(message)?.code, message);
    }
}

/** Arguments as the chaincode takes them: strings pass through, anything else becomes JSON. */
export function wireArgs(args: unknown[]): string[] {
    return args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)));
}

export function fromWire(bytes: Uint8Array): any {
    const text = Buffer.from(bytes).toString('utf8');
    return text ? JSON.parse(text) : undefined;
}
