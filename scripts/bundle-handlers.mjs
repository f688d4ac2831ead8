// Pre-bundles every lambda/<name>/handler.ts into assets/lambda/<name>/index.js, so the
// constructs load finished code with lambda.Code.fromAsset and a consumer's synth runs no
// bundler. Usage: node scripts/bundle-handlers.mjs [name ...] (default: all).
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const names = readdirSync(join(root, 'lambda'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'lambda', d.name, 'handler.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name));

for (const name of names) {
  const outdir = join(root, 'assets', 'lambda', name);
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, 'lambda', name, 'handler.ts')],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // The Node.js runtimes ship the AWS SDK v3. grpc-js requires @grpc/proto-loader only to
    // serve channelz and ORCA, server features a client never uses (and whose .proto files a
    // bundle would not carry anyway), so it stays out of the translator's size budget.
    external: ['@aws-sdk/*', '@grpc/proto-loader'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log(`bundled lambda/${name} -> assets/lambda/${name}/index.js`);
}
