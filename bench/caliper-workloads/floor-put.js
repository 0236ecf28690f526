'use strict';
// Fabric's floor: one blind write of a key no transaction wrote before (bench/floor-chaincode).
const { Workload } = require('./workload');

module.exports.createWorkloadModule = () =>
    new Workload((w, index) => ({
        contractId: 'coldtrace-floor',
        contractFunction: 'floor:put',
        contractArguments: [`${w.args.runTag}-${w.workerIndex}-${index}`],
        readOnly: false,
    }));
