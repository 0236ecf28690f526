import { execFileSync } from 'node:child_process';
import { startBenchServer } from './bench-server';
import { sampleProcess } from './process-usage';
import type { ResultTable } from './result-table';

const rssMiB = (pid: number) => Math.round(sampleProcess(pid).rssMiB);

/**
 * Start time (spawn to the first healthy answer) and resident memory of the coldtrace server,
 * idle and after 1,000 traces; on Fabric also the network's own processes.
 *
 * @example
 * const table = await footprint('embedded');
 */
export async function footprint(ledger: 'embedded' | 'fabric'): Promise<ResultTable> {
    const bench = await startBenchServer(ledger);
    const startSeconds = bench.server.startSeconds;
    const rows: (string | number)[][] = [];
    try {
        const pid = bench.server.child.pid!;
        const idle = rssMiB(pid);
        const serials = await bench.commission(1000);
        for (const serial of serials) {
            await bench.manufacturer.call('trace', { params: { ref: serial } });
        }
        rows.push(['coldtrace server (API, event hub' + (ledger === 'embedded' ? ', embedded ledger)' : ')'), startSeconds.toFixed(1), idle, rssMiB(pid)]);
    } finally {
        await bench.close();
    }
    if (ledger === 'fabric') {
        const ps = execFileSync('ps', ['-eo', 'pid=,rss=,args='], { encoding: 'utf8' });
        for (const line of ps.split('\n')) {
            const [, pid, rss, args = ''] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line) ?? [];
            const name = /\.fabric\/bin\/(peer|orderer)|fabric-chaincode-node server/.exec(args)?.[0];
            if (pid !== undefined && name) {
                rows.push([`${name.replace(/.*\//, '')} (pid ${pid})`, '–', '–', Math.round(Number(rss) / 1024)]);
            }
        }
    }
    return {
        id: 'footprint',
        title: 'Footprint',
        ledger,
        columns: ['process', 'start s', 'RSS idle MiB', 'RSS after 1,000 traces MiB'],
        rows,
        notes: ledger === 'fabric' ? ['Fabric processes: resident memory at the end of the run; `npm run network:up` takes about 25 s on this machine.'] : [],
    };
}
