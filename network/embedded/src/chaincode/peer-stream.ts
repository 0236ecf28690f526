import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { peer } from '@hyperledger/fabric-protos';

/** How long messages may follow each other without letting the event loop serve anything else. */
const YIELD_AFTER_MS = 5;

/**
 * The in-process stand-in for the gRPC stream between a peer and a chaincode. fabric-shim's
 * message handler writes ChaincodeMessages to it and listens for 'data', exactly as on the
 * `Register` stream of a real peer; the peer side is `onMessage`.
 *
 * Messages in both directions are delivered in order, each after the code that sent it has
 * returned, as a network stream would deliver them, so the shim never re-enters itself. The shim
 * waits for each answer before it sends its next request, so a step over thousands of keys is
 * thousands of round trips: they follow each other as microtasks, and every few milliseconds the
 * stream gives the event loop a turn (setImmediate) so the server keeps answering meanwhile.
 */
export class PeerStream extends EventEmitter {
    #ended = false;
    readonly #pending: (() => void)[] = [];
    #scheduled = false;
    #lastYield = performance.now();

    readonly #onMessage: (message: peer.ChaincodeMessage) => void;

    constructor(onMessage: (message: peer.ChaincodeMessage) => void) {
        super();
        this.#onMessage = onMessage;
    }

    /** Called by the shim: a message from the chaincode to the peer. */
    write(message: peer.ChaincodeMessage): boolean {
        this.#deliver(() => this.#onMessage(message));
        return true;
    }

    /** A message from the peer to the chaincode. */
    send(message: peer.ChaincodeMessage): void {
        this.#deliver(() => this.emit('data', message));
    }

    /** Closes the stream once; the shim answers 'end' by ending its side too. */
    end(): void {
        if (!this.#ended) {
            this.#ended = true;
            this.emit('end');
        }
    }

    #deliver(message: () => void): void {
        this.#pending.push(message);
        this.#schedule();
    }

    #schedule(): void {
        if (this.#scheduled || this.#pending.length === 0) {
            return;
        }
        this.#scheduled = true;
        if (performance.now() - this.#lastYield >= YIELD_AFTER_MS) {
            setImmediate(() => {
                this.#lastYield = performance.now();
                this.#deliverNext();
            });
        } else {
            queueMicrotask(() => this.#deliverNext());
        }
    }

    #deliverNext(): void {
        this.#scheduled = false;
        const message = this.#pending.shift();
        try {
            message?.();
        } finally {
            this.#schedule();
        }
    }
}
