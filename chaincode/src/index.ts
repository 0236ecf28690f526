import { AnomalyContract } from './contracts/anomaly-contract';
import { BatchContract } from './contracts/batch-contract';
import { BulkContract } from './contracts/bulk-contract';
import { EpcisContract } from './contracts/epcis-contract';
import { ExcursionContract } from './contracts/excursion-contract';
import { HandlingUnitContract } from './contracts/handling-unit-contract';
import { MemberContract } from './contracts/member-contract';
import { MigrationContract } from './contracts/migration-contract';
import { OrderContract } from './contracts/order-contract';
import { ProductContract } from './contracts/product-contract';
import { QueryContract } from './contracts/query-contract';
import { ShipmentContract } from './contracts/shipment-contract';
import { TelemetryContract } from './contracts/telemetry-contract';
import { skipDroppedShimLogLines } from './shim-log-levels';

// Before the first transaction: the shim logs a few lines per peer message (see the function).
skipDroppedShimLogLines();

/** The contracts fabric-shim loads from this package (package.json "main"), on a peer or embedded. */
export const contracts: unknown[] = [
    BatchContract,
    MemberContract,
    ProductContract,
    BulkContract,
    OrderContract,
    HandlingUnitContract,
    ShipmentContract,
    TelemetryContract,
    ExcursionContract,
    AnomalyContract,
    EpcisContract,
    QueryContract,
    MigrationContract,
];

export * from './model';
