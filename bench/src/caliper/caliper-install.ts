import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Caliper release and SUT binding the benchmark is written for (fabric:2.5 = the fabric-gateway connector). */
export const CALIPER_VERSION = '0.6.0';
export const CALIPER_SUT = 'fabric:2.5';

/** A step of installing or binding Caliper failed. */
export class CaliperInstallError extends Error {
    constructor(step: string, code: number | null, tail: string) {
        super(`${step} failed (exit ${code}) in .fabric/caliper: ${tail.trim().split('\n').slice(-8).join('\n')}`);
        this.name = 'CaliperInstallError';
    }
}

/** Where Caliper lives and how to start its CLI. */
export interface CaliperInstallation {
    dir: string;
    /** node + this path = the `caliper` command. */
    cli: string;
}

/**
 * Caliper is heavy (hundreds of packages) and only this benchmark uses it, so it is not a
 * dependency of the repository: the first `--caliper` run installs the pinned CLI into `dir`
 * (.fabric/caliper, ignored by git) and binds it to Fabric; later runs find the marker file and
 * reuse it. A version change in this file installs again.
 *
 * @example
 * const { cli } = await ensureCaliper('.fabric/caliper', console.error);
 */
export async function ensureCaliper(dir: string, progress: (line: string) => void): Promise<CaliperInstallation> {
    const cli = join(dir, 'node_modules/@hyperledger/caliper-cli/caliper.js');
    const marker = join(dir, `bound-${CALIPER_VERSION}-${CALIPER_SUT.replace(':', '-')}`);
    if (installedVersion(dir) === CALIPER_VERSION && existsSync(marker)) {
        return { dir, cli };
    }
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) {
        // Its own package root, so npm installs here and never walks up into the repository's workspaces.
        writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'coldtrace-caliper', private: true }, null, 2)}\n`);
    }
    if (installedVersion(dir) !== CALIPER_VERSION) {
        progress(`caliper: installing @hyperledger/caliper-cli@${CALIPER_VERSION} into ${dir} (once; takes minutes)`);
        await run('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, `@hyperledger/caliper-cli@${CALIPER_VERSION}`], dir, 'npm install');
    }
    progress(`caliper: binding to ${CALIPER_SUT} (once)`);
    await run(process.execPath, [cli, 'bind', '--caliper-bind-sut', CALIPER_SUT], dir, 'caliper bind');
    writeFileSync(marker, `${new Date().toISOString()}\n`);
    return { dir, cli };
}

function installedVersion(dir: string): string | undefined {
    const manifest = join(dir, 'node_modules/@hyperledger/caliper-cli/package.json');
    return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : undefined;
}

function run(command: string, args: readonly string[], cwd: string, step: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const keep = (chunk: Buffer) => {
            output = (output + chunk.toString()).slice(-20_000);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        child.on('error', (error) => reject(new CaliperInstallError(step, null, error.message)));
        child.on('close', (code) => (code === 0 ? resolve() : reject(new CaliperInstallError(step, code, output))));
    });
}
