import { CheckResult } from './compare';
import { ApiReport } from './verify';

/** The version of the `--json` output's shape. */
export const VERIFY_JSON_VERSION = 1;

/** The report as a table per API and a summary line. */
export function formatReport(reports: readonly ApiReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const matches = report.results.length - report.drift;
    lines.push(`${report.flavour} API ${report.apiName} (${report.constructPath}), ${report.apiId} in ${report.region}: `
      + `${report.results.length} checks, ${matches} match, ${report.drift} drifted`);
    lines.push(...table(report.results).map((l) => `  ${l}`), '');
  }
  const drifted = reports.filter((r) => r.drift > 0);
  lines.push(drifted.length === 0
    ? `All ${reports.length} API(s) match the cloud assembly.`
    : `Drift in ${drifted.length} of ${reports.length} API(s): ${drifted.map((r) => `${r.apiName} (${r.drift})`).join(', ')}.`);
  return lines.join('\n');
}

/** The report for pipelines. */
export function jsonReport(reports: readonly ApiReport[]): string {
  return JSON.stringify({
    version: VERIFY_JSON_VERSION,
    ok: reports.every((r) => r.drift === 0),
    apis: reports,
  }, null, 2);
}

function table(results: readonly CheckResult[]): string[] {
  const rows = [['STATUS', 'CHECK', 'EXPECTED', 'DEPLOYED'], ...results.map((r) => [
    r.status === 'match' ? 'match' : r.status.toUpperCase(), r.check, r.expected ?? '-', r.deployed ?? '-',
  ])];
  const widths = [0, 1, 2].map((i) => Math.min(70, Math.max(...rows.map((row) => row[i].length))));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd());
}
