import { execFile } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import * as v1 from '@aws-sdk/client-api-gateway';
import * as v2 from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, CreateStackCommand, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CfnElement } from 'aws-cdk-lib';
import { main } from '../../lib/verify/cli';
import { deployTemplateToMoto, motoClientConfig } from './deploy-to-moto';
import { FIXTURE_REGION, FIXTURE_STACK, synthFixture } from './fixtures';
import { MotoServer, spawnMotoServer } from './moto-server';

/**
 * verify against a real API server: moto_server on loopback. The synthesized template is
 * created in moto through the SDK (its CloudFormation skips ApiGatewayV2), then drifted
 * through the SDK the way a console edit would.
 */
let moto: MotoServer;
let outdir: string;
let httpId: string;
let restId: string;
const savedEnv = { ...process.env };

let strictStarting: Promise<MotoServer>;

beforeAll(async () => {
  // Both servers boot (a Python start-up each) while the fixture synthesizes.
  const booting = await spawnMotoServer();
  // The first two requests are unauthenticated: they create a user with no permissions.
  const strictBooting = await spawnMotoServer({ INITIAL_NO_AUTH_ACTION_COUNT: '2' });
  const fixture = synthFixture();
  strictStarting = strictBooting.ready();
  strictStarting.catch(() => undefined);
  moto = await booting.ready();
  outdir = fixture.outdir;
  httpId = fixture.stack.resolve((fixture.http.httpApi.node.defaultChild as CfnElement).logicalId);
  restId = fixture.stack.resolve((fixture.rest.restApi.node.defaultChild as CfnElement).logicalId);
});
afterAll(async () => {
  await moto?.stop();
  await (await strictStarting?.catch(() => undefined))?.stop();
});
beforeEach(() => {
  process.env = { ...savedEnv, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: FIXTURE_REGION };
  delete process.env.AWS_PROFILE;
});
afterEach(() => {
  process.env = { ...savedEnv };
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write(chunk, _e, cb) { stdout += String(chunk); cb(); } });
  const err = new Writable({ write(chunk, _e, cb) { stderr += String(chunk); cb(); } });
  const code = await main(args, out, err);
  return { code, stdout, stderr };
}

/** A fresh copy of the fixture's APIs in moto. */
async function deploy(existing: Record<string, string> = {}): Promise<{ http: string; rest: string; ids: Record<string, string> }> {
  const { ids } = await deployTemplateToMoto(outdir, FIXTURE_STACK, moto.endpoint, FIXTURE_REGION, existing);
  return { http: ids[httpId], rest: ids[restId], ids };
}

async function verifyJson(gateway: string, apiId: string): Promise<{ code: number; rows: Array<{ check: string; status: string; expected?: string; deployed?: string }> }> {
  const result = await cli('verify', '--app', outdir, '--gateway', gateway, '--api-id', apiId, '--endpoint-url', moto.endpoint, '--json');
  expect(result.stderr).toBe('');
  const report = JSON.parse(result.stdout);
  return { code: result.code, rows: report.apis[0].results };
}

function drift(rows: Array<{ status: string }>) {
  return rows.filter((r) => r.status !== 'match');
}

const v2Client = () => new v2.ApiGatewayV2Client(motoClientConfig(moto.endpoint, FIXTURE_REGION));
const v1Client = () => new v1.APIGatewayClient(motoClientConfig(moto.endpoint, FIXTURE_REGION));

describe('an API as synthesized', () => {
  test('verifies with exit 0 and a table of matches, for both flavours', async () => {
    const { http, rest } = await deploy();
    const h = await cli('verify', '--app', outdir, '--gateway', 'fixture-http', '--api-id', http, '--endpoint-url', moto.endpoint);
    const r = await cli('verify', '--app', outdir, '--gateway', 'VerifyFixture/Rest', '--api-id', rest, '--endpoint-url', moto.endpoint);
    expect([h.code, r.code]).toEqual([0, 0]);
    expect(h.stdout).toMatch(/^HTTP API fixture-http \(VerifyFixture\/Http\), \S+ in eu-west-1: \d+ checks, \d+ match, 0 drifted/);
    expect(h.stdout).toMatch(/match\s+route POST \/orders throttle\s+rate 10\/s, burst 20\s+rate 10\/s, burst 20/);
    expect(h.stdout).toMatch(/match\s+domain api\.fixture\.example\.com/);
    expect(r.stdout).toMatch(/match\s+usage plan standard key API key of consumer "globex"\s+enabled/);
    expect(r.stdout).toContain('All 1 API(s) match the cloud assembly.');
    // Key values never reach the report.
    const keys = await v1Client().send(new v1.GetApiKeysCommand({ includeValues: true }));
    const values = keys.items!.map((k) => k.value!).filter((v) => v.length > 0);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(r.stdout).not.toContain(value);
  });

  test('--json gives pipelines every check', async () => {
    const { http } = await deploy();
    const { code, rows } = await verifyJson('fixture-http', http);
    expect(code).toBe(0);
    expect(rows).toEqual(expect.arrayContaining([
      { check: 'route GET /health authorization', expected: 'NONE', deployed: 'NONE', status: 'match' },
      { check: 'route GET /reports authorization', expected: 'AWS_IAM', deployed: 'AWS_IAM', status: 'match' },
      { check: 'route DELETE /orders/{orderId} scopes', expected: 'orders:admin', deployed: 'orders:admin', status: 'match' },
    ]));
  });
});

describe('drift of an HTTP API', () => {
  test('a deleted route is one MISSING row and exit 1', async () => {
    const { http } = await deploy();
    const client = v2Client();
    const routes = await client.send(new v2.GetRoutesCommand({ ApiId: http }));
    const route = routes.Items!.find((r) => r.RouteKey === 'GET /orders/{orderId}')!;
    await client.send(new v2.DeleteRouteCommand({ ApiId: http, RouteId: route.RouteId }));
    const { code, rows } = await verifyJson('fixture-http', http);
    expect(code).toBe(1);
    expect(drift(rows)).toEqual([{ check: 'route GET /orders/{orderId}', expected: 'present', status: 'missing' }]);
  });

  test('a route added outside the app is EXTRA', async () => {
    const { http } = await deploy();
    await v2Client().send(new v2.CreateRouteCommand({ ApiId: http, RouteKey: 'GET /debug', AuthorizationType: 'NONE' }));
    const { code, rows } = await verifyJson('fixture-http', http);
    expect(code).toBe(1);
    expect(drift(rows)).toEqual([{ check: 'route GET /debug', deployed: 'present', status: 'extra' }]);
  });

  test('a changed authorizer audience, route throttle and stage throttle are CHANGED', async () => {
    const { http } = await deploy();
    const client = v2Client();
    const routes = await client.send(new v2.GetRoutesCommand({ ApiId: http }));
    const authorizerId = routes.Items!.find((r) => r.RouteKey === 'GET /orders')!.AuthorizerId!;
    await client.send(new v2.UpdateAuthorizerCommand({
      ApiId: http, AuthorizerId: authorizerId, JwtConfiguration: { Issuer: 'https://issuer.example.com/', Audience: ['someone-else'] },
    }));
    // moto has no UpdateStage for HTTP APIs: the stage is replaced with other throttles.
    await client.send(new v2.DeleteStageCommand({ ApiId: http, StageName: '$default' }));
    await client.send(new v2.CreateStageCommand({
      ApiId: http, StageName: '$default', AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 5000 },
      RouteSettings: { 'POST /orders': { ThrottlingRateLimit: 999, ThrottlingBurstLimit: 999 } },
    }));
    const { code, rows } = await verifyJson('fixture-http', http);
    expect(code).toBe(1);
    const changed = drift(rows);
    expect(changed).toEqual(expect.arrayContaining([
      expect.objectContaining({ check: expect.stringMatching(/^authorizer JwtAuthorizer/), status: 'changed', deployed: expect.stringContaining('audiences someone-else') }),
      { check: 'route POST /orders throttle', expected: 'rate 10/s, burst 20', deployed: 'rate 999/s, burst 999', status: 'changed' },
      { check: 'stage $default throttle', expected: 'rate 100/s, burst 200', deployed: 'rate 5000/s, burst 5000', status: 'changed' },
    ]));
    expect(changed).toHaveLength(3);
  });

  test('an identity header mapping that is gone or rewritten is reported', async () => {
    const { http } = await deploy();
    const client = v2Client();
    const routes = await client.send(new v2.GetRoutesCommand({ ApiId: http }));
    const target = routes.Items!.find((r) => r.RouteKey === 'GET /orders')!.Target!.replace('integrations/', '');
    const integration = await client.send(new v2.GetIntegrationCommand({ ApiId: http, IntegrationId: target }));
    const { ['overwrite:header.x-user-id']: _user, ...rest } = integration.RequestParameters!;
    // POST /orders shares the integration and keeps it: only GET /orders moves to the edited copy.
    const replacement = await client.send(new v2.CreateIntegrationCommand({
      ApiId: http, IntegrationType: integration.IntegrationType, IntegrationUri: integration.IntegrationUri, IntegrationMethod: integration.IntegrationMethod,
      PayloadFormatVersion: integration.PayloadFormatVersion,
      RequestParameters: { ...rest, 'overwrite:header.x-tenant-id': '$request.header.x-tenant-id' },
    }));
    await client.send(new v2.UpdateRouteCommand({ ApiId: http, RouteId: routes.Items!.find((r) => r.RouteKey === 'GET /orders')!.RouteId, Target: `integrations/${replacement.IntegrationId}` }));
    const { code, rows } = await verifyJson('fixture-http', http);
    expect(code).toBe(1);
    expect(drift(rows)).toEqual([
      { check: 'route GET /orders mapping overwrite:header.x-user-id', expected: '$context.authorizer.claims.sub', status: 'missing' },
      { check: 'route GET /orders mapping overwrite:header.x-tenant-id', expected: '$context.authorizer.claims.tenant_id', deployed: '$request.header.x-tenant-id', status: 'changed' },
    ]);
  });

  test('a custom domain whose API mapping was removed is MISSING', async () => {
    const { http } = await deploy();
    const client = v2Client();
    const mappings = await client.send(new v2.GetApiMappingsCommand({ DomainName: 'api.fixture.example.com' }));
    const mapping = mappings.Items!.find((m) => m.ApiId === http)!;
    await client.send(new v2.DeleteApiMappingCommand({ DomainName: 'api.fixture.example.com', ApiMappingId: mapping.ApiMappingId }));
    const { rows } = await verifyJson('fixture-http', http);
    expect(drift(rows)).toEqual([{ check: 'domain api.fixture.example.com', expected: '/ -> stage $default', status: 'missing' }]);
  });

  test('a route whose authorization was switched off is CHANGED', async () => {
    const { http } = await deploy();
    const client = v2Client();
    const routes = await client.send(new v2.GetRoutesCommand({ ApiId: http }));
    const route = routes.Items!.find((r) => r.RouteKey === 'GET /orders/{orderId}')!;
    await client.send(new v2.DeleteRouteCommand({ ApiId: http, RouteId: route.RouteId }));
    await client.send(new v2.CreateRouteCommand({ ApiId: http, RouteKey: route.RouteKey, Target: route.Target, AuthorizationType: 'NONE' }));
    const { rows } = await verifyJson('fixture-http', http);
    expect(drift(rows)).toEqual([
      expect.objectContaining({ check: 'route GET /orders/{orderId} authorization', deployed: 'NONE', status: 'changed' }),
    ]);
  });
});

describe('drift of a REST API', () => {
  async function methodOf(client: v1.APIGatewayClient, api: string, path: string): Promise<string> {
    const resources = await client.send(new v1.GetResourcesCommand({ restApiId: api }));
    return resources.items!.find((r) => r.path === path)!.id!;
  }

  test('a deleted method is MISSING and a method whose authorizer was removed is CHANGED', async () => {
    const { rest } = await deploy();
    const client = v1Client();
    await client.send(new v1.DeleteMethodCommand({ restApiId: rest, resourceId: await methodOf(client, rest, '/reports'), httpMethod: 'GET' }));
    // moto has no UpdateMethod: the method is put again, without its authorizer.
    const orders = await methodOf(client, rest, '/orders');
    const before = await client.send(new v1.GetMethodCommand({ restApiId: rest, resourceId: orders, httpMethod: 'GET' }));
    await client.send(new v1.DeleteMethodCommand({ restApiId: rest, resourceId: orders, httpMethod: 'GET' }));
    await client.send(new v1.PutMethodCommand({ restApiId: rest, resourceId: orders, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new v1.PutIntegrationCommand({
      restApiId: rest, resourceId: orders, httpMethod: 'GET', type: before.methodIntegration!.type,
      integrationHttpMethod: before.methodIntegration!.httpMethod, uri: before.methodIntegration!.uri,
      requestParameters: before.methodIntegration!.requestParameters,
    }));
    const { code, rows } = await verifyJson('fixture-rest', rest);
    expect(code).toBe(1);
    expect(drift(rows)).toEqual(expect.arrayContaining([
      { check: 'route GET /reports', expected: 'present', status: 'missing' },
      expect.objectContaining({ check: 'route GET /orders authorization', expected: expect.stringMatching(/^CUSTOM by /), status: 'changed' }),
    ]));
  });

  test('a removed identity header, a changed method throttle and a missing gateway response are reported', async () => {
    const { rest } = await deploy();
    const client = v1Client();
    const resourceId = await methodOf(client, rest, '/orders/{orderId}');
    // moto has no UpdateIntegration: the integration is put again without the header.
    const { methodIntegration } = await client.send(new v1.GetMethodCommand({ restApiId: rest, resourceId, httpMethod: 'GET' }));
    const { ['integration.request.header.X-User-ID']: _user, ...kept } = methodIntegration!.requestParameters!;
    await client.send(new v1.PutIntegrationCommand({
      restApiId: rest, resourceId, httpMethod: 'GET', type: methodIntegration!.type,
      integrationHttpMethod: methodIntegration!.httpMethod, uri: methodIntegration!.uri, requestParameters: kept,
    }));
    await client.send(new v1.UpdateStageCommand({
      restApiId: rest, stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/~1orders~1{orderId}/GET/throttling/rateLimit', value: '50' }],
    }));
    await client.send(new v1.DeleteGatewayResponseCommand({ restApiId: rest, responseType: 'UNAUTHORIZED' }));
    const { code, rows } = await verifyJson('fixture-rest', rest);
    expect(code).toBe(1);
    expect(drift(rows)).toEqual(expect.arrayContaining([
      { check: 'route GET /orders/{orderId} mapping integration.request.header.X-User-ID', expected: 'context.authorizer.userId', status: 'missing' },
      { check: 'route GET /orders/{orderId} throttle', expected: 'rate 5/s, burst 10', deployed: 'rate 50/s, burst 10', status: 'changed' },
      { check: 'gateway response UNAUTHORIZED', expected: 'status 401', status: 'missing' },
    ]));
    expect(drift(rows)).toHaveLength(3);
  });

  test('a changed usage plan, a disabled key and an extra plan on the API are reported', async () => {
    const { rest } = await deploy();
    const client = v1Client();
    const plans = await client.send(new v1.GetUsagePlansCommand({}));
    const standard = plans.items!.find((p) => p.name === 'standard' && p.apiStages?.some((s) => s.apiId === rest))!;
    await client.send(new v1.UpdateUsagePlanCommand({
      usagePlanId: standard.id, patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '1000' }],
    }));
    const keys = await client.send(new v1.GetUsagePlanKeysCommand({ usagePlanId: standard.id }));
    await client.send(new v1.UpdateApiKeyCommand({ apiKey: keys.items![0].id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }));
    await client.send(new v1.CreateUsagePlanCommand({ name: 'backdoor', apiStages: [{ apiId: rest, stage: 'prod' }] }));
    const { rows } = await verifyJson('fixture-rest', rest);
    expect(drift(rows)).toEqual(expect.arrayContaining([
      { check: 'usage plan standard throttle', expected: 'rate 10/s, burst 20', deployed: 'rate 1000/s, burst 20', status: 'changed' },
      { check: 'usage plan standard key API key of consumer "globex"', expected: 'enabled', deployed: 'disabled', status: 'changed' },
      { check: 'usage plan backdoor', deployed: 'stage prod', status: 'extra' },
    ]));
  });
});

describe('finding the API through CloudFormation', () => {
  test('the REST API is found by its logical id in the deployed stack', async () => {
    // moto's CloudFormation creates REST APIs (not ApiGatewayV2): the stack holds the API
    // resource under the synthesized logical id, and the rest is created through the SDK.
    const cfn = new CloudFormationClient(motoClientConfig(moto.endpoint, FIXTURE_REGION));
    await cfn.send(new CreateStackCommand({
      StackName: FIXTURE_STACK,
      TemplateBody: JSON.stringify({ Resources: { [restId]: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'fixture-rest' } } } }),
    }));
    const found = await cfn.send(new DescribeStackResourcesCommand({ StackName: FIXTURE_STACK, LogicalResourceId: restId }));
    const physical = found.StackResources![0].PhysicalResourceId!;
    await deploy({ [restId]: physical });

    const r = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--endpoint-url', moto.endpoint);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${physical} in eu-west-1`);

    // The HTTP API is not in that stack: the deployed stack is older than the app.
    const h = await cli('verify', '--app', outdir, '--gateway', 'fixture-http', '--endpoint-url', moto.endpoint);
    expect(h.code).toBe(2);
    expect(h.stderr).toBe(`cdk-gateway-topology verify: stack VerifyFixture in eu-west-1 has no resource ${httpId} (AWS::ApiGatewayV2::Api): the deployed stack is older than the app; run \`cdk deploy VerifyFixture\`\n`);
  });

  test('a stack that was never deployed is a one-line error with exit 2', async () => {
    const r = await cli('verify', '--app', outdir, '--region', 'ap-south-2', '--endpoint-url', moto.endpoint);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk-gateway-topology verify: stack VerifyFixture is not deployed in ap-south-2: run `cdk deploy VerifyFixture` first, or pass --region with the region it is deployed in\n');
  });
});

describe('usage and access errors', () => {
  test('an API id that does not exist', async () => {
    const h = await cli('verify', '--app', outdir, '--gateway', 'fixture-http', '--api-id', 'nosuchapi', '--endpoint-url', moto.endpoint);
    const r = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--api-id', 'nosuchapi', '--endpoint-url', moto.endpoint);
    expect([h.code, r.code]).toEqual([2, 2]);
    expect(h.stderr).toBe('cdk-gateway-topology verify: HTTP API nosuchapi does not exist in eu-west-1: check --api-id and --region, or deploy the stack (`cdk deploy`)\n');
    expect(r.stderr).toBe('cdk-gateway-topology verify: REST API nosuchapi does not exist in eu-west-1: check --api-id and --region, or deploy the stack (`cdk deploy`)\n');
  });

  test('--api-id with several gateways, an unknown gateway, no cloud assembly', async () => {
    const several = await cli('verify', '--app', outdir, '--api-id', 'abc');
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/^cdk-gateway-topology verify: --api-id names one API but the cloud assembly has 2 gateways: add --gateway with one of VerifyFixture\/Http \(fixture-http\), VerifyFixture\/Rest \(fixture-rest\)\n$/);
    const unknown = await cli('verify', '--app', outdir, '--gateway', 'nope');
    expect(unknown.stderr).toMatch(/^cdk-gateway-topology verify: no gateway "nope" in the cloud assembly: use one of /);
    const none = await cli('verify', '--app', path.join(outdir, 'missing'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/is not a cloud assembly \(no manifest.json\): run `cdk synth` first/);
    const bad = await cli('verify', '--frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cdk-gateway-topology verify: Unknown option '--frobnicate'.*; see --help\n$/);
  });

  describe('against a moto_server that checks credentials', () => {
    let strict: MotoServer;
    let reader: { id: string; secret: string };
    beforeAll(async () => {
      strict = await strictStarting;
      const iam = async (params: Record<string, string>) => {
        const res = await fetch(`${strict.endpoint}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            // moto picks the service from the credential scope.
            'authorization': 'AWS4-HMAC-SHA256 Credential=bootstrap/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
          },
          body: new URLSearchParams({ Version: '2010-05-08', ...params }),
        });
        return res.text();
      };
      await iam({ Action: 'CreateUser', UserName: 'reader' });
      const key = await iam({ Action: 'CreateAccessKey', UserName: 'reader' });
      reader = { id: /<AccessKeyId>(.*?)</.exec(key)![1], secret: /<SecretAccessKey>(.*?)</.exec(key)![1] };
    });

    test('rejected credentials', async () => {
      process.env.AWS_ACCESS_KEY_ID = 'AKIANOTAKEY';
      process.env.AWS_SECRET_ACCESS_KEY = 'wrong';
      const r = await cli('verify', '--app', outdir, '--endpoint-url', strict.endpoint);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('cdk-gateway-topology verify: the AWS credentials were rejected (InvalidClientTokenId): refresh them (`aws sso login`, a new session token) or pick another profile with AWS_PROFILE\n');
    });

    test('missing permissions', async () => {
      process.env.AWS_ACCESS_KEY_ID = reader.id;
      process.env.AWS_SECRET_ACCESS_KEY = reader.secret;
      const r = await cli('verify', '--app', outdir, '--endpoint-url', strict.endpoint);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('cdk-gateway-topology verify: missing permission cloudformation:DescribeStackResources on stack VerifyFixture in eu-west-1: grant it to the caller (verify only reads), or pass --api-id to skip the lookup\n');
      const direct = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--api-id', 'abc', '--endpoint-url', strict.endpoint);
      expect(direct.code).toBe(2);
      expect(direct.stderr).toMatch(/^cdk-gateway-topology verify: AWS refused apigateway:GET \(GetRestApi\) on REST API abc in eu-west-1 \(HTTP 403\)/);
    });
  });

  test('no credentials at all', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_CONFIG_FILE = path.join(outdir, 'no-config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(outdir, 'no-credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const r = await cli('verify', '--app', outdir, '--endpoint-url', moto.endpoint);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cdk-gateway-topology verify: no AWS credentials found: set AWS_PROFILE/);
  });
});

describe('on a terminal', () => {
  test('a progress line per API goes to stderr', async () => {
    const { http, rest } = await deploy();
    let stderr = '';
    const err = Object.assign(new Writable({ write(chunk, _e, cb) { stderr += String(chunk); cb(); } }), { isTTY: true });
    const out = new Writable({ write(_c, _e, cb) { cb(); } });
    expect(await main(['verify', '--app', outdir, '--gateway', 'fixture-http', '--api-id', http, '--endpoint-url', moto.endpoint], out, err)).toBe(0);
    expect(await main(['verify', '--app', outdir, '--gateway', 'fixture-rest', '--api-id', rest, '--endpoint-url', moto.endpoint], out, err)).toBe(0);
    expect(stderr).toBe('verifying HTTP API fixture-http (VerifyFixture/Http) in eu-west-1 ...\nverifying REST API fixture-rest (VerifyFixture/Rest) in eu-west-1 ...\n');
  });
});

describe('the built command', () => {
  const bin = path.join(__dirname, '..', '..', 'dist', 'lib', 'verify', 'cli.js');

  test('is the package bin, built by npm run build, and prints errors without a stack trace', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first (npm test does)`);
    const pkg = require('../../package.json');
    expect(pkg.bin['cdk-gateway-topology']).toBe('dist/lib/verify/cli.js');
    const { http } = await deploy();
    const run = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, ...args], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }, (error, stdout, stderr) => {
        resolve({ code: error ? (error as any).code : 0, stdout, stderr });
      });
    });
    const ok = await run('verify', '--app', outdir, '--gateway', 'fixture-http', '--api-id', http, '--endpoint-url', moto.endpoint);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('All 1 API(s) match the cloud assembly.');
    const missing = await run('verify', '--app', outdir, '--gateway', 'fixture-http', '--api-id', 'nosuchapi', '--endpoint-url', moto.endpoint);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cdk-gateway-topology verify: HTTP API nosuchapi does not exist/)]);
  });
});
