import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { type DeviceConfig, newAwsIotDeviceConnection, newSensorAgent, openDurableQueue, type SensorAgent } from '@coldtrace/iot-sensor';
import { eventually, PipelineFixture } from './pipeline-fixture';

describe('device shadow: the agent is configured through $aws/things/{id}/shadow', function () {
    this.timeout(30_000);
    let fixture: PipelineFixture;
    let agent: SensorAgent;

    before(async () => {
        fixture = await PipelineFixture.start();
    });
    after(async () => {
        await agent?.stop();
        await fixture.close();
    });

    it('takes the shipment’s thresholds when attached, follows later changes, and reports them', async () => {
        // A frozen product: the shipment carries its batch's profile, and the shadow passes it on.
        const shipment = await fixture.world.shipment(1, 'in_transit', { tempMinC: -25, tempMaxC: -15, maxExcursionMinutes: 10 });
        const device = await fixture.provision(shipment.sensorId);
        await eventually('the shipment’s thresholds in the shadow', () => fixture.pipeline.shadows.get(shipment.sensorId).desired.maxC === -15);
        const connection = newAwsIotDeviceConnection({ host: 'localhost', port: fixture.port, clientId: device.sensorId, caPem: fixture.pipeline.ca.certificatePem, ...device });
        agent = newSensorAgent({ sensorId: device.sensorId, connection, queue: openDurableQueue(mkdtempSync(join(fixture.dataDir, 'shadow-'))) });
        const configs: DeviceConfig[] = [];
        agent.onConfig((config) => configs.push(config));
        await agent.start();
        await eventually('the desired thresholds applied', () => agent.config.maxC === -15);
        assert.equal(agent.config.minC, -25);
        fixture.pipeline.shadows.setDesired(device.sensorId, { intervalSeconds: 15 });
        await eventually('the new interval applied', () => agent.config.intervalSeconds === 15);
        await eventually('the device to report it', () => fixture.pipeline.shadows.get(device.sensorId).reported.intervalSeconds === 15);
        assert.deepEqual(fixture.pipeline.shadows.get(device.sensorId).reported, { intervalSeconds: 15, minC: -25, maxC: -15 });
        // A desired value the device cannot run with is ignored by it, and stays visible as a delta.
        fixture.pipeline.shadows.setDesired(device.sensorId, { intervalSeconds: 0 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(agent.config.intervalSeconds, 15);
        assert.equal(fixture.pipeline.metrics().invalid, 0, 'shadow traffic on the shared session is not taken for readings');
    });

    it('leaves the shadow alone when the desired state is restated unchanged, as every shipment event does', async () => {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        await eventually('the shipment’s thresholds in the shadow', () => fixture.pipeline.shadows.get(shipment.sensorId).desired.maxC === 8);
        const before = fixture.pipeline.shadows.get(shipment.sensorId).version;
        fixture.pipeline.shadows.setDesired(shipment.sensorId, { minC: 2, maxC: 8 });
        assert.equal(fixture.pipeline.shadows.get(shipment.sensorId).version, before);
        fixture.pipeline.shadows.setDesired(shipment.sensorId, { maxC: 6 });
        assert.equal(fixture.pipeline.shadows.get(shipment.sensorId).version, before + 1);
    });
});
