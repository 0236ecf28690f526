import assert from 'node:assert/strict';
import { BootstrapInput, Gln, MemberContact, MemberInput } from './member';

describe('member records', () => {
    const retailer = { mspId: 'Retailer2MSP', roles: ['retailer'], displayName: 'Corner Pharmacy' };

    it('takes one or more distinct roles, a display name, and optionally a GLN and a contact', () => {
        assert.equal(MemberInput.safeParse(retailer).success, true);
        assert.equal(MemberInput.safeParse({ ...retailer, roles: ['manufacturer', 'retailer'], gln: '9506000000008', contact: { email: 'ops@example.com' } }).success, true);
        assert.equal(MemberInput.safeParse({ ...retailer, roles: [] }).success, false);
        assert.equal(MemberInput.safeParse({ ...retailer, roles: ['retailer', 'retailer'] }).success, false);
        assert.equal(MemberInput.safeParse({ ...retailer, roles: ['consumer'] }).success, false);
        assert.equal(MemberInput.safeParse({ ...retailer, displayName: 'Corner\nPharmacy' }).success, false);
        assert.equal(MemberInput.safeParse({ ...retailer, status: 'active' }).success, false, 'status is the ledger’s, not the caller’s');
    });

    it('checks a GLN’s length and GS1 check digit', () => {
        assert.equal(Gln.safeParse('9506000000008').success, true);
        assert.equal(Gln.safeParse('9506000000009').success, false);
        assert.equal(Gln.safeParse('950600000000').success, false);
    });

    it('reaches a member by e-mail or an https webhook on a public host name', () => {
        assert.equal(MemberContact.safeParse({ webhook: 'https://hooks.example.com/coldtrace' }).success, true);
        assert.equal(MemberContact.safeParse({ webhook: 'http://hooks.example.com/coldtrace' }).success, false);
        assert.equal(MemberContact.safeParse({ email: 'not an address' }).success, false);
        assert.equal(MemberContact.safeParse({}).success, false);
    });

    it('refuses founding members listed twice', () => {
        assert.equal(BootstrapInput.safeParse([retailer, retailer]).success, false);
        assert.equal(BootstrapInput.safeParse([]).success, false);
    });
});
