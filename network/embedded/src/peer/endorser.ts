import { isDeepStrictEqual } from 'node:util';
import { common, msp as mspProto, peer } from '@hyperledger/fabric-protos';
import { type ChaincodeResponse, type ChaincodeSupport, encodeResponse } from '../chaincode/chaincode-support';
import type { SignedProposalBundle } from '../client/proposal';
import { AccessDeniedError, ChaincodeRejectedError, EndorsementMismatchError } from '../errors/ledger-errors';
import { type MspRegistry, verifySignature } from '../identity';
import type { PrivateWrite, ReadWriteSet } from '../simulation/read-write-set';
import { TxSimulator } from '../simulation/tx-simulator';
import type { CollectionConfig } from '../state/collection-config';
import type { StateDb } from '../state/state-db';
import type { ReadWriteLock } from '../util/rw-lock';

/** What the endorser works with: the peer's view of the channel and its chaincode containers. */
export interface EndorserParts {
    identities: MspRegistry;
    state: StateDb;
    collections: CollectionConfig;
    /** Held for reading while simulating, so no block is applied half-way through a simulation. */
    lock: ReadWriteLock;
    /** One chaincode support per endorsing peer. */
    peers: readonly ChaincodeSupport[];
    channel: string;
    chaincodeName: string;
}

/** Which peers simulate one proposal. */
export interface EndorsementTargets {
    /** The organizations the peers stand in for, peer i for `organizations[i % n]`. */
    organizations: readonly string[];
    /** How many peers simulate; default all of them (submit), one for evaluate. */
    peerCount?: number;
}

/** What every simulating peer agreed on for one proposal. */
export interface ProposalEndorsement {
    creator: { mspId: string; certificate: string };
    response: ChaincodeResponse;
    readWriteSet: ReadWriteSet;
    privateWrites: PrivateWrite[];
    /** The peers whose simulations agreed, in order. */
    endorsers: string[];
}

/** One peer's result: the chaincode response and, when it succeeded, what it read and wrote. */
interface Simulation {
    endorser: string;
    response: ChaincodeResponse;
    readWriteSet?: ReadWriteSet;
    privateWrites?: PrivateWrite[];
}

/**
 * The endorsing side of the peers, as Fabric's `core/endorser` processes a proposal: check that the
 * creator belongs to a known MSP, is not revoked and signed the proposal; simulate it on each
 * target peer (without read-your-writes) under the state read lock; and require every simulation
 * to agree. It endorses; assembling and ordering a transaction is the client's and orderer's work.
 *
 * @example
 * const endorser = new Endorser({ identities, state, collections, lock, peers, channel: 'coldtrace', chaincodeName: 'coldtrace' });
 * const endorsement = await endorser.endorse(proposal, { organizations: ['Org1MSP'] });
 * endorsement.response.payload; // the chaincode's answer
 */
export class Endorser {
    readonly #parts: EndorserParts;

    constructor(parts: EndorserParts) {
        this.#parts = parts;
    }

    /**
     * Rejects with {@link AccessDeniedError} for an unknown, revoked or wrong signer,
     * {@link ChaincodeRejectedError} when the chaincode refuses and {@link EndorsementMismatchError}
     * when the peers disagree.
     */
    async endorse(proposal: SignedProposalBundle, targets: EndorsementTargets): Promise<ProposalEndorsement> {
        const creator = await this.#checkCreator(proposal);
        const peers = this.#parts.peers.slice(0, targets.peerCount ?? this.#parts.peers.length);
        const results = await this.#parts.lock.read(() =>
            Promise.all(peers.map((support, i) => this.#simulate(support, proposal, creator.mspId, targets.organizations[i % targets.organizations.length]))),
        );
        const rejected = results.find((result) => result.response.status >= 400);
        if (rejected) {
            throw new ChaincodeRejectedError(proposal.txId, rejected.response.status, rejected.response.message);
        }
        // Every simulation builds its results in the same code, so equal results are equal
        // structures: comparing them directly spares serializing megabytes per peer.
        const outcomes = results.map((result) => [encodeResponse(result.response), result.readWriteSet, result.privateWrites]);
        if (outcomes.some((outcome) => !isDeepStrictEqual(outcome, outcomes[0]))) {
            throw new EndorsementMismatchError(
                proposal.txId,
                results.map((result) => result.endorser),
            );
        }
        const first = results[0] as Required<Simulation>;
        return { creator, response: first.response, readWriteSet: first.readWriteSet, privateWrites: first.privateWrites, endorsers: results.map((result) => result.endorser) };
    }

    /** The creator travels inside the signed bytes; read it back as a peer would, then check it. */
    async #checkCreator(proposal: SignedProposalBundle): Promise<ProposalEndorsement['creator']> {
        const creator = mspProto.SerializedIdentity.deserializeBinary(readCreator(proposal));
        const mspId = creator.getMspid();
        const certificate = Buffer.from(creator.getIdBytes_asU8()).toString('utf8');
        try {
            await this.#parts.identities.verifyCurrent(mspId, certificate);
        } catch (error) {
            throw new AccessDeniedError((error as Error).message);
        }
        // An in-process evaluation's creator was shown to hold the certificate's key (holdsKeyOf):
        // what the signature would prove. Its MSP and revocation are checked above all the same.
        if (!proposal.keyHeldInProcess && !verifySignature(certificate, proposal.proposalBytes, proposal.signature)) {
            throw new AccessDeniedError('the proposal signature does not verify against the creator certificate');
        }
        return { certificate, mspId };
    }

    async #simulate(support: ChaincodeSupport, proposal: SignedProposalBundle, creatorMsp: string, peerMsp: string | undefined): Promise<Simulation> {
        const { state, collections, channel, chaincodeName } = this.#parts;
        const simulator = new TxSimulator(state, collections, chaincodeName, creatorMsp, peerMsp);
        const response = await support.execute(channel, proposal.txId, proposal.input, proposal.signedProposal, simulator);
        if (response.status >= 400) {
            return { endorser: support.name, response };
        }
        try {
            return { endorser: support.name, response, ...(await simulator.results()) };
        } catch (error) {
            return { endorser: support.name, response: { status: 500, message: (error as Error).message, payload: Buffer.alloc(0) } };
        }
    }
}

function readCreator(proposal: SignedProposalBundle): Uint8Array {
    const header = common.Header.deserializeBinary(peer.Proposal.deserializeBinary(proposal.proposalBytes).getHeader_asU8());
    return common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()).getCreator_asU8();
}
