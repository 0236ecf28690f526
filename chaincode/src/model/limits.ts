/**
 * Limits that keep one transaction small enough for a Fabric block (the orderer's default
 * AbsoluteMaxBytes is 10 MB and peers time chaincode out after 30 s).
 */
export const Limits = {
    /** Serials commissioned in one transaction; larger batches are committed in chunks. */
    serialsPerTransaction: 2000,
    /**
     * Serials numbered by a quantity in one transaction: they cost the batch record one range, not a
     * key each (their product records are written on their first step), so the bound is the answer's
     * size: 100,000 serials listed back are about 2 MB.
     */
    numberedSerialsPerTransaction: 100_000,
    /** Serials in one batch over all its chunks. */
    serialsPerBatch: 1_000_000,
    /** Serials in one handling unit. */
    serialsPerHandlingUnit: 2000,
    /** Handling units in one shipment. */
    handlingUnitsPerShipment: 200,
    /**
     * Serials one bulk step takes in one transaction: a whole handling unit always fits. 2,000 stocked
     * products write about 4 MB (record, party-index entries), well inside a block.
     */
    serialsPerBulkStep: 2000,
    /**
     * Refusals a refused bulk step names one by one, the rest counted by code: the reason travels
     * in the peers' error details (gRPC trailers, a few KB), not in a block.
     */
    bulkRefusalsListed: 10,
    /** Serials one page of a batch's impact view reads. */
    impactPageSize: 1000,
    /** Units in one order. */
    orderQuantity: 1_000_000,
    /** EPCIS event hashes anchored in one transaction; a larger capture is anchored in several. */
    epcisHashesPerAnchor: 500,
} as const;
