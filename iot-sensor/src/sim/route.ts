/** A leg between two places, driven at a steady speed; positions are interpolated along it. */
export interface Route {
    from: string;
    to: string;
    start: { lat: number; lon: number };
    end: { lat: number; lon: number };
    hours: number;
}

/** European reefer lanes between pharmaceutical and food hubs. */
export const ROUTES: readonly Route[] = [
    { from: 'Antwerp', to: 'Frankfurt', start: { lat: 51.2194, lon: 4.4025 }, end: { lat: 50.1109, lon: 8.6821 }, hours: 5 },
    { from: 'Rotterdam', to: 'Milan', start: { lat: 51.9244, lon: 4.4777 }, end: { lat: 45.4642, lon: 9.19 }, hours: 12 },
    { from: 'Basel', to: 'Paris', start: { lat: 47.5596, lon: 7.5886 }, end: { lat: 48.8566, lon: 2.3522 }, hours: 6 },
    { from: 'Copenhagen', to: 'Hamburg', start: { lat: 55.6761, lon: 12.5683 }, end: { lat: 53.5511, lon: 9.9937 }, hours: 4 },
    { from: 'Madrid', to: 'Lyon', start: { lat: 40.4168, lon: -3.7038 }, end: { lat: 45.764, lon: 4.8357 }, hours: 11 },
];

/** Where a truck on `route` is after `elapsedMinutes`, with a little GPS jitter. */
export function positionOn(route: Route, elapsedMinutes: number, jitter: number): { lat: number; lon: number } {
    const progress = Math.min(1, elapsedMinutes / (route.hours * 60));
    return {
        lat: round(route.start.lat + (route.end.lat - route.start.lat) * progress + jitter * 0.0002, 5),
        lon: round(route.start.lon + (route.end.lon - route.start.lon) * progress + jitter * 0.0002, 5),
    };
}

function round(value: number, digits: number): number {
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}
