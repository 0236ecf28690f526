import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFixtureLedger } from '../testing/fixture-ledger';

describe('verifyChain', () => {
    it('passes an untouched chain and names the first block whose bytes were changed', async () => {
        const first = await openFixtureLedger();
        const writer = await first.ledger.enroll('Org1MSP', 'writer');
        for (let i = 0; i < 5; i++) {
            await first.ledger.submit(writer, 'kv:put', [`key-${i}`, `MARKER-${i}`]);
        }
        assert.deepEqual(await first.ledger.verify(), { ok: true, height: 5, blocksChecked: 5 });
        await first.ledger.close();

        const blockFile = join(first.dataDir, 'blocks', 'blockfile_000000');
        const bytes = readFileSync(blockFile);
        const marker = Buffer.from(Buffer.from('MARKER-2').toString('base64'));
        const at = bytes.indexOf(marker);
        assert.ok(at > 0);
        bytes[at] = bytes[at] === 0x54 ? 0x55 : 0x54; // one byte of block 2's write set
        writeFileSync(blockFile, bytes);

        const reopened = await openFixtureLedger({ dataDir: first.dataDir });
        try {
            const result = await reopened.ledger.verify();
            assert.equal(result.ok, false);
            assert.equal(result.firstInvalidBlock, 2);
            assert.match(result.reason ?? '', /hash/);
        } finally {
            await reopened.cleanup();
        }
    });
});
