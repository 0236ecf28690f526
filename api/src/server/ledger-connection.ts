import { dirname, join } from 'node:path';
import type { MemberInput } from '@coldtrace/chaincode/model';
import { EmbeddedLedger } from '@coldtrace/embedded-ledger';
import { EmbeddedIdentityIssuer } from '../identity/embedded-identity-issuer';
import { FabricIdentityIssuer } from '../identity/fabric-identity-issuer';
import type { IdentityIssuer } from '../identity/identity-issuer';
import { EmbeddedLedgerBackend } from '../ledger/embedded-ledger-backend';
import { FabricGatewayLedger } from '../ledger/fabric-gateway-ledger';
import { fabricGatewayOptions, memberView, readFabricNetworkConfig } from '../ledger/fabric-network-config';
import type { Ledger } from '../ledger/ledger';

/** A ledger and the issuer of its users' identities. */
export interface LedgerConnection {
    ledger: Ledger;
    issuer: IdentityIssuer;
    /** Organizations whose keys the Fabric description held and a member's node left unused. */
    ignoredKeys?: string[];
}

/**
 * Opens the ledger the configuration names: the embedded one in `dataDir/ledger`, running the
 * chaincode package from node_modules, or a Fabric network through its Gateway.
 *
 * @example
 * const { ledger, issuer } = await openLedger({ ledger: 'embedded', dataDir: './data', fabricConnection: '', organizations: FOUNDING_MEMBERS });
 */
export async function openLedger(options: { ledger: 'embedded' | 'fabric'; dataDir: string; fabricConnection: string; organizations: readonly MemberInput[]; org?: string }): Promise<LedgerConnection> {
    if (options.ledger === 'fabric') {
        const description = readFabricNetworkConfig(options.fabricConnection);
        if (!options.org) {
            return { ledger: new FabricGatewayLedger(fabricGatewayOptions(description)), issuer: new FabricIdentityIssuer(description) };
        }
        // A member's node: its own keys only, and a write is done once its own peer has it.
        const { config, ignored } = memberView(description, options.org, options.fabricConnection);
        return { ledger: new FabricGatewayLedger({ ...fabricGatewayOptions(config), waitForAllPeers: false }), issuer: new FabricIdentityIssuer(config), ignoredKeys: ignored };
    }
    const chaincodePath = dirname(require.resolve('@coldtrace/chaincode/package.json'));
    const embedded = await EmbeddedLedger.open({
        dataDir: join(options.dataDir, 'ledger'),
        chaincodePath,
        organizations: options.organizations.map((member) => member.mspId),
    });
    return { ledger: new EmbeddedLedgerBackend(embedded), issuer: new EmbeddedIdentityIssuer(embedded) };
}
