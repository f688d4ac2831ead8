import { execFile, execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'fs';
import * as net from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { App, Validations } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { alive } from './once-per-run';

/**
 * cfn-lint rules we ignore, each with its reason. Keep this list short.
 */
export const CFN_LINT_IGNORED: Record<string, string> = {};

/**
 * The context every test app shares: CDK's CloudFormation validation, where it runs, with
 * errors fatal. The validation itself runs only in the test files that call
 * `cdkValidation()` (see `setup-env.ts`).
 */
export const STRICT_CONTEXT = { '@aws-cdk/core:validateAgainstDefaultRules': true };

/**
 * An App with cdk-nag AwsSolutions checks as fatal errors: `app.synth()` throws on any
 * unacknowledged finding. In a file that calls `cdkValidation()`, CDK's built-in
 * CloudFormation validation runs too, with its errors fatal.
 */
export function checkedApp(context: Record<string, unknown> = {}): App {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cdk-gt-')), context: { ...STRICT_CONTEXT, ...context } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/**
 * Synthesizes a checked app (it throws on a cdk-nag finding) and queues every template for
 * cfn-lint. The templates of a test file are linted together once, after its last test
 * (`setup-after-env.ts`); an error fails the file, naming the template and the test.
 */
export function synthChecked(app: App): CloudAssembly {
  const assembly = app.synth();
  cfnLintLater(assembly.directory);
  return assembly;
}

/**
 * Turns CDK's built-in CloudFormation validation on for the synths of the calling test file
 * (it costs about half a second a synth, and more for the first). Call it at the top level of
 * a file whose tests check that the validation passes. Validation is on unless the
 * environment says `CDK_VALIDATION=false`:
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.AppProps.html#builtincloudformationvalidation
 */
export function cdkValidation(): void {
  delete process.env.CDK_VALIDATION;
}

/** Whether CDK's built-in CloudFormation validation runs in this test file. */
export function cdkValidationEnabled(): boolean {
  return process.env.CDK_VALIDATION !== 'false';
}

function templatesOf(assemblyDir: string): string[] {
  const templates = readdirSync(assemblyDir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(assemblyDir, f));
  if (templates.length === 0) throw new Error(`no templates in ${assemblyDir}`);
  return templates;
}

/** Runs cfn-lint over every template in a cloud assembly folder now; throws with its output on errors. */
export function cfnLint(assemblyDir: string): void {
  const findings = runCfnLint(templatesOf(assemblyDir));
  if (findings !== undefined) throw new Error(`cfn-lint found errors:\n${findings.lines.join('\n')}\n${findings.stderr}`);
}

/**
 * Runs cfn-lint over every template in a cloud assembly folder now, through the jest run's
 * cfn-lint server when it is up; rejects with its output on errors.
 */
export async function cfnLintAsync(assemblyDir: string): Promise<void> {
  const findings = await runCfnLintAsync(templatesOf(assemblyDir));
  if (findings !== undefined) throw new Error(`cfn-lint found errors:\n${findings.lines.join('\n')}\n${findings.stderr}`);
}

/** A queued template and what synthesized it. */
interface QueuedTemplate {
  readonly template: string;
  readonly source: string;
}

// Kept on the global object so that the setup file and the test file see one queue even if
// the module is loaded twice (jest.isolateModules, resetModules).
const QUEUE_KEY = Symbol.for('cdk-gateway-topology.test.cfn-lint-queue');
function queue(): QueuedTemplate[] {
  const g = globalThis as unknown as Record<symbol, QueuedTemplate[]>;
  return (g[QUEUE_KEY] ??= []);
}

/**
 * Queues every template of a cloud assembly folder for the file's one cfn-lint run.
 * `source` names what synthesized it in a failure (default: the current test's name).
 */
export function cfnLintLater(assemblyDir: string, source?: string): void {
  const by = source ?? currentTestName();
  for (const template of templatesOf(assemblyDir)) queue().push({ template, source: by });
}

/**
 * Runs cfn-lint over every queued template and empties the queue; rejects on errors,
 * naming each failing template and the test that synthesized it. Many templates are split
 * between two cfn-lint processes, so a file of large apps does not lint on one core.
 */
export async function flushCfnLint(): Promise<void> {
  const queued = queue().splice(0);
  if (queued.length === 0) return;
  const templates = [...new Set(queued.map((q) => q.template))];
  const results = await Promise.all(halves(templates).map((batch) => runCfnLintAsync(batch)));
  const failed = results.filter((r): r is Findings => r !== undefined);
  if (failed.length === 0) return;
  const lines = failed.flatMap((f) => f.lines);
  const report: string[] = [];
  for (const { template, source } of queued) {
    const found = lines.filter((l) => l.startsWith(`${template}:`));
    if (found.length > 0) report.push(`${template} (synthesized by "${source}"):`, ...found.map((l) => `  ${l}`));
  }
  // A finding on no queued template (cfn-lint's own failure) is reported whole.
  if (report.length === 0) report.push(...lines);
  throw new Error(`cfn-lint found errors:\n${report.join('\n')}\n${failed.map((f) => f.stderr).join('')}`);
}

/** Two batches of about equal bytes, or one when the templates are few. */
function halves(templates: string[]): string[][] {
  if (templates.length < 4) return [templates];
  const sized = templates.map((t) => ({ t, size: statSync(t).size })).sort((a, b) => b.size - a.size);
  const batches: { ts: string[]; size: number }[] = [{ ts: [], size: 0 }, { ts: [], size: 0 }];
  for (const { t, size } of sized) {
    const smaller = batches[0].size <= batches[1].size ? batches[0] : batches[1];
    smaller.ts.push(t);
    smaller.size += size;
  }
  return batches.map((b) => b.ts);
}

function currentTestName(): string {
  const state = (globalThis as { expect?: { getState(): { currentTestName?: string; testPath?: string } } }).expect?.getState();
  return state?.currentTestName ?? `a hook of ${state?.testPath ? path.basename(state.testPath) : 'this file'}`;
}

/** The error lines of a cfn-lint run. */
interface Findings {
  readonly lines: string[];
  readonly stderr: string;
}

function cfnLintArgs(templates: string[]): string[] {
  // Warnings (W) and informational findings (I) never fail a test: cfn-lint skips them.
  const ignore = ['W', 'I', ...Object.keys(CFN_LINT_IGNORED)];
  return ['--format', 'parseable', '--ignore-checks', ...ignore, '--', ...templates];
}

/** The findings of a failed cfn-lint run, or undefined when it found no error. */
function findingsOf(e: unknown): Findings | undefined {
  const err = e as { code?: unknown; status?: number | null; stdout?: string; stderr?: string };
  // execFileSync reports the exit code as `status`, execFile as `code`.
  const status = typeof err.status === 'number' ? err.status : typeof err.code === 'number' ? err.code : undefined;
  // cfn-lint exit codes are a bit mask: 2 = error, 4 = warning, 8 = informational.
  if (status !== undefined && (status & 2) === 0 && (status & 1) === 0) return undefined;
  const lines = (err.stdout ?? '').split('\n').filter((l) => /:E\d+:/.test(l) || (status === undefined || (status & 1) !== 0) && l !== '');
  return { lines, stderr: err.stderr || (err.stdout ? '' : String(e)) };
}

/** The error lines of one cfn-lint run, or undefined when it found none. */
function runCfnLint(templates: string[]): Findings | undefined {
  try {
    execFileSync('cfn-lint', cfnLintArgs(templates), { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    return undefined;
  } catch (e) {
    return findingsOf(e);
  }
}

async function runCfnLintAsync(templates: string[]): Promise<Findings | undefined> {
  const args = cfnLintArgs(templates);
  const served = await cfnLintServed(args);
  if (served !== undefined) {
    if (served.code === 0) return undefined;
    const failure = Object.assign(new Error(`Command failed: cfn-lint ${args.join(' ')}\n${served.stderr}`), served);
    return findingsOf(failure);
  }
  try {
    await promisify(execFile)('cfn-lint', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return undefined;
  } catch (e) {
    return findingsOf(e);
  }
}

/** What a cfn-lint run gave: its exit code and output. */
interface CfnLintRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * cfn-lint run with `args` by the jest run's cfn-lint server (`cfn-lint-server.py`, started
 * by `global-setup.js`), as the cfn-lint command would have run it; undefined when there is
 * no server, in which case the caller runs the command.
 */
export async function cfnLintServed(args: string[]): Promise<CfnLintRun | undefined> {
  const socket = process.env.CDK_GT_CFN_LINT_SOCKET;
  const pid = Number(process.env.CDK_GT_CFN_LINT_SERVER_PID);
  if (!socket || !pid) return undefined;
  // The server takes about a second to import cfn-lint, then its socket appears.
  while (!existsSync(socket)) {
    if (!alive(pid)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return new Promise((resolve) => {
    let answer = '';
    const connection = net.createConnection(socket, () => connection.end(JSON.stringify({ args, cwd: process.cwd() }) + '\n'));
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => { answer += chunk; });
    // A server that fails leaves the lint to the command.
    connection.on('error', () => resolve(undefined));
    connection.on('close', () => {
      try {
        const run = JSON.parse(answer) as CfnLintRun;
        resolve(typeof run.code === 'number' ? run : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}
