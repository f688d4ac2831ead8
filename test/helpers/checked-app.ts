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

/** The context every test app shares: CDK's CloudFormation validation with errors fatal. */
export const STRICT_CONTEXT = { '@aws-cdk/core:validateAgainstDefaultRules': true };

/**
 * An App with cdk-nag AwsSolutions checks and CDK's built-in CloudFormation validation
 * as fatal errors: `app.synth()` throws on any unacknowledged finding.
 */
export function checkedApp(context: Record<string, unknown> = {}): App {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cdk-gt-')), context: { ...STRICT_CONTEXT, ...context } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** Synthesizes a checked app and runs cfn-lint on every template; throws on any finding. */
export function synthChecked(app: App): CloudAssembly {
  const assembly = app.synth();
  cfnLint(assembly.directory);
  return assembly;
}

/** Runs cfn-lint over every template in a cloud assembly folder; throws with its output on errors. */
export function cfnLint(assemblyDir: string): void {
  const templates = readdirSync(assemblyDir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(assemblyDir, f));
  if (templates.length === 0) throw new Error(`no templates in ${assemblyDir}`);
  const ignore = Object.keys(CFN_LINT_IGNORED);
  const args = ['--format', 'parseable', ...(ignore.length ? ['--ignore-checks', ...ignore] : []), '--', ...templates];
  try {
    execFileSync('cfn-lint', args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    // cfn-lint exit codes are a bit mask: 2 = error, 4 = warning, 8 = informational.
    if (err.status !== undefined && (err.status & 2) === 0 && (err.status & 1) === 0) return;
    const findings = (err.stdout ?? '').split('\n').filter((l) => /:E\d+:/.test(l) || (err.status! & 1));
    throw new Error(`cfn-lint found errors:\n${findings.join('\n')}\n${err.stderr ?? ''}`);
  }
}
