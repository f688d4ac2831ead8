import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { ROUTE_MANIFEST_METADATA_TYPE, ROUTE_MANIFEST_SCHEMA, ROUTE_MANIFEST_VERSION, RouteManifest } from '../../lib/manifest/route-manifest';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { DiagramInputError, writeAssemblyDiagrams } from '../../lib/diagram/from-assembly';
import { parseRouteManifest, readAssemblyGateways, readAssemblyManifests } from '../../lib/verify/cloud-assembly';
import { VerifyUsageError } from '../../lib/verify/verify-error';
import { STRICT_CONTEXT } from '../helpers/checked-app';
import { FIXTURE_STACK, ISSUER, synthFixture } from '../verify/fixtures';

let fixture: ReturnType<typeof synthFixture>;
let manifest: RouteManifest;

beforeAll(() => {
  fixture = synthFixture();
  manifest = JSON.parse(readFileSync(path.join(fixture.outdir, `${FIXTURE_STACK}.routes.json`), 'utf8'));
});

const gatewayNamed = (name: string) => manifest.gateways.find((g) => g.apiName === name)!;
const template = () => JSON.parse(readFileSync(path.join(fixture.outdir, `${FIXTURE_STACK}.template.json`), 'utf8'));
const resourcesOf = (type: string) => Object.entries<any>(template().Resources).filter(([, r]) => r.Type === type);

describe('the route manifest file', () => {
  test('is written beside the template, versioned, and named in the stack metadata', () => {
    expect(manifest).toMatchObject({
      schema: ROUTE_MANIFEST_SCHEMA,
      version: ROUTE_MANIFEST_VERSION,
      stack: { stackName: FIXTURE_STACK, artifactId: FIXTURE_STACK, region: 'eu-west-1' },
    });
    expect(manifest.gateways.map((g) => [g.constructPath, g.flavour])).toEqual([['VerifyFixture/Http', 'HTTP'], ['VerifyFixture/Rest', 'REST']]);
    const assembly = JSON.parse(readFileSync(path.join(fixture.outdir, 'manifest.json'), 'utf8'));
    const metadataFile = assembly.artifacts[FIXTURE_STACK].additionalMetadataFile;
    const metadata = metadataFile
      ? JSON.parse(readFileSync(path.join(fixture.outdir, metadataFile), 'utf8'))
      : assembly.artifacts[FIXTURE_STACK].metadata;
    expect(metadata[`/${FIXTURE_STACK}`]).toEqual(expect.arrayContaining([{ type: ROUTE_MANIFEST_METADATA_TYPE, data: `${FIXTURE_STACK}.routes.json` }]));
  });

  test('is not part of the template', () => {
    expect(JSON.stringify(template())).not.toContain(ROUTE_MANIFEST_SCHEMA);
  });

  test('names each API by the logical id and type of its template resource', () => {
    const http = gatewayNamed('fixture-http');
    const rest = gatewayNamed('fixture-rest');
    expect(template().Resources[http.logicalId]).toMatchObject({ Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'fixture-http' } });
    expect(template().Resources[rest.logicalId]).toMatchObject({ Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'fixture-rest' } });
    expect([http.resourceType, rest.resourceType]).toEqual(['AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi']);
  });
});

describe('an HTTP gateway in the manifest', () => {
  test('records routes with target, authorization, scopes, throttle and the stage', () => {
    const http = gatewayNamed('fixture-http');
    expect(http.stage).toEqual({ name: '$default', throttle: { rateLimit: 100, burstLimit: 200 } });
    expect(http.customDomain).toEqual({ domainName: 'api.fixture.example.com' });
    const byKey = Object.fromEntries(http.routes.map((r) => [r.routeKey, r]));
    expect(byKey['POST /orders']).toMatchObject({
      target: { kind: 'HTTP_URL', name: 'url:https://backend.example.com/orders' },
      authorization: { type: 'JWT', authorizationType: 'JWT', authorizer: http.authorizers[0].name },
      throttle: { rateLimit: 10, burstLimit: 20 },
    });
    expect(byKey['GET /orders'].throttle).toBeUndefined();
    expect(byKey['DELETE /orders/{orderId}'].authorization.scopes).toEqual(['orders:admin']);
    expect(byKey['GET /reports'].authorization).toMatchObject({ type: 'IAM', authorizationType: 'AWS_IAM' });
    expect(byKey['GET /health'].authorization).toMatchObject({ type: 'NONE', authorizationType: 'NONE', reason: 'uptime checks' });
    expect(http.authorizers).toEqual([{
      name: expect.stringMatching(/^JwtAuthorizer/), type: 'JWT', identitySource: ['$request.header.Authorization'],
      issuer: ISSUER, audiences: ['fixture-api'],
    }]);
  });

  test('records identity headers as the integrations map them: overwritten, or removed on public routes', () => {
    const byKey = Object.fromEntries(gatewayNamed('fixture-http').routes.map((r) => [r.routeKey, r]));
    expect(byKey['GET /orders'].headers).toEqual({
      'x-user-id': '$context.authorizer.claims.sub', 'x-tenant-id': '$context.authorizer.claims.tenant_id', 'x-request-id': '$context.requestId',
    });
    expect(byKey['GET /health'].headers).toEqual({ 'x-user-id': null, 'x-tenant-id': null, 'x-request-id': '$context.requestId' });
  });

  test('holds exactly the request parameters of the template\'s integrations', () => {
    const http = gatewayNamed('fixture-http');
    const routes = resourcesOf('AWS::ApiGatewayV2::Route');
    const integrations = Object.fromEntries(resourcesOf('AWS::ApiGatewayV2::Integration'));
    for (const route of http.routes) {
      const [, cfn] = routes.find(([, r]) => r.Properties.RouteKey === route.routeKey)!;
      const integrationId = cfn.Properties.Target['Fn::Join'][1][1].Ref;
      expect(route.requestParameters).toEqual(integrations[integrationId].Properties.RequestParameters);
    }
  });
});

describe('a REST gateway in the manifest', () => {
  test('records methods, API keys, validation, throttles and authorizers as the template has them', () => {
    const rest = gatewayNamed('fixture-rest');
    const byKey = Object.fromEntries(rest.routes.map((r) => [r.routeKey, r]));
    const [[, authorizer]] = resourcesOf('AWS::ApiGateway::Authorizer');
    expect(rest.authorizers).toEqual([{ name: authorizer.Properties.Name, type: 'REQUEST', identitySource: authorizer.Properties.IdentitySource.split(','), resultTtlSeconds: 300 }]);
    // The declared authorization is a JWT; the bundled Lambda authorizer enforces it.
    expect(byKey['GET /orders'].authorization).toMatchObject({ type: 'JWT', authorizationType: 'CUSTOM', authorizer: authorizer.Properties.Name });
    expect(byKey['POST /orders']).toMatchObject({ apiKeyRequired: true, requestValidation: true });
    expect(byKey['GET /orders/{orderId}'].throttle).toEqual({ rateLimit: 5, burstLimit: 10 });
    expect(byKey['GET /orders/{orderId}'].requestParameters).toMatchObject({ 'integration.request.path.orderId': 'method.request.path.orderId' });
    expect(rest.stage).toEqual({ name: 'prod', throttle: { rateLimit: 1000, burstLimit: 2000 } });
    expect(rest.requestValidators).toEqual([{ validateRequestBody: true, validateRequestParameters: true }]);
    expect(rest.gatewayResponses).toHaveLength(resourcesOf('AWS::ApiGateway::GatewayResponse').length);
    expect(rest.gatewayResponses).toEqual(expect.arrayContaining([{ responseType: 'UNAUTHORIZED', statusCode: '401' }]));
  });

  test('records usage plans with their keys by description, never a key value', () => {
    const rest = gatewayNamed('fixture-rest');
    expect(rest.usagePlans).toEqual([
      { name: 'standard', throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 10000, period: 'DAY' },
        routeThrottles: { '/orders/POST': { rateLimit: 2, burstLimit: 4 } },
        apiKeys: [{ consumer: 'globex', description: 'API key of consumer "globex"', enabled: true }] },
      { name: 'premium', throttle: { rateLimit: 100, burstLimit: 200 },
        routeThrottles: { '/orders/POST': { rateLimit: 2, burstLimit: 4 } },
        apiKeys: [{ consumer: 'acme', description: 'API key of consumer "acme"', enabled: true }] },
    ]);
  });
});

describe('gateways built in other ways', () => {
  test('routes added with addRoute are in the manifest', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-manifest-'));
    const app = new App({ outdir, context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Added');
    const gateway = new HttpGateway(stack, 'Api', {
      defaultAuthorization: Authorization.iam(),
      routes: [{ method: HttpMethod.GET, path: '/a', target: RouteTarget.httpUrl('https://a.example.com/') }],
    });
    gateway.addRoute({ method: HttpMethod.GET, path: '/b', target: RouteTarget.httpUrl('https://b.example.com/'), throttle: { rateLimit: 1, burstLimit: 2 } });
    app.synth();
    const written: RouteManifest = JSON.parse(readFileSync(path.join(outdir, 'Added.routes.json'), 'utf8'));
    expect(written.stack).toEqual({ stackName: 'Added', artifactId: 'Added' });
    expect(written.gateways[0].routes.map((r) => [r.routeKey, r.throttle])).toEqual([['GET /a', undefined], ['GET /b', { rateLimit: 1, burstLimit: 2 }]]);
  });

  test('a gateway in a nested stack is recorded in its top-level stack with the nested stack\'s logical id', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-manifest-'));
    const app = new App({ outdir, context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Parent');
    const nested = new NestedStack(stack, 'Apis');
    new RestGateway(nested, 'Api', {
      defaultAuthorization: Authorization.iam(),
      routes: [{ method: HttpMethod.GET, path: '/a', target: RouteTarget.httpUrl('https://a.example.com/') }],
    });
    app.synth();
    expect(existsSync(path.join(outdir, 'Parent.routes.json'))).toBe(true);
    const written: RouteManifest = JSON.parse(readFileSync(path.join(outdir, 'Parent.routes.json'), 'utf8'));
    const nestedIds = Object.entries<any>(Template.fromStack(stack).toJSON().Resources).filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack').map(([id]) => id);
    expect(written.gateways[0].nestedStacks).toEqual(nestedIds);
    expect(Template.fromStack(nested).toJSON().Resources[written.gateways[0].logicalId].Type).toBe('AWS::ApiGateway::RestApi');
  });
});

describe('reading manifests back', () => {
  test('the cloud assembly reader finds every gateway', () => {
    expect(readAssemblyGateways(fixture.outdir).map((g) => g.gateway.apiName)).toEqual(['fixture-http', 'fixture-rest']);
  });

  test('verify and diagram read the same manifests, each failing with its own error', () => {
    const manifests = readAssemblyManifests(fixture.outdir);
    expect(manifests.map(({ dir, manifest }) => [dir, manifest.stack.artifactId])).toEqual([[fixture.outdir, FIXTURE_STACK]]);
    const empty = mkdtempSync(path.join(tmpdir(), 'not-an-assembly-'));
    try {
      expect(() => readAssemblyGateways(empty)).toThrow(VerifyUsageError);
      expect(() => writeAssemblyDiagrams(empty)).toThrow(DiagramInputError);
      expect(() => writeAssemblyDiagrams(empty)).toThrow(`${empty} is not a cloud assembly (no manifest.json)`);
      expect(() => parseRouteManifest('{', 'x.routes.json', (m) => new DiagramInputError(m))).toThrow(DiagramInputError);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('a newer format version is refused with what to do', () => {
    const text = JSON.stringify({ ...manifest, version: ROUTE_MANIFEST_VERSION + 1 });
    expect(() => parseRouteManifest(text, 'x.routes.json')).toThrow(
      `x.routes.json is route manifest version ${ROUTE_MANIFEST_VERSION + 1}; this verify reads version ${ROUTE_MANIFEST_VERSION}: use the cdk-gateway-topology version the app was synthesized with`);
    expect(() => parseRouteManifest('{"schema":"other"}', 'x.routes.json')).toThrow(/is not a route manifest/);
  });

  test('the synth summary prints routes from the manifest', () => {
    const summary = execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'synth-summary.mjs'), fixture.outdir], { encoding: 'utf8' });
    expect(summary).toContain('Routes of VerifyFixture/Http (HTTP API fixture-http, stage $default, 6 routes):');
    expect(summary).toMatch(/POST \/orders\s+-> url:https:\/\/backend\.example\.com\/orders  \[jwt\(https:\/\/issuer\.example\.com\/\) throttle 10\/s burst 20\]/);
    expect(summary).toMatch(/POST \/orders\s+-> url:https:\/\/backend\.example\.com\/orders  \[jwt\(https:\/\/issuer\.example\.com\/\) api key\]/);
    // Without a manifest (an assembly of an older build) it falls back to the gateways' metadata.
    const copy = mkdtempSync(path.join(tmpdir(), 'cdk-gt-summary-'));
    execFileSync('cp', ['-r', `${fixture.outdir}/.`, copy]);
    rmSync(path.join(copy, `${FIXTURE_STACK}.routes.json`));
    const fallback = execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'synth-summary.mjs'), copy], { encoding: 'utf8' });
    expect(fallback).toContain('Routes of /VerifyFixture/Http (6):');
  });
});
