/** What can happen to a simulated shipment or sensor. */
export const SCENARIOS = ['normal', 'door-opening', 'reefer-failure', 'offline', 'duplicates', 'clock-skew'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ScenarioSettings {
    scenarios: Scenario[];
    /** Minutes a sensor stays offline in the `offline` scenario; default 30. */
    offlineMinutes: number;
    /** How far the sensor clocks run off in `clock-skew`, in minutes; default 7. */
    skewMinutes: number;
}

export function parseScenarios(text: string): Scenario[] {
    const names = text
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
    const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
    if (unknown.length > 0) {
        throw new Error(`unknown scenario ${unknown.join(', ')}; choose from ${SCENARIOS.join(', ')}`);
    }
    return names as Scenario[];
}
