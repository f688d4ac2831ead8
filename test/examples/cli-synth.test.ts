import { existsSync, readdirSync } from 'fs';
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

describe('the default environment (bin/app.ts)', () => {
  let result: CliSynthResult;
  beforeAll(() => {
    result = cliSynth(REPO_ROOT);
  });

  test('synthesizes the HTTP API with its routes, VPC link and both services', () => {
    const routes = resourcesOfType(result.templates, 'AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThanOrEqual(6);
    expect(resourcesOfType(result.templates, 'AWS::ApiGatewayV2::VpcLink')).toHaveLength(1);
    const schemes = resourcesOfType(result.templates, 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((lb) => [lb.Properties.Type, lb.Properties.Scheme]);
    expect(schemes).toEqual(expect.arrayContaining([['application', 'internal'], ['network', 'internal']]));
    expect(resourcesOfType(result.templates, 'AWS::ECS::Service').length).toBeGreaterThanOrEqual(2);
  });

  test('every route but the declared public ones needs a JWT', () => {
    const routes = resourcesOfType(result.templates, 'AWS::ApiGatewayV2::Route');
    const open = routes.filter((r) => r.Properties.AuthorizationType === 'NONE').map((r) => r.Properties.RouteKey);
    expect(open).toEqual(['GET /health']);
  });

  test('matches the snapshot', () => {
    expect(normalizeTemplate(result.templates)).toMatchSnapshot();
  });
});

describe.each(examples)('examples/%s', (name) => {
  let result: CliSynthResult;
  beforeAll(() => {
    result = cliSynth(path.join(examplesDir, name));
  });

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
