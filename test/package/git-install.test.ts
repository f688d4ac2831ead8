import { execFileSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { installConsumer, ROOT, synthConsumer } from './consumer';

/**
 * `npm install git+<url>` clones the repository, installs its dev dependencies and runs its
 * `prepare` script: the package it installs must hold the built library, the jsii assembly
 * and the handler bundles, and synthesize in an app of its own. The clone is of a repository
 * made from this working tree (tracked and new files), so the test sees uncommitted work.
 */
let app: string;
let npmOutput: string;

beforeAll(() => {
  // GIVEN a git repository holding this working tree's source
  const work = mkdtempSync(path.join(tmpdir(), 'cdk-gt-git-'));
  const repo = path.join(work, 'repo');
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  // Files only: a checkout whose node_modules is a symlink lists it as an untracked entry.
  for (const file of listed.split('\0').filter((f) => f && existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).isFile())) {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    copyFileSync(path.join(ROOT, file), path.join(repo, file));
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'snapshot');
  // WHEN an app installs it by git URL
  app = path.join(work, 'consumer');
  npmOutput = installConsumer(app, `git+file://${repo}`);
}, 900_000);

test('the installed package holds what prepare builds', () => {
  const installed = path.join(app, 'node_modules', 'cdk-gateway-topology');
  for (const file of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/verify/cli.js', '.jsii', 'assets/lambda/jwt-authorizer/index.js', 'assets/lambda/grpc-translator/index.js']) {
    expect(existsSync(path.join(installed, file))).toBe(true);
  }
  expect(existsSync(path.join(installed, 'lib'))).toBe(false);
  expect(JSON.parse(readFileSync(path.join(installed, '.jsii'), 'utf8')).name).toBe('cdk-gateway-topology');
});

test('npm builds the clone once: the prepare before packing finds the build up to date', () => {
  // npm runs prepare in the clone's own install (whose output it keeps to itself), then again
  // before it packs the clone, in the foreground: that one must not build again.
  expect(npmOutput.match(/^prepare: the build is up to date with this working tree, skipped$/gm)).toHaveLength(1);
  expect(npmOutput).not.toMatch(/^> cdk-gateway-topology@[^ ]+ build$/m);
});

test('the git install synthesizes in a separate CDK app', () => {
  const synth = synthConsumer(app);
  expect(synth.resourceTypes).toEqual(expect.arrayContaining(['AWS::ApiGatewayV2::Api', 'AWS::Lambda::Function']));
  expect(synth.handlerAssetShipped).toBe(true);
}, 300_000);
