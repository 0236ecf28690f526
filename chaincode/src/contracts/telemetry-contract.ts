import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireParty } from '../access/access-rules';
import { ConflictError, InvalidArgumentError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { stamp } from '../lifecycle/record-stamp';
import { type Excursion, RecordExcursionInput } from '../model/excursion';
import type { HandlingUnit } from '../model/handling-unit';
import type { Shipment } from '../model/shipment';
import { AnchorDigestInput, type TelemetryDigest } from '../model/telemetry-digest';
import { visibleRecord } from '../views/visible-page';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * What the carrier's events detector writes: temperature excursions and digests of the raw telemetry
 * kept off chain. Both are idempotent under their deterministic ids, because devices retry and
 * brokers redeliver; each is its own key, so the detector never contends with the carrier's or
 * retailer's writes.
 *
 * @example
 * // submit telemetry:recordExcursion '{"excursionId":"S1-T1-1700000000","shipmentId":"S1","sensorId":"T1",
 * //   "kind":"high","startAt":"2026-11-20T10:00:00Z","peakC":12.4,"durationMinutes":42}'
 */
@Info({ title: 'telemetry', description: 'Excursions and anchored digests of off-chain telemetry' })
export class TelemetryContract extends ColdtraceContract {
    constructor() {
        super('telemetry');
    }

    /** Opens, updates or closes an excursion. A retry with the same content changes nothing. */
    @Transaction()
    @Returns('string')
    async recordExcursion(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        const input = parseInput(RecordExcursionInput, inputJson, 'excursion');
        const shipment = await ctx.store.require<Shipment>('shipment', [input.shipmentId], `shipment ${input.shipmentId}`);
        requireParty(ctx, shipment.carrier, 'shipmentCarrier', `record excursions of shipment ${shipment.shipmentId}`);
        requireSensorOnShipment(shipment, input.sensorId, input.startAt);
        const existing = await ctx.store.get<Excursion>('excursion', [input.shipmentId, input.excursionId]);
        const measured = {
            kind: input.kind,
            startAt: input.startAt,
            endAt: input.endAt,
            peakC: input.peakC,
            durationMinutes: input.durationMinutes,
            meanKineticC: input.meanKineticC,
        };
        if (existing) {
            if (canonicalJson(pick(existing, measured)) === canonicalJson(measured) && existing.sensorId === input.sensorId) {
                return canonicalJson(existing);
            }
            if (existing.status === 'closed') {
                throw new ConflictError(`excursion ${input.excursionId} is closed; a closed excursion cannot change`);
            }
            if (existing.kind !== input.kind || existing.startAt !== input.startAt || existing.sensorId !== input.sensorId) {
                throw new ConflictError(`excursion ${input.excursionId} was opened with another sensor, kind or start`);
            }
        }
        const excursion: Excursion = {
            docType: 'excursion',
            excursionId: input.excursionId,
            shipmentId: input.shipmentId,
            sensorId: input.sensorId,
            ...measured,
            status: input.endAt ? 'closed' : 'open',
            affectedSerials: existing?.affectedSerials ?? (await serialsOf(ctx, shipment)),
            parties: shipment.parties,
            recordedAt: existing?.recordedAt ?? ctx.now,
            ...stamp(ctx),
        };
        await ctx.store.put('excursion', [input.shipmentId, input.excursionId], excursion);
        ctx.announce({
            type: excursion.status === 'closed' ? 'ExcursionClosed' : 'ExcursionRecorded',
            parties: excursion.parties,
            ids: { shipmentId: input.shipmentId, excursionId: input.excursionId, sensorId: input.sensorId },
            kind: excursion.kind,
            peakC: excursion.peakC,
            affected: excursion.affectedSerials.length,
            // A closed excursion holds its units until the goods' manufacturer releases or rejects them.
            ...(excursion.status === 'closed' ? { hold: 'EXCURSION_HOLD' } : {}),
        });
        return canonicalJson(excursion);
    }

    /** Anchors one window's digest. A window's digest is written once and can never be replaced. */
    @Transaction()
    @Returns('string')
    async anchorDigest(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        const input = parseInput(AnchorDigestInput, inputJson, 'telemetry digest');
        const shipment = await ctx.store.require<Shipment>('shipment', [input.shipmentId], `shipment ${input.shipmentId}`);
        requireParty(ctx, shipment.carrier, 'shipmentCarrier', `anchor telemetry digests of shipment ${shipment.shipmentId}`);
        requireSensorOnShipment(shipment, input.sensorId, input.windowStart);
        const ids = [input.shipmentId, input.sensorId, input.windowStart];
        const existing = await ctx.store.get<TelemetryDigest>('telemetryDigest', ids);
        if (existing) {
            if (canonicalJson(pick(existing, input)) === canonicalJson(input)) {
                return canonicalJson(existing);
            }
            throw new ConflictError(`the window from ${input.windowStart} of sensor ${input.sensorId} is already anchored with another digest`);
        }
        const digest: TelemetryDigest = { docType: 'telemetryDigest', ...input, parties: shipment.parties, anchoredAt: ctx.now, ...stamp(ctx) };
        await ctx.store.put('telemetryDigest', ids, digest);
        ctx.announce({ type: 'TelemetryAnchored', parties: digest.parties, ids: { shipmentId: input.shipmentId, sensorId: input.sensorId }, windowStart: input.windowStart });
        return canonicalJson(digest);
    }

    @Transaction(false)
    @Returns('string')
    async listExcursions(ctx: ColdtraceContext, shipmentId: string): Promise<string> {
        await visibleRecord<Shipment>(ctx, 'shipment', shipmentId);
        return canonicalJson(await ctx.store.listByPrefix<Excursion>('excursion', [shipmentId]));
    }

    @Transaction(false)
    @Returns('string')
    async listDigests(ctx: ColdtraceContext, shipmentId: string): Promise<string> {
        await visibleRecord<Shipment>(ctx, 'shipment', shipmentId);
        return canonicalJson(await ctx.store.listByPrefix<TelemetryDigest>('telemetryDigest', [shipmentId]));
    }
}

/** Only a sensor on the shipment at that moment speaks for it. */
function requireSensorOnShipment(shipment: Shipment, sensorId: string, at: string): void {
    const time = Date.parse(at);
    const onBoard = shipment.sensors.some((s) => s.sensorId === sensorId && Date.parse(s.attachedAt) <= time && (!s.detachedAt || time < Date.parse(s.detachedAt)));
    if (!onBoard) {
        throw new InvalidArgumentError(`sensor ${sensorId} was not attached to shipment ${shipment.shipmentId} at ${at}`);
    }
}

async function serialsOf(ctx: ColdtraceContext, shipment: Shipment): Promise<string[]> {
    const units = await Promise.all(shipment.handlingUnits.map((sscc) => ctx.store.require<HandlingUnit>('handlingUnit', [sscc], `handling unit ${sscc}`)));
    return units.flatMap((unit) => unit.serials);
}

/** The fields of `record` that `shape` names, for comparing a retry with what is stored. */
function pick(record: object, shape: object): Record<string, unknown> {
    return Object.fromEntries(Object.keys(shape).map((key) => [key, (record as Record<string, unknown>)[key]]));
}
