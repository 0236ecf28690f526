import { describeSensorsToLedger } from '../sensors-to-ledger-suite';

// The same end-to-end suite as `npm test` runs on aedes, on a real Mosquitto with the shipped config.
describeSensorsToLedger('mosquitto');
