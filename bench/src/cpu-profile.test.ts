import { strict as assert } from 'node:assert';
import { type CpuProfile, formatShares, mainThreadProfiles, packageOf, summarizeCpuProfile } from './cpu-profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// (root) → main (api) → insert (better-sqlite3)
//                     → handshake (node:tls) → handshake (recursing)
//        → (idle), (garbage collector)
const profile: CpuProfile = {
    startTime: 0,
    endTime: 2_000_000,
    nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 6, 7] },
        { id: 2, callFrame: frame('handle', 'file:///work/main/api/dist/telemetry/detector/detector.js', 9), children: [3, 4] },
        { id: 3, callFrame: frame('run', 'file:///work/main/node_modules/better-sqlite3/lib/methods/wrappers.js') },
        { id: 4, callFrame: frame('handshake', 'node:internal/tls/wrap'), children: [5] },
        { id: 5, callFrame: frame('handshake', 'node:internal/tls/wrap') },
        { id: 6, callFrame: frame('(idle)') },
        { id: 7, callFrame: frame('(garbage collector)') },
    ],
    // 10 samples: 2 idle, so 8 busy.
    samples: [3, 3, 3, 5, 5, 4, 2, 7, 6, 6],
    timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('CPU profile summary', () => {
    const summary = summarizeCpuProfile(profile);

    it('shares self time of the busy samples by package', () => {
        assert.equal(summary.busyPercent, 80);
        assert.deepEqual(summary.selfByPackage, [
            { name: 'better-sqlite3', percent: 37.5 },
            { name: 'node:tls', percent: 37.5 },
            { name: '(garbage collector)', percent: 12.5 },
            { name: 'api/telemetry', percent: 12.5 },
        ]);
    });

    it('counts a recursing function once per sample in its inclusive time', () => {
        const inclusive = Object.fromEntries(summary.inclusiveByFunction.map((s) => [s.name, s.percent]));
        assert.equal(inclusive['handle (api/telemetry detector.js:10)'], 87.5);
        assert.equal(inclusive['handshake (node:tls wrap:1)'], 37.5);
        assert.equal(summary.inclusiveByPackage.find((s) => s.name === 'api/telemetry')?.percent, 87.5);
    });

    it('falls back on hit counts when the profile has no sample list', () => {
        const counted = summarizeCpuProfile({
            ...profile,
            samples: undefined,
            timeDeltas: undefined,
            nodes: profile.nodes.map((n) => ({ ...n, hitCount: n.id === 3 ? 3 : n.id === 2 ? 1 : 0 })),
        });
        assert.equal(formatShares(counted.selfByPackage, 2), 'better-sqlite3 75 %, api/telemetry 25 %');
        assert.equal(counted.seconds, 2);
    });

    it('cuts out a window of the profile by sample time', () => {
        // Samples at 100…1000 µs: 400–600 holds the two recursing handshakes and the outer one.
        const cut = summarizeCpuProfile(profile, { window: { fromUs: 400, toUs: 600 } });
        assert.deepEqual(cut.selfByPackage, [{ name: 'node:tls', percent: 100 }]);
        assert.equal(cut.seconds, 0.0002);
    });

    it("picks the main thread's profiles, not the worker threads' that sort after them", () => {
        const names = ['CPU.20261202.225948.31895.1.002.cpuprofile', 'CPU.20261202.230112.31902.0.001.cpuprofile', 'CPU.20261202.225948.31895.0.001.cpuprofile', 'notes.txt'];
        assert.deepEqual(mainThreadProfiles(names), ['CPU.20261202.225948.31895.0.001.cpuprofile', 'CPU.20261202.230112.31902.0.001.cpuprofile']);
    });

    it('names where code comes from', () => {
        assert.equal(packageOf(frame('x', 'file:///a/node_modules/@scope/pkg/index.js')), '@scope/pkg');
        assert.equal(packageOf(frame('x', 'node:net')), 'node:net');
        assert.equal(packageOf(frame('x', 'file:///work/main/api/dist/server/main.js')), 'api/server');
        assert.equal(packageOf(frame('x', 'file:///work/main/bench/dist/main.js')), 'bench/main');
        assert.equal(packageOf(frame('now')), '(native)');
    });
});
