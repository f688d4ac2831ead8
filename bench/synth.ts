// Synth benchmark: how big and how slow the synthesized gateway is as the route table grows,
// beside a plain aws-cdk-lib app with the same routes (the anchor) in the same run.
//
// Every run of a case is a fresh Node.js process (bench/synth-case.ts), as a user's
// `cdk synth` is, with CDK's validation as configured by default (no context). Ours and the
// anchor alternate, REPEATS runs each, and the median of each figure is printed: one JSON line
// per case,
//   {"case":"http-100","routes":100,"repeats":3,"stacks":1,"maxResourcesPerStack":..,"templateBytes":..,
//    "synthMs":..,"processMs":..,"peakRssMb":..,"anchorStacks":..,"anchorMaxResourcesPerStack":..,
//    "anchorTemplateBytes":..,"anchorSynthMs":..,"anchorProcessMs":..,"anchorPeakRssMb":..,"ratio":..,"processRatio":..}
// synthMs: building the constructs and `app.synth()` inside the process; processMs: the whole
// process, Node.js start and module loading included; peakRssMb: the process's max RSS;
// templateBytes: the largest template (CloudFormation's limit is per template: 1 MB);
// ratio = synthMs / anchorSynthMs, processRatio = processMs / anchorProcessMs.
// A side that does not synthesize prints "error" (ours) or "anchorError" (the anchor) with the
// error's first line instead of its figures, and no ratio; a failure is not repeated.
//
// Run with `npm run bench:synth` (after a build; ours loads dist/lib). Options:
//   node --import tsx bench/synth.ts [case]   a flavour (`rest`) or one case (`http-400`)
//   BENCH_REPEATS=5                                   runs per side (default 3)
import { spawnSync } from 'child_process';
import * as path from 'path';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SIZES = [10, 100, 400, 1000, 3000];
const CASE = path.join(__dirname, 'synth-case.ts');

/** What one child process printed, with its wall time. */
interface Run {
  readonly stacks?: number;
  readonly maxResourcesPerStack?: number;
  readonly templateBytes?: number;
  readonly synthMs?: number;
  readonly peakRssMb: number;
  readonly processMs: number;
  readonly error?: string;
}

function runOnce(side: 'ours' | 'anchor', flavour: string, routes: number): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', 'tsx', CASE, side, flavour, String(routes)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const processMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ...JSON.parse(last), processMs };
  } catch {
    // The process died before printing its line (out of memory, a signal): say how.
    const why = child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
    const stderr = child.stderr.trim().split('\n').find((l) => l.trim().length > 0) ?? '';
    return { error: `process failed (${why}) ${stderr}`.trim(), peakRssMb: 0, processMs };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** The medians of a side's runs, keyed with `prefix`; its error instead when it failed. */
function summary(runs: Run[], prefix: '' | 'anchor'): Record<string, number | string> {
  const key = (k: string) => (prefix === '' ? k : `${prefix}${k[0].toUpperCase()}${k.slice(1)}`);
  const failed = runs.find((r) => r.error !== undefined);
  if (failed) return { [key('error')]: failed.error! };
  const out: Record<string, number> = {};
  for (const k of ['stacks', 'maxResourcesPerStack', 'templateBytes', 'synthMs', 'processMs', 'peakRssMb'] as const) {
    out[key(k)] = median(runs.map((r) => r[k] as number));
  }
  return out;
}

function benchCase(flavour: string, routes: number): void {
  const ours: Run[] = [];
  const anchor: Run[] = [];
  // Alternating sides spreads the machine's load drift over both.
  for (let i = 0; i < REPEATS; i++) {
    if (!ours.some((r) => r.error)) ours.push(runOnce('ours', flavour, routes));
    if (!anchor.some((r) => r.error)) anchor.push(runOnce('anchor', flavour, routes));
  }
  const line: Record<string, number | string | null> = {
    case: `${flavour}-${routes}`,
    routes,
    repeats: REPEATS,
    ...summary(ours, ''),
    ...summary(anchor, 'anchor'),
  };
  const ratio = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Math.round((a / b) * 100) / 100 : null);
  line.ratio = ratio(line.synthMs, line.anchorSynthMs);
  line.processRatio = ratio(line.processMs, line.anchorProcessMs);
  console.log(JSON.stringify(line));
}

const only = process.argv[2];
for (const flavour of ['http', 'rest']) {
  for (const routes of SIZES) {
    const name = `${flavour}-${routes}`;
    if (!only || name === only || name.startsWith(`${only}-`)) benchCase(flavour, routes);
  }
}
