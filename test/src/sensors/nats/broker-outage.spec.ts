import { describeBrokerOutage } from '../broker-outage-suite';

// NATS keeps the detector's MQTT session and the readings stream in JetStream across its restart.
describeBrokerOutage('nats');
