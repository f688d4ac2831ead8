import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { cfnLint } from './checked-app';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');

/** The templates of an app synthesized by the real `cdk synth` CLI, by file name. */
export interface CliSynthResult {
  readonly outdir: string;
  readonly templates: Record<string, any>;
  readonly stdout: string;
}

/**
 * Runs `cdk synth` in an app folder (one with a cdk.json) into a fresh output folder,
 * with no AWS account, then cfn-lint on every template. The apps register cdk-nag and
 * CDK's validation themselves, so a finding fails the CLI.
 */
export function cliSynth(appDir: string): CliSynthResult {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-cli-'));
  const env = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  delete (env as any).AWS_PROFILE;
  const stdout = execFileSync(CDK, ['synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', outdir], {
    cwd: appDir, env, encoding: 'utf8', stdio: 'pipe',
  });
  cfnLint(outdir);
  const templates: Record<string, any> = {};
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    templates[file] = JSON.parse(readFileSync(path.join(outdir, file), 'utf8'));
  }
  return { outdir, templates, stdout };
}

/**
 * A template with content hashes (asset keys, nested template URLs) replaced, so a
 * snapshot changes when the topology changes, not when a handler's bytes do.
 */
export function normalizeTemplate(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<hash>'));
}

/** The repository root. */
export const REPO_ROOT = ROOT;
