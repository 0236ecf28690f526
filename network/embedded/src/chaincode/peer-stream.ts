import { EventEmitter } from 'node:events';
import type { peer } from '@hyperledger/fabric-protos';

/**
 * The in-process stand-in for the gRPC stream between a peer and a chaincode. fabric-shim's
 * message handler writes ChaincodeMessages to it and listens for 'data', exactly as on the
 * `Register` stream of a real peer; the peer side is `onMessage`.
 */
export class PeerStream extends EventEmitter {
    private ended = false;

    constructor(private readonly onMessage: (message: peer.ChaincodeMessage) => void) {
        super();
    }

    /** Called by the shim: a message from the chaincode to the peer. */
    write(message: peer.ChaincodeMessage): boolean {
        // Delivered on a later tick, as a network stream would, so the shim never re-enters itself.
        setImmediate(() => this.onMessage(message));
        return true;
    }

    /** A message from the peer to the chaincode. */
    send(message: peer.ChaincodeMessage): void {
        setImmediate(() => this.emit('data', message));
    }

    /** Closes the stream once; the shim answers 'end' by ending its side too. */
    end(): void {
        if (!this.ended) {
            this.ended = true;
            this.emit('end');
        }
    }
}
