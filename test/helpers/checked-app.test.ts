import { execFile } from 'child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { cdkValidation, cdkValidationEnabled, cfnLintLater, cfnLintServed, flushCfnLint, STRICT_CONTEXT } from './checked-app';

/** An app whose one resource has a property CloudFormation's schema does not allow. */
function appWithUnknownProperty(): App {
  const app = new App({ context: STRICT_CONTEXT });
  const stack = new Stack(app, 'Stack');
  new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic', properties: { NoSuchProperty: 1 } });
  return app;
}

function assemblyWith(templates: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-lint-'));
  for (const [name, template] of Object.entries(templates)) writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify(template));
  return dir;
}

describe("CDK's CloudFormation validation in tests", () => {
  const saved = process.env.CDK_VALIDATION;
  afterEach(() => {
    process.env.CDK_VALIDATION = saved;
  });

  test('is off in a test file that does not ask for it', () => {
    expect(cdkValidationEnabled()).toBe(false);
    expect(() => appWithUnknownProperty().synth()).not.toThrow();
  });

  test('runs with its errors fatal in a file that calls cdkValidation()', () => {
    cdkValidation();
    expect(cdkValidationEnabled()).toBe(true);
    expect(() => appWithUnknownProperty().synth()).toThrow(/NoSuchProperty: Additional properties are not allowed .*CloudFormation Validate/);
  });
});

describe('the batched cfn-lint run', () => {
  test('splits many templates between two cfn-lint runs and still finds the error in either', async () => {
    const topic = (props: Record<string, unknown> = {}) => ({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: props } } });
    const dir = assemblyWith({ A: topic(), B: topic(), C: topic(), D: topic({ NoSuchProperty: 1 }), E: topic() });
    cfnLintLater(dir, 'five templates');
    await expect(flushCfnLint()).rejects.toThrow(/D\.template\.json \(synthesized by "five templates"\):\n .*E3002/);
  });

  test('fails on an error, naming the template and the test that synthesized it, and only that one', async () => {
    // GIVEN a clean template and one with an error, queued by two tests
    const good = assemblyWith({ Good: { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } } });
    const bad = assemblyWith({ Bad: { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { NoSuchProperty: 1 } } } } });
    cfnLintLater(good, 'the good test');
    cfnLintLater(bad);
    // WHEN / THEN
    let message = '';
    await flushCfnLint().catch((e: Error) => { message = e.message; });
    expect(message).toContain(`${path.join(bad, 'Bad.template.json')} (synthesized by "the batched cfn-lint run fails on an error`);
    expect(message).toMatch(/E3002/);
    expect(message).not.toContain('Good.template.json');
    // AND the queue is empty, so the file's own run after its last test passes
    await expect(flushCfnLint()).resolves.toBeUndefined();
  });

  test('refuses an assembly without templates at once', () => {
    expect(() => cfnLintLater(assemblyWith({}))).toThrow(/no templates in/);
  });
});

describe("the jest run's cfn-lint server", () => {
  test('is up, and answers as the cfn-lint command does, errors, warnings, exit code and all', async () => {
    // GIVEN a template with an error and a warning, and one with neither
    const dir = assemblyWith({
      Bad: { Parameters: { Unused: { Type: 'String' } }, Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { NoSuchProperty: 1 } } } },
      Good: { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } },
    });
    const args = ['--format', 'parseable', '--', path.join(dir, 'Bad.template.json'), path.join(dir, 'Good.template.json')];
    // WHEN both lint them
    const served = await cfnLintServed(args);
    const command = await promisify(execFile)('cfn-lint', args, { encoding: 'utf8' })
      .then(({ stdout }) => ({ code: 0, stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    // THEN the server answered, with the command's exit code (error and warning) and lines
    expect(command.code).toBe(2 | 4);
    expect(command.stdout).toMatch(/E3002/);
    expect(command.stdout).toMatch(/W2001/);
    expect(served && { code: served.code, stdout: served.stdout }).toEqual(command);
  });

  test('answers a template it found clean from its digest, and lints changed bytes at the same path again', async () => {
    const cleanDir = `${process.env.CDK_GT_CFN_LINT_SOCKET}.clean`;
    const topic = (name: string) => ({ Resources: { [name]: { Type: 'AWS::SNS::Topic' } } });
    const lint = (dir: string) => cfnLintServed(['--format', 'parseable', '--', path.join(dir, 'T.template.json')]);
    // GIVEN a template the server found clean
    const unique = `Topic${Date.now()}`;
    expect((await lint(assemblyWith({ T: topic(unique) })))?.code).toBe(0);
    const marked = readdirSync(cleanDir).length;
    // WHEN the same bytes come again from another folder
    const again = await lint(assemblyWith({ T: topic(unique) }));
    // THEN they are clean, and known: no new digest
    expect(again).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(cleanDir)).toHaveLength(marked);
    // AND other bytes at that path are linted, errors and all
    const dir = assemblyWith({ T: topic(unique) });
    writeFileSync(path.join(dir, 'T.template.json'), JSON.stringify({ Resources: { [unique]: { Type: 'AWS::SNS::Topic', Properties: { NoSuchProperty: 1 } } } }));
    const changed = await lint(dir);
    expect(changed?.code).toBe(2);
    expect(changed?.stdout).toMatch(/E3002/);
  });
});
