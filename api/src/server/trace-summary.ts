import { anomalyState, type Trace } from '@coldtrace/chaincode/model';

/**
 * A trace as a person reads it in a terminal: one line per step, then what went wrong on the way.
 *
 * @example
 * console.log(traceSummary(trace).join('\n'));
 */
export function traceSummary(trace: Trace): string[] {
    const { product, batch, shipment } = trace;
    const lines = [`trace of ${product.serial} (GTIN ${product.gtin}, batch ${batch.batchId}, ${batch.productName}), now ${product.state}:`];
    for (const step of trace.timeline) {
        lines.push(`  ${step.state.padEnd(13)} ${step.at}  ${`${step.org}/${step.user}`.padEnd(34)} tx ${step.txId.slice(0, 12)}`);
    }
    if (shipment) {
        lines.push(`  shipment ${shipment.shipmentId}: ${shipment.from} → ${shipment.to} by ${shipment.carrier}, sensors ${shipment.sensors.map((s) => s.sensorId).join(', ')}`);
    }
    for (const excursion of trace.excursions) {
        lines.push(
            `  EXCURSION ${excursion.kind} peak ${excursion.peakC} °C for ${excursion.durationMinutes} min (allowed ${batch.temperatureProfile.minC}–${batch.temperatureProfile.maxC} °C)`,
        );
    }
    for (const anomaly of trace.anomalies) {
        lines.push(`  BATCH ANOMALY (${anomalyState(anomaly)}) reported by ${anomaly.reporter}: ${anomaly.reason}`);
    }
    return lines;
}
