import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { common } from '@hyperledger/fabric-protos';
import { CommitError, connect, type Gateway, GatewayError, hash, signers } from '@hyperledger/fabric-gateway';
import { isPkcs11KeyUri, pkcs11SignerFor } from '@coldtrace/pki';
import { endorseAcrossDiscoveryGaps, isDiscoveryGap } from './discovery-gap';
import { definitionQuery } from './endorsement-plan';
import { EndorsementPlanner } from './endorsement-planner';
import { verifyFabricChain } from './fabric-chain-verifier';
import type { ChainCheck, EventSubscription, Ledger, LedgerEvent, LedgerIdentity, PeerStatus, SubmitResult, SubscribeOptions, TransactionOptions } from './ledger';
import { LedgerError } from './ledger-error';
import { PeerHeightWatch } from './peer-height-watch';
import { PEER_CATCH_UP_MS, probePeers } from './peer-probe';
import { transientMap } from './transient-map';

/** How to reach one organization's gateway peer. */
export interface FabricPeerEndpoint {
    /** host:port of the peer's gRPC endpoint. */
    endpoint: string;
    /** PEM of the CA that issued the peer's TLS certificate. */
    tlsCaCert: string;
    /** TLS server name to expect when it differs from the endpoint's host. */
    hostnameOverride?: string;
}

export interface FabricGatewayOptions {
    channel: string;
    chaincode: string;
    /** The gateway peer of each organization: a user talks to its own organization's peer. */
    peers: Readonly<Record<string, FabricPeerEndpoint>>;
    /** Deadlines in milliseconds. */
    timeouts?: { evaluate?: number; endorse?: number; submit?: number; commitStatus?: number };
    /**
     * Answer a submit only once every configured organization's peer has committed its block
     * (default true). One coldtrace API serves every organization's users, and the next request
     * after a write often comes from another organization, whose peer would otherwise still
     * endorse on the state before it. Off on a member's own node (`--org`), which answers once its
     * own peer committed.
     */
    waitForAllPeers?: boolean;
}

/** Fabric's gRPC status code for an unreachable endpoint. */
const GRPC_UNAVAILABLE = 14;

/** Largest gRPC message taken from a peer: Fabric's own peers accept 100 MB. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/**
 * {@link Ledger} on a Fabric network through the Fabric Gateway (peer 2.4+): each user connects
 * with its own certificate and key to its own organization's peer, which collects the endorsements
 * the chaincode's policy requires and submits to ordering.
 *
 * @example
 * const ledger = newFabricGatewayLedger({ channel: 'coldtrace', chaincode: 'coldtrace', peers });
 * await ledger.submit(manufacturer, 'batch:create', [JSON.stringify(batch)]);
 */
export function newFabricGatewayLedger(options: FabricGatewayOptions): Ledger {
    return new FabricGatewayLedger(options);
}

export class FabricGatewayLedger implements Ledger {
    readonly kind = 'fabric';
    readonly #clients = new Map<string, grpc.Client>();
    readonly #gateways = new Map<string, Gateway>();
    readonly #watches = new Map<string, Promise<PeerHeightWatch>>();
    readonly #planner: EndorsementPlanner;

    readonly #options: FabricGatewayOptions;

    constructor(options: FabricGatewayOptions) {
        this.#options = options;
        this.#planner = new EndorsementPlanner(
            (identity) =>
                this.#gateway(identity).getNetwork(options.channel).getContract('_lifecycle').evaluateTransaction('QueryChaincodeDefinition', definitionQuery(options.chaincode)),
            Object.keys(options.peers),
        );
    }

    async submit(identity: LedgerIdentity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<SubmitResult> {
        let txId: string | undefined;
        try {
            const propose = (named?: readonly string[]) => {
                const proposal = this.#contract(identity).newProposal(fn, proposalOptions(args, { ...options, endorsingOrganizations: named }));
                txId = proposal.getTransactionId();
                return proposal;
            };
            // Transient data goes to private collections whose owners the caller names; otherwise the
            // planned organizations endorse side by side (see EndorsementPlanner).
            const planned = options.endorsingOrganizations || Object.keys(options.transient ?? {}).length > 0 ? undefined : await this.#planner.plan(identity);
            let endorsed;
            try {
                endorsed = await endorseAcrossDiscoveryGaps(propose(options.endorsingOrganizations ?? planned), planned ? { attempts: 1 } : {});
            } catch (error) {
                if (!planned || !isDiscoveryGap(error)) {
                    throw error;
                }
                // A planned organization's peer is not listed right now: let the Gateway choose among those that are.
                endorsed = await endorseAcrossDiscoveryGaps(propose());
            }
            const submitted = await endorsed.submit();
            const status = await submitted.getStatus();
            if (!status.successful) {
                throw new CommitError({
                    code: status.code,
                    transactionId: status.transactionId,
                    message: `transaction ${status.transactionId} failed to commit with status code ${status.code}`,
                });
            }
            const blockNumber = Number(status.blockNumber);
            if (this.#options.waitForAllPeers ?? true) {
                await this.#allPeersReach(identity, blockNumber + 1);
            }
            return { txId: submitted.getTransactionId(), blockNumber, payload: submitted.getResult() };
        } catch (error) {
            throw toLedgerError(error, txId);
        }
    }

    /**
     * Waits, side by side, for every other organization's peer to hold `height` blocks. A peer that
     * cannot be reached is not waited for: the write is committed (the caller's own peer has it), and
     * a stopped peer catches up from the orderer when it comes back — another member's peer being
     * down must not turn a committed write into an error.
     */
    async #allPeersReach(identity: LedgerIdentity, height: number): Promise<void> {
        const deadline = Date.now() + PEER_CATCH_UP_MS;
        const others = Object.keys(this.#options.peers).filter((mspId) => mspId !== identity.mspId);
        await Promise.all(
            others.map(async (mspId) => {
                try {
                    await (await this.#heightWatch(identity, mspId)).reach(height, deadline);
                } catch {
                    // Unreachable (ECONNREFUSED, UNAVAILABLE): nothing to wait for.
                }
            }),
        );
    }

    /** One block-event watch per peer, opened with the identity of the first writer that needs it (any channel member may). */
    #heightWatch(identity: LedgerIdentity, mspId: string): Promise<PeerHeightWatch> {
        let watch = this.#watches.get(mspId);
        if (!watch) {
            const network = this.#gateway(identity, mspId).getNetwork(this.#options.channel);
            watch = PeerHeightWatch.start(
                network,
                () => this.#heightAt(identity, mspId),
                () => this.#watches.delete(mspId),
            );
            watch.catch(() => this.#watches.delete(mspId));
            this.#watches.set(mspId, watch);
        }
        return watch;
    }

    async #heightAt(identity: LedgerIdentity, peerMspId: string): Promise<number> {
        const info = await this.#gateway(identity, peerMspId).getNetwork(this.#options.channel).getContract('qscc').evaluateTransaction('GetChainInfo', this.#options.channel);
        return common.BlockchainInfo.deserializeBinary(info).getHeight();
    }

    async evaluate(identity: LedgerIdentity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<Uint8Array> {
        try {
            return await this.#contract(identity).evaluate(fn, proposalOptions(args, options));
        } catch (error) {
            throw toLedgerError(error);
        }
    }

    async subscribe(identity: LedgerIdentity, listener: (event: LedgerEvent) => void, options: SubscribeOptions = {}): Promise<EventSubscription> {
        const network = this.#gateway(identity).getNetwork(this.#options.channel);
        const events = await network.getChaincodeEvents(this.#options.chaincode, options.startBlock === undefined ? {} : { startBlock: BigInt(options.startBlock) });
        let closed = false;
        void (async () => {
            try {
                for await (const event of events) {
                    listener({ blockNumber: Number(event.blockNumber), txId: event.transactionId, eventName: event.eventName, payload: event.payload });
                }
                if (!closed) {
                    options.onEnd?.(new Error('the chaincode event stream ended'));
                }
            } catch (error) {
                // Closing the iterable ends the stream with CANCELLED; anything else broke it.
                if (!closed && (error as { code?: number }).code !== grpc.status.CANCELLED) {
                    const broken = new Error(`chaincode event stream ended: ${(error as Error).message}`, { cause: error });
                    if (options.onEnd) {
                        options.onEnd(broken);
                    } else {
                        process.emitWarning(broken.message);
                    }
                }
            }
        })();
        return {
            close: () => {
                closed = true;
                events.close();
            },
        };
    }

    async height(identity: LedgerIdentity): Promise<number> {
        return this.#heightAt(identity, identity.mspId);
    }

    async verifyChain(identity: LedgerIdentity): Promise<ChainCheck> {
        const qscc = this.#gateway(identity).getNetwork(this.#options.channel).getContract('qscc');
        const height = await this.height(identity);
        return verifyFabricChain(height, async (number) => qscc.evaluateTransaction('GetBlockByNumber', this.#options.channel, String(number)));
    }

    /** Every configured peer's height, asked with the given identity (any channel member may). */
    async peers(identity: LedgerIdentity): Promise<PeerStatus[]> {
        return probePeers(
            this.#options.peers,
            (mspId) => this.#heightAt(identity, mspId),
            (error) => {
                const details = error instanceof GatewayError ? error.details.map((detail) => detail.message) : [];
                return [(error as Error).message, ...details].join('; ');
            },
        );
    }

    async close(): Promise<void> {
        const watches = [...this.#watches.values()];
        this.#watches.clear();
        await Promise.all(
            watches.map((watch) =>
                watch.then(
                    (w) => w.close(),
                    () => undefined,
                ),
            ),
        );
        this.#gateways.forEach((gateway) => gateway.close());
        this.#clients.forEach((client) => client.close());
        this.#gateways.clear();
        this.#clients.clear();
    }

    #contract(identity: LedgerIdentity) {
        return this.#gateway(identity).getNetwork(this.#options.channel).getContract(this.#options.chaincode);
    }

    /** One gateway connection per identity and peer, over one gRPC channel per organization's peer. */
    #gateway(identity: LedgerIdentity, peerMspId = identity.mspId): Gateway {
        const key = `${peerMspId}\n${identity.certificate}`;
        let gateway = this.#gateways.get(key);
        if (!gateway) {
            const timeouts = this.#options.timeouts ?? {};
            const deadline = (ms: number | undefined, fallback: number) => () => ({ deadline: Date.now() + (ms ?? fallback) });
            gateway = connect({
                client: this.#client(peerMspId),
                identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certificate) },
                // A pkcs11: key signs in its token through fabric-gateway's HSM signer; a PEM key in process.
                signer: isPkcs11KeyUri(identity.privateKey) ? pkcs11SignerFor(identity.privateKey) : signers.newPrivateKeySigner(createPrivateKey(identity.privateKey)),
                hash: hash.sha256,
                evaluateOptions: deadline(timeouts.evaluate, 10_000),
                endorseOptions: deadline(timeouts.endorse, 30_000),
                submitOptions: deadline(timeouts.submit, 10_000),
                commitStatusOptions: deadline(timeouts.commitStatus, 60_000),
            });
            this.#gateways.set(key, gateway);
        }
        return gateway;
    }

    #client(mspId: string): grpc.Client {
        let client = this.#clients.get(mspId);
        if (!client) {
            const peer = this.#options.peers[mspId];
            if (!peer) {
                throw new LedgerError('ACCESS_DENIED', `no gateway peer is configured for ${mspId}`);
            }
            const credentials = grpc.credentials.createSsl(Buffer.from(peer.tlsCaCert));
            client = new grpc.Client(peer.endpoint, credentials, {
                // The endorsed transaction comes back whole: a 2,000-serial step writes about 5 MB, over
                // grpc-js's 4 MB default. The peers' own limit (peer.yaml maxRecvMsgSize) is 100 MB.
                'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
                ...(peer.hostnameOverride ? { 'grpc.ssl_target_name_override': peer.hostnameOverride } : {}),
            });
            this.#clients.set(mspId, client);
        }
        return client;
    }
}

/**
 * Named endorsing organizations make the Gateway endorse (or, for an evaluate, answer) on their
 * peers only; otherwise it plans from discovery, which for transient data written to several
 * organizations' implicit collections finds no peer trusted with all of them.
 */
function proposalOptions(
    args: readonly string[],
    options: TransactionOptions,
): { arguments: string[]; transientData?: Record<string, Uint8Array>; endorsingOrganizations?: string[] } {
    return {
        arguments: [...args],
        transientData: transientMap(options),
        ...(options.endorsingOrganizations ? { endorsingOrganizations: [...options.endorsingOrganizations] } : {}),
    };
}

/**
 * Reads the reason out of a gateway failure: chaincode refusals arrive in the peers' error details
 * ("chaincode response 500, FORBIDDEN: …"), validation failures as a commit status code.
 */
function toLedgerError(error: unknown, txId?: string): LedgerError {
    if (error instanceof LedgerError) {
        return error;
    }
    if (error instanceof CommitError) {
        const retry = error.code === 11 || error.code === 12; // MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT
        return new LedgerError(retry ? 'CONFLICT_RETRY' : 'LEDGER_ERROR', error.message, error.transactionId, { cause: error });
    }
    if (error instanceof GatewayError) {
        const messages = [error.message, ...error.details.map((detail) => detail.message)];
        const coded = messages.map((message) => LedgerError.fromChaincodeMessage(message, txId, error)).find((e) => e.code !== 'LEDGER_ERROR');
        if (coded) {
            return coded;
        }
        const text = messages.join('; ');
        if (/ProposalResponsePayloads do not match|responses do not match/i.test(text)) {
            return new LedgerError('ENDORSEMENT_MISMATCH', text, txId, { cause: error });
        }
        if (/access denied|creator .* (is not|not) valid|signature/i.test(text)) {
            return new LedgerError('ACCESS_DENIED', text, txId, { cause: error });
        }
        if (error.code === GRPC_UNAVAILABLE) {
            return new LedgerError('UNAVAILABLE', text, txId, { cause: error });
        }
        return new LedgerError('LEDGER_ERROR', text, txId, { cause: error });
    }
    return new LedgerError('LEDGER_ERROR', (error as Error).message ?? String(error), txId, { cause: error });
}
