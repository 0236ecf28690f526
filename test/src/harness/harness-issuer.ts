import { newEmbeddedIdentityIssuer, newFabricIdentityIssuer, type IdentityIssuer } from '@coldtrace/api';
import { type EmbeddedLedgerBackend, readFabricNetworkConfig } from '@coldtrace/ledger-client';
import { DEFAULT_CONNECTION } from './fabric-harness';
import type { LedgerHarness } from './ledger-harness';

/**
 * The identity issuer the API would use on the harness's ledger: on Fabric the organizations' Fabric
 * CAs (registrar in connection.json), on the embedded ledger its own CAs.
 *
 * @example
 * const alice = await harnessIssuer(ctx.ledger).issue('RetailerMSP', 'alice', { 'coldtrace.role': 'retailer' });
 */
export function harnessIssuer(harness: LedgerHarness): IdentityIssuer {
    if (harness.name === 'fabric') {
        return newFabricIdentityIssuer(readFabricNetworkConfig(process.env.COLDTRACE_FABRIC_CONNECTION ?? DEFAULT_CONNECTION));
    }
    return newEmbeddedIdentityIssuer((harness.ledger as EmbeddedLedgerBackend).ledger);
}
