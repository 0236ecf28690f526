import { WorkshopContract } from './workshop-contract';

/** The contracts fabric-shim loads from this package (package.json "main"). */
export const contracts: unknown[] = [WorkshopContract];

export { WORKSHOP_STATES, WORKSHOP_TRANSITIONS, type WorkshopProduct, WorkshopContract, PRODUCT_IDS_KEY, productKey } from './workshop-contract';
