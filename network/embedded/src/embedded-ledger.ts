import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { common, msp as mspProto, peer } from '@hyperledger/fabric-protos';
import { blockHash, makeBlock, type LedgerTransaction, type StoredBlock, type ValidationCode } from './blocks/block';
import { BlockStore } from './blocks/block-store';
import { type ChainVerification, verifyChain } from './blocks/chain-verifier';
import { loadChaincodePackage } from './chaincode/chaincode-package';
import { endorsementProblem, type EndorsementRequest, simulatingOrganizations } from './chaincode/endorsement-plan';
import { type ChaincodeResponse, Endorser } from './chaincode/endorser';
import { createProposal, type SignedProposalBundle } from './client/proposal';
import { BlockValidator } from './commit/block-validator';
import { commitBlock } from './commit/block-committer';
import {
    AccessDeniedError,
    ChaincodeRejectedError,
    EndorsementMismatchError,
    LedgerUnavailableError,
    PrivateDataEndorsementError,
    TransactionInvalidatedError,
} from './errors/ledger-errors';
import type { ChaincodeEvent, ChaincodeEventListener } from './events/chaincode-event';
import { type Identity, MspRegistry, verifySignature } from './identity';
import { BlockCutter } from './ordering/block-cutter';
import type { PrivateWrite, ReadWriteSet } from './simulation/read-write-set';
import { TxSimulator } from './simulation/tx-simulator';
import { CollectionConfig } from './state/collection-config';
import { type Savepoint, StateDb } from './state/state-db';
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

interface Endorsement {
    transaction: LedgerTransaction;
    privateWrites: PrivateWrite[];
}

/** One endorser's result: the chaincode response and, when it succeeded, what it read and wrote. */
interface Simulation {
    endorser: string;
    response: ChaincodeResponse;
    readWriteSet?: ReadWriteSet;
    privateWrites?: PrivateWrite[];
}

interface CommitOutcome {
    blockNumber: number;
    code: ValidationCode;
}

/**
 * A single-process Hyperledger Fabric ledger that runs the real chaincode package through
 * fabric-shim, with a peer's semantics: signed proposals from X.509 identities of known MSPs,
 * simulation without read-your-writes, two endorsers that must agree, ordering into blocks, MVCC
 * validation, key history, private data collections, events after commit, and hash-chained blocks
 * synced to disk before the state moves on.
 *
 * @example
 * const ledger = await EmbeddedLedger.open({ dataDir: 'data/ledger', chaincodePath: 'chaincode', organizations: ['Org1MSP'] });
 * const alice = await ledger.enroll('Org1MSP', 'alice');
 * const { payload } = await ledger.submit(alice, 'batch:create', [JSON.stringify(batch)]);
 * await ledger.close();
 */
export class EmbeddedLedger {
    private readonly lock = new ReadWriteLock();
    private readonly cutter: BlockCutter<Endorsement, CommitOutcome>;
    private readonly listeners = new Set<ChaincodeEventListener>();
    private failure?: Error;
    private closed = false;

    private constructor(
        readonly identities: MspRegistry,
        private readonly state: StateDb,
        private readonly blocks: BlockStore,
        private readonly endorsers: Endorser[],
        private readonly collections: CollectionConfig,
        private savepoint: Savepoint,
        readonly channel: string,
        readonly chaincodeName: string,
        maxPerBlock: number,
    ) {
        this.cutter = new BlockCutter((endorsements) => this.commit(endorsements), maxPerBlock);
    }

    static async open(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
        const dataDir = resolve(options.dataDir);
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        const identities = await MspRegistry.openOrCreate(join(dataDir, 'msp'), [...options.organizations]);
        const state = await StateDb.open(join(dataDir, 'state'));
        const blocks = BlockStore.open(join(dataDir, 'blocks'));
        const savepoint = await recover(state, blocks);
        const chaincodePath = resolve(options.chaincodePath);
        const endorsers: Endorser[] = [];
        for (let i = 0; i < (options.endorsers ?? 2); i++) {
            endorsers.push(await Endorser.start(`peer${i}`, await loadChaincodePackage(chaincodePath)));
        }
        return new EmbeddedLedger(
            identities,
            state,
            blocks,
            endorsers,
            CollectionConfig.load(options.collectionsConfigPath, (mspId) => identities.mspIds().includes(mspId)),
            savepoint,
            options.channel ?? 'coldtrace',
            options.chaincodeName ?? 'coldtrace',
            options.maxTransactionsPerBlock ?? 500,
        );
    }

    /** Number of committed blocks. */
    get height(): number {
        return this.savepoint.height;
    }

    /** Issues a new X.509 identity from the organization's CA (Fabric CA style attributes). */
    enroll(mspId: string, userId: string, attributes: Record<string, string> = {}): Promise<Identity> {
        return this.identities.get(mspId).enroll(userId, { attributes });
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
        return this.identities.get(mspId).certify(userId, publicKey, { attributes });
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
        this.requireOpen();
        await this.identities.add(mspId);
    }

    /**
     * Revokes a certificate of the organization: its CRL in the channel's MSP lists it from now on,
     * and every proposal it signs is refused, as a Fabric peer refuses a creator its MSP's CRL names.
     *
     * @example
     * await ledger.revoke('RetailerMSP', alice.certificate);
     */
    async revoke(mspId: string, certificate: string): Promise<void> {
        this.requireOpen();
        await this.identities.revoke(mspId, certificate);
    }

    /**
     * Endorses a transaction on every endorser, orders it and waits until its block is committed.
     * Rejects with {@link ChaincodeRejectedError} when the chaincode refuses (nothing is written),
     * {@link EndorsementMismatchError} when endorsers disagree, and
     * {@link TransactionInvalidatedError} when validation fails (e.g. MVCC_READ_CONFLICT).
     */
    async submit(identity: Identity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<SubmitResult> {
        this.requireOpen();
        const proposal = await this.propose(identity, fn, args, options);
        const request = this.endorsementRequest(identity, options);
        const endorsement = await this.endorse(proposal, this.endorsers, simulatingOrganizations(request));
        const problem = endorsementProblem(this.collections, [...new Set(endorsement.privateWrites.map((write) => write.collection))], request);
        if (problem) {
            throw new PrivateDataEndorsementError(proposal.txId, problem);
        }
        const outcome = await this.cutter.enqueue(endorsement);
        if (outcome.code !== 'VALID') {
            throw new TransactionInvalidatedError(proposal.txId, outcome.code, outcome.blockNumber);
        }
        return { txId: proposal.txId, blockNumber: outcome.blockNumber, payload: Buffer.from(endorsement.transaction.response.payload, 'base64') };
    }

    /** Runs a query on one endorser, a peer of the creator's organization unless others are named; nothing is ordered or written. */
    async evaluate(identity: Identity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<Uint8Array> {
        this.requireOpen();
        const request = this.endorsementRequest(identity, options);
        // The Gateway evaluates on its own organization's peer when that organization is a target.
        const organizations = simulatingOrganizations(request);
        const peerMsp = organizations.includes(identity.mspId) ? identity.mspId : organizations[0];
        const endorsement = await this.endorse(await this.propose(identity, fn, args, options), this.endorsers.slice(0, 1), [peerMsp]);
        return Buffer.from(endorsement.transaction.response.payload, 'base64');
    }

    /**
     * Listens to chaincode events of committed transactions. With `startBlock`, events of blocks
     * already committed from that block on are replayed first, so a client that kept its last
     * block number as a checkpoint misses nothing across restarts.
     */
    async subscribe(listener: ChaincodeEventListener, options: { startBlock?: number } = {}): Promise<() => void> {
        // Under the read lock no block commits, so nothing is missed or delivered twice between
        // the replay and the live feed.
        await this.lock.read(async () => {
            for (let number = options.startBlock ?? this.savepoint.height; number < this.savepoint.height; number++) {
                const { block } = await this.block(number);
                eventsOf(number, block.data, block.metadata.validationCodes).forEach(listener);
            }
            this.listeners.add(listener);
        });
        return () => this.listeners.delete(listener);
    }

    /** Walks the hash chain and reports the first block that does not match. */
    verify(): Promise<ChainVerification> {
        return this.lock.read(() => verifyChain(this.blocks, this.state));
    }

    /** Reads a committed block (with the private data this peer keeps beside it). */
    async block(number: number): Promise<StoredBlock> {
        const location = await this.state.blockLocation(number);
        if (!location) {
            throw new RangeError(`block ${number} does not exist; height is ${this.savepoint.height}`);
        }
        return this.blocks.read(location);
    }

    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        await this.lock.write(async () => {
            this.endorsers.forEach((endorser) => endorser.stop());
            this.blocks.close();
            await this.state.close();
        });
    }

    private propose(identity: Identity, fn: string, args: readonly string[], options: TransactionOptions): Promise<SignedProposalBundle> {
        return createProposal({ channel: this.channel, chaincode: this.chaincodeName, fn, args, transient: options.transient, identity });
    }

    private endorsementRequest(identity: Identity, options: TransactionOptions): EndorsementRequest {
        const unknown = (options.endorsingOrganizations ?? []).filter((mspId) => !this.identities.mspIds().includes(mspId));
        if (unknown.length > 0) {
            throw new LedgerUnavailableError(`failed to find any endorsing peers for org(s): ${unknown.join(', ')}`);
        }
        return { creatorMsp: identity.mspId, named: options.endorsingOrganizations, hasTransientData: Object.keys(options.transient ?? {}).length > 0 };
    }

    /**
     * Checks the creator and its signature, then simulates on each endorser under the state read
     * lock, endorser i standing in for a peer of `peerOrganizations[i % n]`.
     */
    private async endorse(proposal: SignedProposalBundle, endorsers: Endorser[], peerOrganizations: readonly string[]): Promise<Endorsement> {
        // The creator travels inside the signed bytes; read it back as a peer would.
        const creator = mspProto.SerializedIdentity.deserializeBinary(readCreator(proposal));
        const mspId = creator.getMspid();
        const certificate = Buffer.from(creator.getIdBytes_asU8()).toString('utf8');
        try {
            await this.identities.verifyCurrent(mspId, certificate);
        } catch (error) {
            throw new AccessDeniedError((error as Error).message);
        }
        if (!verifySignature(certificate, proposal.proposalBytes, proposal.signature)) {
            throw new AccessDeniedError('the proposal signature does not verify against the creator certificate');
        }
        const results: Simulation[] = await this.lock.read(() =>
            Promise.all(
                endorsers.map(async (endorser, i): Promise<Simulation> => {
                    const simulator = new TxSimulator(this.state, this.collections, this.chaincodeName, mspId, peerOrganizations[i % peerOrganizations.length]);
                    const response = await endorser.execute(this.channel, proposal.txId, proposal.input, proposal.signedProposal, simulator);
                    if (response.status >= 400) {
                        return { endorser: endorser.name, response };
                    }
                    try {
                        return { endorser: endorser.name, response, ...(await simulator.results()) };
                    } catch (error) {
                        return { endorser: endorser.name, response: { status: 500, message: (error as Error).message, payload: Buffer.alloc(0) } };
                    }
                }),
            ),
        );
        const rejected = results.find((result) => result.response.status >= 400);
        if (rejected) {
            throw new ChaincodeRejectedError(proposal.txId, rejected.response.status, rejected.response.message);
        }
        // Both simulations build their results in the same code, so equal results are equal
        // structures: comparing them directly spares serializing megabytes per endorser.
        const outcomes = results.map((result) => [encodeResponse(result.response), result.readWriteSet, result.privateWrites]);
        if (outcomes.some((outcome) => !isDeepStrictEqual(outcome, outcomes[0]))) {
            throw new EndorsementMismatchError(
                proposal.txId,
                results.map((result) => result.endorser),
            );
        }
        const first = results[0] as Required<Simulation>;
        const args = proposal.input.getArgsList_asU8().map((arg) => Buffer.from(arg).toString('utf8'));
        return {
            transaction: {
                txId: proposal.txId,
                channel: this.channel,
                chaincode: this.chaincodeName,
                timestamp: proposal.timestamp,
                creator: { mspId, certificate },
                signature: Buffer.from(proposal.signature).toString('base64'),
                args,
                response: encodeResponse(first.response),
                readWriteSet: first.readWriteSet,
                event: first.response.event ? { name: first.response.event.name, payload: first.response.event.payload.toString('base64') } : undefined,
                endorsers: results.map((result) => result.endorser),
            },
            privateWrites: first.privateWrites,
        };
    }

    /** Validates, stores and applies one block; then tells listeners about its events. */
    private async commit(endorsements: Endorsement[]): Promise<CommitOutcome[]> {
        this.requireOpen();
        const committed = await this.lock.write(async () => {
            const number = this.savepoint.height;
            const transactions = endorsements.map((endorsement) => endorsement.transaction);
            const codes = await new BlockValidator(this.state).validate(number, transactions);
            const block = makeBlock(number, this.savepoint.lastHash, transactions, codes);
            const privateData: Record<number, PrivateWrite[]> = {};
            endorsements.forEach((endorsement, i) => {
                if (codes[i] === 'VALID' && endorsement.privateWrites.length > 0) {
                    privateData[i] = endorsement.privateWrites;
                }
            });
            const stored: StoredBlock = { block, privateData };
            try {
                const location = this.blocks.append(stored);
                crashHere('after-block-append');
                await commitBlock(this.state, stored, location);
            } catch (error) {
                this.failure = new LedgerUnavailableError(`committing block ${number} failed: ${(error as Error).message}; reopen the ledger to recover`);
                throw this.failure;
            }
            this.savepoint = { height: number + 1, lastHash: blockHash(block.header) };
            this.emit(number, transactions, codes);
            return { number, codes };
        });
        return committed.codes.map((code) => ({ blockNumber: committed.number, code }));
    }

    private emit(blockNumber: number, transactions: LedgerTransaction[], codes: ValidationCode[]): void {
        for (const event of eventsOf(blockNumber, transactions, codes)) {
            for (const listener of this.listeners) {
                try {
                    listener(event);
                } catch (error) {
                    // A listener's bug must not fail a block that is already durable.
                    process.emitWarning(`chaincode event listener failed: ${(error as Error).message}`);
                }
            }
        }
    }

    private requireOpen(): void {
        if (this.closed) {
            throw new LedgerUnavailableError('the ledger is closed');
        }
        if (this.failure) {
            throw this.failure;
        }
    }
}

/**
 * Brings the state database level with the block file after a crash: blocks that reached the file
 * but not the state are applied again; a record torn in the middle of an append is cut off.
 */
async function recover(state: StateDb, blocks: BlockStore): Promise<Savepoint> {
    let savepoint = await state.savepoint();
    const last = savepoint.height > 0 ? await state.blockLocation(savepoint.height - 1) : undefined;
    const start = last ? last.offset + last.length : 0;
    const records = blocks.scan(start);
    let end = start;
    for (const { location, stored } of records) {
        const { header } = stored.block;
        if (header.number !== savepoint.height || header.previousHash !== savepoint.lastHash) {
            break;
        }
        await commitBlock(state, stored, location);
        savepoint = { height: header.number + 1, lastHash: blockHash(header) };
        end = location.offset + location.length;
    }
    if (blocks.byteLength > end) {
        blocks.truncate(end);
    }
    return savepoint;
}

/**
 * A failure point for crash tests: with COLDTRACE_LEDGER_FAILPOINT set to its name, the process
 * dies on the spot, as it would on a power cut between the block file and the state database.
 */
function crashHere(name: string): void {
    if (process.env.COLDTRACE_LEDGER_FAILPOINT === name) {
        process.kill(process.pid, 'SIGKILL');
    }
}

function readCreator(proposal: SignedProposalBundle): Uint8Array {
    const header = common.Header.deserializeBinary(peer.Proposal.deserializeBinary(proposal.proposalBytes).getHeader_asU8());
    return common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()).getCreator_asU8();
}

function encodeResponse(response: ChaincodeResponse): LedgerTransaction['response'] {
    return { status: response.status, message: response.message, payload: response.payload.toString('base64') };
}

/** The chaincode events of a block's valid transactions, in block order. */
function eventsOf(blockNumber: number, transactions: LedgerTransaction[], codes: ValidationCode[]): ChaincodeEvent[] {
    return transactions.flatMap((transaction, i) =>
        codes[i] === 'VALID' && transaction.event
            ? [
                  {
                      blockNumber,
                      txId: transaction.txId,
                      chaincode: transaction.chaincode,
                      eventName: transaction.event.name,
                      payload: Buffer.from(transaction.event.payload, 'base64'),
                  },
              ]
            : [],
    );
}
