import { WorkshopContract } from './workshop-contract';

/** The contracts fabric-shim loads from this package (package.json "main"). */
export const contracts: unknown[] = [WorkshopContract];

export { WorkshopContract };
export * from './workshop-product';
