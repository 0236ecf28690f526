import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openLedger } from '@coldtrace/api';
import { bootstrapMembership, type LedgerIdentity, fabricGatewayOptions, fabricLegacyOptions, readFabricNetworkConfig } from '@coldtrace/ledger-client';
import { FOUNDING_MEMBERS } from '@coldtrace/api/contract';
import { openEmbeddedLedger } from '@coldtrace/embedded-ledger';
import { EmbeddedSource } from '../source/embedded-source';
import { GatewaySource } from '../source/gateway-source';
import { LegacySource } from '../source/legacy-source';
import type { SourceLedger } from '../source/source-ledger';
import { cachedIdentities, type MigrationTarget } from '../target/migration-target';

/** A `--from`/`--to` value that names no ledger the tool can open. */
export class LedgerAddressError extends Error {
    constructor(flag: string, value: string) {
        super(
            `${flag} ${value}: give embedded:<data directory> (a coldtrace server's --data-dir), fabric:<network description JSON> (Fabric Gateway, peers 2.4+) or, as a source only, amb:<network description JSON> (fabric-network 2.2: Amazon Managed Blockchain, any Fabric 2.2 network; npm run amb -- profile writes the description)`,
        );
        this.name = 'LedgerAddressError';
    }
}

/** `embedded:./data`, `fabric:.fabric/network/connection.json` or (a source) `amb:amb-profile.json`. */
export function parseAddress(flag: string, value: string): { kind: 'embedded' | 'fabric' | 'amb'; path: string } {
    const [, kind, path] = /^(embedded|fabric|amb):(.+)$/.exec(value) ?? [];
    if (kind === undefined || path === undefined || (kind === 'amb' && flag !== '--from')) {
        throw new LedgerAddressError(flag, value);
    }
    return { kind: kind as 'embedded' | 'fabric' | 'amb', path };
}

/** The chaincode package each model's embedded source runs. */
function embeddedChaincode(model: string): { path: string; name: string } {
    const pkg = model === 'workshop' ? '@coldtrace/workshop-chaincode' : '@coldtrace/chaincode';
    return { path: dirname(require.resolve(`${pkg}/package.json`)), name: model === 'workshop' ? 'supplychaincc' : 'coldtrace' };
}

/**
 * Opens the source: an embedded ledger's directory (as a coldtrace server keeps it, `<dir>/ledger`),
 * or a Fabric network description whose organization `org` the tool reads as (with the description's
 * user certificate, or one its CA issues). `chaincode` overrides the description's chaincode name.
 */
export async function openSource(address: string, model: string, org: string, chaincode?: string): Promise<SourceLedger> {
    const { kind, path } = parseAddress('--from', address);
    if (kind === 'embedded') {
        const { path: chaincodePath, name } = embeddedChaincode(model);
        const ledger = await openEmbeddedLedger({ dataDir: join(path, 'ledger'), chaincodePath, chaincodeName: chaincode ?? name, organizations: [org] });
        return new EmbeddedSource(ledger, await ledger.enroll(org, 'migration-reader'), () => ledger.close());
    }
    const config = readFabricNetworkConfig(path);
    const peer = fabricGatewayOptions(config).peers[org];
    if (!peer) {
        throw new Error(`${path} describes no peer of ${org}`);
    }
    const user = config.organizations[org]?.user;
    let identity: LedgerIdentity;
    if (user) {
        identity = { mspId: org, certificate: readFileSync(user.certPath, 'utf8'), privateKey: readFileSync(user.keyPath, 'utf8') };
    } else {
        const { ledger, issuer } = await openLedger({ ledger: 'fabric', dataDir: '', fabricConnection: path, organizations: [] });
        identity = await issuer.issue(org, 'migration-reader');
        await ledger.close();
    }
    if (kind === 'amb') {
        const { orderer } = fabricLegacyOptions(config);
        return LegacySource.connect({ channel: config.channel, mspId: org, peer, orderer }, identity, chaincode ?? config.chaincode);
    }
    return GatewaySource.connect(peer, identity, config.channel, chaincode ?? config.chaincode);
}

/**
 * Opens the coldtrace target the way the server does (a fresh ledger gets the founding members
 * recorded first, when the first importer is one of them), with identities its CAs issue for the
 * importing organizations.
 */
/** The organizations importing, at least one: the first also reads the source and bootstraps membership. */
export type Importers = readonly [string, ...string[]];

export async function openTarget(address: string, importers: Importers): Promise<MigrationTarget & { close(): Promise<void> }> {
    const { kind, path } = parseAddress('--to', address);
    if (kind === 'amb') {
        throw new LedgerAddressError('--to', address);
    }
    const { ledger, issuer } = await openLedger({
        ledger: kind,
        dataDir: kind === 'embedded' ? path : '',
        fabricConnection: kind === 'fabric' ? path : '',
        organizations: FOUNDING_MEMBERS,
    });
    const identity = cachedIdentities((org) => issuer.issue(org, 'migration'));
    if (FOUNDING_MEMBERS.some((member) => member.mspId === importers[0])) {
        await bootstrapMembership(ledger, await identity(importers[0]), FOUNDING_MEMBERS);
    }
    return { ledger, importers, identity, close: () => ledger.close() };
}
