import { FloorContract } from './floor-contract';

/** The contracts fabric-shim loads from this package (package.json "main"). */
export const contracts: unknown[] = [FloorContract];

export { FloorContract };
