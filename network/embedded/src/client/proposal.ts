import { sha256, sha256Hex } from '@coldtrace/chaincode/sha256';
import { isPkcs11KeyUri, pkcs11SignerFor } from '@coldtrace/pki';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import type { Identity } from '../identity';
import { sign } from '../identity';
import { BoundedCache } from '../util/bounded-cache';
import { NonceSource } from './nonce-source';

const nonces = new NonceSource(24);
/** An identity's SerializedIdentity bytes, the same for every proposal it makes: read-only once built. */
const creators = new BoundedCache<string, Uint8Array>(256);

/** What a client asks a chaincode to do. */
export interface ProposalRequest {
    channel: string;
    chaincode: string;
    /** `contract:function`, or a function of the default contract. */
    fn: string;
    args: readonly string[];
    /** Private inputs: reach the chaincode, never the block. */
    transient?: Readonly<Record<string, Uint8Array | string>>;
    identity: Identity;
    /**
     * Leave the proposal unsigned: only for one that never leaves the process, whose creator's key
     * the caller has checked is the identity's own (`holdsKeyOf`), as the embedded ledger does
     * for evaluations.
     */
    unsigned?: boolean;
}

/** A signed proposal, built and signed the way Fabric's client SDKs do. */
export interface SignedProposalBundle {
    txId: string;
    timestamp: { seconds: number; nanos: number };
    input: peer.ChaincodeInput;
    signedProposal: peer.SignedProposal;
    proposalBytes: Uint8Array;
    signature: Uint8Array;
    /** Built unsigned in this process for a creator shown to hold its key: the endorser need not check a signature. */
    keyHeldInProcess?: true;
}

/**
 * Builds a Fabric SignedProposal: SerializedIdentity creator, random nonce, transaction id =
 * SHA-256(nonce ‖ creator), client timestamp in the channel header, transient map in the
 * proposal payload, and an ECDSA signature over the proposal bytes: by the PEM key, or in the
 * PKCS#11 token a `pkcs11:` key names (through fabric-gateway's HSM signer, as the Gateway signs).
 *
 * @example
 * const proposal = await createProposal({ channel: 'coldtrace', chaincode: 'coldtrace', fn: 'product:sell', args: [serial], identity });
 */
export async function createProposal(request: ProposalRequest): Promise<SignedProposalBundle> {
    const { mspId, certificate } = request.identity;
    const creatorBytes = creators.getOrCreate(`${mspId}\n${certificate}`, () => {
        const creator = new msp.SerializedIdentity();
        creator.setMspid(mspId);
        creator.setIdBytes(Buffer.from(certificate));
        return creator.serializeBinary();
    });
    const nonce = nonces.next();
    const txId = sha256Hex(nonce, creatorBytes);

    const now = Date.now();
    const timestamp = { nanos: (now % 1000) * 1e6, seconds: Math.floor(now / 1000) };
    const protoTimestamp = new Timestamp();
    protoTimestamp.setSeconds(timestamp.seconds);
    protoTimestamp.setNanos(timestamp.nanos);

    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(request.chaincode);
    const extension = new peer.ChaincodeHeaderExtension();
    extension.setChaincodeId(chaincodeId);

    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    channelHeader.setChannelId(request.channel);
    channelHeader.setTxId(txId);
    channelHeader.setTimestamp(protoTimestamp);
    channelHeader.setExtension$(extension.serializeBinary());

    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(creatorBytes);
    signatureHeader.setNonce(nonce);

    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(signatureHeader.serializeBinary());

    const input = new peer.ChaincodeInput();
    input.setArgsList([request.fn, ...request.args].map((arg) => Buffer.from(arg)));
    const spec = new peer.ChaincodeSpec();
    spec.setType(peer.ChaincodeSpec.Type.NODE);
    spec.setChaincodeId(chaincodeId);
    spec.setInput(input);
    const invocation = new peer.ChaincodeInvocationSpec();
    invocation.setChaincodeSpec(spec);

    const payload = new peer.ChaincodeProposalPayload();
    payload.setInput(invocation.serializeBinary());
    for (const [key, value] of Object.entries(request.transient ?? {})) {
        payload.getTransientmapMap().set(key, typeof value === 'string' ? Buffer.from(value) : value);
    }

    const proposal = new peer.Proposal();
    proposal.setHeader(header.serializeBinary());
    proposal.setPayload(payload.serializeBinary());
    const proposalBytes = proposal.serializeBinary();
    const privateKey = request.identity.privateKey;
    const signature = request.unsigned ? new Uint8Array() : isPkcs11KeyUri(privateKey) ? await pkcs11SignerFor(privateKey)(sha256(proposalBytes)) : sign(privateKey, proposalBytes);

    const signedProposal = new peer.SignedProposal();
    signedProposal.setProposalBytes(proposalBytes);
    signedProposal.setSignature(signature);
    return { txId, timestamp, input, signedProposal, proposalBytes, signature, ...(request.unsigned ? { keyHeldInProcess: true as const } : {}) };
}
