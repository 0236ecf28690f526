import { strict as assert } from 'node:assert';
import { createDeviceKey } from '@coldtrace/iot-sensor';
import { eventually, PipelineFixture, readingsOf } from './pipeline-fixture';

/** In range, then 34 minutes above 8 °C (the batch tolerates 30), then back in range. */
const BREACH = [5, 5, 9, 10.5, 11, 12.4, 12, 11.6, 11, 10.8, 10, 9.5, 9.8, 10, 9.4, 9.1, 9, 9.2, 9, 4.5, 4];

// Embedded only (test/src/sensors): Carrier2MSP is a founding member of the embedded harness.
describe('a second carrier’s sensors (open consortium, embedded ledger)', function () {
    this.timeout(60_000);
    let fixture: PipelineFixture;

    before(async () => {
        fixture = await PipelineFixture.start();
    });
    after(() => fixture.close());

    it('a sensor Carrier2MSP registered and attached to its shipment gets its excursion recorded by Carrier2MSP’s own detector', async () => {
        const sensorId = `C2-SENS-${Date.now().toString(36)}`;
        const registered = fixture.pipeline.registry.register(sensorId, { mspId: 'Carrier2MSP', user: 'carrier2' });
        assert.equal(registered.owner, 'Carrier2MSP');
        const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
        await assert.rejects(fixture.pipeline.registry.certify(sensorId, csrPem, { mspId: 'CarrierMSP' }), /not registered by CarrierMSP/);
        const { certificatePem } = await fixture.pipeline.registry.certify(sensorId, csrPem, { mspId: 'Carrier2MSP' });

        const packed = await fixture.world.packed(2);
        const orderId = await fixture.world.acceptedOrder(2);
        const { shipmentId } = await fixture.harness.submit('manufacturer', 'shipment:create', [{ orderId, handlingUnits: [packed.sscc], carrier: 'Carrier2MSP' }]);
        await fixture.harness.submit('carrier2', 'shipment:attachSensor', [shipmentId, sensorId]);
        await fixture.harness.submit('carrier2', 'shipment:pickup', [shipmentId]);
        const stored = await fixture.harness.evaluate('carrier2', 'shipment:get', [shipmentId]);
        const startMs = Date.parse(stored.sensors[0].attachedAt) + 1_000;

        const device = await fixture.rawDevice({ sensorId, certificatePem, privateKeyPem });
        await fixture.publish(device, readingsOf(sensorId, startMs, BREACH));
        const excursion = await eventually('a closed excursion on the second carrier’s shipment', async () => {
            const [excursion, ...others] = await fixture.excursions(shipmentId);
            return others.length === 0 && excursion?.status === 'closed' && excursion;
        });
        assert.equal(excursion.sensorId, sensorId);
        assert.equal(excursion.kind, 'high');
        assert.equal(fixture.pipeline.metrics().ledgerFailures, 0, 'no recording was refused (a CarrierMSP detector would be)');
        await eventually('its digests anchored by the same detector', async () => (await fixture.harness.evaluate('auditor', 'telemetry:listDigests', [shipmentId])).length > 0);
    });
});
