import { describeBrokerOutage } from '../broker-outage-suite';

// Mosquitto persists the detector's session across its restart; the same suite as on aedes.
describeBrokerOutage('mosquitto');
