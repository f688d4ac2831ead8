/**
 * Cold init in fresh processes: the translator's bundle (module load, which reads
 * config.json and descriptor.json, then its first call, which compiles its route) against a
 * baseline that loads only grpc-js and protobufjs, bundled alike, and makes the same first
 * call with bytes encoded beforehand. Both first calls open the connection to the same
 * server, so the difference is the translator's own load and first-call setup.
 */
import { execFileSync, spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { build, BuildOptions } from 'esbuild';
import HANDLER_BUNDLE_OPTIONS from '../../scripts/handler-bundle-options.json';

/** Milliseconds of one cold start, split into module load and the first call. */
export interface ColdStart {
  readonly loadMs: number;
  readonly firstCallMs: number;
}

/** Bundles the baseline into `dir/baseline.js` with the options of scripts/bundle-handlers.mjs. */
export async function bundleBaseline(dir: string): Promise<void> {
  await build({
    ...(HANDLER_BUNDLE_OPTIONS as BuildOptions),
    entryPoints: [path.join(__dirname, 'baseline-entry.ts')],
    outfile: path.join(dir, 'baseline.js'),
  });
}

/**
 * Writes the two cold-start scripts into `dir`: `translator-cold.js` (requires index.js, then
 * answers `event.json`) and `baseline-cold.js` (requires baseline.js, then calls `grpcPath`
 * with `request.bin`). Each prints `{"loadMs":..,"firstCallMs":..}`.
 */
export function writeColdScripts(dir: string, target: string, grpcPath: string, event: unknown, request: Uint8Array): void {
  writeFileSync(path.join(dir, 'event.json'), JSON.stringify(event));
  writeFileSync(path.join(dir, 'request.bin'), request);
  const report = 'process.stdout.write(JSON.stringify({loadMs:Number(t1-t0)/1e6,firstCallMs:Number(t2-t1)/1e6}));process.exit(0);';
  writeFileSync(
    path.join(dir, 'translator-cold.js'),
    `const fs=require('fs'),p=require('path');const event=JSON.parse(fs.readFileSync(p.join(__dirname,'event.json'),'utf8'));
(async()=>{const t0=process.hrtime.bigint();const {handler}=require('./index.js');const t1=process.hrtime.bigint();
const r=await handler(event,{getRemainingTimeInMillis:()=>30000});const t2=process.hrtime.bigint();
if(r.statusCode!==200)throw new Error('translator answered '+r.statusCode+': '+r.body);${report}})();`,
  );
  writeFileSync(
    path.join(dir, 'baseline-cold.js'),
    `const fs=require('fs'),p=require('path');const request=fs.readFileSync(p.join(__dirname,'request.bin'));
(async()=>{const t0=process.hrtime.bigint();const b=require('./baseline.js');const t1=process.hrtime.bigint();
const client=new b.Client(${JSON.stringify(target)},b.ChannelCredentials.createInsecure(),{});
await new Promise((resolve,reject)=>client.makeUnaryRequest(${JSON.stringify(grpcPath)},(v)=>v,(v)=>v,request,new b.Metadata(),{deadline:Date.now()+30000},(e,v)=>e?reject(e):resolve(v)));
const t2=process.hrtime.bigint();${report}})();`,
  );
}

/**
 * One cold start of `translator` or `baseline` in a fresh process. BENCH_CPU_PROF=DIR writes
 * each process's `node --cpu-prof` profile into DIR.
 */
export function coldStart(dir: string, side: 'translator' | 'baseline'): ColdStart {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${side}-${Date.now()}.cpuprofile`] : [];
  return JSON.parse(execFileSync(process.execPath, [...profile, path.join(dir, `${side}-cold.js`)], { encoding: 'utf8' })) as ColdStart;
}

/**
 * Instructions executed by a whole cold process (Node.js startup included, the same on both
 * sides) under valgrind's callgrind: repeatable on a busy machine, where wall time is not.
 */
export function coldInstructions(dir: string, side: 'translator' | 'baseline'): number {
  const run = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, path.join(dir, `${side}-cold.js`)], { encoding: 'utf8' });
  const stderr = run.stderr ?? '';
  const match = /Collected\s*:\s*(\d+)/.exec(stderr);
  if (!match) throw new Error(`callgrind printed no instruction count:\n${stderr.slice(-2000)}`);
  return Number(match[1]);
}
