import { type Excursion, ORDER_TERMS_TRANSIENT_KEY, orderTermsHolders, type Shipment, type Trace } from '@coldtrace/chaincode/model';
import type { JsonLedgerClient, LedgerIdentity } from '@coldtrace/ledger-client';

/** Who acts in the demo world: the demo users and the detector service. */
export interface DemoActors {
    manufacturer: LedgerIdentity;
    carrier: LedgerIdentity;
    retailer: LedgerIdentity;
    detector: LedgerIdentity;
    /**
     * The second retailer and carrier (Northside Pharmacy, Fjord Freight), when the ledger has them:
     * their own order and shipment, which the first retailer and carrier cannot see.
     */
    retailer2?: LedgerIdentity;
    carrier2?: LedgerIdentity;
    /**
     * Makes the first shipment's sensor report a reefer failure through the sensors pipeline, so the
     * detector records the excursion; without one the detector's identity records it directly.
     */
    reeferFailure?: (sensorId: string, startMs: number) => Promise<void>;
}

/** The serial whose story the demo tells: sold, through an excursion, in a batch an open anomaly holds. */
export const DEMO_SERIAL = 'DEMO-VAX-0001';
/** The sensor on the shipment still in transit, which `npm start` simulates live. */
export const DEMO_LIVE_SENSOR = 'SENSOR-DEMO-2';

const serials = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);

/**
 * Seeds a small, realistic world on an empty ledger so a newcomer sees every screen filled: two
 * batches, two orders, a delivered shipment that had a temperature excursion (released by the
 * manufacturer against its stability data) and whose serial was sold and complained about (batch anomaly, which holds the rest of the batch: the stocked DEMO-VAX-0002
 * may not be labeled or sold until the manufacturer clears it), and a second shipment still in transit.
 * Does nothing when the demo batch exists already.
 *
 * @example
 * await seedDemoWorld(ledger, actors, (line) => console.log(line));
 */
export async function seedDemoWorld(ledger: JsonLedgerClient, actors: DemoActors, progress: (line: string) => void): Promise<Trace | undefined> {
    const { manufacturer, carrier, retailer, detector } = actors;
    try {
        await ledger.evaluate(manufacturer, 'batch:get', ['DEMO-VAX']);
        return undefined;
    } catch {
        // not seeded yet
    }
    const profile = { tempMinC: 2, tempMaxC: 8, productionDate: '2026-11-01' };
    progress('manufacturer commissions batch DEMO-VAX (influenza vaccine, 6 serials) and DEMO-INS (insulin pens, 4 serials)');
    // DEMO-VAX tolerates 2 minutes out of range: the reefer failure the demo plays then fits within
    // the few minutes ahead of the clock the detector accepts readings for.
    await ledger.submit(manufacturer, 'batch:create', [
        {
            batchId: 'DEMO-VAX',
            gtin: '09506000134352',
            productName: 'Influenza vaccine 0.5 ml',
            lot: 'L2026-11',
            expiryDate: '2027-11-01',
            maxExcursionMinutes: 2,
            serials: serials('DEMO-VAX', 6),
            ...profile,
        },
    ]);
    await ledger.submit(manufacturer, 'batch:create', [
        {
            batchId: 'DEMO-INS',
            gtin: '04006381333931',
            productName: 'Insulin pen 3 ml',
            lot: 'I2026-11',
            expiryDate: '2028-05-01',
            maxExcursionMinutes: 60,
            serials: serials('DEMO-INS', 4),
            ...profile,
        },
    ]);

    const ship = async (orderId: string, gtin: string, items: string[], unitPrice: string, sensorId: string, buyer = retailer, shipper = carrier): Promise<Shipment> => {
        progress(
            `${buyer === retailer ? 'retailer' : buyer.mspId} orders ${items.length} units (${orderId}, price in the private collection); manufacturer accepts, inspects, packs and ships`,
        );
        const order = await ledger.submit<{ orderId: string }>(
            buyer,
            'order:place',
            [{ orderId, gtin, quantity: items.length, manufacturer: manufacturer.mspId }],
            {
                [ORDER_TERMS_TRANSIENT_KEY]: JSON.stringify({ unitPrice, currency: 'EUR' }),
            },
            { endorsingOrganizations: orderTermsHolders({ retailer: buyer.mspId, manufacturer: manufacturer.mspId }) },
        );
        await ledger.submit(manufacturer, 'order:accept', [order.orderId]);
        for (const serial of items) {
            await ledger.submit(manufacturer, 'product:inspect', [serial]);
        }
        const { sscc } = await ledger.submit<{ sscc: string }>(manufacturer, 'handlingUnit:pack', [{ serials: items }]);
        const shipment = await ledger.submit<{ shipmentId: string }>(manufacturer, 'shipment:create', [
            { shipmentId: orderId.replace('ORDER', 'SHIP'), orderId, handlingUnits: [sscc], carrier: shipper.mspId },
        ]);
        await ledger.submit(shipper, 'shipment:attachSensor', [shipment.shipmentId, sensorId]);
        return ledger.submit<Shipment>(shipper, 'shipment:pickup', [shipment.shipmentId]);
    };

    const first = await ship('DEMO-ORDER-1', '09506000134352', serials('DEMO-VAX', 4), '12.50', 'SENSOR-DEMO-1');
    const [sensor] = first.sensors;
    if (sensor === undefined) {
        throw new Error('the first demo shipment has no sensor attached');
    }
    const start = new Date(Date.parse(sensor.attachedAt) + 60_000);
    if (actors.reeferFailure) {
        progress('SENSOR-DEMO-1 reports a reefer failure over mutual-TLS MQTT; the detector records the excursion');
        await actors.reeferFailure('SENSOR-DEMO-1', start.getTime());
        await closedExcursion(ledger, carrier, first.shipmentId);
    } else {
        // The same minutes as the reefer failure played through the pipeline (demo-reefer.ts).
        progress('the detector records a 2.5-minute excursion to 11.8 °C on DEMO-SHIP-1');
        await ledger.submit(detector, 'telemetry:recordExcursion', [
            {
                excursionId: 'DEMO-SHIP-1-SENSOR-DEMO-1-1',
                shipmentId: first.shipmentId,
                sensorId: 'SENSOR-DEMO-1',
                kind: 'high',
                startAt: new Date(start.getTime() + 30_000).toISOString(),
                endAt: new Date(start.getTime() + 180_000).toISOString(),
                peakC: 11.8,
                durationMinutes: 2.5,
                meanKineticC: 10.4,
            },
        ]);
    }
    progress('the manufacturer releases the units the excursion held: its stability data cover 2.5 minutes at 11.8 °C');
    for (const excursion of await ledger.evaluate<Excursion[]>(manufacturer, 'telemetry:listExcursions', [first.shipmentId])) {
        if (excursion.status === 'closed') {
            await ledger.submit(manufacturer, 'excursion:release', [
                first.shipmentId,
                excursion.excursionId,
                { justification: 'Stability data cover 2.5 minutes at 11.8 °C (study DEMO-STAB-1)' },
            ]);
        }
    }
    await ledger.submit(carrier, 'shipment:deliver', [first.shipmentId]);
    await ledger.submit(retailer, 'shipment:receive', [first.shipmentId]);
    for (const step of ['stock', 'label', 'sell']) {
        await ledger.submit(retailer, `product:${step}`, [DEMO_SERIAL]);
    }
    await ledger.submit(retailer, 'product:stock', ['DEMO-VAX-0002']);
    progress(`sold ${DEMO_SERIAL}; a customer complains and the retailer reports a batch anomaly on DEMO-VAX, which holds the batch`);
    await ledger.submit(retailer, 'anomaly:report', ['DEMO-VAX', { reason: 'customer reports a cloudy vial', serial: DEMO_SERIAL }]);

    await ship('DEMO-ORDER-2', '04006381333931', serials('DEMO-INS', 4), '38.00', DEMO_LIVE_SENSOR);
    progress(`DEMO-SHIP-2 (insulin) is in transit with ${DEMO_LIVE_SENSOR}`);
    if (actors.retailer2 && actors.carrier2) {
        const { retailer2, carrier2 } = actors;
        await ledger.submit(manufacturer, 'batch:create', [
            {
                batchId: 'DEMO-AMX',
                gtin: '09506000134369',
                productName: 'Amoxicillin suspension 100 ml',
                lot: 'A2026-11',
                expiryDate: '2027-05-01',
                maxExcursionMinutes: 60,
                serials: serials('DEMO-AMX', 3),
                ...profile,
            },
        ]);
        const third = await ship('DEMO-ORDER-3', '09506000134369', serials('DEMO-AMX', 3), '7.20', 'SENSOR-DEMO-3', retailer2, carrier2);
        await ledger.submit(carrier2, 'shipment:deliver', [third.shipmentId]);
        await ledger.submit(retailer2, 'shipment:receive', [third.shipmentId]);
        progress(`${retailer2.mspId} received DEMO-SHIP-3 from ${carrier2.mspId}: its order and shipment are its own, which ${retailer.mspId} and ${carrier.mspId} cannot see`);
    }
    return ledger.evaluate<Trace>(retailer, 'query:trace', [DEMO_SERIAL]);
}

/** Waits until the detector has closed an excursion on the shipment (it commits in event time, within seconds). */
async function closedExcursion(ledger: JsonLedgerClient, reader: LedgerIdentity, shipmentId: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
        const excursions = await ledger.evaluate<{ status: string }[]>(reader, 'telemetry:listExcursions', [shipmentId]);
        if (excursions.some((excursion) => excursion.status === 'closed')) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the detector recorded no closed excursion on ${shipmentId} within 60 s; see the telemetry log lines`);
}
