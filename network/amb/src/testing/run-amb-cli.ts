import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The outcome of one run of `npm run amb -- …`. */
export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs the amb command line in a child process (as an operator would), with only the given
 * environment on top of PATH, so no AWS profile or credentials of this host leak into a test.
 *
 * @example
 * const { code, stderr } = await runAmbCli(['profile', '--network-id', 'n-A', …], { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' });
 */
export function runAmbCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [join(__dirname, '..', 'cli', 'main.js'), ...args],
            { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env } },
            (error, stdout, stderr) => {
                resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
            },
        );
    });
}
