/**
 * One side of one case in a fresh process: `direct` (a grpc-js client with proto-loader
 * stubs, as a Node.js service would call) or `translated` (the bundled translator handler,
 * loaded from an asset folder, given the gateway's event). Warm-up calls first, then the
 * measured ones; prints `{"us":[...],"cpuUs":..}`: the microseconds of each measured call, and
 * the process's CPU microseconds per call (which a busy machine inflates far less than wall time).
 *
 * Usage: node --import tsx bench/translator/side.ts <case> direct <target>
 *        node --import tsx bench/translator/side.ts <case> translated <asset folder>
 */
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { INCLUDE_DIRS, PROTOBUFJS_INCLUDE, PROTO_FILES, caseNamed } from './cases';

type Call = () => Promise<unknown>;

function directCall(name: string, target: string): { call: Call; close: () => void } {
  const c = caseNamed(name);
  const definition = protoLoader.loadSync(PROTO_FILES, { includeDirs: [...INCLUDE_DIRS, PROTOBUFJS_INCLUDE], keepCase: false, longs: String, enums: String, defaults: false });
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const Service = c.direct.service.split('.').reduce((o, k) => o[k], pkg);
  const client = new Service(target, grpc.credentials.createInsecure());
  const method = client[c.direct.method].bind(client);
  return {
    call: () => new Promise((resolve, reject) => method(c.direct.request, { deadline: Date.now() + 5000 }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r)))),
    close: () => client.close(),
  };
}

function translatedCall(name: string, dir: string): { call: Call; close: () => void } {
  const c = caseNamed(name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(path.join(dir, 'index.js'));
  const event = c.event();
  const context = { getRemainingTimeInMillis: () => 30_000 };
  return {
    call: async () => {
      const result = await handler(event, context);
      if (result.statusCode !== 200) throw new Error(`translator answered ${result.statusCode}: ${result.body}`);
      return result;
    },
    close: () => undefined,
  };
}

async function main(): Promise<void> {
  const [name, side, where] = process.argv.slice(2);
  const c = caseNamed(name);
  const { call, close } = side === 'direct' ? directCall(name, where) : translatedCall(name, where);
  for (let i = 0; i < c.warmup; i++) await call();
  const us: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < c.calls; i++) {
    const start = process.hrtime.bigint();
    await call();
    us.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  const used = process.cpuUsage(cpu);
  close();
  process.stdout.write(JSON.stringify({ us, cpuUs: (used.user + used.system) / c.calls }) + '\n');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
