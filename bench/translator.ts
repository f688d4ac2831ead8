/**
 * Translator overhead on loopback: the same unary GetUser call made N times directly with
 * grpc-js (proto-loader stubs) and through the bundled translator handler in-process,
 * against the same grpc-js server; plus the bundle's cold init and size.
 *
 * Run: node --import tsx bench/translator.ts  (prints one JSON line)
 */
import { execFileSync } from 'child_process';
import { copyFileSync, mkdtempSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { TranslatorConfig } from '../lambda/grpc-translator/config';
import { pruneDescriptor } from '../lambda/grpc-translator/prune-descriptor';
import { FIXTURES, loadRoot, startServer, v2Event } from '../test/lambda/grpc-translator/helpers';

const N = Number(process.env.BENCH_N ?? 3000);
const WARMUP = 300;
const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'assets', 'lambda', 'grpc-translator', 'index.js');

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-handlers.mjs'), 'grpc-translator'], { stdio: 'ignore' });
  const root = loadRoot();
  const server = await startServer(root);

  // Direct: what a Node.js service would write with grpc-js and proto-loader.
  const definition = protoLoader.loadSync('users/v1/users.proto', {
    includeDirs: [FIXTURES, path.dirname(require.resolve('protobufjs/package.json'))],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
  });
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const direct = new pkg.users.v1.UserService(server.target, grpc.credentials.createInsecure());
  const directCall = (): Promise<unknown> =>
    new Promise((resolve, reject) => direct.GetUser({ userId: 'u-42' }, { deadline: Date.now() + 5000 }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));

  // Translated: the bundled handler with its config.json and descriptor.json beside it.
  const dir = mkdtempSync(path.join(tmpdir(), 'grpc-translator-bench-'));
  copyFileSync(BUNDLE, path.join(dir, 'index.js'));
  const config: TranslatorConfig = {
    version: 1,
    backend: { target: server.target },
    routes: [
      {
        method: 'GET',
        path: '/api/v1/users/{userId}',
        grpcMethod: 'users.v1.UserService/GetUser',
        requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
        responseMapping: [
          { from: 'response.user.id', to: 'id' },
          { from: 'response.user.email', to: 'email' },
          { from: 'response.user.created_at', to: 'createdAt', transform: 'timestampToISO' },
        ],
      },
    ],
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  writeFileSync(path.join(dir, 'descriptor.json'), JSON.stringify(pruneDescriptor(root, config)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(path.join(dir, 'index.js'));
  const event = v2Event({ method: 'GET', path: '/api/v1/users/u-42', routeKey: 'GET /api/v1/users/{userId}' });
  const context = { getRemainingTimeInMillis: () => 30_000 };
  const translatedCall = async (): Promise<unknown> => {
    const result = await handler(event, context);
    if (result.statusCode !== 200) throw new Error(`translator answered ${result.statusCode}: ${result.body}`);
    return result;
  };

  // Alternate the two in blocks so both see the same machine state.
  const directUs: number[] = [];
  const translatedUs: number[] = [];
  for (let i = 0; i < WARMUP; i++) {
    await directCall();
    await translatedCall();
  }
  const block = 100;
  for (let done = 0; done < N; done += block) {
    for (let i = 0; i < block; i++) directUs.push(await time(directCall));
    for (let i = 0; i < block; i++) translatedUs.push(await time(translatedCall));
  }
  direct.close();
  await server.stop();

  const coldInitMs = median(Array.from({ length: 5 }, () => coldInit(dir)));
  const directP50Us = percentile(directUs, 50);
  const translatedP50Us = percentile(translatedUs, 50);
  console.log(
    JSON.stringify({
      directP50Us: round(directP50Us),
      translatedP50Us: round(translatedP50Us),
      ratio: Math.round((translatedP50Us / directP50Us) * 1000) / 1000,
      directP99Us: round(percentile(directUs, 99)),
      translatedP99Us: round(percentile(translatedUs, 99)),
      coldInitMs: Math.round(coldInitMs * 10) / 10,
      bundleBytes: statSync(BUNDLE).size,
    }),
  );
  process.exit(0);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1000;
}

/** Module load + config and descriptor load of the bundle, in a fresh process. */
function coldInit(dir: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(path.join(dir, 'index.js'))});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));process.exit(0);`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
