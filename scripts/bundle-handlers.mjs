// Pre-bundles every lambda/<name>/handler.ts into assets/lambda/<name>/index.js, so the
// constructs load finished code with lambda.Code.fromAsset and a consumer's synth runs no
// bundler. Usage: node scripts/bundle-handlers.mjs [name ...] (default: all).
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The options live in a file of their own so that the benchmarks bundle exactly alike. They
// target the Lambda runtime (Node.js 22, CommonJS) and leave out what it ships or the handlers
// never load: the AWS SDK v3, which the Node.js runtimes carry, and @grpc/proto-loader, which
// grpc-js requires only to serve channelz and ORCA, server features a client never uses (and
// whose .proto files a bundle would not carry anyway).
const HANDLER_BUNDLE_OPTIONS = JSON.parse(readFileSync(join(root, 'scripts', 'handler-bundle-options.json'), 'utf8'));
const only = process.argv.slice(2);
const names = readdirSync(join(root, 'lambda'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'lambda', d.name, 'handler.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name));

for (const name of names) {
  const outdir = join(root, 'assets', 'lambda', name);
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...HANDLER_BUNDLE_OPTIONS,
    entryPoints: [join(root, 'lambda', name, 'handler.ts')],
    outfile: join(outdir, 'index.js'),
  });
  console.log(`bundled lambda/${name} -> assets/lambda/${name}/index.js`);
}
