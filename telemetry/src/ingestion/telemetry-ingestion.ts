import { type MemberRole, roleMayCall, type Shipment } from '@coldtrace/chaincode/model';
import type { Reading } from '@coldtrace/iot-sensor/protocol';
import type { ReadingOutcome, TelemetryIngestionResult } from '../contract/telemetry-ingestion-payloads';
import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';
import type { Detector, ReadingScope } from '../detector/detector';
import type { ShipmentDirectory } from '../detector/shipment-directory';
import type { DeviceIdentity } from '../device-ca/device-identity-kind';
import type { SensorRegistry } from '../provisioning/sensor-registry';
import { TelemetryRequestError } from '../telemetry-request-error';

/** Who posts readings over HTTP, as its credentials say. */
export type TelemetrySender =
    /** A device, by the client certificate the device HTTPS listener verified against the device CA. */
    | { kind: 'device'; identity: DeviceIdentity }
    /** A carrier's forwarder (AWS IoT rule, cellular network), by its telemetry token. */
    | { kind: 'carrier'; org: string; tokenId: string }
    /** A signed-in user uploading a data logger's read-out of a shipment it receives. */
    | { kind: 'consignee'; caller: { identity: LedgerIdentity; role: MemberRole }; shipmentId: string };

/** How long a sender's sensor that looks unknown waits for the directory to read the newest blocks. */
const DIRECTORY_CATCH_UP_MS = 2_000;

/** Sensors named in a refusal, at most. */
const NAMED = 10;

/**
 * HTTP ingestion: decides which sensors a sender may speak for, then hands the readings to the
 * detector's admission path (the one MQTT readings take), and counts what became of them.
 * A device speaks for its own certificate's CN only, as on the broker; a carrier for the sensors it
 * owns in the registry (registered, or first attached on the ledger by it) or attached to a shipment
 * it carries, onto its own shipments; the consignee of a shipment (whom the rules table lets receive
 * it) for that shipment only.
 *
 * @example
 * const result = await ingestion.ingest({ kind: 'carrier', org: 'CarrierMSP', tokenId }, readings);
 * result.readings[0]; // { sensorId: 'T-1', seq: 0, status: 'stored', shipmentId: 'S-1' }
 */
export class TelemetryIngestion {
    readonly #deps: {
        detector: Pick<Detector, 'submit'>;
        directory: Pick<ShipmentDirectory, 'carrierOf' | 'carriersOfSensor' | 'carried' | 'caughtUp'>;
        registry: Pick<SensorRegistry, 'get'>;
        ledger: Ledger;
    };

    constructor(deps: {
        detector: Pick<Detector, 'submit'>;
        directory: Pick<ShipmentDirectory, 'carrierOf' | 'carriersOfSensor' | 'carried' | 'caughtUp'>;
        registry: Pick<SensorRegistry, 'get'>;
        ledger: Ledger;
    }) {
        this.#deps = deps;
    }

    /** Throws {@link TelemetryRequestError} 403 (nothing stored) when the sender may not speak for a sensor of the batch. */
    async ingest(sender: TelemetrySender, readings: readonly Reading[]): Promise<TelemetryIngestionResult> {
        const scope = await this.#authorize(sender, [...new Set(readings.map((r) => r.sensorId))]);
        return summarize(this.#describe(sender), await this.#deps.detector.submit(readings, scope));
    }

    async #authorize(sender: TelemetrySender, sensorIds: string[]): Promise<ReadingScope | undefined> {
        switch (sender.kind) {
            case 'device': {
                if (sender.identity.kind !== 'device') {
                    throw new TelemetryRequestError(
                        403,
                        'FORBIDDEN',
                        `a ${sender.identity.kind} certificate (${sender.identity.commonName}) posts no readings; devices post with their own certificate`,
                    );
                }
                const others = sensorIds.filter((id) => id !== sender.identity.commonName);
                if (others.length) {
                    throw new TelemetryRequestError(
                        403,
                        'FORBIDDEN',
                        `the certificate of ${sender.identity.commonName} posts only its own readings, not those of ${named(others)}`,
                    );
                }
                return undefined;
            }
            case 'carrier': {
                const { org } = sender;
                const mayPost = (sensorId: string) => this.#deps.registry.get(sensorId)?.owner === org || this.#deps.directory.carriersOfSensor(sensorId).includes(org);
                let refused = sensorIds.filter((id) => !mayPost(id));
                if (refused.length) {
                    // A sensor attached in a block the directory has not read yet is not the carrier's yet.
                    await this.#deps.directory.caughtUp(DIRECTORY_CATCH_UP_MS);
                    refused = refused.filter((id) => !mayPost(id));
                }
                if (refused.length) {
                    throw new TelemetryRequestError(
                        403,
                        'FORBIDDEN',
                        `${org} has neither registered nor attached ${named(refused)}; its telemetry token posts only for its own sensors`,
                    );
                }
                // The sensor's owner speaks for it wherever it rides; another carrier only on its own shipments.
                return (shipmentId, sensorId) =>
                    this.#deps.directory.carrierOf(shipmentId) === org || this.#deps.registry.get(sensorId)?.owner === org ? undefined : 'outside_attachment_window';
            }
            case 'consignee': {
                await this.#requireConsignee(sender.caller, sender.shipmentId);
                const { shipmentId } = sender;
                return (assigned, sensorId) =>
                    assigned === shipmentId ? undefined : this.#deps.directory.carried(shipmentId, sensorId) ? 'outside_attachment_window' : 'unknown_sensor';
            }
        }
    }

    /**
     * The consignee is who may receive the shipment: the rules table's roles for `shipment:receive`,
     * and the organization the shipment goes to. The read itself is the chaincode's (404/403 for
     * a caller who is no party to it).
     */
    async #requireConsignee(caller: { identity: LedgerIdentity; role: MemberRole }, shipmentId: string): Promise<void> {
        const shipment = JSON.parse(Buffer.from(await this.#deps.ledger.evaluate(caller.identity, 'shipment:get', [shipmentId])).toString('utf8')) as Shipment;
        if (!roleMayCall(caller.role, 'shipment:receive') || shipment.to !== caller.identity.mspId) {
            throw new TelemetryRequestError(
                403,
                'FORBIDDEN',
                `only the consignee of shipment ${shipmentId} (${shipment.to}) uploads its data loggers' readings; ${caller.identity.mspId} is not`,
            );
        }
    }

    #describe(sender: TelemetrySender): TelemetryIngestionResult['sender'] {
        switch (sender.kind) {
            case 'device':
                return { kind: 'device', sensorId: sender.identity.commonName };
            case 'carrier':
                return { kind: 'carrier', org: sender.org, tokenId: sender.tokenId };
            case 'consignee':
                return { kind: 'consignee', org: sender.caller.identity.mspId, shipmentId: sender.shipmentId };
        }
    }
}

function summarize(sender: TelemetryIngestionResult['sender'], readings: ReadingOutcome[]): TelemetryIngestionResult {
    const count = (status: ReadingOutcome['status']) => readings.filter((r) => r.status === status).length;
    return { sender, stored: count('stored'), duplicates: count('duplicate'), refused: count('refused'), retry: count('retry'), readings };
}

function named(sensorIds: readonly string[]): string {
    const shown = sensorIds.slice(0, NAMED).join(', ');
    return `sensor${sensorIds.length === 1 ? '' : 's'} ${shown}${sensorIds.length > NAMED ? ` and ${sensorIds.length - NAMED} more` : ''}`;
}
