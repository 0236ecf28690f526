import assert from 'node:assert/strict';
import { eventLocator, ledgerEventId } from './epcis-event-id';

describe('ledger event IDs', () => {
    it('are the same for the same coordinates, differ by step, and name the record that holds the event', () => {
        const coordinates = { txId: 'ab12', step: 'shipping', subject: 'SHIP-1', locator: { kind: 's', id: 'SHIP-1' } } as const;
        assert.equal(ledgerEventId(coordinates), ledgerEventId({ ...coordinates }));
        assert.notEqual(ledgerEventId(coordinates), ledgerEventId({ ...coordinates, step: 'receiving' }));
        assert.match(ledgerEventId(coordinates), /^urn:coldtrace:event:s:SHIP-1:[0-9a-f]{32}$/);
        assert.deepEqual(eventLocator(ledgerEventId(coordinates)), { kind: 's', id: 'SHIP-1' });
    });

    it('keep a serial with reserved characters intact, and answer nothing for a partner’s eventID', () => {
        const serial = 'AB:12/3%x';
        const id = ledgerEventId({ txId: 'cd34', step: 'commissioning', subject: serial, locator: { kind: 'p', id: serial } });
        assert.deepEqual(eventLocator(id), { kind: 'p', id: serial });
        assert.equal(eventLocator('urn:uuid:9d0a6b6e-0000-4000-8000-000000000001'), undefined);
        assert.equal(eventLocator('urn:coldtrace:event:x:S1:0123456789abcdef0123456789abcdef'), undefined);
    });
});
