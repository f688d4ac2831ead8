// npm runs `prepare` when the package is installed from git (`npm install git+https://...`)
// and before `npm pack` and `npm publish`: all three need the compiled library, the jsii
// assembly and the handler bundles, so it runs `npm run build`. `npm ci` in a checkout runs
// it too, where the README's next command (`npm run synth` or `npm test`) builds anyway, so
// there it is skipped rather than done twice.
//
// An install from git runs `prepare` twice in the same clone: once in the clone's own
// `npm install`, once more before npm packs it. The build records a digest of the working
// tree it built from (every file git lists, tracked or new, path and content), and a
// `prepare` that finds the same digest and the build's outputs in place, none rebuilt since,
// skips the second build. Without git, or with any file changed, it builds.
import { execFileSync, execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const STAMP = 'dist/.prepare-digest';
const OUTPUTS = ['dist/lib/index.js', '.jsii', 'assets/lambda/jwt-authorizer/index.js', 'assets/lambda/grpc-translator/index.js'];

/** The digest of the working tree, or undefined when git cannot list it. */
function treeDigest() {
  let listed;
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const hash = createHash('sha256');
  for (const file of listed.split('\0').filter(Boolean).sort()) {
    // A listed path may be gone (deleted, not yet staged) or a folder (a symlinked node_modules).
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether the record names `digest` and no output is missing or newer than the record (rebuilt from another tree since, say). */
function upToDate(digest) {
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== digest) return false;
  const recordedAt = statSync(STAMP).mtimeMs;
  return OUTPUTS.every((f) => existsSync(f) && statSync(f).mtimeMs <= recordedAt);
}

if (process.env.npm_command === 'ci') {
  console.log('prepare: skipped under npm ci (npm run synth and npm test build first)');
} else {
  const before = treeDigest();
  if (before !== undefined && upToDate(before)) {
    console.log('prepare: the build is up to date with this working tree, skipped');
  } else {
    execSync('npm run build', { stdio: 'inherit' });
    // Recorded only when nothing changed while it built.
    if (before !== undefined && treeDigest() === before) writeFileSync(STAMP, before);
  }
}
