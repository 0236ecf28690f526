export { runFleet, progressLine, type FleetOptions, type FleetProgress } from './fleet-simulator';
export { SCENARIOS, parseScenarios, type Scenario } from './scenario';
export type { ReeferModel } from './reefer-model';
export { ROUTES, positionOn, type Route } from './route';
