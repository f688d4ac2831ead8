/**
 * JWT authorizer per-call cost: a bare `jose.jwtVerify(token, key, options)` (the key imported
 * beforehand, the options the handler's own, jose bundled as the handler bundles it), against the
 * bundled handler answering a REST REQUEST event with the same token (verify, identity claims,
 * route roles, policy and the decision's log line), warm.
 *
 * Each side runs in a fresh process (bench/authorizer-side.ts): WARMUP calls, then N timed
 * calls one after another. The sides alternate, ROUNDS processes each, and the median of each
 * figure over a side's rounds is printed. The handler is bundled from
 * lambda/jwt-authorizer/handler.ts the way scripts/bundle-handlers.mjs does, with config.json
 * beside it, and fetches the JWKS once from an HTTP server on loopback in this process, as it
 * fetches the issuer's. Its log lines go to stdout, which is /dev/null here. Prints one JSON line:
 *   {"calls":N,"warmup":W,"rounds":R,"bareP50Us":..,"handlerP50Us":..,"ratio":..,"bareP99Us":..,"handlerP99Us":..,
 *    "p99Ratio":..,"bareCpuUs":..,"handlerCpuUs":..,"cpuRatio":..,"pairedRatio":..,"pairedCpuRatio":..,"roundRatios":[..]}
 * ratio = handlerP50Us / bareP50Us (medians over the rounds); pairedRatio and pairedCpuRatio are
 * the medians of each round's own handler / bare ratio, p50 and CPU, and roundRatios lists each round's p50
 * ratio; *CpuUs is the process's CPU time per timed call (user + system, every thread), which a busy
 * machine inflates less than wall time.
 *
 * Run: npm run bench:authorizer   (BENCH_N, BENCH_WARMUP, BENCH_ROUNDS to change the counts;
 * BENCH_CPU_PROF=DIR writes each side's `node --cpu-prof` profile into DIR, the handler unminified;
 * BENCH_HANDLER=FILE benches another handler entry, an older revision's say)
 */
import { spawn } from 'child_process';
import { createServer } from 'http';
import { AddressInfo } from 'net';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { BuildOptions, buildSync } from 'esbuild';
import HANDLER_BUNDLE_OPTIONS from '../scripts/handler-bundle-options.json';
import type { JwtAuthorizerConfig } from '../lambda/jwt-authorizer/config';

const N = Number(process.env.BENCH_N ?? 5000);
// Warm means optimized: V8 takes a few thousand calls to optimize the handler's functions (its own and
// Node.js's stream code for the log line), which run unoptimized, and are compiled on other threads,
// until then. 10000 calls leave both sides in their steady state before any is timed.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10000);
// A process runs in a fast or a slow mode (the same code 20% apart in either side, the machine's doing),
// so each side needs many processes for its median to be the same mixture of modes as the other's.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ROOT = path.join(__dirname, '..');
const ISSUER = 'https://auth.example.com/';
const AUDIENCE = 'orders-api';

/** What a side prints: its per-call times in microseconds. */
interface SideResult {
  readonly p50Us: number;
  readonly p99Us: number;
  readonly cpuUs: number;
}

function runSide(args: string[]): Promise<SideResult> {
  return new Promise((resolve, reject) => {
    // The side's stdout carries the handler's log lines (to /dev/null); its result comes over IPC.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...process.execArgv, ...profile, path.join(__dirname, 'authorizer-side.ts'), ...args], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: SideResult | undefined;
    child.on('message', (m) => { result = m as SideResult; });
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${args[0]} side exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const jose = await import('jose');
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid: 'bench-1', alg: 'RS256', use: 'sig' };
  const now = Math.floor(Date.now() / 1000);
  const token = await new jose.SignJWT({
    iss: ISSUER, aud: AUDIENCE, sub: 'user-1', iat: now, exp: now + 3600,
    tenant_id: 'tenant-a', roles: ['reader', 'premium-tier'], tier: 'gold', scope: 'orders:read orders:write',
  }).setProtectedHeader({ alg: 'RS256', kid: 'bench-1', typ: 'JWT' }).sign(privateKey);

  const server = createServer((req, res) => {
    res.writeHead(req.url === '/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;

  // The configuration RestGateway writes for a cached REQUEST authorizer with route roles.
  const config: JwtAuthorizerConfig = {
    issuer: ISSUER,
    audiences: [AUDIENCE],
    jwksUrl,
    tenantIdClaim: 'tenant_id',
    rolesClaim: 'roles',
    tierClaim: 'tier',
    clockSkewSeconds: 60,
    policyScope: 'STAGE',
    cacheKeyIncludesRoute: true,
    requiredScopes: ['orders:read'],
    routeRoles: {
      'POST /orders/{orderId}': ['premium-tier'],
      'DELETE /orders/{orderId}': ['admin'],
      'GET /reports/{proxy+}': ['analyst'],
    },
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'jwt-authorizer-bench-'));
  // The handler's build options (scripts/bundle-handlers.mjs), unminified for a readable profile.
  const bundle = (entry: string, outfile: string) => buildSync({
    ...(HANDLER_BUNDLE_OPTIONS as BuildOptions), entryPoints: [entry], outfile, minify: !process.env.BENCH_CPU_PROF,
  });
  bundle(process.env.BENCH_HANDLER ?? path.join(ROOT, 'lambda', 'jwt-authorizer', 'handler.ts'), path.join(dir, 'index.js'));
  bundle(path.join(__dirname, 'authorizer-bare.ts'), path.join(dir, 'bare.js'));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));

  try {
    const common = [String(N), String(WARMUP), token];
    const bare: SideResult[] = [];
    const handler: SideResult[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await runSide(['bare', ...common, path.join(dir, 'bare.js'), JSON.stringify(publicJwk), JSON.stringify(config)]));
      handler.push(await runSide(['handler', ...common, path.join(dir, 'index.js')]));
    }
    const median = (runs: SideResult[], k: keyof SideResult) => {
      const sorted = runs.map((r) => r[k]).sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
    };
    const line: Record<string, number | number[]> = { calls: N, warmup: WARMUP, rounds: ROUNDS };
    const ratioName = { p50Us: 'ratio', p99Us: 'p99Ratio', cpuUs: 'cpuRatio' } as const;
    for (const k of ['p50Us', 'p99Us', 'cpuUs'] as const) {
      const [b, h] = [median(bare, k), median(handler, k)];
      const name = `${k[0].toUpperCase()}${k.slice(1)}`;
      Object.assign(line, { [`bare${name}`]: b, [`handler${name}`]: h, [ratioName[k]]: Math.round((h / b) * 100) / 100 });
    }
    // Each round's handler process runs right after its bare one, so their ratio is the least
    // touched by a load that changes over the run; the median of those ratios is printed too.
    const paired = (k: keyof SideResult) => {
      const ratios = bare.map((b, i) => handler[i][k] / b[k]).sort((a, b) => a - b);
      const mid = Math.floor(ratios.length / 2);
      const m = ratios.length % 2 === 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
      return Math.round(m * 100) / 100;
    };
    Object.assign(line, {
      pairedRatio: paired('p50Us'),
      pairedCpuRatio: paired('cpuUs'),
      roundRatios: bare.map((b, i) => Math.round((handler[i].p50Us / b.p50Us) * 100) / 100),
    });
    console.log(JSON.stringify(line));
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
