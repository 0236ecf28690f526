import type { EmbeddedLedger } from '../embedded-ledger';
import type { Identity } from '../identity';

/** The part of the chaincode's trace answer the demo prints. */
export interface Trace {
    product: { serial: string; gtin: string; state: string };
    batch: { batchId: string; productName: string; temperatureProfile: { minC: number; maxC: number } };
    shipment?: { shipmentId: string; from: string; to: string; carrier: string; sensors: { sensorId: string }[] };
    timeline: { state: string; at: string; org: string; user: string; txId: string }[];
    excursions: { kind: string; peakC: number; durationMinutes: number }[];
    anomalies: { reporter: string; reason: string }[];
}

const json = (value: unknown) => JSON.stringify(value);
const parse = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));

/**
 * Seeds a small world on an empty ledger so a newcomer sees every kind of record: a batch with an
 * order, a packed and shipped handling unit, a sensor excursion in transit, a sale and a complaint.
 * On a ledger that already has blocks it seeds nothing. Returns the trace of the sold serial.
 */
export async function seedDemoWorld(ledger: EmbeddedLedger, progress: (line: string) => void): Promise<Trace> {
    const users = {
        manufacturer: await ledger.enroll('ManufacturerMSP', 'demo-manufacturer'),
        carrier: await ledger.enroll('CarrierMSP', 'demo-carrier'),
        detector: await ledger.enroll('CarrierMSP', 'demo-detector', { 'coldtrace.role': 'detector' }),
        retailer: await ledger.enroll('RetailerMSP', 'demo-retailer'),
    };
    const submit = async (who: Identity, fn: string, args: unknown[], transient?: Record<string, string>) =>
        parse((await ledger.submit(who, fn, args.map((a) => (typeof a === 'string' ? a : json(a))), { transient })).payload);
    const serial = 'DEMO-VAX-0001';
    if (ledger.height > 0) {
        progress('ledger already holds data; nothing seeded');
        return parse(await ledger.evaluate(users.retailer, 'query:trace', [serial]));
    }
    progress('manufacturer commissions batch DEMO-VAX with 4 serials');
    await submit(users.manufacturer, 'batch:create', [{
        batchId: 'DEMO-VAX', gtin: '09506000134352', productName: 'Influenza vaccine 0.5 ml', lot: 'L2026-11',
        productionDate: '2026-11-01', expiryDate: '2027-11-01', tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30,
        serials: ['DEMO-VAX-0001', 'DEMO-VAX-0002', 'DEMO-VAX-0003', 'DEMO-VAX-0004'],
    }]);
    progress('retailer orders 4 units at 12.50 EUR (price kept in the private collection)');
    const { orderId } = await submit(users.retailer, 'order:place', [{ orderId: 'DEMO-ORDER-1', gtin: '09506000134352', quantity: 4, manufacturer: 'ManufacturerMSP' }], {
        terms: json({ unitPrice: 12.5, currency: 'EUR' }),
    });
    await submit(users.manufacturer, 'order:accept', [orderId]);
    const serials = ['DEMO-VAX-0001', 'DEMO-VAX-0002', 'DEMO-VAX-0003', 'DEMO-VAX-0004'];
    for (const s of serials) {
        await submit(users.manufacturer, 'product:inspect', [s]);
    }
    const { sscc } = await submit(users.manufacturer, 'handlingUnit:pack', [{ serials }]);
    progress(`packed into handling unit ${sscc}; shipping with CarrierMSP`);
    const { shipmentId } = await submit(users.manufacturer, 'shipment:create', [{ shipmentId: 'DEMO-SHIP-1', orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' }]);
    await submit(users.carrier, 'shipment:attachSensor', [shipmentId, 'SENSOR-DEMO-1']);
    await submit(users.carrier, 'shipment:pickup', [shipmentId]);
    const start = new Date(Date.now() + 1000);
    progress('the detector records a 42-minute excursion to 11.8 °C');
    await submit(users.detector, 'telemetry:recordExcursion', [{
        excursionId: `${shipmentId}-SENSOR-DEMO-1-1`, shipmentId, sensorId: 'SENSOR-DEMO-1', kind: 'high',
        startAt: start.toISOString(), endAt: new Date(start.getTime() + 42 * 60_000).toISOString(), peakC: 11.8, durationMinutes: 42, meanKineticC: 9.6,
    }]);
    await submit(users.carrier, 'shipment:deliver', [shipmentId]);
    await submit(users.retailer, 'shipment:receive', [shipmentId]);
    for (const step of ['stock', 'label', 'sell']) {
        await submit(users.retailer, `product:${step}`, [serial]);
    }
    progress(`sold ${serial}; a customer complains and the retailer reports a batch anomaly`);
    await submit(users.retailer, 'anomaly:report', ['DEMO-VAX', { reason: 'customer reports cloudy vial', serial }]);
    return parse(await ledger.evaluate(users.retailer, 'query:trace', [serial]));
}
