import { strict as assert } from 'node:assert';
import type { Reading } from '@coldtrace/iot-sensor/protocol';
import type { ReadingOutcome } from '../contract/telemetry-ingestion-payloads';
import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';
import type { ReadingScope } from '../detector/detector';
import { TelemetryIngestion } from './telemetry-ingestion';

const reading = (sensorId: string, seq = 0): Reading => ({ sensorId, seq, ts: '2026-11-20T10:00:00.000Z', tempC: 5, lat: 52, lon: 4 });

/**
 * The ingestion's decisions on fakes: T-1 registered by CarrierMSP and riding on S-1 (CarrierMSP's),
 * T-2 registered by Carrier2MSP but attached once by CarrierMSP, T-3 riding on S-2 of Carrier2MSP;
 * shipment S-1 goes to RetailerMSP.
 */
function ingestion() {
    const submitted: { readings: readonly Reading[]; scope?: ReadingScope }[] = [];
    const windows: Record<string, { shipmentId: string; carrier: string }[]> = {
        'T-1': [{ shipmentId: 'S-1', carrier: 'CarrierMSP' }],
        'T-2': [{ shipmentId: 'S-1', carrier: 'CarrierMSP' }],
        'T-3': [{ shipmentId: 'S-2', carrier: 'Carrier2MSP' }],
    };
    const owners: Record<string, string> = { 'T-1': 'CarrierMSP', 'T-2': 'Carrier2MSP' };
    const ledger = {
        evaluate: async (_identity: LedgerIdentity, fn: string, [shipmentId]: string[]) => {
            assert.equal(fn, 'shipment:get');
            return Buffer.from(JSON.stringify({ shipmentId, to: 'RetailerMSP' }));
        },
    } as unknown as Ledger;
    const service = new TelemetryIngestion({
        detector: {
            submit: async (readings, scope) => {
                submitted.push({ readings, scope });
                return readings.map((r): ReadingOutcome => ({ sensorId: r.sensorId, seq: r.seq, status: 'stored', shipmentId: 'S-1' }));
            },
        },
        directory: {
            carrierOf: (shipmentId) =>
                Object.values(windows)
                    .flat()
                    .find((w) => w.shipmentId === shipmentId)?.carrier,
            carriersOfSensor: (sensorId) => (windows[sensorId] ?? []).map((w) => w.carrier),
            carried: (shipmentId, sensorId) => (windows[sensorId] ?? []).some((w) => w.shipmentId === shipmentId),
            caughtUp: async () => true,
        },
        registry: { get: (sensorId) => (owners[sensorId] ? { sensorId, owner: owners[sensorId], registeredBy: 'x', registeredAt: 'y', certificates: 0 } : undefined) },
        ledger,
    });
    return { service, submitted };
}

const identity = (mspId: string) => ({ mspId }) as LedgerIdentity;

describe('TelemetryIngestion', () => {
    it('lets a device post its own readings only, and no service or claim certificate post any', async () => {
        const { service, submitted } = ingestion();
        const result = await service.ingest({ kind: 'device', identity: { commonName: 'T-1', kind: 'device' } }, [reading('T-1'), reading('T-1', 1)]);
        assert.deepEqual([result.sender, result.stored, submitted[0]?.scope], [{ kind: 'device', sensorId: 'T-1' }, 2, undefined]);
        await assert.rejects(service.ingest({ kind: 'device', identity: { commonName: 'T-1', kind: 'device' } }, [reading('T-1'), reading('T-3')]), {
            status: 403,
            message: /not those of sensor T-3/,
        });
        await assert.rejects(service.ingest({ kind: 'device', identity: { commonName: 'coldtrace-detector', kind: 'service' } }, [reading('T-1')]), {
            status: 403,
            message: /service certificate/,
        });
        assert.equal(submitted.length, 1, 'a refused batch never reaches the detector');
    });

    it('lets a carrier post for sensors it registered or attached, onto its own shipments unless it owns the sensor', async () => {
        const { service, submitted } = ingestion();
        const sender = { kind: 'carrier', org: 'CarrierMSP', tokenId: 'tok' } as const;
        await service.ingest(sender, [reading('T-1'), reading('T-2')]);
        const scope = submitted[0]?.scope;
        assert.ok(scope);
        assert.equal(scope('S-1', 'T-2'), undefined);
        assert.equal(scope('S-2', 'T-1'), undefined, 'its own sensor, wherever it rides');
        assert.equal(scope('S-2', 'T-2'), 'outside_attachment_window', 'another’s sensor, on another carrier’s shipment');
        await assert.rejects(service.ingest(sender, [reading('T-1'), reading('T-3'), reading('T-9')]), {
            status: 403,
            message: /neither registered nor attached sensors T-3, T-9/,
        });
    });

    it('lets only the consignee upload a shipment’s read-out, onto that shipment', async () => {
        const { service, submitted } = ingestion();
        const result = await service.ingest({ kind: 'consignee', caller: { identity: identity('RetailerMSP'), role: 'retailer' }, shipmentId: 'S-1' }, [reading('T-1')]);
        assert.deepEqual(result.sender, { kind: 'consignee', org: 'RetailerMSP', shipmentId: 'S-1' });
        const scope = submitted[0]?.scope;
        assert.ok(scope);
        assert.deepEqual([scope('S-1', 'T-1'), scope('S-2', 'T-1'), scope('S-2', 'T-3')], [undefined, 'outside_attachment_window', 'unknown_sensor']);
        await assert.rejects(service.ingest({ kind: 'consignee', caller: { identity: identity('ManufacturerMSP'), role: 'manufacturer' }, shipmentId: 'S-1' }, [reading('T-1')]), {
            status: 403,
            message: /only the consignee/,
        });
        await assert.rejects(service.ingest({ kind: 'consignee', caller: { identity: identity('RetailerMSP'), role: 'auditor' }, shipmentId: 'S-1' }, [reading('T-1')]), {
            status: 403,
        });
    });
});
