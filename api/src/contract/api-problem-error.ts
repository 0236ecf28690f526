import type { Problem } from './problem';

/**
 * A request the API refused or failed, with the problem document it answered.
 *
 * @example
 * try { await client.call('sellProduct', { params: { serial } }); }
 * catch (e) { if (e instanceof ApiProblemError && e.code === 'CONFLICT') showConflict(e.detail); }
 */
export class ApiProblemError extends Error {
    constructor(readonly problem: Problem) {
        super(`${problem.status} ${problem.code}: ${problem.detail}`);
        this.name = 'ApiProblemError';
    }

    get status(): number {
        return this.problem.status;
    }

    get code(): string {
        return this.problem.code;
    }

    get detail(): string {
        return this.problem.detail;
    }
}
