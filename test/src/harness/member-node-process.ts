import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ColdtraceClient, type UserRole } from '@coldtrace/api/contract';
import type { PeerStatus } from '@coldtrace/ledger-client';

const REPO_ROOT = resolve(__dirname, '../../..');
const SERVER = join(REPO_ROOT, 'api/dist/server/main.js');
const ADMIN = join(REPO_ROOT, 'api/dist/server/admin-cli.js');
const PASSWORD = 'member-node-password';

/** What a node's /healthz answers. */
export interface NodeHealth {
    httpStatus: number;
    status: 'ok' | 'degraded' | 'unavailable';
    org?: string;
    reasons?: string[];
    peers?: PeerStatus[];
}

/**
 * One member's own coldtrace node, as an operator runs it: `npm run admin -- user add … --org` into a
 * data directory of its own, then `npm start -- --ledger fabric --org MSPID` in a process of its own,
 * with the member's connection description (.fabric/network/members/MSPID.json: no other
 * organization's keys).
 *
 * @example
 * const node = await MemberNodeProcess.start('Retailer2MSP', { shop: 'retailer' });
 * const client = await node.signIn('shop');
 */
export class MemberNodeProcess {
    readonly #child: ChildProcess;
    readonly #output: string[];

    private constructor(
        readonly org: string,
        readonly url: string,
        readonly dataDir: string,
        child: ChildProcess,
        output: string[],
    ) {
        this.#child = child;
        this.#output = output;
    }

    /** Adds the users (name → role) to a fresh data directory and starts the node; resolves once it listens. */
    static async start(org: string, users: Readonly<Record<string, UserRole>>, options: { dataDir?: string; args?: string[] } = {}): Promise<MemberNodeProcess> {
        const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `coldtrace-node-${org}-`));
        for (const [username, role] of Object.entries(users)) {
            execFileSync(process.execPath, [ADMIN, 'user', 'add', username, '--role', role, '--org', org, '--data', dataDir], {
                env: { ...process.env, COLDTRACE_PASSWORD: PASSWORD },
                stdio: 'pipe',
            });
        }
        const args = [SERVER, '--ledger', 'fabric', '--org', org, '--data', dataDir, '--port', '0', '--mqtt-port', '0', ...(options.args ?? [])];
        const child = spawn(process.execPath, args, {
            cwd: REPO_ROOT,
            env: { ...process.env, LOG_LEVEL: 'info', COLDTRACE_WEB_ROOT: join(dataDir, 'no-web') },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const output: string[] = [];
        const url = await new Promise<string>((resolveUrl, reject) => {
            const keep = (line: string) => {
                output.push(line);
                const entry = parseLogLine(line);
                if (typeof entry?.url === 'string' && /listening/.test(String(entry.msg))) {
                    resolveUrl(entry.url);
                }
            };
            createInterface({ input: child.stdout }).on('line', keep);
            createInterface({ input: child.stderr }).on('line', keep);
            child.once('exit', (code) => reject(new Error(`the node of ${org} exited with ${code} before listening:\n${output.slice(-20).join('\n')}`)));
        });
        return new MemberNodeProcess(org, url, dataDir, child, output);
    }

    /** Starts a node expected to refuse to start; answers what it printed. */
    static async refusal(org: string, users: Readonly<Record<string, UserRole>>, dataDir: string): Promise<string> {
        try {
            const node = await MemberNodeProcess.start(org, users, { dataDir });
            await node.stop();
        } catch (error) {
            return (error as Error).message;
        }
        throw new Error(`the node of ${org} started although it should have refused`);
    }

    /** A client signed in as one of the node's users. */
    async signIn(username: string): Promise<ColdtraceClient> {
        return (await this.session(username)).client;
    }

    /** A client signed in as one of the node's users, and its bearer token (for the event stream). */
    async session(username: string): Promise<{ client: ColdtraceClient; token: string }> {
        const client = new ColdtraceClient({ baseUrl: this.url });
        const { token } = await client.login(username, PASSWORD);
        return { client, token };
    }

    async health(): Promise<NodeHealth> {
        const response = await fetch(`${this.url}/healthz`).catch((error: Error) => {
            throw new Error(`${this.org}'s node did not answer /healthz (${error.message}); it logged:\n${this.#output.slice(-30).join('\n')}`);
        });
        return { httpStatus: response.status, ...((await response.json()) as Omit<NodeHealth, 'httpStatus'>) };
    }

    /** The height of the node's own peer, when it answers. */
    async ownHeight(): Promise<number | undefined> {
        return (await this.health()).peers?.find((peer) => peer.mspId === this.org && peer.reachable)?.height;
    }

    /** What the node logged, for a failing test's message. */
    get log(): string {
        return this.#output.join('\n');
    }

    async stop(): Promise<void> {
        if (this.#child.exitCode !== null) {
            return;
        }
        const exited = new Promise((resolveExit) => this.#child.once('exit', resolveExit));
        this.#child.kill('SIGTERM');
        await exited;
    }
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
    try {
        return JSON.parse(line) as Record<string, unknown>;
    } catch {
        return undefined;
    }
}
