import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StoredBlock } from './blocks/block';
import { BlockStore } from './blocks/block-store';
import { type ChainVerification, verifyChain } from './blocks/chain-verifier';
import { ChaincodeSupport } from './chaincode/chaincode-support';
import { loadChaincodePackage } from './chaincode/chaincode-package';
import { endorsementProblem, type EndorsementRequest, simulatingOrganizations } from './chaincode/endorsement-plan';
import { createProposal, type SignedProposalBundle } from './client/proposal';
import { assembleTransaction, type TransactionEnvelope } from './client/transaction-envelope';
import { createEndorsementPolicy } from './commit/endorsement-policy';
import { DeliverService, type DeliverOptions } from './deliver/deliver-service';
import { LedgerUnavailableError, PrivateDataEndorsementError, TransactionInvalidatedError } from './errors/ledger-errors';
import type { ChaincodeEventListener } from './events/chaincode-event';
import { holdsKeyOf, type Identity, type MspRegistry, openOrCreateMspRegistry } from './identity';
import { BlockCutter } from './ordering/block-cutter';
import { type CommitOutcome, Committer } from './peer/committer';
import { Endorser } from './peer/endorser';
import { recoverLedger } from './recovery/ledger-recovery';
import { CollectionConfig } from './state/collection-config';
import { StateDb } from './state/state-db';
import { ReadWriteLock } from './util/rw-lock';

export interface EmbeddedLedgerOptions {
    /** Directory for blocks, state and the organizations' CAs; created when missing. */
    dataDir: string;
    /** The contract package to run (its package.json "main" exports `contracts`). */
    chaincodePath: string;
    /** Fabric collections_config.json of the chaincode, if it has explicit collections; every organization's implicit collection exists without one. */
    collectionsConfigPath?: string;
    /**
     * The organizations (MSP IDs) whose CAs issue identities; every organization whose CA is already
     * in the data directory (admitted since it was created) is trusted too.
     */
    organizations: readonly string[];
    channel?: string;
    chaincodeName?: string;
    /** Peers that each simulate a submitted transaction; their results must agree. Default 2. */
    endorsers?: number;
    /** Most transactions in one block. Default 500. */
    maxTransactionsPerBlock?: number;
}

export interface TransactionOptions {
    /** Private inputs: passed to the chaincode, never stored in a block. */
    transient?: Readonly<Record<string, Uint8Array | string>>;
    /**
     * The organizations whose peers endorse (submit) or answer (evaluate), as a Fabric Gateway
     * client names them; default the creator's own. Needed when transient data goes into several
     * organizations' implicit collections: each owner's peer must endorse, and no other should see it.
     */
    endorsingOrganizations?: readonly string[];
}

export interface SubmitResult {
    txId: string;
    blockNumber: number;
    payload: Uint8Array;
}

/** The parts one ledger is made of, wired by {@link EmbeddedLedger.open}. */
interface LedgerParts {
    identities: MspRegistry;
    state: StateDb;
    blocks: BlockStore;
    lock: ReadWriteLock;
    peers: ChaincodeSupport[];
    endorser: Endorser;
    committer: Committer;
    deliver: DeliverService;
    channel: string;
    chaincodeName: string;
    collections: CollectionConfig;
    maxPerBlock: number;
}

/**
 * A single-process Hyperledger Fabric ledger that runs the real chaincode package through
 * fabric-shim, with a peer's semantics: signed proposals from X.509 identities of known MSPs,
 * simulation without read-your-writes, two endorsers that must agree, ordering into blocks,
 * validation (creator signature, endorsement policy, MVCC), key history, private data
 * collections, events after commit, and hash-chained blocks synced to disk before the state moves
 * on. It is a facade over Fabric's parts: the endorser (peer/endorser) with each peer's chaincode
 * support (chaincode/chaincode-support), the block cutter (ordering), the committer
 * (peer/committer), recovery at open (recovery) and the deliver service (deliver).
 *
 * @example
 * const ledger = await openEmbeddedLedger({ dataDir: 'data/ledger', chaincodePath: 'chaincode', organizations: ['Org1MSP'] });
 * const alice = await ledger.enroll('Org1MSP', 'alice');
 * const { payload } = await ledger.submit(alice, 'batch:create', [JSON.stringify(batch)]);
 * await ledger.close();
 */
export class EmbeddedLedger {
    readonly identities: MspRegistry;
    readonly channel: string;
    readonly chaincodeName: string;
    readonly #parts: LedgerParts;
    readonly #cutter: BlockCutter<TransactionEnvelope, CommitOutcome>;
    #closed = false;

    private constructor(parts: LedgerParts) {
        this.#parts = parts;
        this.identities = parts.identities;
        this.channel = parts.channel;
        this.chaincodeName = parts.chaincodeName;
        this.#cutter = new BlockCutter((envelopes) => {
            this.#requireOpen();
            return parts.committer.commit(envelopes);
        }, parts.maxPerBlock);
    }

    static async open(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
        const dataDir = resolve(options.dataDir);
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        const identities = await openOrCreateMspRegistry(join(dataDir, 'msp'), [...options.organizations]);
        const state = await StateDb.open(join(dataDir, 'state'));
        const blocks = BlockStore.open(join(dataDir, 'blocks'));
        const savepoint = await recoverLedger(state, blocks);
        const chaincodePath = resolve(options.chaincodePath);
        const peers: ChaincodeSupport[] = [];
        for (let i = 0; i < (options.endorsers ?? 2); i++) {
            peers.push(await ChaincodeSupport.start(`peer${i}`, await loadChaincodePackage(chaincodePath)));
        }
        const collections = CollectionConfig.load(options.collectionsConfigPath, (mspId) => identities.mspIds().includes(mspId));
        const channel = options.channel ?? 'coldtrace';
        const chaincodeName = options.chaincodeName ?? 'coldtrace';
        const lock = new ReadWriteLock();
        const deliver: DeliverService = new DeliverService({
            lock,
            height: () => committer.height,
            block: async (number) => (await readBlock(state, blocks, number, committer.height)).block,
        });
        const committer: Committer = new Committer({ state, blocks, lock, policy: createEndorsementPolicy({ requiredPeers: peers.length, collections }), deliver, savepoint });
        return new EmbeddedLedger({
            identities,
            state,
            blocks,
            lock,
            peers,
            endorser: new Endorser({ identities, state, collections, lock, peers, channel, chaincodeName }),
            committer,
            deliver,
            channel,
            chaincodeName,
            maxPerBlock: options.maxTransactionsPerBlock ?? 500,
            collections,
        });
    }

    /** Number of committed blocks. */
    get height(): number {
        return this.#parts.committer.height;
    }

    /** Issues a new X.509 identity from the organization's CA (Fabric CA style attributes). */
    enroll(mspId: string, userId: string, attributes: Record<string, string> = {}): Promise<Identity> {
        return this.#parts.identities.get(mspId).enroll(userId, { attributes });
    }

    /**
     * Issues a certificate of the organization's CA for a key pair held elsewhere, such as in an
     * HSM: the identity is then `{ mspId, certificate, privateKey: <the token's pkcs11: URI> }`.
     *
     * @example
     * const { privateKey, publicKey } = await token.generateKeyPair();
     * const alice = { mspId: 'Org1MSP', certificate: await ledger.certify('Org1MSP', 'alice', publicKey), privateKey };
     */
    certify(mspId: string, userId: string, publicKey: CryptoKey, attributes: Record<string, string> = {}): Promise<string> {
        return this.#parts.identities.get(mspId).certify(userId, publicKey, { attributes });
    }

    /**
     * Trusts a new organization from now on, creating its CA in the data directory (kept, so the
     * ledger trusts it after a restart too): what a channel configuration update adding an MSP does
     * on Fabric. Whether it may do anything is the chaincode's decision, from its member record.
     *
     * @example
     * await ledger.addOrganization('Retailer3MSP');
     * const carol = await ledger.enroll('Retailer3MSP', 'carol');
     */
    async addOrganization(mspId: string): Promise<void> {
        this.#requireOpen();
        await this.#parts.identities.add(mspId);
    }

    /**
     * Revokes a certificate of the organization: its CRL in the channel's MSP lists it from now on,
     * and every proposal it signs is refused, as a Fabric peer refuses a creator its MSP's CRL names.
     *
     * @example
     * await ledger.revoke('RetailerMSP', alice.certificate);
     */
    async revoke(mspId: string, certificate: string): Promise<void> {
        this.#requireOpen();
        await this.#parts.identities.revoke(mspId, certificate);
    }

    /**
     * Endorses a transaction on every endorser, orders it and waits until its block is committed.
     * Rejects with {@link ChaincodeRejectedError} when the chaincode refuses (nothing is written),
     * {@link EndorsementMismatchError} when endorsers disagree, and
     * {@link TransactionInvalidatedError} when validation fails (e.g. MVCC_READ_CONFLICT).
     */
    async submit(identity: Identity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<SubmitResult> {
        this.#requireOpen();
        const proposal = await this.#propose(identity, fn, args, options);
        const request = this.#endorsementRequest(identity, options);
        const endorsement = await this.#parts.endorser.endorse(proposal, { organizations: simulatingOrganizations(request) });
        // The Gateway refuses before ordering what the collections' policies would invalidate.
        const problem = endorsementProblem(this.#parts.collections, [...new Set(endorsement.privateWrites.map((write) => write.collection))], request);
        if (problem) {
            throw new PrivateDataEndorsementError(proposal.txId, problem);
        }
        const outcome = await this.#cutter.enqueue(assembleTransaction(proposal, endorsement, request, { channel: this.channel, chaincode: this.chaincodeName }));
        if (outcome.code !== 'VALID') {
            throw new TransactionInvalidatedError(proposal.txId, outcome.code, outcome.blockNumber);
        }
        return { txId: proposal.txId, blockNumber: outcome.blockNumber, payload: endorsement.response.payload };
    }

    /**
     * Runs a query on one peer, of the creator's organization unless others are named, and returns
     * the chaincode's payload: only the proposal is simulated, no transaction is assembled, ordered
     * or written, as a Fabric peer evaluates.
     */
    async evaluate(identity: Identity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<Uint8Array> {
        this.#requireOpen();
        const request = this.#endorsementRequest(identity, options);
        // The Gateway evaluates on its own organization's peer when that organization is a target.
        const organizations = simulatingOrganizations(request);
        const peerMsp = organizations.includes(identity.mspId) ? identity.mspId : (organizations[0] ?? identity.mspId);
        // The proposal stays in this process: an identity holding its certificate's key needs no signature.
        const unsigned = holdsKeyOf(identity.privateKey, identity.certificate);
        const endorsement = await this.#parts.endorser.endorse(await this.#propose(identity, fn, args, options, unsigned), { organizations: [peerMsp], peerCount: 1 });
        return endorsement.response.payload;
    }

    /**
     * Listens to chaincode events of committed transactions. With `startBlock`, events of blocks
     * already committed from that block on are replayed first, so a client that kept its last
     * block number as a checkpoint misses nothing across restarts.
     */
    subscribe(listener: ChaincodeEventListener, options: DeliverOptions = {}): Promise<() => void> {
        return this.#parts.deliver.subscribe(listener, options);
    }

    /** Walks the hash chain and reports the first block that does not match. */
    verify(): Promise<ChainVerification> {
        const { lock, blocks, state } = this.#parts;
        return lock.read(() => verifyChain(blocks, state));
    }

    /** Reads a committed block (with the private data this peer keeps beside it). */
    block(number: number): Promise<StoredBlock> {
        return readBlock(this.#parts.state, this.#parts.blocks, number, this.height);
    }

    async close(): Promise<void> {
        if (this.#closed) {
            return;
        }
        this.#closed = true;
        const { lock, peers, blocks, state } = this.#parts;
        await lock.write(async () => {
            peers.forEach((peer) => peer.stop());
            blocks.close();
            await state.close();
        });
    }

    #propose(identity: Identity, fn: string, args: readonly string[], options: TransactionOptions, unsigned = false): Promise<SignedProposalBundle> {
        return createProposal({ channel: this.channel, chaincode: this.chaincodeName, fn, args, transient: options.transient, identity, unsigned });
    }

    #endorsementRequest(identity: Identity, options: TransactionOptions): EndorsementRequest {
        const unknown = (options.endorsingOrganizations ?? []).filter((mspId) => !this.identities.mspIds().includes(mspId));
        if (unknown.length > 0) {
            throw new LedgerUnavailableError(`failed to find any endorsing peers for org(s): ${unknown.join(', ')}`);
        }
        return { creatorMsp: identity.mspId, named: options.endorsingOrganizations, hasTransientData: Object.keys(options.transient ?? {}).length > 0 };
    }

    #requireOpen(): void {
        if (this.#closed) {
            throw new LedgerUnavailableError('the ledger is closed');
        }
        const failure = this.#parts.committer.failure;
        if (failure) {
            throw failure;
        }
    }
}

/** A committed block with the private data kept beside it, found through the state database's block index. */
async function readBlock(state: StateDb, blocks: BlockStore, number: number, height: number): Promise<StoredBlock> {
    const location = await state.blockLocation(number);
    if (!location) {
        throw new RangeError(`block ${number} does not exist; height is ${height}`);
    }
    return blocks.read(location);
}

/**
 * Opens (or creates) the embedded ledger in `options.dataDir`; the public way in, as the class itself is not exported.
 *
 * @example
 * const ledger = await openEmbeddedLedger({ dataDir: 'data/ledger', chaincodePath: 'chaincode', organizations: ['Org1MSP'] });
 */
export function openEmbeddedLedger(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
    return EmbeddedLedger.open(options);
}
