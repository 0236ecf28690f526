import './fabric-sdk-logging';
import { isPkcs11KeyUri } from '@coldtrace/pki';
import { common } from '@hyperledger/fabric-protos';
import { Client, type Endorser } from 'fabric-common';
import { type ContractEvent, type ContractListener, Gateway, type Network, type X509Identity } from 'fabric-network';
// fabric-network's own loader of connection profiles: the same profile an application would give
// Gateway.connect, loaded once into a client that every user's gateway shares.
import { loadFromConfig } from 'fabric-network/lib/impl/ccp/networkconfig';
import { definitionQuery } from './endorsement-plan';
import { EndorsementPlanner } from './endorsement-planner';
import type { FabricGatewayOptions, FabricPeerEndpoint } from './fabric-gateway-ledger';
import { verifyFabricChain } from './fabric-chain-verifier';
import type { ChainCheck, EventSubscription, Ledger, LedgerEvent, LedgerIdentity, PeerStatus, SubmitResult, TransactionOptions } from './ledger';
import { LedgerError } from './ledger-error';
import { legacyConnectionProfile } from './legacy-connection-profile';
import { LegacyCommitWait } from './legacy-commit-wait';
import { legacyLedgerError } from './legacy-ledger-error';
import { PEER_CATCH_UP_MS, probePeers } from './peer-probe';
import { transientMap } from './transient-map';

export interface FabricLegacyOptions extends FabricGatewayOptions {
    /** The ordering service: needed with discovery off, where nothing else names it. */
    orderer?: FabricPeerEndpoint;
    /**
     * Plan endorsements and find orderers through the peers' service discovery (default false: a
     * static profile of every organization's peer and the orderer, as Amazon Managed Blockchain needs).
     */
    discovery?: boolean;
}

/** Deadlines, in milliseconds, as the Gateway backend's defaults. */
const DEFAULT_TIMEOUTS = { evaluate: 10_000, endorse: 30_000, submit: 10_000, commitStatus: 60_000 };

/**
 * {@link Ledger} on a Fabric 2.2 network through fabric-network 2.2, for peers without the Gateway
 * service (Amazon Managed Blockchain's Fabric 2.2): the client itself sends each proposal to the
 * endorsing peers, the endorsed transaction to the orderer, and listens for the commit. Each user
 * connects with its own certificate and key, as with the Gateway backend, over connections that
 * every user shares.
 *
 * @example
 * const ledger = newFabricLegacyLedger(fabricLegacyOptions(readFabricNetworkConfig(path)));
 * await ledger.submit(manufacturer, 'batch:create', [JSON.stringify(batch)]);
 */
export function newFabricLegacyLedger(options: FabricLegacyOptions): Ledger {
    return new FabricLegacyLedger(options);
}

export class FabricLegacyLedger implements Ledger {
    readonly kind = 'fabric';
    #sharedClient?: Promise<Client>;
    readonly #gateways = new Map<string, Promise<Gateway>>();
    readonly #planner: EndorsementPlanner;
    readonly #timeouts: typeof DEFAULT_TIMEOUTS;

    readonly #options: FabricLegacyOptions;

    constructor(options: FabricLegacyOptions) {
        this.#options = options;
        // Checked now, so that a description without an orderer fails at start, not at the first write.
        legacyConnectionProfile({ channel: options.channel, peers: {}, orderer: options.orderer, discovery: options.discovery ?? false });
        this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
        this.#planner = new EndorsementPlanner(
            async (identity) =>
                this.#query(identity, (await this.#network(identity)).getChannel().getEndorsers(identity.mspId), '_lifecycle', 'QueryChaincodeDefinition', [
                    definitionQuery(this.#options.chaincode),
                ]),
            Object.keys(options.peers),
        );
    }

    async submit(identity: LedgerIdentity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<SubmitResult> {
        let txId: string | undefined;
        try {
            const transaction = (await this.#network(identity)).getContract(this.#options.chaincode).createTransaction(fn);
            txId = transaction.getTransactionId();
            const transient = transientMap(options);
            if (transient) {
                transaction.setTransient(transient);
            }
            const endorsers = options.endorsingOrganizations ?? (await this.#plannedEndorsers(identity));
            if (endorsers) {
                transaction.setEndorsingOrganizations(...endorsers);
            }
            let wait: LegacyCommitWait | undefined;
            transaction.setEventHandler(
                (id, network) =>
                    (wait = new LegacyCommitWait(network, id, {
                        mspId: identity.mspId,
                        waitForAllPeers: this.#options.waitForAllPeers ?? true,
                        commitTimeoutMs: this.#timeouts.commitStatus,
                        catchUpMs: PEER_CATCH_UP_MS,
                    })),
            );
            const payload = await transaction.submit(...args);
            return { txId, blockNumber: wait!.blockNumber!, payload };
        } catch (error) {
            throw legacyLedgerError(error, txId);
        }
    }

    /**
     * Runs on the caller's own organization's peer (fabric-network's query handler), or, when the
     * options name organizations, on the first of their peers that answers.
     */
    async evaluate(identity: LedgerIdentity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<Uint8Array> {
        try {
            const network = await this.#network(identity);
            if (options.endorsingOrganizations) {
                const peers = options.endorsingOrganizations.flatMap((mspId) => network.getChannel().getEndorsers(mspId));
                return await this.#query(identity, peers, this.#options.chaincode, fn, args, transientMap(options));
            }
            const transaction = network.getContract(this.#options.chaincode).createTransaction(fn);
            const transient = transientMap(options);
            if (transient) {
                transaction.setTransient(transient);
            }
            return await transaction.evaluate(...args);
        } catch (error) {
            throw legacyLedgerError(error);
        }
    }

    async subscribe(identity: LedgerIdentity, listener: (event: LedgerEvent) => void, options: { startBlock?: number } = {}): Promise<EventSubscription> {
        const contract = (await this.#network(identity)).getContract(this.#options.chaincode);
        const onEvent: ContractListener = async (event: ContractEvent) => {
            const transaction = event.getTransactionEvent();
            listener({
                blockNumber: Number(transaction.getBlockEvent().blockNumber),
                txId: transaction.transactionId,
                eventName: event.eventName,
                payload: event.payload ?? new Uint8Array(),
            });
        };
        await contract.addContractListener(onEvent, options.startBlock === undefined ? {} : { startBlock: options.startBlock });
        return { close: () => contract.removeContractListener(onEvent) };
    }

    async height(identity: LedgerIdentity): Promise<number> {
        return this.#heightAt(identity, identity.mspId);
    }

    async verifyChain(identity: LedgerIdentity): Promise<ChainCheck> {
        const peers = (await this.#network(identity)).getChannel().getEndorsers(identity.mspId);
        const height = await this.height(identity);
        return verifyFabricChain(height, (number) => this.#query(identity, peers, 'qscc', 'GetBlockByNumber', [this.#options.channel, String(number)]));
    }

    /** Every configured peer's height, asked with the given identity (any channel member may). */
    async peers(identity: LedgerIdentity): Promise<PeerStatus[]> {
        return probePeers(
            this.#options.peers,
            (mspId) => this.#heightAt(identity, mspId),
            (error) => (error as Error).message,
        );
    }

    async close(): Promise<void> {
        const gateways = [...this.#gateways.values()];
        const client = this.#sharedClient;
        this.#gateways.clear();
        this.#sharedClient = undefined;
        (await Promise.allSettled(gateways)).forEach((gateway) => gateway.status === 'fulfilled' && gateway.value.disconnect());
        (await client?.catch(() => undefined))?.close();
    }

    /**
     * With discovery off and no organizations named, the organizations the chaincode's endorsement
     * policy needs, the caller's own first (read from its definition on the caller's peer); undefined
     * (every peer of the profile, fabric-network's default) where it cannot be planned.
     */
    #plannedEndorsers(identity: LedgerIdentity): Promise<string[] | undefined> {
        return this.#options.discovery ? Promise.resolve(undefined) : this.#planner.plan(identity);
    }

    async #heightAt(identity: LedgerIdentity, mspId: string): Promise<number> {
        const peers = (await this.#network(identity)).getChannel().getEndorsers(mspId);
        const info = await this.#query(identity, peers, 'qscc', 'GetChainInfo', [this.#options.channel]);
        return common.BlockchainInfo.deserializeBinary(info).getHeight();
    }

    /**
     * A proposal, signed by the identity, to the given peers in turn until one answers: fabric-network
     * queries only the caller's organization, and a height or a private read must come from a named one.
     */
    async #query(
        identity: LedgerIdentity,
        peers: Endorser[],
        chaincode: string,
        fcn: string,
        args: readonly (string | Buffer)[],
        transient?: Record<string, Buffer>,
    ): Promise<Uint8Array> {
        if (!peers.length) {
            throw new LedgerError('UNAVAILABLE', `no peer on channel ${this.#options.channel} to ask for ${chaincode} ${fcn}`);
        }
        const gateway = await this.#gateway(identity);
        const failures: string[] = [];
        for (const peer of peers) {
            const query = (await this.#network(identity)).getChannel().newQuery(chaincode);
            // A copy with a fresh transaction id: the gateway's context is shared by concurrent calls.
            const context = gateway.identityContext!.calculateTransactionId();
            // fabric-common sends a Buffer argument as it is (its typings say strings only).
            query.build(context, { fcn, args: [...args] as string[], generateTransactionId: false, ...(transient && { transientMap: transient }) });
            query.sign(context);
            const answer = await query.send({ targets: [peer], requestTimeout: this.#timeouts.evaluate });
            const response = answer.responses[0];
            if (response?.endorsement) {
                return new Uint8Array(response.response.payload);
            }
            if (response) {
                // The chaincode answered: its refusal is the answer, another peer would give the same.
                throw Object.assign(new Error(`peer error response: ${response.response.message}`), { status: response.response.status });
            }
            failures.push(`${peer.name}: ${answer.errors.map((error) => error.message).join('; ') || 'no answer'}`);
        }
        throw new LedgerError('UNAVAILABLE', `${chaincode} ${fcn}: no peer answered (${failures.join('; ')})`);
    }

    async #network(identity: LedgerIdentity): Promise<Network> {
        return (await this.#gateway(identity)).getNetwork(this.#options.channel);
    }

    /** One gateway per identity, on the one client holding the profile's connections. */
    #gateway(identity: LedgerIdentity): Promise<Gateway> {
        const key = `${identity.mspId}\n${identity.certificate}`;
        let gateway = this.#gateways.get(key);
        if (!gateway) {
            if (isPkcs11KeyUri(identity.privateKey)) {
                // fabric-network 2.2 reaches an HSM only through its own HSM wallet identities.
                throw new LedgerError(
                    'ACCESS_DENIED',
                    `${identity.mspId}'s key is held in a PKCS#11 token, which the legacy client (COLDTRACE_FABRIC_CLIENT=legacy) cannot sign with: use the Gateway client`,
                );
            }
            gateway = (async () => {
                const connected = new Gateway();
                const x509: X509Identity = { type: 'X.509', mspId: identity.mspId, credentials: { certificate: identity.certificate, privateKey: identity.privateKey } };
                await connected.connect(await this.#client(), {
                    identity: x509,
                    discovery: { enabled: this.#options.discovery ?? false, asLocalhost: false },
                    eventHandlerOptions: { endorseTimeout: this.#timeouts.endorse / 1000, commitTimeout: this.#timeouts.submit / 1000 },
                    queryHandlerOptions: { timeout: this.#timeouts.evaluate / 1000 },
                });
                return connected;
            })();
            gateway.catch(() => this.#gateways.delete(key));
            this.#gateways.set(key, gateway);
        }
        return gateway;
    }

    #client(): Promise<Client> {
        if (!this.#sharedClient) {
            const client = new Client('coldtrace');
            const profile = legacyConnectionProfile({
                channel: this.#options.channel,
                peers: this.#options.peers,
                orderer: this.#options.orderer,
                discovery: this.#options.discovery ?? false,
            });
            this.#sharedClient = loadFromConfig(client, profile).then(() => client);
            this.#sharedClient.catch(() => (this.#sharedClient = undefined));
        }
        return this.#sharedClient;
    }
}
