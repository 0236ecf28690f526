import assert from 'node:assert/strict';
import { caliperPlan } from './caliper-plan';
import { caliperResultTable, MissingCaliperRoundError, parseCaliperSummary } from './caliper-results';

// Shaped as `caliper launch manager` prints it: log prefixes, a per-round table, then all rounds again.
const OUTPUT = `2026.12.02-01:10:00.100 info  [caliper] [round-orchestrator] 	Started round 1 (floor-put@20tps)
2026.12.02-01:10:20.200 info  [caliper] [report-builder] 	### Test result ###
2026.12.02-01:10:20.201 info  [caliper] [report-builder] 	
+-----------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+
| Name            | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |
|-----------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| floor-put@20tps | 300  | 0    | 20.1            | 9.99            | 9.99            | 9.99            | 1.0              |
+-----------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+
2026.12.02-01:12:00.000 info  [caliper] [report-builder] 	### All test results ###
2026.12.02-01:12:00.001 info  [caliper] [report-builder] 	
+-----------------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+
| Name                  | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |
|-----------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| floor-put@20tps       | 300  | 0    | 20.1            | 0.52            | 0.21            | 0.30            | 19.8             |
|-----------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| coldtrace-write@20tps | 299  | 1    | 20.0            | 0.80            | 0.25            | 0.41            | 19.5             |
|-----------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| trace-read@20tps      | 300  | 0    | 20.1            | 0.05            | 0.01            | 0.02            | 20.1             |
|-----------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| floor-put@max16       | 300  | 0    | 80.4            | 0.40            | 0.20            | 0.25            | 64.0             |
|-----------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| coldtrace-write@max16 | 300  | 0    | 50.2            | 0.70            | 0.30            | 0.45            | 32.0             |
|-----------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| trace-read@max16      | 300  | 0    | 400.0           | 0.10            | 0.01            | 0.04            | 380.5            |
+-----------------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+

2026.12.02-01:12:00.010 info  [caliper] [report-builder] 	Generated report with path /tmp/report.html
`;

describe('Caliper summary', () => {
    it('reads every round of the final table, the last row of a round winning', () => {
        const rounds = parseCaliperSummary(OUTPUT);
        assert.deepEqual(
            rounds.map((r) => r.name),
            ['floor-put@20tps', 'coldtrace-write@20tps', 'trace-read@20tps', 'floor-put@max16', 'coldtrace-write@max16', 'trace-read@max16'],
        );
        assert.deepEqual(rounds[0], { name: 'floor-put@20tps', succ: 300, fail: 0, sendTps: 20.1, maxLatencyS: 0.52, minLatencyS: 0.21, avgLatencyS: 0.3, throughputTps: 19.8 });
        assert.equal(rounds[1]?.fail, 1);
    });

    it('finds the columns by their titles, in any order', () => {
        const [row] = parseCaliperSummary(
            '| Name | Throughput (TPS) | Succ | Fail | Send Rate (TPS) | Avg Latency (s) | Min Latency (s) | Max Latency (s) |\n| r | 5.5 | 10 | 2 | 6 | 0.3 | 0.1 | 0.9 |',
        );
        assert.deepEqual(row, { name: 'r', succ: 10, fail: 2, sendTps: 6, maxLatencyS: 0.9, minLatencyS: 0.1, avgLatencyS: 0.3, throughputTps: 5.5 });
    });

    it('ignores tables that are not a summary and rows without numbers', () => {
        assert.deepEqual(parseCaliperSummary('| Type | Name | Memory |\n| Process | caliper | 120MB |\n| Name | Succ |\n| x | - |'), []);
    });

    it('tabulates the rounds with the write ÷ floor ratio at saturation leading the notes', () => {
        const plan = caliperPlan({ txNumber: 300, fixedTps: 20, maxInFlight: 16, workers: 1 });
        const table = caliperResultTable(plan, parseCaliperSummary(OUTPUT), ['Caliper 0.6.0']);
        assert.equal(table.id, 'caliper');
        assert.equal(table.rows.length, 6);
        assert.deepEqual(table.rows[4], ['maximum (16 in flight)', 'product:inspect of a fresh serial (coldtrace)', 300, 0, '50.2', '32.0', '450', '300–700', '0.50×']);
        assert.equal(table.rows[1]?.[8], '0.98×');
        assert.match(table.notes?.[0] ?? '', /saturation .*: 0\.50×/);
        assert.equal(table.notes![1], 'Caliper 0.6.0');
    });

    it('names the rounds Caliper did not report', () => {
        const plan = caliperPlan({ txNumber: 300, fixedTps: 20, maxInFlight: 16, workers: 1 });
        const partial = parseCaliperSummary(OUTPUT).filter((r) => !r.name.endsWith('max16'));
        assert.throws(
            () => caliperResultTable(plan, partial, []),
            (error: Error) => error instanceof MissingCaliperRoundError && /floor-put@max16, coldtrace-write@max16, trace-read@max16/.test(error.message),
        );
    });
});
