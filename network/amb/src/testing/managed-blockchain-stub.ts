import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A node of the stub's member: its id, status and (when it has them) endpoints. */
export interface StubNode {
    id: string;
    status: string;
    peerEndpoint?: string;
}

/** What the stub serves: one Fabric network with one member and its nodes. */
export interface StubNetwork {
    networkId: string;
    memberId: string;
    memberStatus?: string;
    nodes: StubNode[];
    /** Answers every request with 403 AccessDeniedException, as AWS does for a caller without the IAM permission. */
    denyAll?: boolean;
}

/** One request as the stub saw it, to check the SDK signed and addressed it as AWS expects. */
export interface StubRequest {
    method: string;
    url: string;
    authorization: string;
}

const CREATED = '2026-01-01T00:00:00.000Z';

/**
 * A local HTTP server answering the Amazon Managed Blockchain REST/JSON API calls coldtrace makes
 * (GetNetwork, GetMember, ListNodes, GetNode) with the documented response shapes and error
 * conventions (status code, x-amzn-ErrorType, a JSON body with Message), so the real AWS SDK can
 * be run against it. Paths follow the SDK's serializers: nodes are under the network, the member
 * is a query parameter.
 *
 * @example
 * const stub = await ManagedBlockchainStub.start({ networkId: 'n-A', memberId: 'm-B', nodes: [{ id: 'nd-C', status: 'AVAILABLE' }] });
 * // aws sdk: new ManagedBlockchainClient({ endpoint: stub.url, region: 'us-east-1' })
 * await stub.close();
 */
export class ManagedBlockchainStub {
    readonly requests: StubRequest[] = [];

    readonly #server: Server;

    private constructor(
        server: Server,
        readonly network: StubNetwork,
    ) {
        this.#server = server;
    }

    static async start(network: StubNetwork): Promise<ManagedBlockchainStub> {
        let stub!: ManagedBlockchainStub;
        const server = createServer((req, res) => {
            const answer = stub.#answer(req);
            res.writeHead(answer.status, {
                'content-type': 'application/json',
                ...(answer.error ? { 'x-amzn-ErrorType': `${answer.error}:http://internal.amazon.com/coral/com.amazonaws.taiga/` } : {}),
            });
            res.end(JSON.stringify(answer.body));
        });
        stub = new ManagedBlockchainStub(server, network);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return stub;
    }

    get url(): string {
        return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    }

    async close(): Promise<void> {
        // The SDK keeps its connections alive; close would wait for them.
        const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
        this.#server.closeAllConnections();
        await closed;
    }

    #answer(req: IncomingMessage): { status: number; body: unknown; error?: string } {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: String(req.headers.authorization ?? '') });
        const { networkId: n, memberId: m, nodes } = this.network;
        const url = new URL(req.url ?? '/', 'http://stub');
        const notFound = (what: string) => ({ status: 404, error: 'ResourceNotFoundException', body: { Message: `${what} not found.` } });
        if (this.network.denyAll) {
            return { status: 403, error: 'AccessDeniedException', body: { Message: 'User is not authorized to perform this action.' } };
        }
        const path = url.pathname.split('/').filter(Boolean);
        if (req.method !== 'GET' || path[0] !== 'networks') {
            return { status: 400, error: 'InvalidRequestException', body: { Message: `unsupported ${req.method} ${url.pathname}` } };
        }
        if (path[1] !== n) {
            return notFound(`Network ${path[1]}`);
        }
        const member = url.searchParams.get('memberId') ?? path[3];
        if (path.length === 2) {
            return { status: 200, body: { Network: networkOf(n) } };
        }
        if (member !== m) {
            return notFound(`Member ${member}`);
        }
        if (path[2] === 'members' && path.length === 4) {
            return { status: 200, body: { Member: memberOf(n, m, this.network.memberStatus ?? 'AVAILABLE') } };
        }
        if (path[2] === 'nodes' && path.length === 3) {
            return {
                status: 200,
                body: {
                    Nodes: nodes.map((node) => ({
                        Id: node.id,
                        Status: node.status,
                        CreationDate: CREATED,
                        AvailabilityZone: 'us-east-1a',
                        InstanceType: 'bc.t3.small',
                        Arn: `arn:aws:managedblockchain:us-east-1:123456789012:nodes/${node.id}`,
                    })),
                },
            };
        }
        const node = path[2] === 'nodes' && path.length === 4 ? nodes.find((candidate) => candidate.id === path[3]) : undefined;
        if (!node) {
            return notFound(`Node ${path[3]}`);
        }
        return { status: 200, body: { Node: nodeOf(n, m, node) } };
    }
}

function networkOf(n: string): object {
    return {
        Id: n,
        Name: 'coldtrace',
        Framework: 'HYPERLEDGER_FABRIC',
        FrameworkVersion: '2.2',
        FrameworkAttributes: { Fabric: { OrderingServiceEndpoint: `orderer.${n.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com:30001`, Edition: 'STARTER' } },
        VpcEndpointServiceName: `com.amazonaws.us-east-1.managedblockchain.${n.toLowerCase()}`,
        VotingPolicy: { ApprovalThresholdPolicy: { ThresholdPercentage: 50, ProposalDurationInHours: 24, ThresholdComparator: 'GREATER_THAN' } },
        Status: 'AVAILABLE',
        CreationDate: CREATED,
        Arn: `arn:aws:managedblockchain:us-east-1::networks/${n}`,
    };
}

function memberOf(n: string, m: string, status: string): object {
    return {
        NetworkId: n,
        Id: m,
        Name: 'carrier',
        FrameworkAttributes: { Fabric: { AdminUsername: 'admin', CaEndpoint: `ca.${m.toLowerCase()}.${n.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com:30002` } },
        Status: status,
        CreationDate: CREATED,
        Arn: `arn:aws:managedblockchain:us-east-1:123456789012:members/${m}`,
    };
}

function nodeOf(n: string, m: string, node: StubNode): object {
    const host = `${node.id.toLowerCase()}.${m.toLowerCase()}.${n.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com`;
    const endpoints = node.peerEndpoint === undefined ? { PeerEndpoint: `${host}:30003`, PeerEventEndpoint: `${host}:30004` } : { PeerEndpoint: node.peerEndpoint };
    return {
        NetworkId: n,
        MemberId: m,
        Id: node.id,
        InstanceType: 'bc.t3.small',
        AvailabilityZone: 'us-east-1a',
        FrameworkAttributes: { Fabric: endpoints },
        StateDB: 'CouchDB',
        Status: node.status,
        CreationDate: CREATED,
        Arn: `arn:aws:managedblockchain:us-east-1:123456789012:nodes/${node.id}`,
    };
}
