import { execFile } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { cfnLintLater } from './checked-app';
import { oncePerRun } from './once-per-run';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');

/** The templates of an app synthesized by the real `cdk synth` CLI, by file name. */
export interface CliSynthResult {
  readonly outdir: string;
  readonly templates: Record<string, any>;
  readonly stdout: string;
}

/** Options of `cliSynthAsync` and `sharedCdkSynth`. */
export interface CliSynthOptions {
  /**
   * Whether CDK's built-in CloudFormation validation runs in the app (errors fatal where its
   * cdk.json says so).
   * @default - as in the test file (off unless it called `cdkValidation()`)
   */
  readonly cdkValidation?: boolean;
  /** Extra `cdk synth` arguments (`-c key=value`). @default - none */
  readonly args?: string[];
}

/**
 * Runs `cdk synth` in an app folder (one with a cdk.json) with no AWS account, and queues
 * every template for the test file's cfn-lint run. The apps register cdk-nag themselves, so a
 * finding fails the CLI. An app is synthesized once per jest run for each set of options:
 * the test files that ask for the same synth share its output folder (read-only) and stdout.
 * Several apps can synthesize at once.
 */
export async function cliSynthAsync(appDir: string, options: CliSynthOptions = {}): Promise<CliSynthResult> {
  const { outdir, stdout } = await sharedCdkSynth(appDir, options);
  return cliSynthResult(appDir, outdir, stdout);
}

/**
 * `cdk synth` of an app folder once per jest run for each set of options (see
 * `once-per-run.ts`), queueing nothing for cfn-lint; resolves to its output folder, which
 * the callers only read.
 */
export async function sharedCdkSynth(appDir: string, options: CliSynthOptions = {}): Promise<{ outdir: string; stdout: string }> {
  const validation = options.cdkValidation ?? process.env.CDK_VALIDATION !== 'false';
  const key = JSON.stringify({ synth: path.resolve(appDir), validation, args: options.args ?? [] });
  const { dir, value } = await oncePerRun(key, async (outdir) => {
    const { args, env } = cliSynthCall(outdir, { ...options, cdkValidation: validation });
    try {
      return (await promisify(execFile)(CDK, args, { cwd: appDir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (e) {
      throw cliSynthError(appDir, e);
    }
  });
  return { outdir: dir, stdout: value };
}

function cliSynthCall(outdir: string, options: CliSynthOptions): { args: string[]; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  delete env.AWS_PROFILE;
  if (options.cdkValidation === true) delete env.CDK_VALIDATION;
  if (options.cdkValidation === false) env.CDK_VALIDATION = 'false';
  const args = ['synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', outdir, ...(options.args ?? [])];
  return { args, env };
}

function cliSynthError(appDir: string, e: unknown): Error {
  const err = e as { stderr?: string; message: string };
  return new Error(`cdk synth in ${appDir} failed:\n${err.stderr || err.message}`);
}

function cliSynthResult(appDir: string, outdir: string, stdout: string): CliSynthResult {
  cfnLintLater(outdir, `cdk synth in ${path.relative(ROOT, appDir) || '.'}`);
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
