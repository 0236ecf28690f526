/** An X.509 identity of one organization, as a wallet keeps it. */
export interface LedgerIdentity {
    mspId: string;
    /** PEM certificate. */
    certificate: string;
    /** PKCS#8 PEM private key. */
    privateKey: string;
}

export interface TransactionOptions {
    /** Private inputs (e.g. order prices): reach the chaincode, never a block. */
    transient?: Readonly<Record<string, string | Uint8Array>>;
    /**
     * The organizations whose peers endorse a submit or answer an evaluate (default: the ledger
     * chooses, starting with the caller's own peer). A submit whose transient data goes into
     * several organizations' implicit private collections names exactly those organizations: each
     * owner's peer must endorse its collection's write, and the data must reach no other peer.
     */
    endorsingOrganizations?: readonly string[];
}

export interface SubmitResult {
    txId: string;
    /** The block the transaction was committed in. */
    blockNumber: number;
    payload: Uint8Array;
}

/** A chaincode event of a committed transaction, with the block number that checkpoints it. */
export interface LedgerEvent {
    blockNumber: number;
    txId: string;
    eventName: string;
    payload: Uint8Array;
}

/** The outcome of walking the chain of blocks and checking every hash link. */
export interface ChainCheck {
    ok: boolean;
    /** Blocks on the channel when the walk started. */
    height: number;
    checkedBlocks: number;
    /** The first block whose bytes no longer match the chain, when not ok. */
    firstBadBlock?: number;
    reason?: string;
}

/** One organization's peer as a node last reached it (for /healthz). */
export interface PeerStatus {
    mspId: string;
    endpoint: string;
    reachable: boolean;
    /** Blocks the peer holds, when reachable: a restarted peer catching up shows a lower one. */
    height?: number;
    /** Why it could not be reached. */
    error?: string;
}

/** Where a subscription starts, and who hears that it broke. */
export interface SubscribeOptions {
    /** The first block whose events are delivered; default: the next block committed. */
    startBlock?: number;
    /**
     * Called once if the stream breaks without `close` (a peer restarted, the connection dropped):
     * no event follows, so the caller subscribes again from its own position. Backends that
     * reconnect by themselves (fabric-network's listeners, the in-process ledger) never call it.
     */
    onEnd?: (error: Error) => void;
}

export interface EventSubscription {
    close(): void;
}

/**
 * The backend's one door to the ledger. Each call acts as the identity it is given, so the
 * chaincode, not the backend, decides what that user may do. Implementations: the embedded ledger,
 * a Fabric Gateway client and a fabric-network 2.2 client (Fabric 2.2 peers), chosen by configuration.
 *
 * @example
 * const { payload } = await ledger.submit(alice, 'product:sell', [serial]);
 * const trace = JSON.parse(Buffer.from(await ledger.evaluate(alice, 'query:trace', [serial])).toString());
 */
export interface Ledger {
    /** Which kind of ledger this is, for logs and health checks. */
    readonly kind: 'embedded' | 'fabric';
    /** Endorses, orders and waits for commit; rejects with a {@link LedgerError}. */
    submit(identity: LedgerIdentity, fn: string, args: readonly string[], options?: TransactionOptions): Promise<SubmitResult>;
    /** Runs a query on one peer; nothing is written. Rejects with a {@link LedgerError}. */
    evaluate(identity: LedgerIdentity, fn: string, args: readonly string[], options?: TransactionOptions): Promise<Uint8Array>;
    /**
     * Delivers chaincode events of committed transactions from `startBlock` on (a checkpoint kept
     * by the caller) and then live, so nothing is lost across restarts.
     */
    subscribe(identity: LedgerIdentity, listener: (event: LedgerEvent) => void, options?: SubscribeOptions): Promise<EventSubscription>;
    /** Number of blocks on the channel. */
    height(identity: LedgerIdentity): Promise<number>;
    /** Walks the hash chain from genesis, as the identity's peer holds it, and names the first tampered block. */
    verifyChain(identity: LedgerIdentity): Promise<ChainCheck>;
    /** Every configured peer, probed now (networks of peers only; the embedded ledger has none). */
    peers?(identity: LedgerIdentity): Promise<PeerStatus[]>;
    close(): Promise<void>;
}
