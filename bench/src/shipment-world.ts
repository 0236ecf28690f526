import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ApiProblemError } from '@coldtrace/api/contract';
import { createDeviceKey } from '@coldtrace/iot-sensor';
import type { BenchServer } from './bench-server';
import { mapConcurrently } from './map-concurrently';
import { elementAt } from './element-at';

const GTIN = '09506000134352';

/** A shipment on the road, with the sensors the carrier attached to it. */
export interface TransitShipment {
    shipmentId: string;
    sensorIds: string[];
    /** When the ledger recorded the first sensor's attachment: readings count from here on. */
    attachedMs: number;
}

/** A sensor's credentials as the carrier's factory provisioning leaves them on the device. */
export interface DeviceCredentials {
    sensorId: string;
    certificatePem: string;
    privateKeyPem: string;
    caPem: string;
}

export interface ShipmentsInTransitInput {
    shipments: number;
    sensorsPerShipment: number;
    /** Sensor ids are `<prefix><shipment>-<n>`: a prefix of its own per run, since a Fabric network keeps earlier runs' sensors. */
    sensorPrefix: string;
    /** The batch's temperature profile, which the shipment and so the detector take on. */
    profile?: { tempMinC: number; tempMaxC: number; maxExcursionMinutes: number };
    concurrency?: number;
    progress?: (done: number, total: number) => void;
}

/**
 * Builds shipments in transit through the HTTP API, each step by the role that owns it: one batch
 * of one serial per shipment, inspected and packed, an accepted order, the shipment, its sensors
 * attached and picked up by the carrier.
 *
 * @example
 * const [shipment] = await shipmentsInTransit(bench, { shipments: 1, sensorsPerShipment: 2, sensorPrefix: 'DET-' });
 */
export async function shipmentsInTransit(bench: BenchServer, input: ShipmentsInTransitInput): Promise<TransitShipment[]> {
    const [retailer, carrier] = await Promise.all([bench.signIn('retailer'), bench.signIn('carrier')]);
    const m = bench.manufacturer;
    const profile = input.profile ?? { tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 };
    const { serials } = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Bench vaccine', quantity: input.shipments, ...profile } });
    let done = 0;
    return mapConcurrently(serials, input.concurrency ?? 8, async (serial, index) => {
        const { orderId } = await retailer.client.call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' } });
        await m.call('acceptOrder', { params: { orderId } });
        await m.call('inspectProduct', { params: { serial } });
        const { sscc } = await m.call('packHandlingUnit', { body: { serials: [serial] } });
        const { shipmentId } = await m.call('createShipment', { body: { orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' } });
        const sensorIds = Array.from({ length: input.sensorsPerShipment }, (_, n) => `${input.sensorPrefix}${index}-${n}`);
        for (const sensorId of sensorIds) {
            await carrier.client.call('attachSensor', { params: { shipmentId }, body: { sensorId } });
        }
        const shipment = await carrier.client.call('pickupShipment', { params: { shipmentId } });
        input.progress?.(++done, input.shipments);
        return { shipmentId, sensorIds, attachedMs: Date.parse(elementAt(shipment.sensors, 0).attachedAt) };
    });
}

/**
 * Registers each sensor to the carrier (unless attaching it did) and has the device CA sign a CSR made with the sensor's
 * own new key, as the carrier does before the devices ship: ~25 ms per device here (key 3 ms, CA
 * signature of the CSR 8 ms, two HTTP calls); fleets of thousands take {@link issueDevices}.
 *
 * @example
 * const [device] = await certifyDevices(bench, ['DET-0-0']);
 * await connectTls(bench.server.mqttUrl, device.caPem, device, { clientId: device.sensorId });
 */
export async function certifyDevices(
    bench: BenchServer,
    sensorIds: readonly string[],
    options: { concurrency?: number; progress?: (done: number, total: number) => void } = {},
): Promise<DeviceCredentials[]> {
    const carrier = (await bench.signIn('carrier')).client;
    let done = 0;
    return mapConcurrently(sensorIds, options.concurrency ?? 8, async (sensorId) => {
        // A sensor the carrier attached on the ledger is registered already: the detector vouches for it.
        await carrier.call('registerSensor', { body: { sensorId } }).catch((error: Error) => {
            if (!(error instanceof ApiProblemError && error.problem.code === 'SENSOR_EXISTS')) {
                throw error;
            }
        });
        const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
        const { certificatePem, caPem } = await carrier.call('certifySensor', { params: { sensorId }, body: { csrPem } });
        options.progress?.(++done, sensorIds.length);
        return { sensorId, certificatePem, privateKeyPem, caPem };
    });
}

/**
 * Issues keys and certificates for a whole fleet straight from the server's device CA (in
 * `<dataDir>/telemetry/ca`), in `processes` child processes: the carrier's factory provisioning, for
 * fleets too large to certify one CSR at a time over HTTP (~5 ms per device and process here).
 *
 * @example
 * const devices = await issueDevices(bench.dataDir, sensorIds, { processes: 2 });
 */
export async function issueDevices(
    dataDir: string,
    sensorIds: readonly string[],
    options: { processes?: number; progress?: (done: number, total: number) => void } = {},
): Promise<DeviceCredentials[]> {
    const processes = Math.max(1, Math.min(options.processes ?? 2, sensorIds.length));
    const share = Math.ceil(sensorIds.length / processes);
    let done = 0;
    const parts = await Promise.all(
        Array.from(
            { length: processes },
            (_, i) =>
                new Promise<DeviceCredentials[]>((resolve, reject) => {
                    const child = fork(join(__dirname, 'device-issuer-worker.js'));
                    child.on('message', (message: { progress?: number; issued?: DeviceCredentials[] }) => {
                        if (message.issued) {
                            resolve(message.issued);
                        } else {
                            done += message.progress ?? 0;
                            options.progress?.(done, sensorIds.length);
                        }
                    });
                    child.on('error', reject);
                    child.on('exit', (code) => reject(new Error(`the device issuer exited with ${code} before it answered`)));
                    child.send({ caDir: join(dataDir, 'telemetry', 'ca'), sensorIds: sensorIds.slice(i * share, (i + 1) * share) });
                }),
        ),
    );
    return parts.flat();
}
