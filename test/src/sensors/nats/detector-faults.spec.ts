import { strict as assert } from 'node:assert';
import type { SensorAgent } from '@coldtrace/iot-sensor';
import type { TelemetryPipeline } from '@coldtrace/telemetry';
import { eventually, PipelineFixture, readingsOf } from '../pipeline-fixture';
import { PROFILE_BREACH } from '../sensors-to-ledger-suite';
import { at } from '../../harness/elements';

/** Sensors streaming at once: enough that both detectors' partitions carry some. */
const SENSORS = 8;
const PARTITIONS = 8;

/**
 * Two detectors share the readings stream's partitions; a fault strikes halfway through every
 * sensor's trip. Afterwards every reading is stored once, every device has its acknowledgements
 * (its queue is empty), and every shipment has exactly its one excursion on the ledger.
 */
describe('two detectors on NATS JetStream, a fault mid-stream', function () {
    this.timeout(120_000);
    let fixture: PipelineFixture;
    let second: TelemetryPipeline;

    beforeEach(async () => {
        fixture = await PipelineFixture.start({}, 'nats');
        second = await fixture.startDetector('coldtrace-detector-2');
        await eventually('the partitions shared between both detectors', () => {
            const [a, b] = [fixture.pipeline.nats!.source.partitions, second.nats!.source.partitions];
            return a.length > 0 && b.length > 0 && new Set([...a, ...b]).size === PARTITIONS;
        });
    });
    afterEach(() => fixture.close());

    /** Streams every sensor's trip, one reading each per tick, and strikes with `fault` halfway. */
    async function streamWith(fault: () => Promise<void>) {
        const trips = [];
        for (let i = 0; i < SENSORS; i++) {
            const shipment = await fixture.world.shipment(1, 'in_transit');
            const stored = await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId]);
            const device = await fixture.provision(shipment.sensorId);
            const agent: SensorAgent = fixture.agent(device);
            await agent.start();
            trips.push({ shipment, agent, readings: readingsOf(device.sensorId, Date.parse(stored.sensors[0].attachedAt) + 1_000, PROFILE_BREACH) });
        }
        for (let tick = 0; tick < PROFILE_BREACH.length; tick++) {
            if (tick === Math.floor(PROFILE_BREACH.length / 2)) {
                await fault();
            }
            for (const { agent, readings } of trips) {
                const r = at(readings, tick, 'readings of the trip');
                agent.record({ ts: r.ts, tempC: r.tempC, lat: r.lat, lon: r.lon });
            }
            await new Promise((resolve) => setTimeout(resolve, 25));
        }
        for (const { agent } of trips) {
            await agent.drained();
        }
        for (const { shipment } of trips) {
            assert.equal((await fixture.pipeline.store.readings(shipment.shipmentId)).length, PROFILE_BREACH.length, `every reading of ${shipment.sensorId} stored once`);
            const excursions = await eventually(`the excursion of ${shipment.shipmentId} closed`, async () => {
                const found = await fixture.excursions(shipment.shipmentId);
                return found.length > 0 && found.every((e) => e.status === 'closed') && found;
            });
            assert.equal(excursions.length, 1, `one excursion on ${shipment.shipmentId}`);
        }
        return trips;
    }

    it('hands a killed detector’s partitions to the other, losing and doubling nothing', async () => {
        await streamWith(async () => {
            assert.ok(second.metrics().received > 0, 'the second detector had readings to lose');
            // As a crash looks from outside: both sessions vanish at once, nothing handed over.
            await second.nats!.connection.close();
            second.client.end(true);
            await second.close();
        });
        assert.equal(fixture.pipeline.nats!.source.partitions.length, PARTITIONS);
    });

    it('takes everything in once the NATS server is killed and restarted on its data', async () => {
        await streamWith(() => fixture.nats!.restart(true));
    });
});
