import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { cliSynth, CliSynthResult, normalizeTemplate, REPO_ROOT } from '../helpers/cli-synth';

/**
 * Every example app, and the default environment in bin/app.ts, synthesized by the real
 * `cdk synth` CLI with no AWS account. The apps register cdk-nag and CDK's validation
 * themselves (a finding fails the CLI), and every template passes cfn-lint.
 */
const examplesDir = path.join(REPO_ROOT, 'examples');
const examples = readdirSync(examplesDir).filter((d) => existsSync(path.join(examplesDir, d, 'cdk.json'))).sort();

function resourcesOfType(templates: Record<string, any>, type: string): any[] {
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

describe('the default environment (bin/app.ts)', () => {
  let result: CliSynthResult;
  beforeAll(() => {
    result = cliSynth(REPO_ROOT);
  });

  test('puts an internet-facing ALB in front of a private REST API', () => {
    const [api] = resourcesOfType(result.templates, 'AWS::ApiGateway::RestApi');
    expect(api.Properties.EndpointConfiguration.Types).toEqual(['PRIVATE']);
    const schemes = resourcesOfType(result.templates, 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((lb) => [lb.Properties.Type, lb.Properties.Scheme]);
    expect(schemes).toEqual(expect.arrayContaining([['application', 'internet-facing'], ['application', 'internal'], ['network', 'internal']]));
    expect(resourcesOfType(result.templates, 'AWS::ApiGateway::DomainNameV2')).toHaveLength(1);
  });

  test('reaches both services through VPC links shared by the REST and HTTP APIs', () => {
    expect(resourcesOfType(result.templates, 'AWS::ApiGatewayV2::VpcLink')).toHaveLength(1);
    expect(resourcesOfType(result.templates, 'AWS::ApiGateway::VpcLink')).toHaveLength(1);
    expect(resourcesOfType(result.templates, 'AWS::ECS::Service').length).toBe(3);
  });

  test('has an HTTP API with JWT authorization on every route but the declared public one', () => {
    const routes = resourcesOfType(result.templates, 'AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const open = routes.filter((r) => r.Properties.AuthorizationType !== 'JWT').map((r) => r.Properties.RouteKey);
    expect(open).toEqual(['GET /health']);
  });

  test('translates the user routes to gRPC and gives partners API keys', () => {
    expect(resourcesOfType(result.templates, 'AWS::ServiceDiscovery::PrivateDnsNamespace')).toHaveLength(1);
    expect(resourcesOfType(result.templates, 'AWS::ApiGateway::ApiKey')).toHaveLength(2);
    expect(resourcesOfType(result.templates, 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });

  test('the synth summary shows the topology, the routes and the verdicts', () => {
    const summary = execFileSync('node', [path.join(REPO_ROOT, 'scripts', 'synth-summary.mjs'), result.outdir], { encoding: 'utf8' });
    expect(summary).toMatch(/GatewayTopologyDev: \d+ resources/);
    expect(summary).toMatch(/front door .*internet-facing ALB https:\/\/api\.example\.com/);
    expect(summary).toMatch(/service .*orders: Fargate .* internal ALB/);
    expect(summary).toMatch(/POST \/partner\/v1\/orders +-> service:orders +\[jwt\(https:\/\/auth\.example\.com\/\) roles=premium-tier api key\]/);
    expect(summary).toMatch(/GET \/health +-> service:orders +\[none: /);
    expect(summary).toMatch(/cdk-nag AwsSolutions: passed, 0 unacknowledged findings \(\d+ acknowledged/);
  });

  test('matches the snapshot', () => {
    expect(normalizeTemplate(result.templates)).toMatchSnapshot();
  });
});

describe.each(examples)('examples/%s', (name) => {
  test('imports the library by its package name, so the app can be copied as it is', () => {
    const source = readFileSync(path.join(examplesDir, name, 'bin', 'app.ts'), 'utf8');
    expect(source).toMatch(/from 'cdk-gateway-topology';/);
    expect(source).not.toMatch(/from '(\.\.?\/)+(lib|dist)\b/);
  });

  let result: CliSynthResult;
  beforeAll(() => {
    result = cliSynth(path.join(examplesDir, name));
  });

  const specific = EXAMPLE_CHECKS[name];
  if (specific) test(specific[0], () => specific[1](result.templates));

  test('synthesizes at least one stack with an API', () => {
    const apis = [
      ...resourcesOfType(result.templates, 'AWS::ApiGatewayV2::Api'),
      ...resourcesOfType(result.templates, 'AWS::ApiGateway::RestApi'),
    ];
    expect(apis.length).toBeGreaterThanOrEqual(1);
  });

  test('matches the snapshot', () => {
    expect(normalizeTemplate(result.templates)).toMatchSnapshot();
  });
});

