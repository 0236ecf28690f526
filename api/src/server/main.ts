#!/usr/bin/env node
import { SERVER_USAGE } from './server-config';

// fabric-shim (loaded with the embedded ledger) reads the command line with yargs when it loads and
// answers --help with its own options, so the usage is printed before anything loads it.
if (process.argv.slice(2).includes('--help')) {
    console.log(SERVER_USAGE);
} else {
    require('./server-main');
}
