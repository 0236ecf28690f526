import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { FabricGatewayOptions, FabricPeerEndpoint } from './fabric-gateway-ledger';
import type { FabricLegacyOptions } from './fabric-legacy-ledger';

const PemFiles = z.object({ certPath: z.string(), keyPath: z.string() });
const Endpoint = z.object({ endpoint: z.string().min(1), hostnameOverride: z.string().optional(), tlsCaCertPath: z.string() });

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
    /**
     * The ordering service, which the legacy client (fabric-network 2.2, `--client legacy`, AMB)
     * sends endorsed transactions to itself when discovery is off; the Gateway needs none.
     */
    orderer: Endpoint.optional(),
    /** Legacy client only: plan endorsements from the peers' service discovery instead of the static profile (default off, as AMB needs). */
    discovery: z.boolean().optional(),
    organizations: z.record(
        z.string(),
        z.object({
            peer: Endpoint,
            ca: PemFiles.optional(),
            /** The organization's Fabric CA server (host:port), where its users enroll instead of coldtrace signing them. */
            caEndpoint: z.string().optional(),
            /**
             * The organization's Fabric CA as coldtrace's registrar uses it: users are registered,
             * enrolled and revoked there (network:up starts one per organization on its CA key).
             */
            fabricCa: z
                .object({
                    url: z.string().url(),
                    tlsCaCertPath: z.string(),
                    caName: z.string().optional(),
                    registrar: z.object({ enrollmentId: z.string().min(1), secret: z.string().min(1) }),
                })
                .optional(),
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
 * const ledger = newFabricGatewayLedger(fabricGatewayOptions(config));
 */
export function readFabricNetworkConfig(path: string): FabricNetworkConfig {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new Error(`cannot read the Fabric network description ${path}: ${(error as Error).message}; run \`npm run network:up\` or point COLDTRACE_FABRIC_CONNECTION at one`, {
            cause: error,
        });
    }
    const parsed = FabricNetworkConfig.safeParse(raw);
    if (!parsed.success) {
        throw new Error(`${path} is not a valid Fabric network description: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return parsed.data;
}

/** A description cut down to what one member's node may hold, and the other organizations whose keys were left out. */
export interface MemberView {
    config: FabricNetworkConfig;
    /** Organizations whose CA or user keys the description held and the node ignores. */
    ignored: string[];
}

/**
 * What one member's node (`npm start -- --ledger fabric --org MSPID`) keeps of a description: its
 * own organization's peer, CA and users, and only the peer endpoints of the others — enough to
 * watch their health, never to sign as them. `network:up` writes such a description per member
 * (members/MSPID.json); given the full one, the node drops the rest and says so.
 *
 * @example
 * const { config } = memberView(readFabricNetworkConfig('.fabric/network/members/Retailer2MSP.json'), 'Retailer2MSP', path);
 */
export function memberView(config: FabricNetworkConfig, mspId: string, path: string): MemberView {
    const own = config.organizations[mspId];
    if (!own) {
        throw new Error(
            `${path} describes no organization ${mspId} (it has ${Object.keys(config.organizations).join(', ')}); admit it first (npm run network:add-org -- ${mspId} --role ROLE) or point COLDTRACE_FABRIC_CONNECTION at its description`,
        );
    }
    if (!own.fabricCa) {
        throw new Error(`${path} has no Fabric CA for ${mspId}: its node registers and enrolls its users there (fabricCa.url, fabricCa.tlsCaCertPath, fabricCa.registrar)`);
    }
    const ignored: string[] = [];
    const organizations = Object.fromEntries(
        Object.entries(config.organizations).map(([id, org]) => {
            if (id !== mspId && (org.ca || org.fabricCa || org.admin || org.user)) {
                ignored.push(id);
            }
            return [id, id === mspId ? org : { peer: org.peer }];
        }),
    );
    return { config: { ...config, organizations }, ignored };
}

export function fabricGatewayOptions(config: FabricNetworkConfig): FabricGatewayOptions {
    return {
        channel: config.channel,
        chaincode: config.chaincode,
        peers: Object.fromEntries(Object.entries(config.organizations).map(([mspId, org]) => [mspId, endpointOf(org.peer)])),
    };
}

/**
 * The legacy client's options: the Gateway's, plus the orderer its static profile needs.
 *
 * @example
 * const ledger = newFabricLegacyLedger(fabricLegacyOptions(readFabricNetworkConfig(path)));
 */
export function fabricLegacyOptions(config: FabricNetworkConfig): FabricLegacyOptions {
    return {
        ...fabricGatewayOptions(config),
        ...(config.orderer && { orderer: endpointOf(config.orderer) }),
        discovery: config.discovery ?? false,
    };
}

function endpointOf(endpoint: z.infer<typeof Endpoint>): FabricPeerEndpoint {
    return { endpoint: endpoint.endpoint, hostnameOverride: endpoint.hostnameOverride, tlsCaCert: readFileSync(endpoint.tlsCaCertPath, 'utf8') };
}
