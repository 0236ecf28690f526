'use strict';
// coldtrace's write: the manufacturer inspects a serial commissioned for this round, each serial once.
const { Workload } = require('./workload');

module.exports.createWorkloadModule = () =>
    new Workload((w, index) => ({
        contractId: 'coldtrace',
        contractFunction: 'product:inspect',
        contractArguments: [w.serial(w.args.serialOffset, index)],
        readOnly: false,
    }));
