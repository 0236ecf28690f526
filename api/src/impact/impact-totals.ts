import { type ImpactRow, STOPPING_HOLD_STATUSES } from '@coldtrace/chaincode/model';
import type { ImpactTotals } from '../contract/impact-payloads';

/**
 * Counts units as they stream past, per state and per organization, without keeping them.
 *
 * @example
 * const totals = new ImpactTally();
 * page.items.forEach((row) => totals.add(row));
 * totals.result(); // { units: 1000, byState: { stocked: 1000 }, … }
 */
export class ImpactTally {
    readonly #totals: ImpactTotals = { units: 0, sold: 0, held: 0, excursion: 0, byState: {}, byCustodian: {}, byOwner: {} };

    add(row: ImpactRow): void {
        const totals = this.#totals;
        totals.units += 1;
        totals.sold += row.sold ? 1 : 0;
        totals.held += STOPPING_HOLD_STATUSES.includes(row.hold) ? 1 : 0;
        totals.excursion += row.excursion ? 1 : 0;
        totals.byState[row.state] = (totals.byState[row.state] ?? 0) + 1;
        const custodian = (totals.byCustodian[row.custodian] ??= { units: 0, byState: {} });
        custodian.units += 1;
        custodian.byState[row.state] = (custodian.byState[row.state] ?? 0) + 1;
        totals.byOwner[row.owner] = (totals.byOwner[row.owner] ?? 0) + 1;
    }

    result(): ImpactTotals {
        return this.#totals;
    }
}
