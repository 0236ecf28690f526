import { dirname, join } from 'node:path';
import type { MemberInput } from '@coldtrace/chaincode/model';
import { openEmbeddedLedger } from '@coldtrace/embedded-ledger';
import { newEmbeddedIdentityIssuer } from '../identity/embedded-identity-issuer';
import { newFabricIdentityIssuer } from '../identity/fabric-identity-issuer';
import type { IdentityIssuer } from '../identity/identity-issuer';
import {
    fabricGatewayOptions,
    fabricLegacyOptions,
    type FabricNetworkConfig,
    type Ledger,
    memberView,
    newEmbeddedLedgerBackend,
    newFabricGatewayLedger,
    newFabricLegacyLedger,
    readFabricNetworkConfig,
} from '@coldtrace/ledger-client';
import type { FabricClient } from './server-config';

/** A ledger and the issuer of its users' identities. */
export interface LedgerConnection {
    ledger: Ledger;
    issuer: IdentityIssuer;
    /** Organizations whose keys the Fabric description held and a member's node left unused. */
    ignoredKeys?: string[];
}

/**
 * Opens the ledger the configuration names: the embedded one in `dataDir/ledger`, running the
 * chaincode package from node_modules, or a Fabric network through its Gateway or, for Fabric 2.2
 * peers without one (`fabricClient: 'legacy'`), through fabric-network 2.2.
 *
 * @example
 * const { ledger, issuer } = await openLedger({ ledger: 'embedded', dataDir: './data', fabricConnection: '', organizations: FOUNDING_MEMBERS });
 */
export async function openLedger(options: {
    ledger: 'embedded' | 'fabric';
    fabricClient?: FabricClient;
    dataDir: string;
    fabricConnection: string;
    organizations: readonly MemberInput[];
    org?: string;
}): Promise<LedgerConnection> {
    if (options.ledger === 'fabric') {
        const description = readFabricNetworkConfig(options.fabricConnection);
        if (!options.org) {
            return { ledger: fabricLedger(description, options.fabricClient ?? 'gateway', true), issuer: newFabricIdentityIssuer(description) };
        }
        // A member's node: its own keys only, and a write is done once its own peer has it.
        const { config, ignored } = memberView(description, options.org, options.fabricConnection);
        return { ledger: fabricLedger(config, options.fabricClient ?? 'gateway', false), issuer: newFabricIdentityIssuer(config), ignoredKeys: ignored };
    }
    const chaincodePath = dirname(require.resolve('@coldtrace/chaincode/package.json'));
    const embedded = await openEmbeddedLedger({
        dataDir: join(options.dataDir, 'ledger'),
        chaincodePath,
        organizations: options.organizations.map((member) => member.mspId),
    });
    return { ledger: newEmbeddedLedgerBackend(embedded), issuer: newEmbeddedIdentityIssuer(embedded) };
}

/**
 * A Fabric ledger through the client named.
 *
 * @example
 * const ledger = fabricLedger(readFabricNetworkConfig(path), 'legacy', true);
 */
export function fabricLedger(description: FabricNetworkConfig, client: FabricClient, waitForAllPeers: boolean): Ledger {
    return client === 'legacy'
        ? newFabricLegacyLedger({ ...fabricLegacyOptions(description), waitForAllPeers })
        : newFabricGatewayLedger({ ...fabricGatewayOptions(description), waitForAllPeers });
}
