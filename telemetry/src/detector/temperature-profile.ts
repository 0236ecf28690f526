/** The temperatures a shipment's goods tolerate, and for how long (event time) they may be outside. */
export interface TemperatureProfile {
    minC: number;
    maxC: number;
    maxExcursionMinutes: number;
}
