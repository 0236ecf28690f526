import { describe, expect, it } from 'vitest';
import { routeGeometry } from './route-geometry';

const land = {
    type: 'Polygon' as const,
    coordinates: [
        [
            [130, 30],
            [140, 30],
            [140, 40],
            [130, 40],
            [130, 30],
        ],
    ],
};

describe('routeGeometry', () => {
    it('zooms to the route and places its start and last position inside the map', () => {
        const g = routeGeometry(
            land,
            [
                { lat: 35.68, lon: 139.76, at: '2026-01-01T00:00:00Z' },
                { lat: 35.0, lon: 137.0, at: '2026-01-01T02:00:00Z' },
                { lat: 34.69, lon: 135.5, at: '2026-01-01T04:00:00Z' },
            ],
            480,
            300,
        );
        expect(g.route).toMatch(/^M/);
        for (const p of [g.start!, g.last!]) {
            expect(p.x).toBeGreaterThanOrEqual(0);
            expect(p.x).toBeLessThanOrEqual(480);
            expect(p.y).toBeGreaterThanOrEqual(0);
            expect(p.y).toBeLessThanOrEqual(300);
        }
        // Tokyo is east of Osaka.
        expect(g.start!.x).toBeGreaterThan(g.last!.x);
        expect(g.last!.at).toBe('2026-01-01T04:00:00Z');
    });

    it('shows the whole world and no route when no valid position was reported', () => {
        const g = routeGeometry(land, [{ lat: 200, lon: 0, at: 'x' }], 480, 300);
        expect(g.route).toBe('');
        expect(g.last).toBeUndefined();
        expect(g.land).toMatch(/^M/);
    });
});
