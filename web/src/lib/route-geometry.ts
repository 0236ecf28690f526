import { geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';

/** A position a sensor reported, newest last. */
export interface RoutePoint {
    lat: number;
    lon: number;
    at: string;
}

/** What the route map draws, in SVG coordinates. */
export interface RouteGeometry {
    land: string;
    route: string;
    start?: { x: number; y: number };
    last?: { x: number; y: number; at: string };
}

/**
 * Projects the world's land and a shipment's route onto a map zoomed to the route, with a margin
 * around it so the start and the last known position are not at the edge. Offline: the land comes
 * from world-atlas, no tile server.
 *
 * @example
 * routeGeometry(land, [{ lat: 35.6, lon: 139.7, at }, { lat: 34.7, lon: 135.5, at }], 480, 300).route; // 'M…L…'
 */
export function routeGeometry(land: GeoPermissibleObjects, points: readonly RoutePoint[], width: number, height: number): RouteGeometry {
    const valid = points.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180);
    const line = { type: 'LineString' as const, coordinates: valid.map((p) => [p.lon, p.lat]) };
    const projection = geoMercator();
    if (valid.length > 0) {
        projection.fitExtent(
            [
                [24, 24],
                [width - 24, height - 24],
            ],
            zoomArea(valid),
        );
    } else {
        projection.fitSize([width, height], { type: 'Sphere' });
    }
    const path = geoPath(projection);
    const at = (p: RoutePoint) => {
        const [x, y] = projection([p.lon, p.lat]) ?? [0, 0];
        return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
    };
    const first = valid[0];
    const last = valid[valid.length - 1];
    return {
        land: path(land) ?? '',
        route: valid.length > 1 ? (path(line) ?? '') : '',
        start: first ? at(first) : undefined,
        last: last ? { ...at(last), at: last.at } : undefined,
    };
}

/**
 * The area to zoom to: the route's bounding box grown to at least about 2° so a short city route
 * still shows its surroundings.
 */
function zoomArea(points: readonly RoutePoint[]): GeoPermissibleObjects {
    const lats = points.map((p) => p.lat);
    const lons = points.map((p) => p.lon);
    const pad = (lo: number, hi: number) => Math.max(1, (hi - lo) * 0.15);
    const [latLo, latHi] = [Math.min(...lats), Math.max(...lats)];
    const [lonLo, lonHi] = [Math.min(...lons), Math.max(...lons)];
    const dLat = pad(latLo, latHi);
    const dLon = pad(lonLo, lonHi);
    return {
        type: 'MultiPoint',
        coordinates: [
            [Math.max(-180, lonLo - dLon), Math.max(-85, latLo - dLat)],
            [Math.min(180, lonHi + dLon), Math.min(85, latHi + dLat)],
        ],
    };
}
