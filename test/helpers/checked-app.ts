import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

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
 * Runs cfn-lint once over every queued template and empties the queue; throws on errors,
 * naming each failing template and the test that synthesized it.
 */
export function flushCfnLint(): void {
  const queued = queue().splice(0);
  if (queued.length === 0) return;
  const findings = runCfnLint([...new Set(queued.map((q) => q.template))]);
  if (findings === undefined) return;
  const report: string[] = [];
  for (const { template, source } of queued) {
    const lines = findings.lines.filter((l) => l.startsWith(`${template}:`));
    if (lines.length > 0) report.push(`${template} (synthesized by "${source}"):`, ...lines.map((l) => `  ${l}`));
  }
  // A finding on no queued template (cfn-lint's own failure) is reported whole.
  if (report.length === 0) report.push(...findings.lines);
  throw new Error(`cfn-lint found errors:\n${report.join('\n')}\n${findings.stderr}`);
}

function currentTestName(): string {
  const state = (globalThis as { expect?: { getState(): { currentTestName?: string; testPath?: string } } }).expect?.getState();
  return state?.currentTestName ?? `a hook of ${state?.testPath ? path.basename(state.testPath) : 'this file'}`;
}

/** The error lines of one cfn-lint run, or undefined when it found none. */
function runCfnLint(templates: string[]): { lines: string[]; stderr: string } | undefined {
  // Warnings (W) and informational findings (I) never fail a test: cfn-lint skips them.
  const ignore = ['W', 'I', ...Object.keys(CFN_LINT_IGNORED)];
  const args = ['--format', 'parseable', '--ignore-checks', ...ignore, '--', ...templates];
  try {
    execFileSync('cfn-lint', args, { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    return undefined;
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    // cfn-lint exit codes are a bit mask: 2 = error, 4 = warning, 8 = informational.
    if (err.status !== undefined && err.status !== null && (err.status & 2) === 0 && (err.status & 1) === 0) return undefined;
    const lines = (err.stdout ?? '').split('\n').filter((l) => /:E\d+:/.test(l) || (err.status! & 1));
    return { lines, stderr: err.stderr ?? String(e) };
  }
}
