import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROVISIONING_TEMPLATE, startSimulatedFleet } from '@coldtrace/telemetry';
import {
    claimClientId,
    type FleetProgress,
    newAwsIotDeviceConnection,
    newSensorAgent,
    openDurableQueue,
    provisionByClaim,
    runFleet,
    type SensorAgent,
} from '@coldtrace/iot-sensor';
import { eventually, PipelineFixture } from './pipeline-fixture';
import { only } from '../harness/elements';

describe('fleet simulator against the pipeline', function () {
    this.timeout(60_000);
    let fixture: PipelineFixture;
    const agents: SensorAgent[] = [];

    before(async () => {
        fixture = await PipelineFixture.start();
    });
    after(async () => {
        await Promise.all(agents.map((agent) => agent.stop()));
        await fixture.close();
    });

    /** A simulated device provisioned as `npm run sim` does it: by claim, for a sensor attached on the ledger. */
    async function agentFor(sensorId: string): Promise<SensorAgent> {
        const credentials = await provisionByClaim(await fixture.claimConnection(claimClientId(sensorId)), sensorId, PROVISIONING_TEMPLATE);
        const caPem = readFileSync(fixture.pipeline.claim.caPath, 'utf8');
        const connection = newAwsIotDeviceConnection({ host: 'localhost', port: fixture.port, caPem, clientId: sensorId, ...credentials });
        const agent = newSensorAgent({ sensorId, connection, queue: openDurableQueue(mkdtempSync(join(fixture.dataDir, 'sim-')), { sync: 'never' }), useShadow: false });
        await agent.start();
        agents.push(agent);
        return agent;
    }

    it('runs a reefer failure with an offline period and duplicate sends: every reading stored once, one excursion', async () => {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const attachedAt = (await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId])).sensors[0].attachedAt;
        await eventually('the attached sensor to be registered', () => fixture.pipeline.registry.get(shipment.sensorId));
        const progress: FleetProgress[] = [];
        const result = await runFleet({
            sensorIds: [shipment.sensorId],
            shipments: 1,
            scenarios: ['reefer-failure', 'offline', 'duplicates'],
            offlineMinutes: 20,
            skewMinutes: 0,
            durationMinutes: 150,
            intervalSeconds: 60,
            speed: 60_000,
            startMs: Date.parse(attachedAt) + 1_000,
            agentFor,
            onProgress: (p) => progress.push(p),
        });
        assert.equal(result.readings, 151);
        assert.ok(
            progress.some((p) => p.offline === 1 && p.backlog > 0),
            'the sensor was offline with readings queued',
        );
        assert.ok(result.duplicatesSent > 0);
        await eventually('every reading stored', async () => (await fixture.pipeline.store.readings(shipment.shipmentId)).length === 151);
        const closed = await eventually('the excursion closed', async () => {
            const excursions = await fixture.excursions(shipment.shipmentId);
            return excursions.length > 0 && excursions.every((e) => e.status === 'closed') && excursions;
        });
        const excursion = only(closed, 'closed excursions');
        assert.equal(excursion.kind, 'high');
        assert.ok(excursion.durationMinutes >= 30);
    });

    it('runs a simulated fleet inside the backend (npm start), provisioning each sensor by claim', async () => {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const fleet = await startSimulatedFleet({
            pipeline: fixture.pipeline,
            dataDir: fixture.dataDir,
            sensorIds: [shipment.sensorId],
            owner: 'CarrierMSP',
            speed: 60_000,
            durationMinutes: 30,
        });
        const result = await fleet.done;
        assert.equal(result.readings, 31);
        await eventually('the fleet’s readings stored', async () => (await fixture.pipeline.store.readings(shipment.shipmentId)).length === 31);
        await fleet.stop();
    });

    it('keeps a simulated device’s key and certificate (0600) and reconnects with them after the backend restarts', async () => {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const run = async () => {
            const fleet = await startSimulatedFleet({
                pipeline: fixture.pipeline,
                dataDir: fixture.dataDir,
                sensorIds: [shipment.sensorId],
                owner: 'CarrierMSP',
                speed: 60_000,
                durationMinutes: 10,
            });
            await fleet.done;
            return fleet;
        };
        const first = await run();
        await eventually('the first run’s readings stored', async () => (await fixture.pipeline.store.readings(shipment.shipmentId)).length === 11);
        await first.stop();
        const device = join(fixture.dataDir, 'sim', 'devices', shipment.sensorId);
        assert.equal(statSync(join(device, 'key.pem')).mode & 0o777, 0o600);
        assert.equal(statSync(join(device, 'cert.pem')).mode & 0o777, 0o600);

        await fixture.restartPipeline();
        // Provisioning again would be refused (ResourceAlreadyExists): the sensor was certified once.
        const second = await run();
        await eventually('the second run’s readings stored', async () => (await fixture.pipeline.store.readings(shipment.shipmentId)).length === 22);
        await second.stop();
        assert.deepEqual(
            (await fixture.pipeline.store.readings(shipment.shipmentId)).map((r) => r.seq).sort((a, b) => a - b),
            Array.from({ length: 22 }, (_, i) => i),
            'the device’s sequence numbers went on from its queue',
        );
    });
});
