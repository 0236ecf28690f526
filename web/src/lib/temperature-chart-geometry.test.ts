import { describe, expect, it } from 'vitest';
import { chartGeometry } from './temperature-chart-geometry';

const size = { width: 500, height: 200, margin: { left: 40, right: 10, top: 10, bottom: 20 } };
const reading = (minute: number, c: number) => ({ at: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), minC: c, maxC: c });

describe('chartGeometry', () => {
    const [s0, s1, s2, s3] = [reading(0, 4), reading(10, 5), reading(20, 12), reading(30, 6)];
    const samples = [s0, s1, s2, s3];
    const g = chartGeometry(samples, { minC: 2, maxC: 8 }, [{ id: 'e1', kind: 'high', startAt: s2.at, endAt: s3.at, peakC: 12 }], size);

    it('shades the allowed band between its temperatures', () => {
        const yOf = (c: number) => g.yTicks.find((t) => t.value === c)?.position;
        expect(g.band.y).toBeLessThan(g.band.y + g.band.height);
        // 8 °C is above 2 °C on screen, and the band sits inside the plot.
        expect(g.band.y).toBeGreaterThanOrEqual(g.plot.y);
        expect(g.band.y + g.band.height).toBeLessThanOrEqual(g.plot.y + g.plot.height);
        if (yOf(8) !== undefined) expect(g.band.y).toBeCloseTo(yOf(8)!, 0);
    });

    it('spans the excursion from its start to its end and marks points outside the band', () => {
        expect(g.excursions).toHaveLength(1);
        const [e] = g.excursions;
        if (!e) {
            throw new Error('no excursion drawn');
        }
        expect(e.x).toBeCloseTo(40 + (450 * 2) / 3, 0);
        expect(e.x + e.width).toBeCloseTo(490, 0);
        expect(e.open).toBe(false);
        expect(g.points.filter((p) => p.outside).map((p) => p.sample.minC)).toEqual([12]);
    });

    it('draws the line through every sample in time order and covers the peak on the y axis', () => {
        const shuffled = chartGeometry([s3, s0, s2, s1], { minC: 2, maxC: 8 }, [], size);
        expect(shuffled.line.split('L')).toHaveLength(4);
        expect(shuffled.line).toBe(chartGeometry(samples, { minC: 2, maxC: 8 }, [], size).line);
        expect(Math.max(...g.yTicks.map((t) => t.value))).toBeGreaterThanOrEqual(12);
    });

    it('runs an open excursion to the latest sample and draws an envelope for digest windows', () => {
        const windows = [
            { at: s0.at, minC: 3, maxC: 5 },
            { at: s1.at, minC: 4, maxC: 9 },
        ];
        const open = chartGeometry(windows, { minC: 2, maxC: 8 }, [{ id: 'e', kind: 'high', startAt: s0.at, peakC: 9 }], size);
        const [running] = open.excursions;
        if (!running) {
            throw new Error('no excursion drawn');
        }
        expect(running.open).toBe(true);
        expect(running.x + running.width).toBeCloseTo(490, 0);
        expect(open.envelope).toMatch(/Z$/);
    });

    it('lays out an empty chart without failing', () => {
        const empty = chartGeometry([], { minC: 2, maxC: 8 }, [], size);
        expect(empty.line).toBe('');
        expect(empty.yTicks.length).toBeGreaterThan(2);
    });
});
