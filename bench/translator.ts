/**
 * Translator overhead on loopback. The gRPC server runs in its own process; each case's two
 * sides run in fresh processes, alternating, over several rounds: `direct`, a grpc-js client
 * call with proto-loader stubs, and `translated`, the bundled handler (with the config.json
 * and pruned descriptor.json the construct ships) answering the API Gateway event of the
 * same call. Then cold init in fresh processes against a baseline that loads only grpc-js and
 * protobufjs, and the bundle's size.
 *
 * Run: npm run bench:translator (bundles the handler first). Prints one JSON line per case,
 * then one for cold init. BENCH_CASES (`small,large,wide`, `none`) picks the cases, BENCH_ROUNDS (default 8) the rounds, BENCH_COLD (default 11)
 * the cold starts per side; BENCH_CALLGRIND=1 adds the cold processes' instruction counts
 * under valgrind (slow, but repeatable on a busy machine).
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { copyFileSync, mkdtempSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { checkTranslatorConfig } from '../lambda/grpc-translator/check-config';
import { descriptorToShip } from '../lambda/grpc-translator/prune-descriptor';
import { compileProtos } from '../lib/transform/proto-compiler';
import { BenchCase, CASES, INCLUDE_DIRS, PROTO_FILES, benchConfig } from './translator/cases';
import { ColdStart, bundleBaseline, coldInstructions, coldStart, writeColdScripts } from './translator/cold-init';

// A process runs in a fast or a slow mode (the same code up to 20% apart, the machine's doing), so each
// side needs enough processes for its pooled samples to hold the same mixture of modes as the other's.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const COLD = Number(process.env.BENCH_COLD ?? 11);
const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'assets', 'lambda', 'grpc-translator', 'index.js');
const SIDE = path.join(__dirname, 'translator', 'side.ts');

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const compiled = compileProtos(PROTO_FILES, INCLUDE_DIRS);
    if ('problem' in compiled) throw new Error(compiled.problem.message);
    const config = benchConfig(server.target);
    const problems = checkTranslatorConfig(config, compiled.root);
    if (problems.length > 0) throw new Error(`bench configuration: ${JSON.stringify(problems)}`);
    // The asset folder as the construct ships it.
    const dir = mkdtempSync(path.join(tmpdir(), 'grpc-translator-bench-'));
    copyFileSync(BUNDLE, path.join(dir, 'index.js'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    const descriptor = JSON.stringify(descriptorToShip(compiled.root, config));
    writeFileSync(path.join(dir, 'descriptor.json'), descriptor);

    const only = process.env.BENCH_CASES?.split(',');
    for (const c of CASES) if (!only || only.includes(c.name)) console.log(JSON.stringify(runCase(c, server.target, dir)));

    await bundleBaseline(dir);
    const small = CASES[0];
    const request = compiled.root.lookupType('users.v1.GetUserRequest').encode({ user_id: 'u-42' }).finish();
    writeColdScripts(dir, server.target, '/' + small.route.grpcMethod, small.event(), request);
    const translator: ColdStart[] = [];
    const baseline: ColdStart[] = [];
    for (let i = 0; i < COLD; i++) {
      // Alternating, so that both sides see the same machine.
      baseline.push(coldStart(dir, 'baseline'));
      translator.push(coldStart(dir, 'translator'));
    }
    const total = (s: ColdStart): number => s.loadMs + s.firstCallMs;
    const baselineMs = median(baseline.map(total));
    const translatorMs = median(translator.map(total));
    const line: Record<string, unknown> = {
      case: 'cold-init',
      baselineMs: round(baselineMs),
      translatorMs: round(translatorMs),
      differenceMs: round(translatorMs - baselineMs),
      baselineLoadMs: round(median(baseline.map((s) => s.loadMs))),
      baselineFirstCallMs: round(median(baseline.map((s) => s.firstCallMs))),
      translatorLoadMs: round(median(translator.map((s) => s.loadMs))),
      translatorFirstCallMs: round(median(translator.map((s) => s.firstCallMs))),
      bundleBytes: statSync(BUNDLE).size,
      descriptorBytes: Buffer.byteLength(descriptor),
      fullDescriptorBytes: Buffer.byteLength(JSON.stringify(compiled.root.toJSON())),
    };
    if (process.env.BENCH_CALLGRIND === '1') {
      const b = coldInstructions(dir, 'baseline');
      const t = coldInstructions(dir, 'translator');
      Object.assign(line, { baselineInstructions: b, translatorInstructions: t, differenceInstructions: t - b });
    }
    console.log(JSON.stringify(line));
  } finally {
    server.process.kill();
  }
}

/** Rounds of both sides in fresh processes, alternating which goes first; samples pooled. */
function runCase(c: BenchCase, target: string, dir: string): Record<string, unknown> {
  const direct: number[] = [];
  const translated: number[] = [];
  const p50Ratios: number[] = [];
  const cpu = { direct: [] as number[], translated: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const sides = r % 2 === 0 ? (['direct', 'translated'] as const) : (['translated', 'direct'] as const);
    const round: Record<string, number[]> = {};
    for (const side of sides) {
      const result = runSide(c, side, side === 'direct' ? target : dir);
      round[side] = result.us;
      cpu[side].push(result.cpuUs);
    }
    direct.push(...round.direct);
    translated.push(...round.translated);
    p50Ratios.push(ratio(percentile(round.translated, 50), percentile(round.direct, 50)));
  }
  const directP50Us = percentile(direct, 50);
  const translatedP50Us = percentile(translated, 50);
  const directP99Us = percentile(direct, 99);
  const translatedP99Us = percentile(translated, 99);
  return {
    case: c.name,
    directP50Us: round(directP50Us),
    translatedP50Us: round(translatedP50Us),
    p50Ratio: ratio(translatedP50Us, directP50Us),
    directP99Us: round(directP99Us),
    translatedP99Us: round(translatedP99Us),
    p99Ratio: ratio(translatedP99Us, directP99Us),
    roundP50Ratios: p50Ratios,
    directCpuUs: round(median(cpu.direct)),
    translatedCpuUs: round(median(cpu.translated)),
  };
}

function runSide(c: BenchCase, side: 'direct' | 'translated', where: string): { us: number[]; cpuUs: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SIDE, c.name, side, where], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as { us: number[]; cpuUs: number };
}

/** Starts bench/translator/server.ts in its own process and reads its target. */
function startServer(): Promise<{ process: ChildProcess; target: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'translator', 'server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const newline = text.indexOf('\n');
      if (newline >= 0) resolve({ process: child, target: (JSON.parse(text.slice(0, newline)) as { target: string }).target });
    });
    child.on('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function ratio(a: number, b: number): number {
  return Math.round((a / b) * 1000) / 1000;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
