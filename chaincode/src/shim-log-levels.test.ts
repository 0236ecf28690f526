import assert from 'node:assert/strict';
import { skipDroppedShimLogLines } from './shim-log-levels';

type LogMethod = (...args: unknown[]) => unknown;
type Logger = Record<'debug' | 'info' | 'log' | 'write', LogMethod> & { level: string; transports: { silent?: boolean }[] };

describe('skipDroppedShimLogLines', () => {
    const shimLogs = require('fabric-shim/lib/logger') as { getLogger(name: string): Logger; setLevel(level: string): void };
    const handlerLogger = shimLogs.getLogger('lib/handler.js');
    const before = { env: process.env.CORE_CHAINCODE_LOGGING_LEVEL, level: handlerLogger.level, log: handlerLogger.log, write: handlerLogger.write };
    // The library's one console transport; an embedded ledger loaded earlier in the run silences it.
    const [consoleTransport] = handlerLogger.transports;
    const silentBefore = consoleTransport?.silent;
    let written: string[];

    beforeEach(() => {
        written = [];
        // Whatever reaches winston's stream counts as formatted: its format runs there.
        handlerLogger.log = (level: unknown) => void written.push(String(level));
        handlerLogger.write = (info: unknown) => void written.push(String((info as { level: string }).level));
        shimLogs.setLevel('INFO');
        if (consoleTransport) {
            consoleTransport.silent = false;
        }
    });

    afterEach(() => {
        Object.assign(handlerLogger, { log: before.log, write: before.write, level: before.level });
        if (consoleTransport) {
            consoleTransport.silent = silentBefore;
        }
        if (before.env === undefined) {
            delete process.env.CORE_CHAINCODE_LOGGING_LEVEL;
        } else {
            process.env.CORE_CHAINCODE_LOGGING_LEVEL = before.env;
        }
    });

    it('drops a debug line before winston formats it, and lets info lines through', () => {
        skipDroppedShimLogLines();
        handlerLogger.debug('%s - decoded response:%j', 'GetState', { value: 'x' });
        handlerLogger.info('registered');
        assert.deepEqual(written, ['info']);
    });

    it('follows a level set later, and guards each method once however often the package loads', () => {
        skipDroppedShimLogLines();
        const debug = handlerLogger.debug;
        skipDroppedShimLogLines();
        assert.equal(handlerLogger.debug, debug);
        shimLogs.setLevel('DEBUG');
        handlerLogger.debug('now wanted');
        assert.deepEqual(written, ['debug']);
    });

    it('drops the lines of an enabled level too while the console they would go to is silenced', () => {
        skipDroppedShimLogLines();
        assert.ok(consoleTransport, 'the shim logs through a consoleTransport transport');
        consoleTransport.silent = true;
        handlerLogger.info('completed');
        consoleTransport.silent = false;
        handlerLogger.info('completed');
        assert.deepEqual(written, ['info']);
    });
});
