import { describeSensorsToLedger } from '../sensors-to-ledger-suite';

// The same end-to-end suite as on aedes and Mosquitto: devices on the NATS MQTT gateway, the
// detector on the JetStream partitions.
describeSensorsToLedger('nats');
