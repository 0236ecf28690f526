import { ledger, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import type { LedgerTransaction } from '../blocks/block';
import type { TxSimulator } from '../simulation/tx-simulator';
import { createShimHandler, type ShimChaincode } from './chaincode-package';
import { PeerStream } from './peer-stream';

const MessageType = peer.ChaincodeMessage.Type;

/** What the chaincode answered for one proposal. */
export interface ChaincodeResponse {
    status: number;
    message: string;
    payload: Buffer;
    event?: { name: string; payload: Buffer };
}

/**
 * The response as a block stores it, and as endorsing peers must agree on it.
 *
 * @example
 * encodeResponse({ status: 200, message: '', payload: Buffer.from('ok') }); // { message: '', payload: 'b2s=', status: 200 }
 */
export function encodeResponse(response: ChaincodeResponse): LedgerTransaction['response'] {
    return { message: response.message, payload: response.payload.toString('base64'), status: response.status };
}

interface RunningTransaction {
    simulator: TxSimulator;
    resolve: (response: ChaincodeResponse) => void;
    reject: (error: Error) => void;
}

/**
 * One peer's chaincode support: its side of the conversation with a running chaincode. It
 * registers the chaincode over a {@link PeerStream}, sends it TRANSACTION messages and answers its GET_STATE, PUT_STATE,
 * GET_STATE_BY_RANGE, … requests from the transaction's simulator, as a Fabric peer's chaincode
 * support does over gRPC. The peer's endorser (peer/endorser.ts) decides which proposals run and
 * what their results mean; this only runs them.
 *
 * @example
 * const support = await ChaincodeSupport.start('peer0', chaincode);
 * const response = await support.execute(channel, txId, input, signedProposal, simulator);
 */
export class ChaincodeSupport {
    readonly #running = new Map<string, RunningTransaction>();
    readonly #stream: PeerStream;
    #ready!: () => void;

    private constructor(readonly name: string) {
        this.#stream = new PeerStream((message) => this.#onMessage(message));
    }

    /** Starts the chaincode in this process and waits until it has registered with the peer. */
    static async start(name: string, chaincode: ShimChaincode): Promise<ChaincodeSupport> {
        const support = new ChaincodeSupport(name);
        const ready = new Promise<void>((resolve) => (support.#ready = resolve));
        const register = new peer.ChaincodeMessage();
        register.setType(MessageType.REGISTER);
        createShimHandler(support.#stream, chaincode).chat(register);
        await ready;
        return support;
    }

    execute(channel: string, txId: string, input: peer.ChaincodeInput, proposal: peer.SignedProposal, simulator: TxSimulator): Promise<ChaincodeResponse> {
        const key = channel + txId;
        if (this.#running.has(key)) {
            return Promise.reject(new Error(`transaction ${txId} is already executing on ${this.name}`));
        }
        return new Promise((resolve, reject) => {
            this.#running.set(key, { simulator, resolve, reject });
            const message = new peer.ChaincodeMessage();
            message.setType(MessageType.TRANSACTION);
            message.setTxid(txId);
            message.setChannelId(channel);
            message.setPayload(input.serializeBinary());
            message.setProposal(proposal);
            this.#stream.send(message);
        });
    }

    stop(): void {
        this.#stream.end();
    }

    #onMessage(message: peer.ChaincodeMessage): void {
        const type = message.getType();
        if (type === MessageType.REGISTER) {
            this.#stream.send(reply(message, MessageType.REGISTERED));
            this.#stream.send(reply(message, MessageType.READY));
            this.#ready();
            return;
        }
        const key = message.getChannelId() + message.getTxid();
        const transaction = this.#running.get(key);
        if (!transaction) {
            return;
        }
        if (type === MessageType.COMPLETED) {
            this.#running.delete(key);
            const response = peer.Response.deserializeBinary(message.getPayload_asU8());
            const event = message.getChaincodeEvent();
            transaction.resolve({
                status: response.getStatus(),
                message: response.getMessage(),
                payload: Buffer.from(response.getPayload_asU8()),
                event: event ? { name: event.getEventName(), payload: Buffer.from(event.getPayload_asU8()) } : undefined,
            });
            return;
        }
        if (type === MessageType.ERROR) {
            this.#running.delete(key);
            transaction.reject(new Error(Buffer.from(message.getPayload_asU8()).toString('utf8')));
            return;
        }
        this.#answer(message, transaction.simulator).then(
            (payload) => this.#stream.send(reply(message, MessageType.RESPONSE, payload)),
            (error: Error) => this.#stream.send(reply(message, MessageType.ERROR, Buffer.from(error.message))),
        );
    }

    /** Serves one request of the chaincode from the transaction simulator. */
    async #answer(message: peer.ChaincodeMessage, simulator: TxSimulator): Promise<Uint8Array> {
        const payload = message.getPayload_asU8();
        switch (message.getType()) {
            case MessageType.GET_STATE: {
                const request = peer.GetState.deserializeBinary(payload);
                return simulator.getState(request.getCollection(), request.getKey());
            }
            case MessageType.GET_PRIVATE_DATA_HASH: {
                const request = peer.GetState.deserializeBinary(payload);
                return simulator.getPrivateDataHash(request.getCollection(), request.getKey());
            }
            case MessageType.PUT_STATE: {
                const request = peer.PutState.deserializeBinary(payload);
                simulator.putState(request.getCollection(), request.getKey(), request.getValue_asU8());
                return new Uint8Array();
            }
            case MessageType.DEL_STATE:
            case MessageType.PURGE_PRIVATE_DATA: {
                const request = peer.DelState.deserializeBinary(payload);
                simulator.deleteState(request.getCollection(), request.getKey());
                return new Uint8Array();
            }
            case MessageType.GET_STATE_BY_RANGE:
                return this.#rangeQuery(peer.GetStateByRange.deserializeBinary(payload), simulator);
            case MessageType.QUERY_STATE_NEXT: {
                const id = peer.QueryStateNext.deserializeBinary(payload).getId();
                const { entries, hasMore } = await simulator.nextBatch(id);
                return queryResponse(
                    id,
                    entries.map((e) => kvBytes(e.key, e.value)),
                    hasMore,
                ).serializeBinary();
            }
            case MessageType.QUERY_STATE_CLOSE: {
                const id = peer.QueryStateClose.deserializeBinary(payload).getId();
                await simulator.closeQuery(id);
                return queryResponse(id, [], false).serializeBinary();
            }
            case MessageType.GET_HISTORY_FOR_KEY: {
                const records = await simulator.history(peer.GetHistoryForKey.deserializeBinary(payload).getKey());
                return queryResponse('history', records.map(historyBytes), false).serializeBinary();
            }
            case MessageType.GET_STATE_METADATA:
                return new peer.StateMetadataResult().serializeBinary();
            case MessageType.GET_QUERY_RESULT:
                // The embedded peer's state database is LevelDB, which has no rich queries, as on Fabric.
                throw new Error('ExecuteQuery not supported for leveldb');
            case MessageType.PUT_STATE_METADATA:
                throw new Error('key-level endorsement policies are not supported by the embedded ledger');
            case MessageType.INVOKE_CHAINCODE:
                throw new Error('chaincode-to-chaincode invocation is not supported by the embedded ledger');
            default:
                throw new Error(`unexpected chaincode message type ${message.getType()}`);
        }
    }

    async #rangeQuery(request: peer.GetStateByRange, simulator: TxSimulator): Promise<Uint8Array> {
        const metadataBytes = request.getMetadata_asU8();
        if (metadataBytes.length > 0) {
            const paging = peer.QueryMetadata.deserializeBinary(metadataBytes);
            const page = await simulator.rangePage(request.getCollection(), request.getStartkey(), request.getEndkey(), paging.getPagesize(), paging.getBookmark());
            const response = queryResponse(
                'page',
                page.entries.map((e) => kvBytes(e.key, e.value)),
                false,
            );
            const metadata = new peer.QueryResponseMetadata();
            metadata.setFetchedRecordsCount(page.entries.length);
            metadata.setBookmark(page.bookmark);
            response.setMetadata(metadata.serializeBinary());
            return response.serializeBinary();
        }
        const { id, entries, hasMore } = await simulator.openRange(request.getCollection(), request.getStartkey(), request.getEndkey());
        return queryResponse(
            id,
            entries.map((e) => kvBytes(e.key, e.value)),
            hasMore,
        ).serializeBinary();
    }
}

function reply(to: peer.ChaincodeMessage, type: peer.ChaincodeMessage.TypeMap[keyof peer.ChaincodeMessage.TypeMap], payload?: Uint8Array): peer.ChaincodeMessage {
    const message = new peer.ChaincodeMessage();
    message.setType(type);
    message.setTxid(to.getTxid());
    message.setChannelId(to.getChannelId());
    if (payload) {
        message.setPayload(payload);
    }
    return message;
}

function queryResponse(id: string, results: Uint8Array[], hasMore: boolean): peer.QueryResponse {
    const response = new peer.QueryResponse();
    response.setId(id);
    response.setHasMore(hasMore);
    response.setResultsList(
        results.map((bytes) => {
            const result = new peer.QueryResultBytes();
            result.setResultbytes(bytes);
            return result;
        }),
    );
    return response;
}

function kvBytes(key: string, value: Uint8Array): Uint8Array {
    const kv = new ledger.queryresult.KV();
    kv.setKey(key);
    kv.setValue(value);
    return kv.serializeBinary();
}

function historyBytes(record: { txId: string; timestamp: { seconds: number; nanos: number }; isDelete: boolean; value: Uint8Array }): Uint8Array {
    const modification = new ledger.queryresult.KeyModification();
    modification.setTxId(record.txId);
    modification.setIsDelete(record.isDelete);
    modification.setValue(record.value);
    const timestamp = new Timestamp();
    timestamp.setSeconds(record.timestamp.seconds);
    timestamp.setNanos(record.timestamp.nanos);
    modification.setTimestamp(timestamp);
    return modification.serializeBinary();
}
