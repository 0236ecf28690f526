/** What {@link MqttPacketSizeLimit.scan} found in a chunk. */
export type PacketSizeVerdict = { ok: true } | { ok: false; reason: string; packetBytes?: number };

/** The broker's default largest MQTT packet: 64 KiB, a few hundred readings' worth. */
export const DEFAULT_MAX_PACKET_BYTES = 64 * 1024;

/**
 * Follows the MQTT packets of one connection's byte stream by their fixed headers alone (a type
 * byte, then the remaining length in 1–4 bytes of 7 bits) and says as soon as a header announces a
 * packet larger than the limit — before any of its body has been read, so the broker can close the
 * connection instead of buffering it. Packets are counted as Mosquitto's `max_packet_size` counts
 * them: the type byte plus the remaining length.
 *
 * @example
 * const limit = new MqttPacketSizeLimit(65_536);
 * limit.scan(Buffer.from([0x30, 0xff, 0xff, 0x7f])); // { ok: false, reason: '…', packetBytes: 2097152 }
 */
export class MqttPacketSizeLimit {
    /** Body bytes of the current packet still to come. */
    #bodyLeft = 0;
    /** Inside a fixed header: how many remaining-length bytes were read, and their value so far. */
    #lengthBytes = -1;
    #length = 0;
    #refused: PacketSizeVerdict | undefined;

    constructor(readonly maxPacketBytes: number) {}

    /** Reads the next chunk of the stream; once it refused, it keeps refusing. */
    scan(chunk: Uint8Array): PacketSizeVerdict {
        let at = 0;
        while (at < chunk.length && !this.#refused) {
            if (this.#bodyLeft > 0) {
                const skipped = Math.min(this.#bodyLeft, chunk.length - at);
                this.#bodyLeft -= skipped;
                at += skipped;
            } else if (this.#lengthBytes < 0) {
                // The type byte of the next packet.
                at += 1;
                this.#lengthBytes = 0;
                this.#length = 0;
            } else {
                // The loop runs while at < chunk.length.
                const byte = chunk[at]!;
                at += 1;
                this.#length += (byte & 0x7f) * 128 ** this.#lengthBytes;
                this.#lengthBytes += 1;
                if (byte & 0x80) {
                    if (this.#lengthBytes === 4) {
                        this.#refused = { ok: false, reason: 'malformed remaining length (more than 4 bytes)' };
                    }
                    continue;
                }
                const packetBytes = 1 + this.#length;
                if (packetBytes > this.maxPacketBytes) {
                    this.#refused = { ok: false, reason: `MQTT packet of ${packetBytes} bytes announced; the limit is ${this.maxPacketBytes}`, packetBytes };
                }
                this.#bodyLeft = this.#length;
                this.#lengthBytes = -1;
            }
        }
        return this.#refused ?? { ok: true };
    }
}
