/**
 * Limits that keep one transaction small enough for a Fabric block (the orderer's default
 * AbsoluteMaxBytes is 10 MB and peers time chaincode out after 30 s).
 */
export const Limits = {
    /** Serials commissioned in one transaction; larger batches are committed in chunks. */
    serialsPerTransaction: 2000,
    /** Serials in one batch over all its chunks. */
    serialsPerBatch: 1_000_000,
    /** Serials in one handling unit. */
    serialsPerHandlingUnit: 2000,
    /** Handling units in one shipment. */
    handlingUnitsPerShipment: 200,
    /** Units in one order. */
    orderQuantity: 1_000_000,
    /** EPCIS event hashes anchored in one transaction; a larger capture is anchored in several. */
    epcisHashesPerAnchor: 500,
} as const;
