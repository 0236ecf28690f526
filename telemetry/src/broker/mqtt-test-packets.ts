/**
 * Raw MQTT bytes for the broker's tests: what a client that ignores the limits would send.
 *
 * @example
 * socket.write(fixedHeader(0x32, 268_435_455)); // a PUBLISH announcing 256 MB
 */
export function fixedHeader(type: number, remainingLength: number): Buffer {
    const bytes = [type];
    let rest = remainingLength;
    do {
        const byte = rest % 128;
        rest = Math.floor(rest / 128);
        bytes.push(rest > 0 ? byte | 0x80 : byte);
    } while (rest > 0);
    return Buffer.from(bytes);
}

/** The payload length that makes a QoS 1 PUBLISH on `topic` exactly `packetBytes` long (type byte + remaining length). */
export function publishPayloadFilling(packetBytes: number, topic: string): number {
    return packetBytes - 1 - (2 + Buffer.byteLength(topic)) - 2;
}
