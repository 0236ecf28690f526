import type { ProductView } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { toWorkshopRow, WORKSHOP_STEP_COLUMNS } from './workshop-row';

const entry = (state: string, at: string) => ({ state, at, org: 'ManufacturerMSP', user: 'manufacturer', txId: `tx-${state}` });

describe('toWorkshopRow', () => {
    it('puts each shown step in its column and leaves the steps not taken empty', () => {
        const product = {
            serial: 'S1',
            state: 'shipped',
            batchId: 'B1',
            flags: { excursion: true, anomaly: false },
            timeline: [
                entry('manufactured', '2026-01-01T00:00:00Z'),
                entry('inspected', '2026-01-02T00:00:00Z'),
                entry('packed', '2026-01-03T00:00:00Z'),
                entry('shipped', '2026-01-04T00:00:00Z'),
            ],
        } as unknown as ProductView;
        const row = toWorkshopRow(product);
        expect(row.serial).toBe('S1');
        expect(row.flagged).toEqual({ excursion: true, anomaly: false });
        expect(row.stepAt.inspected?.at).toBe('2026-01-02T00:00:00Z');
        expect(row.stepAt.shipped?.txId).toBe('tx-shipped');
        expect(row.stepAt.stocked).toBeUndefined();
        expect(Object.keys(row.stepAt)).not.toContain('packed');
    });

    it('has the workshop columns in order', () => {
        expect(WORKSHOP_STEP_COLUMNS).toEqual(['manufactured', 'inspected', 'shipped', 'stocked', 'labeled', 'sold']);
    });
});
