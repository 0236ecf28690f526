import type { LedgerTransaction } from '../blocks/block';
import { encodeResponse } from '../chaincode/chaincode-support';
import type { EndorsementRequest } from '../chaincode/endorsement-plan';
import type { ProposalEndorsement } from '../peer/endorser';
import type { PrivateWrite } from '../simulation/read-write-set';
import type { SignedProposalBundle } from './proposal';

/**
 * An endorsed transaction on its way through ordering to the committer: what the block keeps, the
 * private writes that stay beside it, and what the validator needs to check it but the block does
 * not store (the signed proposal bytes and whom the client asked to endorse).
 */
export interface TransactionEnvelope {
    transaction: LedgerTransaction;
    privateWrites: PrivateWrite[];
    /** The bytes the creator signed; `transaction.signature` is over them. */
    signedBytes: Uint8Array;
    request: EndorsementRequest;
}

/** Where the transaction goes. */
export interface EnvelopeTarget {
    channel: string;
    chaincode: string;
}

/**
 * Assembles the transaction from a proposal and its endorsement, as a Fabric client (or Gateway)
 * builds the envelope it sends to the orderer. Only submit does this; evaluate stops at the
 * endorsement.
 *
 * @example
 * const envelope = assembleTransaction(proposal, await endorser.endorse(proposal, targets), request, { channel: 'coldtrace', chaincode: 'coldtrace' });
 * await cutter.enqueue(envelope);
 */
export function assembleTransaction(proposal: SignedProposalBundle, endorsement: ProposalEndorsement, request: EndorsementRequest, target: EnvelopeTarget): TransactionEnvelope {
    const { response } = endorsement;
    return {
        // Keys in code-unit order, as the block's canonical JSON writes them: a block of such
        // objects is serialized for its hash without re-ordering megabytes of read-write sets.
        transaction: {
            args: proposal.input.getArgsList_asU8().map((arg) => Buffer.from(arg).toString('utf8')),
            chaincode: target.chaincode,
            channel: target.channel,
            creator: endorsement.creator,
            endorsers: endorsement.endorsers,
            event: response.event ? { name: response.event.name, payload: response.event.payload.toString('base64') } : undefined,
            readWriteSet: endorsement.readWriteSet,
            response: encodeResponse(response),
            signature: Buffer.from(proposal.signature).toString('base64'),
            timestamp: proposal.timestamp,
            txId: proposal.txId,
        },
        privateWrites: endorsement.privateWrites,
        signedBytes: proposal.proposalBytes,
        request,
    };
}
