import { execFileSync } from 'child_process';
import * as path from 'path';
import { cliSynthAsync, CliSynthResult, normalizeTemplate, REPO_ROOT } from '../helpers/cli-synth';
import { resourcesOfType } from './cli-examples';

/**
 * The default environment in bin/app.ts, the full topology, synthesized by the real
 * `cdk synth` CLI with no AWS account and CDK's CloudFormation validation on: the app
 * registers cdk-nag, and its cdk.json makes the validation's errors fatal, so a finding
 * fails the CLI. Every template passes cfn-lint.
 */
describe('the default environment (bin/app.ts)', () => {
  let result: CliSynthResult;
  beforeAll(async () => {
    result = await cliSynthAsync(REPO_ROOT, { cdkValidation: true });
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
