// Bundles the `cdk-gateway-topology verify` command (lib/verify/cli.ts) with the AWS SDK
// clients it calls into one file, dist/lib/verify/cli.js, the package's bin. The SDK is
// then no dependency of the package: the construct library (and its jsii assembly, which
// accepts only jsii modules or bundled dependencies) never loads it.
// Usage: node scripts/bundle-cli.mjs
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'lib', 'verify', 'cli.js');
await build({
  entryPoints: [join(root, 'lib', 'verify', 'cli.ts')],
  outfile,
  bundle: true,
  minify: true,
  platform: 'node',
  // The command runs on the user's machine, not in Lambda: the oldest Node.js the package accepts.
  target: 'node20',
  format: 'cjs',
  // The SDK's license notices stay in the file.
  legalComments: 'eof',
  logLevel: 'warning',
});
console.log(`bundled lib/verify/cli.ts -> ${outfile}`);
