import type { DetectedExcursion } from './excursion-detection';
import type { WindowDigest } from '../store/telemetry-store';

/** What the telemetry pipeline tells the rest of the backend (SSE, notifier, logs), after the fact. */
export type TelemetryEvent =
    | { type: 'ExcursionRecorded' | 'ExcursionClosed'; excursion: DetectedExcursion; txId: string; at: string }
    | { type: 'SensorFlooding'; sensorId: string; droppedSinceLastFlag: number; at: string }
    | { type: 'TelemetryAnchored'; digest: WindowDigest; txId: string; at: string }
    /** Readings of a shipment stored since the last such event (see ReadingsStoredCoalescer), for its parties. */
    | { type: 'ReadingsStored'; shipmentId: string; parties: string[]; firstAt: string; lastAt: string; count: number; at: string };
