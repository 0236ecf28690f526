#!/usr/bin/env node
import { runCommandLine } from './command-line';
import { SERVER_USAGE, serverFlags } from './server-config';

// fabric-shim (loaded with the embedded ledger) reads the command line with yargs when it loads and
// answers --help with its own options, so the flags are read before anything loads it.
runCommandLine('coldtrace', async () => {
    if (serverFlags(process.argv.slice(2)).help) {
        console.log(SERVER_USAGE);
    } else {
        require('./server-main');
    }
});
