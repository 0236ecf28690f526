import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where network/fabric/install-ca.sh put the binaries: COLDTRACE_CA_DIR/bin; else the bin/ of
 * COLDTRACE_FABRIC_DIR (default <repo>/.fabric), or its ca/bin when that bin/ is shared with another checkout.
 */
export function fabricCaBinDir(): string {
    if (process.env.COLDTRACE_CA_DIR) {
        return join(process.env.COLDTRACE_CA_DIR, 'bin');
    }
    const fabric = process.env.COLDTRACE_FABRIC_DIR ?? resolve(__dirname, '..', '..', '..', '..', '.fabric');
    const shared = existsSync(join(fabric, 'bin')) && lstatSync(join(fabric, 'bin')).isSymbolicLink();
    return join(fabric, ...(shared ? ['ca', 'bin'] : ['bin']));
}

/**
 * A real Hyperledger Fabric CA server (the fabric-ca-server binary) with TLS on, in a temporary
 * home, with the bootstrap admin `admin`. Its TLS certificate is issued by the CA itself, so the
 * CA certificate is the TLS root a client trusts.
 *
 * @example
 * const ca = await LocalFabricCa.start('adminpw');
 * await enroll({ url: ca.url, tlsRootPem: ca.caCertPem }, 'admin', 'adminpw', 'm-TEST');
 * await ca.stop();
 */
export class LocalFabricCa {
    readonly #process: ChildProcess;

    private constructor(
        process: ChildProcess,
        readonly home: string,
        readonly port: number,
    ) {
        this.#process = process;
    }

    get url(): string {
        return `https://localhost:${this.port}`;
    }

    get caCertPem(): string {
        return readFileSync(join(this.home, 'ca-cert.pem'), 'utf8');
    }

    static async start(adminSecret: string, attempts = 5): Promise<LocalFabricCa> {
        const binary = join(fabricCaBinDir(), 'fabric-ca-server');
        if (!existsSync(binary)) {
            throw new Error(`${binary} is missing: run bash network/fabric/install-ca.sh (npm run test:amb does)`);
        }
        let lastLog = '';
        // fabric-ca-server takes no port 0: pick a random high port and try another when it is taken.
        for (let attempt = 0; attempt < attempts; attempt++) {
            const home = mkdtempSync(join(tmpdir(), 'coldtrace-fabric-ca-'));
            const port = 20000 + Math.floor(Math.random() * 40000);
            const args = ['start', '-b', `admin:${adminSecret}`, '-H', home, '--address', '127.0.0.1', '-p', String(port), '--tls.enabled', '--csr.hosts', 'localhost,127.0.0.1'];
            // Its operations (metrics) server would take 9443, shared by every CA on the host.
            const child = spawn(binary, args, { env: { ...process.env, FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: '127.0.0.1:0' }, stdio: ['ignore', 'pipe', 'pipe'] });
            const outcome = await new Promise<{ listening: boolean; log: string }>((settle) => {
                let log = '';
                const onData = (chunk: Buffer) => {
                    log += chunk.toString('utf8');
                    if (log.includes(`Listening on https://127.0.0.1:${port}`)) {
                        settle({ listening: true, log });
                    }
                };
                child.stdout?.on('data', onData);
                child.stderr?.on('data', onData);
                child.once('exit', () => settle({ listening: false, log }));
            });
            if (outcome.listening) {
                return new LocalFabricCa(child, home, port);
            }
            rmSync(home, { recursive: true, force: true });
            lastLog = outcome.log;
            if (!/address already in use/.test(outcome.log)) {
                break;
            }
        }
        throw new Error(`fabric-ca-server did not start:\n${lastLog.slice(-2000)}`);
    }

    async stop(): Promise<void> {
        if (this.#process.exitCode === null) {
            const exited = new Promise((resolveExit) => this.#process.once('exit', resolveExit));
            this.#process.kill('SIGTERM');
            await exited;
        }
        rmSync(this.home, { recursive: true, force: true });
    }
}
