import { describeCounts, type MigrationReport } from './migration';

/**
 * The verification report as `npm run migrate` prints it (docs/migration.md shows an example).
 *
 * @example
 * console.log(reportText(report));
 */
export function reportText(report: MigrationReport): string {
    const lines = [
        `migration report: ${report.model} source ${report.sourceNetwork}, blocks 0..${report.height - 1}`,
        `pages: ${report.pages.done}/${report.pages.total}; records imported ${report.imported}, unchanged ${report.unchanged}`,
        `skipped source keys: ${describeCounts(report.skipped) || 'none'}`,
    ];
    if (report.interrupted) {
        lines.push('INTERRUPTED: run the same command again to resume');
        return lines.join('\n');
    }
    for (const [kind, n] of Object.entries(report.counts ?? {})) {
        lines.push(`  ${kind.padEnd(18)} source ${String(n.source).padStart(7)}   target ${String(n.target).padStart(7)}`);
    }
    lines.push(`source digest  sha256:${report.sourceDigest}`, `target digest  sha256:${report.targetDigest}`);
    for (const discrepancy of report.discrepancies ?? []) {
        lines.push(`  ${discrepancy.kind.toUpperCase()}: ${discrepancy.key}: ${discrepancy.detail}`);
    }
    lines.push(
        report.clean ? 'CLEAN: every source record is on the target with its provenance, and nothing else' : `NOT CLEAN: ${report.discrepancies?.length ?? 0} discrepancies`,
    );
    return lines.join('\n');
}
