'use strict';
// coldtrace's read: the trace of commissioned serials, cycling over them (an evaluate, no ordering).
const { Workload } = require('./workload');

module.exports.createWorkloadModule = () =>
    new Workload((w, index) => ({
        contractId: 'coldtrace',
        contractFunction: 'query:trace',
        contractArguments: [w.serials[(index * w.totalWorkers + w.workerIndex) % w.serials.length]],
        readOnly: true,
    }));
