import type { EpcisEvent } from './epcis-event-source';

/**
 * The order every event source yields in and queries answer in: event time, then eventID, so pages
 * of equal times are stable.
 *
 * @example
 * events.sort(byTimeThenId);
 */
export function byTimeThenId(a: Pick<EpcisEvent, 'eventTime' | 'eventID'>, b: Pick<EpcisEvent, 'eventTime' | 'eventID'>): number {
    return Date.parse(a.eventTime) - Date.parse(b.eventTime) || (a.eventID < b.eventID ? -1 : a.eventID > b.eventID ? 1 : 0);
}
