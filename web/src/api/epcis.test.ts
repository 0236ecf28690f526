import { describe, expect, it, vi } from 'vitest';
import { epcisQueryOfRecord, epcisQueryOfTrace, fetchEpcisDocument } from './epcis';

const page = (events: unknown[], next?: string) =>
    new Response(JSON.stringify({ type: 'EPCISQueryDocument', epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events } } } }), {
        status: 200,
        headers: next ? { link: `<${next}>; rel="next"` } : {},
    });

describe('EPCIS download', () => {
    it('asks for the unit and the handling unit it travelled in', () => {
        const query = new URLSearchParams(epcisQueryOfTrace({ product: { gtin: '09506000134352', serial: 'A/1' }, handlingUnit: { sscc: '095060001234567891' } } as never));
        expect(query.get('MATCH_anyEPC')).toBe('https://id.gs1.org/01/09506000134352/21/A%2F1|https://id.gs1.org/00/095060001234567891');
    });

    it('names the goods of a product, handling unit or shipment record, and none of other records', () => {
        expect(new URLSearchParams(epcisQueryOfRecord('shipment', { handlingUnits: ['095060001234567891'] })).get('MATCH_anyEPC')).toBe('https://id.gs1.org/00/095060001234567891');
        expect(new URLSearchParams(epcisQueryOfRecord('product', { gtin: '09506000134352', serial: 'S1' })).get('MATCH_anyEPC')).toBe('https://id.gs1.org/01/09506000134352/21/S1');
        expect(epcisQueryOfRecord('order', { orderId: 'O-1' })).toBeUndefined();
        expect(epcisQueryOfRecord('product', undefined)).toBeUndefined();
    });

    it('follows the Link header through every page into one document, with the bearer token', async () => {
        const fetcher = vi
            .fn()
            .mockResolvedValueOnce(page([{ eventID: 'a' }], '/epcis/events?x=1&nextPageToken=t'))
            .mockResolvedValueOnce(page([{ eventID: 'b' }]));
        const document = await fetchEpcisDocument('tok', 'MATCH_epc=x', fetcher);
        expect(document.epcisBody.queryResults.resultsBody.eventList).toEqual([{ eventID: 'a' }, { eventID: 'b' }]);
        expect(fetcher.mock.calls[0]?.[0]).toBe('/epcis/events?MATCH_epc=x&perPage=1000');
        expect(fetcher.mock.calls[1]?.[0]).toBe('/epcis/events?x=1&nextPageToken=t');
        expect(fetcher.mock.calls[0]?.[1]?.headers.authorization).toBe('Bearer tok');
    });

    it('says why a query was refused, in the server’s words', async () => {
        const fetcher = vi
            .fn()
            .mockResolvedValue(new Response(JSON.stringify({ type: 'epcisException:QueryTooLargeException', detail: 'the query reads more than 2000 products' }), { status: 413 }));
        await expect(fetchEpcisDocument('tok', '', fetcher as unknown as typeof fetch)).rejects.toThrow(/more than 2000 products/);
    });
});
