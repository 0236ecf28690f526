'use strict';
// Preloaded into every Caliper process (NODE_OPTIONS=--require). Caliper is installed in
// .fabric/caliper, inside the repository, so Node's lookup would continue up into the repository's
// node_modules, where the legacy client's fabric-network makes Caliper's Fabric connector see a
// second SDK binding and refuse to run. Lookups stop at Caliper's own directory instead.
const Module = require('node:module');
const { sep } = require('node:path');

const root = process.env.COLDTRACE_CALIPER_DIR;
if (root) {
    const lookup = Module._nodeModulePaths;
    Module._nodeModulePaths = function nodeModulePathsInsideCaliper(from) {
        return lookup.call(this, from).filter((dir) => dir.startsWith(root + sep));
    };
}
