import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredBlock } from './block';

/** Where one record lies in the block file. */
export interface RecordLocation {
    offset: number;
    length: number;
}

const LENGTH_BYTES = 4;

/**
 * The append-only block file: each record is a 4-byte big-endian length and the stored block's
 * JSON. An append is synced before the state database is told about it, so after a crash the file
 * is never behind the state; a torn last record is cut off on open.
 *
 * @example
 * const store = BlockStore.open('data/ledger/blocks');
 * const location = store.append(storedBlock);
 */
export class BlockStore {
    #size: number;

    readonly #fd: number;

    private constructor(
        fd: number,
        readonly path: string,
    ) {
        this.#fd = fd;
        this.#size = fstatSync(fd).size;
    }

    static open(dir: string): BlockStore {
        mkdirSync(dir, { recursive: true });
        const path = join(dir, 'blockfile_000000');
        const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
        return new BlockStore(fd, path);
    }

    get byteLength(): number {
        return this.#size;
    }

    /** Appends a block; `body` is its record's JSON as UTF-8 parts when the caller has it already (`storedBlockRecord`). */
    append(stored: StoredBlock, body: readonly Uint8Array[] = [Buffer.from(JSON.stringify(stored))]): RecordLocation {
        const length = Buffer.allocUnsafe(LENGTH_BYTES);
        const record = Buffer.concat([length, ...body]);
        record.writeUInt32BE(record.length - LENGTH_BYTES, 0);
        const offset = this.#size;
        writeSync(this.#fd, record, 0, record.length, offset);
        fsyncSync(this.#fd);
        this.#size += record.length;
        return { offset, length: record.length };
    }

    /** Reads the record at a location; throws when it is not a readable stored block. */
    read(location: RecordLocation): StoredBlock {
        const record = Buffer.alloc(location.length);
        readSync(this.#fd, record, 0, location.length, location.offset);
        const length = record.readUInt32BE(0);
        if (length !== location.length - LENGTH_BYTES) {
            throw new Error(`record at offset ${location.offset} has length ${length}, expected ${location.length - LENGTH_BYTES}`);
        }
        return JSON.parse(record.subarray(LENGTH_BYTES).toString('utf8')) as StoredBlock;
    }

    /** Walks the records from `offset` to the end of the file, stopping at one cut short or unreadable. */
    scan(offset: number): { location: RecordLocation; stored: StoredBlock }[] {
        const records: { location: RecordLocation; stored: StoredBlock }[] = [];
        let at = offset;
        const header = Buffer.alloc(LENGTH_BYTES);
        while (at + LENGTH_BYTES <= this.#size) {
            readSync(this.#fd, header, 0, LENGTH_BYTES, at);
            const length = header.readUInt32BE(0);
            if (at + LENGTH_BYTES + length > this.#size) {
                break;
            }
            const location = { offset: at, length: LENGTH_BYTES + length };
            try {
                records.push({ location, stored: this.read(location) });
            } catch {
                break;
            }
            at += LENGTH_BYTES + length;
        }
        return records;
    }

    /** Cuts the file back to `length` bytes: used on open to drop a record torn by a crash. */
    truncate(length: number): void {
        ftruncateSync(this.#fd, length);
        fsyncSync(this.#fd);
        this.#size = length;
    }

    close(): void {
        closeSync(this.#fd);
    }
}
