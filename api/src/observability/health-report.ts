import type { PeerStatus } from '@coldtrace/ledger-client';
import type { TelemetryHealth } from '@coldtrace/telemetry';

/**
 * What /healthz answers beyond the version: `degraded` while the node serves but something is
 * missing (another member's peer, the sensors' broker), `unavailable` when its own peer cannot be
 * reached and nothing can be read or written; `reasons` names each missing piece.
 *
 * @example
 * assessHealth({ home: 'Retailer2MSP', peers: [{ mspId: 'AuditorMSP', endpoint: '127.0.0.1:9451', reachable: false, error: 'ECONNREFUSED' }, …] });
 * // { status: 'degraded', reasons: ["AuditorMSP's peer 127.0.0.1:9451 is unreachable: ECONNREFUSED"], peers: […] }
 */
export interface HealthReport {
    status: 'ok' | 'degraded' | 'unavailable';
    reasons?: string[];
    peers?: PeerStatus[];
    telemetry?: TelemetryHealth;
}

/**
 * Weighs the probes: a member's node (`home`) is unavailable without its own peer; the all-in-one
 * server, whose users each go through their own organization's peer, only once no peer answers.
 */
export function assessHealth(probes: { home?: string; peers?: PeerStatus[]; telemetry?: TelemetryHealth }): HealthReport {
    const { home, peers, telemetry } = probes;
    const reasons: string[] = [];
    const unreachable = (peers ?? []).filter((peer) => !peer.reachable);
    for (const peer of unreachable) {
        reasons.push(`${peer.mspId}'s peer ${peer.endpoint} is unreachable${peer.error ? `: ${peer.error}` : ''}`);
    }
    if (telemetry?.status === 'degraded') {
        reasons.push(telemetry.reason);
    }
    const own = (peers ?? []).filter((peer) => home === undefined || peer.mspId === home);
    const status = own.length > 0 && own.every((peer) => !peer.reachable) ? 'unavailable' : reasons.length ? 'degraded' : 'ok';
    return { status, ...(reasons.length && { reasons }), ...(peers && { peers }), ...(telemetry && { telemetry }) };
}
