#!/usr/bin/env node
// Records an organization that network:add-org admitted to the channel as a member of the coldtrace
// consortium on the ledger, the way the members' administrators do it: proposed (member:propose) by
// an administrator of the first active member, then approved (member:approve) by administrators of
// active members until a majority carried it. On a channel where nobody has recorded the founders yet,
// it records them first (member:bootstrap), as the first server or test harness to connect would.
//
//   node network/fabric/record-member.js <connection.json> '{"mspId":"Retailer2MSP","roles":["retailer"],"displayName":"Second Retailer"}'
//
// Each administrator is a fresh certificate with coldtrace.admin=true from its organization's signing
// CA (`ca` in connection.json), which this local network holds for every organization; in a real
// consortium each member's administrator runs the approval with its own certificate. Prints the
// member record. Needs the compiled workspaces (npm run build).
'use strict';

const { readFileSync } = require('node:fs');
const { parseArgs } = require('node:util');
const { bootstrapMembership, fabricGatewayOptions, newFabricGatewayLedger, newJsonLedgerClient, readFabricNetworkConfig } = require('@coldtrace/ledger-client');
const { FOUNDING_MEMBERS } = require('@coldtrace/api/contract');
const { certificateAuthorityFromPem } = require('@coldtrace/embedded-ledger');

const ADMIN_ATTRIBUTE = 'coldtrace.admin';

const USAGE = 'usage: record-member.js <connection.json> <member JSON>';

async function main([connectionFile, memberJson]) {
    const member = JSON.parse(memberJson);
    const config = readFabricNetworkConfig(connectionFile);
    const raw = newFabricGatewayLedger(fabricGatewayOptions(config));
    const ledger = newJsonLedgerClient(raw);
    const run = Date.now().toString(36);
    const admin = async (mspId) => {
        const files = config.organizations[mspId]?.ca;
        if (!files) {
            throw new Error(`${connectionFile} has no signing CA for ${mspId}`);
        }
        const ca = await certificateAuthorityFromPem(mspId, readFileSync(files.certPath, 'utf8'), readFileSync(files.keyPath, 'utf8'), files.certPath);
        return ca.enroll(`admin-${run}`, { attributes: { [ADMIN_ATTRIBUTE]: 'true' } });
    };
    try {
        const founder = FOUNDING_MEMBERS.find((m) => config.organizations[m.mspId]);
        if (!founder) {
            throw new Error(`${connectionFile} names none of the founding members`);
        }
        await bootstrapMembership(raw, await admin(founder.mspId), FOUNDING_MEMBERS);
        const members = await ledger.evaluate(await admin(founder.mspId), 'member:list', []);
        const active = members.filter((m) => m.status === 'active');
        const existing = members.find((m) => m.mspId === member.mspId);
        if (existing?.status !== 'active') {
            if (!existing) {
                await ledger.submit(await admin(active[0].mspId), 'member:propose', [member]);
            }
            for (const approver of active) {
                const motion = await ledger.submit(await admin(approver.mspId), 'member:approve', [member.mspId]).catch((error) => {
                    // Approved before (an earlier run stopped half-way): the next administrator goes on.
                    if (/approved to admit .* already/.test(error.message)) return { carried: false };
                    throw error;
                });
                if (motion.carried) break;
            }
        }
        const recorded = await ledger.evaluate(await admin(founder.mspId), 'member:get', [member.mspId]);
        process.stdout.write(`${JSON.stringify(recorded)}\n`);
        if (recorded.status !== 'active') {
            throw new Error(`${member.mspId} is ${recorded.status}, not admitted`);
        }
    } finally {
        await raw.close();
    }
}

/** The two arguments, or undefined after saying why the command line is refused (status 2). */
function commandLine() {
    let positionals;
    try {
        ({ positionals } = parseArgs({ allowPositionals: true }));
    } catch (error) {
        process.stderr.write(`record-member: ${error.message}\n${USAGE}\n`);
        return undefined;
    }
    if (positionals.length !== 2) {
        process.stderr.write(`record-member: ${positionals.length} arguments, not 2\n${USAGE}\n`);
        return undefined;
    }
    return positionals;
}

const positionals = commandLine();
if (!positionals) {
    process.exit(2);
}
main(positionals).catch((error) => {
    process.stderr.write(`record-member: ${error.message}\n`);
    process.exit(1);
});
