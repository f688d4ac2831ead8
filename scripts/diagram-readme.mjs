// Regenerates the README's picture of the default environment: synthesizes bin/app.ts with
// the cdk CLI into a temporary directory, copies GatewayTopologyDev.topology.svg to
// docs/topology.svg, and puts GatewayTopologyDev.topology.mmd in the README's Mermaid block
// (between the topology-diagram markers). test/diagram/default-environment.test.ts checks
// both are current.
// Usage: npm run diagram:readme (builds the library first)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STACK = 'GatewayTopologyDev';
const START = '<!-- topology-diagram:start -->';
const END = '<!-- topology-diagram:end -->';

const outdir = mkdtempSync(join(tmpdir(), 'cdk-gt-readme-'));
try {
  execFileSync(join(root, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', outdir], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  copyFileSync(join(outdir, `${STACK}.topology.svg`), join(root, 'docs', 'topology.svg'));
  const readmeFile = join(root, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
  const mermaid = readFileSync(join(outdir, `${STACK}.topology.mmd`), 'utf8');
  writeFileSync(readmeFile, `${readme.slice(0, start)}${START}\n\`\`\`mermaid\n${mermaid}\`\`\`\n${readme.slice(end)}`);
  console.log(`docs/topology.svg and the README's Mermaid block redrawn from ${STACK}`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
