import { describeSensorsToLedger } from './sensors-to-ledger-suite';

describeSensorsToLedger('aedes');
