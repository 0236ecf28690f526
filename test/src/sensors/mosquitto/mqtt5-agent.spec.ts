import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { type AwsIotMqtt5DeviceConnection, newAwsIotMqtt5DeviceConnection, newSensorAgent, openDurableQueue } from '@coldtrace/iot-sensor';
import { eventually, PipelineFixture, readingsOf } from '../pipeline-fixture';

describe('the agent over MQTT 5 (AWS IoT Device SDK v2) with Mosquitto', function () {
    this.timeout(60_000);
    let fixture: PipelineFixture;
    const connections: AwsIotMqtt5DeviceConnection[] = [];

    before(async () => {
        fixture = await PipelineFixture.start({}, 'mosquitto');
    });
    after(async () => {
        await Promise.all(connections.map((c) => c.disconnect().catch(() => undefined)));
        await fixture.close();
    });

    async function connectionOf(sensorId: string): Promise<AwsIotMqtt5DeviceConnection> {
        const device = await fixture.provision(sensorId);
        const connection = newAwsIotMqtt5DeviceConnection({ host: 'localhost', port: fixture.port, clientId: sensorId, caPem: fixture.pipeline.ca.certificatePem, ...device });
        connections.push(connection);
        return connection;
    }

    it('uploads readings and gets one excursion recorded', async () => {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const attachedAt = Date.parse((await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId])).sensors[0].attachedAt);
        const connection = await connectionOf(shipment.sensorId);
        const agent = newSensorAgent({ sensorId: shipment.sensorId, connection, queue: openDurableQueue(mkdtempSync(join(fixture.dataDir, 'mqtt5-'))), useShadow: false });
        await agent.start();
        for (const r of readingsOf(shipment.sensorId, attachedAt + 1_000, [5, ...Array(17).fill(10), 5])) {
            agent.record({ ts: r.ts, tempC: r.tempC, lat: r.lat, lon: r.lon });
        }
        await agent.drained();
        const excursions = await eventually('the excursion closed', async () => {
            const found = await fixture.excursions(shipment.shipmentId);
            return found.length > 0 && found.every((e) => e.status === 'closed') && found;
        });
        assert.equal(excursions.length, 1);
        connections.splice(connections.indexOf(connection), 1);
        await agent.stop();
    });

    it('hears the broker refuse a publish on another sensor’s topic (PUBACK reason code)', async () => {
        const connection = await connectionOf('MQTT5-ROGUE');
        await connection.connect();
        await assert.rejects(connection.publish('coldtrace/sensors/SOMEONE-ELSE/telemetry', '{}'), /refused the publish.*0x87/);
    });
});
