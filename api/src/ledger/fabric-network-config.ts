import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { FabricGatewayOptions } from './fabric-gateway-ledger';

const PemFiles = z.object({ certPath: z.string(), keyPath: z.string() });

/**
 * How coldtrace reaches a Fabric network: the channel, the chaincode, and per organization its
 * gateway peer (endpoint and TLS CA) and, where coldtrace issues its users' certificates itself,
 * the organization's signing CA. `npm run network:up` writes one for the local network; for an
 * existing network write one by hand (see docs/network.md).
 */
export const FabricNetworkConfig = z.object({
    channel: z.string().min(1),
    chaincode: z.string().min(1),
    fabricVersion: z.string().optional(),
    organizations: z.record(
        z.string(),
        z.object({
            peer: z.object({ endpoint: z.string().min(1), hostnameOverride: z.string().optional(), tlsCaCertPath: z.string() }),
            ca: PemFiles.optional(),
            admin: PemFiles.optional(),
            user: PemFiles.optional(),
        }),
    ),
});
export type FabricNetworkConfig = z.infer<typeof FabricNetworkConfig>;

/**
 * Reads and checks a network description.
 *
 * @example
 * const config = readFabricNetworkConfig('.fabric/network/connection.json');
 * const ledger = new FabricGatewayLedger(fabricGatewayOptions(config));
 */
export function readFabricNetworkConfig(path: string): FabricNetworkConfig {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new Error(`cannot read the Fabric network description ${path}: ${(error as Error).message}; run \`npm run network:up\` or point COLDTRACE_FABRIC_CONNECTION at one`);
    }
    const parsed = FabricNetworkConfig.safeParse(raw);
    if (!parsed.success) {
        throw new Error(`${path} is not a valid Fabric network description: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return parsed.data;
}

export function fabricGatewayOptions(config: FabricNetworkConfig): FabricGatewayOptions {
    return {
        channel: config.channel,
        chaincode: config.chaincode,
        peers: Object.fromEntries(
            Object.entries(config.organizations).map(([mspId, org]) => [
                mspId,
                { endpoint: org.peer.endpoint, hostnameOverride: org.peer.hostnameOverride, tlsCaCert: readFileSync(org.peer.tlsCaCertPath, 'utf8') },
            ]),
        ),
    };
}
