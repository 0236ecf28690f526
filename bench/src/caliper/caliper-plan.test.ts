import assert from 'node:assert/strict';
import { caliperBenchmarkConfig, caliperPlan } from './caliper-plan';

const OPTIONS = { txNumber: 100, fixedTps: 20, maxInFlight: 8, workers: 2 };

describe('Caliper plan', () => {
    it('runs every workload at the fixed rate, then at saturation, the floor first', () => {
        assert.deepEqual(
            caliperPlan(OPTIONS).rounds.map((r) => r.label),
            ['floor-put@20tps', 'coldtrace-write@20tps', 'trace-read@20tps', 'floor-put@max8', 'coldtrace-write@max8', 'trace-read@max8'],
        );
    });

    it('gives the write rounds disjoint slices of serials with room to spare', () => {
        const { rounds, serialsNeeded } = caliperPlan(OPTIONS);
        const writes = rounds.filter((r) => r.workload === 'coldtrace-write');
        assert.deepEqual(
            writes.map((r) => r.serialOffset),
            [0, 112],
        );
        assert.equal(serialsNeeded, 224);
        assert.ok(rounds.filter((r) => r.workload !== 'coldtrace-write').every((r) => r.serialOffset === undefined));
    });

    it('writes Caliper rounds with a fixed-rate or fixed-load controller and the workload arguments', () => {
        const plan = caliperPlan(OPTIONS);
        const config = caliperBenchmarkConfig(plan, OPTIONS, { workloadDir: '/w', serialsPath: '/s.json', runTag: 'tag', invoker: 'manufacturer' });
        assert.equal(config.test.workers.number, 2);
        const [fixed, , , , saturated] = config.test.rounds;
        assert.ok(fixed && saturated);
        assert.deepEqual(fixed.rateControl, { type: 'fixed-rate', opts: { tps: 20 } });
        assert.deepEqual(saturated.rateControl, { type: 'fixed-load', opts: { transactionLoad: 8, startTps: 20 } });
        assert.deepEqual(saturated.workload, {
            module: '/w/coldtrace-write.js',
            arguments: { invoker: 'manufacturer', serialsPath: '/s.json', serialOffset: 112, runTag: 'tag-coldtrace-write@max8' },
        });
        assert.equal(fixed.txNumber, 100);
    });
});
