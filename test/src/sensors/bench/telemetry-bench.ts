import type { TelemetryEvent } from '@coldtrace/api/telemetry';
import type { SensorAgent } from '@coldtrace/iot-sensor';
import { PipelineFixture } from '../pipeline-fixture';

/**
 * Measures the telemetry pipeline on this machine, loopback only, bounded in count and time:
 * sustained readings/s from device agents (AWS IoT Device SDK, mTLS) through the embedded broker
 * and the detector into the store and back as acknowledgements, then reading-to-ledger-commit
 * latency of excursions (tolerance 0, so each out-of-range reading opens one).
 *
 *   node test/dist/sensors/bench/telemetry-bench.js [sensors=10] [readingsPerSensor=2000] [excursions=200] [aedes|mosquitto]
 */
async function main(): Promise<void> {
    const [sensors = 10, perSensor = 2000, excursions = 200] = process.argv.slice(2, 5).map(Number);
    const broker = process.argv[5] === 'mosquitto' ? 'mosquitto' : 'aedes';
    console.log(`broker: ${broker}`);
    const fixture = await PipelineFixture.start({
        detector: { allowedLatenessMs: 0, idleMs: 1_000, maxBatch: 1_000 },
        floodGuard: { ratePerSecond: 1e6, burst: 1e6 },
        anchorEveryMs: 5_000,
    }, broker);
    try {
        const shipments: { sensorId: string; attachedMs: number }[] = [];
        for (let i = 0; i < sensors; i++) {
            // No tolerated minutes: the first reading out of range opens an excursion, which is what the latency is measured to.
            const shipment = await fixture.world.shipment(1, 'in_transit', { maxExcursionMinutes: 0 });
            const attachedAt = (await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId])).sensors[0].attachedAt;
            shipments.push({ ...shipment, attachedMs: Date.parse(attachedAt) });
        }
        const agents: SensorAgent[] = [];
        for (const shipment of shipments) {
            agents.push(fixture.agent(await fixture.provision(shipment.sensorId), { sync: 'never', resendAfterMs: 30_000, maxInFlight: 500 }));
        }

        // 1. Throughput: the devices were offline with a backlog; they connect and upload it all at once.
        agents.forEach((agent, i) => {
            for (let n = 0; n < perSensor; n++) {
                agent.record({ ts: new Date(shipments[i].attachedMs + 1_000 + n * 1_000).toISOString(), tempC: 5, lat: 52, lon: 4 });
            }
        });
        let dropped = 0;
        agents.forEach((agent) => (agent as unknown as { options: { connection: { onConnectionChange(l: (o: boolean) => void): void } } }).options.connection.onConnectionChange((online) => (dropped += online ? 0 : 1)));
        const started = process.hrtime.bigint();
        await Promise.all(agents.map((agent) => agent.start()));
        await Promise.all(agents.map((agent) => agent.drained()));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const total = sensors * perSensor;
        console.log(`throughput: ${total} readings from ${sensors} sensors published, stored and acknowledged in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} readings/s`);
        console.log(`  metrics ${JSON.stringify(fixture.pipeline.metrics())}; device connections dropped: ${dropped}; last detector error: ${fixture.pipeline.detector.lastError}`);

        // 2. Latency: readings alternate out of and back into range in real time; each opening is timed to its commit.
        const latencies: number[] = [];
        const opened = new Map<string, number>();
        const listener = (event: TelemetryEvent) => {
            if (event.type === 'ExcursionRecorded') {
                const readAt = opened.get(event.excursion.startAt);
                if (readAt !== undefined) {
                    latencies.push(Date.now() - readAt);
                }
            }
        };
        const events = fixture.events as TelemetryEvent[] & { push: (...e: TelemetryEvent[]) => number };
        const push = events.push.bind(events);
        events.push = (...items) => {
            items.forEach(listener);
            return push(...items);
        };
        const lastTs = new Map<number, number>();
        for (let n = 0; n < excursions * 2; n++) {
            const i = n % sensors;
            // Monotonic per sensor and after the throughput phase's readings.
            const ts = Math.max(Date.now(), (lastTs.get(i) ?? shipments[i].attachedMs + (perSensor + 2) * 1_000) + 1_000);
            lastTs.set(i, ts);
            const out = Math.floor(n / sensors) % 2 === 0;
            if (out) {
                opened.set(new Date(ts).toISOString(), Date.now());
            }
            agents[i].record({ ts: new Date(ts).toISOString(), tempC: out ? 11 : 5, lat: 52, lon: 4 });
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const deadline = Date.now() + 60_000;
        while (latencies.length < excursions && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        latencies.sort((a, b) => a - b);
        const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
        console.log(`latency reading → excursion committed on the ledger, ${latencies.length} excursions: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies[latencies.length - 1]} ms`);
    } finally {
        await fixture.close();
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
