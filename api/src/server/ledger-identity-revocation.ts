import { join } from 'node:path';
import { openOrCreateMspRegistry } from '@coldtrace/embedded-ledger';
import { readFabricNetworkConfig } from '@coldtrace/ledger-client';
import { newFabricIdentityIssuer } from '../identity/fabric-identity-issuer';
import { openWallet } from '../identity/wallet';
import type { ServerConfig } from './server-config';

/**
 * Revokes the ledger identity a data directory's wallet keeps for `label` (a user, a machine client
 * `client:<id>`), for `npm run admin -- user remove` while the server may be running: on Fabric the
 * organization's Fabric CA revokes it and the CRL goes into the channel MSP; on the embedded ledger
 * its MSP's CRL (msp/<MSP>/crl.pem, which the running ledger takes up) lists it. Answers the MSP
 * whose ledger now refuses it, or undefined when the wallet held no identity for the label.
 *
 * @example
 * await revokeLedgerIdentity(readServerConfig([], process.env), 'alice'); // 'RetailerMSP'
 */
export async function revokeLedgerIdentity(config: Pick<ServerConfig, 'ledger' | 'dataDir' | 'fabricConnection'>, label: string): Promise<string | undefined> {
    const wallet = openWallet(join(config.dataDir, 'wallet'));
    const stored = wallet.get(label);
    if (!stored) {
        return undefined;
    }
    if (config.ledger === 'fabric') {
        await newFabricIdentityIssuer(readFabricNetworkConfig(config.fabricConnection)).revoke(stored.mspId, label, stored.certificate);
    } else {
        // The MSP registry alone: the ledger's state stays with the server that may hold it open.
        await (await openOrCreateMspRegistry(join(config.dataDir, 'ledger', 'msp'), [])).revoke(stored.mspId, stored.certificate);
    }
    wallet.remove(label);
    return stored.mspId;
}
