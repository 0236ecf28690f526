import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '../../network/postgres/throwaway-cluster.sh');

/** A throwaway PostgreSQL cluster (network/postgres/throwaway-cluster.sh) for one benchmark run. */
export interface PostgresCluster {
    /** `postgres://coldtrace@127.0.0.1:PORT/postgres` */
    url: string;
    /** The postmaster and every backend it runs now (the detectors' pools keep theirs open). */
    pids(): number[];
    /** Runs one SQL statement with psql and returns its unaligned output. */
    query(sql: string): string;
    stop(): void;
}

/**
 * Starts a cluster of its own on a free local port, as `npm run test:postgres` does (installed from
 * Debian when missing; fsync off, since the data is thrown away: the figures are the store's work,
 * not the disk's).
 *
 * @example
 * const pg = startPostgresCluster();
 * pg.query('SELECT count(*) FROM reading_keys'); // '120000'
 * pg.stop();
 */
export function startPostgresCluster(): PostgresCluster {
    const root = mkdtempSync(join(tmpdir(), 'coldtrace-bench-pg-'));
    // As root the cluster runs as `postgres`, which must reach its directory.
    chmodSync(root, 0o755);
    const dir = join(root, 'cluster');
    const url = execFileSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    const bin = execFileSync('bash', [resolve(SCRIPT, '../install.sh')], { encoding: 'utf8' }).trim();
    const postmaster = () => Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return {
        url,
        pids: () => {
            const parent = postmaster();
            const children = readdirSync('/proc')
                .filter((name) => /^\d+$/.test(name))
                .filter((pid) => {
                    try {
                        return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === String(parent);
                    } catch {
                        return false;
                    }
                })
                .map(Number);
            return [parent, ...children];
        },
        query: (sql) => execFileSync(join(bin, 'psql'), ['-At', '-c', sql, url], { encoding: 'utf8' }).trim(),
        stop: () => {
            execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore' });
            rmSync(root, { recursive: true, force: true });
        },
    };
}
