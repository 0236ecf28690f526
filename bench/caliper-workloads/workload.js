'use strict';
// What the three coldtrace workload modules share. Caliper requires each module and calls
// createWorkloadModule(); the object it returns needs only these three methods, so the modules
// do not depend on @hyperledger/caliper-core (which lives in .fabric/caliper, not in the repo).
const { readFileSync } = require('node:fs');

/**
 * A workload module whose every transaction is `request(index)`, index counting this worker's
 * transactions in the round from 0.
 *
 * Example: module.exports.createWorkloadModule = () => new Workload((w, i) => ({ contractId: 'x', contractFunction: 'f', contractArguments: [String(i)] }));
 */
class Workload {
    constructor(request) {
        this.request = request;
    }

    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter) {
        this.workerIndex = workerIndex;
        this.totalWorkers = totalWorkers;
        this.args = roundArguments;
        this.sutAdapter = sutAdapter;
        this.sent = 0;
        this.serials = roundArguments.serialsPath ? JSON.parse(readFileSync(roundArguments.serialsPath, 'utf8')) : [];
    }

    async submitTransaction() {
        const request = this.request(this, this.sent++);
        return this.sutAdapter.sendRequests({ invokerIdentity: this.args.invoker, ...request });
    }

    async cleanupWorkloadModule() {}

    /** The serial a worker's index-th transaction uses: workers interleave, so no two share one. */
    serial(offset, index) {
        const at = offset + index * this.totalWorkers + this.workerIndex;
        if (at >= this.serials.length) {
            throw new Error(`the run commissioned ${this.serials.length} serials and the round needs more (index ${at})`);
        }
        return this.serials[at];
    }
}

module.exports = { Workload };
