import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { flushCfnLint } from '../helpers/checked-app';
import { cliSynthAsync, CliSynthResult, normalizeTemplate, REPO_ROOT } from '../helpers/cli-synth';

/**
 * Every example app synthesized by the real `cdk synth` CLI with no AWS account. The apps
 * register cdk-nag themselves (a finding fails the CLI), and every template passes cfn-lint.
 * The examples are spread over a few test files so that their synths run in parallel; each
 * example stays in the same file when others are added.
 */
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((d) => existsSync(path.join(EXAMPLES_DIR, d, 'cdk.json'))).sort();

/** How many test files the examples are spread over (`cli-synth-<n>.test.ts`, n from 1). */
export const EXAMPLE_FILES = 3;

/** The examples file `n` (from 1) of `EXAMPLE_FILES` synthesizes, by a hash of the name. */
export function examplesOfFile(n: number): string[] {
  return EXAMPLES.filter((name) => createHash('sha256').update(name).digest().readUInt32BE(0) % EXAMPLE_FILES === n - 1);
}

export function resourcesOfType(templates: Record<string, any>, type: string): any[] {
  return Object.values(templates).flatMap((t) => Object.values(t.Resources ?? {}).filter((r: any) => r.Type === type));
}

/** What each example is about, checked on its CLI-synthesized templates. */
const EXAMPLE_CHECKS: Record<string, [string, (templates: Record<string, any>) => void]> = {
  'partner-api-keys': ['gives each partner a generated API key on its tier\'s usage plan', (templates) => {
    const keys = resourcesOfType(templates, 'AWS::ApiGateway::ApiKey');
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key.Properties.Value).toBeUndefined();
    expect(resourcesOfType(templates, 'AWS::ApiGateway::UsagePlan')).toHaveLength(3);
    expect(resourcesOfType(templates, 'AWS::ApiGateway::UsagePlanKey')).toHaveLength(3);
    const methods = resourcesOfType(templates, 'AWS::ApiGateway::Method').filter((m) => m.Properties.HttpMethod !== 'OPTIONS');
    expect(methods.every((m) => m.Properties.ApiKeyRequired === true)).toBe(true);
  }],
  'private-rest-ecs': ['serves a private REST API only through its VPC endpoint', (templates) => {
    const [api] = resourcesOfType(templates, 'AWS::ApiGateway::RestApi');
    expect(api.Properties.EndpointConfiguration.Types).toEqual(['PRIVATE']);
    const allows = api.Properties.Policy.Statement.filter((st: any) => st.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const st of allows) expect(st.Condition.StringEquals['aws:SourceVpce']).toBeDefined();
    expect(resourcesOfType(templates, 'AWS::ApiGateway::VpcLink')).toHaveLength(1);
    expect(resourcesOfType(templates, 'AWS::ApiGatewayV2::VpcLink')).toHaveLength(1);
  }],
  'http-api-ecs': ['reaches its service through one VPC link', (templates) => {
    expect(resourcesOfType(templates, 'AWS::ApiGatewayV2::VpcLink')).toHaveLength(1);
    expect(resourcesOfType(templates, 'AWS::ApiGatewayV2::Route').length).toBe(4);
  }],
  'grpc-translator': ['sends the user routes to the translator function', (templates) => {
    const routes = resourcesOfType(templates, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey).sort();
    expect(routes).toEqual(['GET /api/v1/users/{userId}', 'POST /api/v1/users']);
    expect(resourcesOfType(templates, 'AWS::ServiceDiscovery::PrivateDnsNamespace')).toHaveLength(1);
  }],
};

/** The tests of the examples that file `n` of `EXAMPLE_FILES` holds. */
export function describeExamplesOfFile(n: number): void {
  const names = examplesOfFile(n);
  // A file left without an example (few of them) still holds a test.
  if (names.length === 0) test(`file ${n} of ${EXAMPLE_FILES} holds no example yet`, () => expect(EXAMPLES.length).toBeLessThan(EXAMPLE_FILES * 2));

  // The file's examples synthesize two at a time: the CLI and the app are separate processes.
  const results = new Map<string, Promise<CliSynthResult>>();
  beforeAll(() => {
    const running: Promise<unknown>[] = [];
    for (const name of names) {
      const previous = running.length >= 2 ? running[running.length - 2] : Promise.resolve();
      const result = previous.catch(() => undefined).then(() => cliSynthAsync(path.join(EXAMPLES_DIR, name)));
      result.catch(() => undefined);
      running.push(result);
      results.set(name, result);
    }
  });
  afterAll(async () => {
    await Promise.allSettled(results.values());
    await flushCfnLint();
  }, 10 * 60 * 1000);

  describe.each(names)('examples/%s', (name) => {
    test('imports the library by its package name, so the app can be copied as it is', () => {
      const source = readFileSync(path.join(EXAMPLES_DIR, name, 'bin', 'app.ts'), 'utf8');
      expect(source).toMatch(/from 'cdk-gateway-topology';/);
      expect(source).not.toMatch(/from '(\.\.?\/)+(lib|dist)\b/);
    });

    const specific = EXAMPLE_CHECKS[name];
    if (specific) test(specific[0], async () => specific[1]((await results.get(name)!).templates));

    test('synthesizes at least one stack with an API', async () => {
      const { templates } = await results.get(name)!;
      const apis = [
        ...resourcesOfType(templates, 'AWS::ApiGatewayV2::Api'),
        ...resourcesOfType(templates, 'AWS::ApiGateway::RestApi'),
      ];
      expect(apis.length).toBeGreaterThanOrEqual(1);
    });

    test('matches the snapshot', async () => {
      expect(normalizeTemplate((await results.get(name)!).templates)).toMatchSnapshot();
    });
  });
}
