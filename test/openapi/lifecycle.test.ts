import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as protobuf from 'protobufjs';
import { TranslatorConfig } from '../../lambda/grpc-translator/config';
import { requestFromEvent } from '../../lambda/grpc-translator/events';
import { callerFor, closeAllClients } from '../../lambda/grpc-translator/grpc-client';
import { createTranslator } from '../../lambda/grpc-translator/translator';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { lifecycleHeaders, RouteLifecycle } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { GrpcServiceBackend } from '../../lib/backends/grpc-service-backend';
import { GrpcTranslator } from '../../lib/transform/grpc-translator';
import { cfnLintAsync, STRICT_CONTEXT } from '../helpers/checked-app';
import { errorOf } from '../helpers/validation-error';
import { albBackend, gatewayStack, testFunction } from '../gateway/http-gateway.fixtures';
import { loadRoot, startServer, TestServer, v1Event } from '../lambda/grpc-translator/helpers';

const PUBLIC = Authorization.none('lifecycle test');
const DEPRECATED = RouteLifecycle.deprecated({ since: '2026-01-01', sunset: '2099-06-30', link: 'https://developer.example.com/deprecations/orders-v1' });

describe('lifecycle headers', () => {
  test('Deprecation is an RFC 9745 structured date, Sunset an RFC 8594 HTTP-date, Link names both relations', () => {
    expect(lifecycleHeaders(DEPRECATED)).toEqual({
      Deprecation: '@1767225600',
      Sunset: 'Tue, 30 Jun 2099 00:00:00 GMT',
      Link: '<https://developer.example.com/deprecations/orders-v1>; rel="deprecation"; type="text/html", '
        + '<https://developer.example.com/deprecations/orders-v1>; rel="sunset"; type="text/html"',
    });
  });

  test('applyTo marks a set of routes at once', () => {
    const routes = DEPRECATED.applyTo([
      { method: HttpMethod.GET, path: '/a', target: RouteTarget.httpUrl('https://a.example.com/') },
      { method: HttpMethod.GET, path: '/b', target: RouteTarget.httpUrl('https://b.example.com/') },
    ]);
    expect(routes.map((r) => r.lifecycle)).toEqual([DEPRECATED, DEPRECATED]);
  });
});

describe('HttpGateway', () => {
  let template: Template;
  let app: App;
  let outdir: string;
  let stack: Stack;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-lifecycle-'));
    app = new App({ context: STRICT_CONTEXT, outdir });
    ({ stack } = gatewayStack(app));
    const vpc = stack.node.findChild('Vpc') as any;
    const orders = albBackend(stack, 'orders', vpc);
    new HttpGateway(stack, 'Api', {
      defaultAuthorization: PUBLIC,
      routes: [
        { method: HttpMethod.GET, path: '/v1/orders', target: RouteTarget.service(orders), lifecycle: DEPRECATED, operationName: 'ListOrdersV1' },
        { method: HttpMethod.GET, path: '/v2/orders', target: RouteTarget.service(orders), operationName: 'ListOrders' },
        { method: HttpMethod.GET, path: '/v1/report', target: RouteTarget.lambda(testFunction(stack, 'Report')), lifecycle: DEPRECATED },
      ],
    });
    app.synth();
    template = Template.fromStack(stack);
  });

  test('the deprecated route\'s integration overwrites the headers on its answers; the current route\'s does not', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration', { Properties: { IntegrationType: 'HTTP_PROXY' } });
    const withHeaders = Object.values<any>(integrations).filter((i) => i.Properties.ResponseParameters);
    expect(Object.keys(integrations)).toHaveLength(2);
    expect(withHeaders).toHaveLength(1);
    expect(withHeaders[0].Properties.ResponseParameters['200'].ResponseParameters).toEqual(expect.arrayContaining([
      { Destination: 'overwrite:header.deprecation', Source: '@1767225600' },
      { Destination: 'overwrite:header.sunset', Source: 'Tue, 30 Jun 2099 00:00:00 GMT' },
      expect.objectContaining({ Destination: 'overwrite:header.link' }),
    ]));
    expect(withHeaders[0].Properties.ResponseParameters['404']).toBeDefined();
  });

  test('the template with response parameters passes cfn-lint', async () => {
    await expect(cfnLintAsync(outdir)).resolves.toBeUndefined();
  });

  test('a plain Lambda target warns that the function must send the headers', () => {
    Annotations.fromStack(stack).hasWarning('/Stack/Api', Match.stringLikeRegexp('GET /v1/report .*is deprecated, but a Lambda proxy integration answers for itself.*return them from the function'));
  });

  test('the OpenAPI document marks the operation deprecated with its sunset and headers', () => {
    const doc = JSON.parse(readFileSync(path.join(outdir, 'Stack.Api.openapi.json'), 'utf8'));
    const op = doc.paths['/v1/orders'].get;
    expect(op).toMatchObject({ operationId: 'ListOrdersV1', deprecated: true, 'x-sunset': '2099-06-30' });
    expect(Object.keys(op.responses['200'].headers)).toEqual(['Deprecation', 'Sunset', 'Link']);
    expect(doc.paths['/v2/orders'].get.deprecated).toBeUndefined();
    expect(doc.paths['/v1/report'].get).toMatchObject({ deprecated: true });
    expect(doc.paths['/v1/report'].get.responses['200'].headers).toBeUndefined();
  });
});

describe('RestGateway', () => {
  test('a deprecated proxy route warns that REST cannot add the headers and says what to use', () => {
    const { stack } = gatewayStack();
    new RestGateway(stack, 'Rest', {
      defaultAuthorization: PUBLIC,
      routes: [{ method: HttpMethod.GET, path: '/v1/orders', target: RouteTarget.httpUrl('https://orders.example.com/'), lifecycle: DEPRECATED }],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Rest', Match.stringLikeRegexp(
      'GET /v1/orders .*a REST API proxy integration cannot add response headers.*send them from the backend, target the gRPC translator.*or declare the route on an HttpGateway'));
  });

  test('a sunset in the past is a synth warning', () => {
    const { stack } = gatewayStack();
    new RestGateway(stack, 'Rest', {
      defaultAuthorization: PUBLIC,
      routes: [{
        method: HttpMethod.GET, path: '/v0/orders', target: RouteTarget.httpUrl('https://orders.example.com/'),
        lifecycle: RouteLifecycle.deprecated({ since: '2020-01-01', sunset: '2021-01-01' }),
      }],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Rest', Match.stringLikeRegexp('GET /v0/orders .*sunset of 2021-01-01, which is past'));
  });

  test.each([
    [{ since: '2026-13-01' }, 'routes[0].lifecycle.since'],
    [{ since: '2026-02-30' }, 'routes[0].lifecycle.since'],
    [{ since: '2026-03-01', sunset: '2026-02-01' }, 'routes[0].lifecycle.sunset'],
    [{ since: '2026-03-01', link: 'http://example.com/d' }, 'routes[0].lifecycle.link'],
  ])('fails when the lifecycle is %j', (options, prop) => {
    const { stack } = gatewayStack();
    const error = errorOf(() => new RestGateway(stack, 'Rest', {
      defaultAuthorization: PUBLIC,
      routes: [{ method: HttpMethod.GET, path: '/x', target: RouteTarget.httpUrl('https://x.example.com/'), lifecycle: RouteLifecycle.deprecated(options) }],
    }));
    expect(error.prop).toBe(prop);
    expect(error.constructPath).toBe('Stack/Rest');
  });
});

describe('the translator', () => {
  let root: protobuf.Root;
  let server: TestServer;
  beforeAll(async () => {
    root = loadRoot();
    server = await startServer(root);
  });
  afterAll(async () => {
    closeAllClients();
    await server.stop();
  });

  test('adds a deprecated route\'s headers to its answers, errors included, and no others', async () => {
    const headers = lifecycleHeaders(DEPRECATED);
    const config: TranslatorConfig = {
      version: 1,
      backend: { target: server.target },
      routes: [
        {
          method: 'GET', path: '/api/v1/users/{userId}', grpcMethod: 'users.v1.UserService/GetUser',
          requestMapping: [{ from: 'path.userId', to: 'user_id' }], responseMapping: [{ from: 'user.id', to: 'id' }], responseHeaders: headers,
        },
        {
          method: 'GET', path: '/api/v2/users/{userId}', grpcMethod: 'users.v1.UserService/GetUser',
          requestMapping: [{ from: 'path.userId', to: 'user_id' }], responseMapping: [{ from: 'user.id', to: 'id' }],
        },
      ],
    };
    const translator = createTranslator(config, root, { caller: callerFor(config.backend) });
    const ok = await translator.handle(requestFromEvent(v1Event({ method: 'GET', path: '/api/v1/users/u1' })), 30_000);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers).toMatchObject(headers);
    const missing = await translator.handle(requestFromEvent(v1Event({ method: 'GET', path: '/api/v1/users/missing' })), 30_000);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers).toMatchObject(headers);
    const current = await translator.handle(requestFromEvent(v1Event({ method: 'GET', path: '/api/v2/users/u1' })), 30_000);
    expect(current.statusCode).toBe(200);
    expect(current.headers.Deprecation).toBeUndefined();
  });
});

describe('a deprecated translator route', () => {
  const protosDir = path.join(__dirname, '..', 'transform', 'fixtures');
  function translatorStack() {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cdk-gt-lifecycle-')) });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const backend = new GrpcServiceBackend(stack, 'Users', { vpc, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/users-grpc:1.0.0') });
    const translator = new GrpcTranslator(stack, 'Translator', {
      vpc, backend, protos: { files: [path.join(protosDir, 'users', 'v1', 'users.proto')], includeDirs: [protosDir] },
      routes: [{
        method: HttpMethod.GET, path: '/api/v1/users/{userId}', grpcMethod: 'users.v1.UserService/GetUser',
        requestMapping: [{ from: 'path.userId', to: 'request.user_id' }], responseMapping: [{ from: 'response.user.id', to: 'id' }],
        lifecycle: DEPRECATED,
      }],
    });
    return { app, stack, translator };
  }

  test('ships its headers in the translator configuration and carries the lifecycle to the gateway route', () => {
    const { translator } = translatorStack();
    expect(translator.config.routes[0].responseHeaders).toEqual(lifecycleHeaders(DEPRECATED));
    expect(translator.routes()[0].lifecycle).toBe(DEPRECATED);
  });

  test('behind a RestGateway it needs no warning, and the document shows the headers it sends', () => {
    const { app, stack, translator } = translatorStack();
    new RestGateway(stack, 'Rest', { defaultAuthorization: PUBLIC, routes: translator.routes() });
    const assembly = app.synth();
    Annotations.fromStack(stack).hasNoWarning('/Stack/Rest', Match.stringLikeRegexp('cannot add response headers'));
    const doc = JSON.parse(readFileSync(path.join(assembly.directory, 'Stack.Rest.openapi.json'), 'utf8'));
    const op = doc.paths['/api/v1/users/{userId}'].get;
    expect(op).toMatchObject({ deprecated: true, operationId: 'GetUser' });
    expect(op.responses['200'].headers.Sunset.schema.const).toBe('Tue, 30 Jun 2099 00:00:00 GMT');
    expect(op.responses['200'].content['application/json'].schema).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
  });
});

describe('an automatic translator route', () => {
  test('documents the request fields it reads from the query string, and none for a body of "*"', () => {
    const protosDir = path.join(__dirname, '..', 'transform', 'fixtures');
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cdk-gt-openapi-auto-')) });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const backend = new GrpcServiceBackend(stack, 'Users', { vpc, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/users-grpc:1.0.0') });
    const translator = new GrpcTranslator(stack, 'Translator', {
      vpc, backend, automatic: true, protos: { files: [path.join(protosDir, 'users', 'v1', 'users.proto')], includeDirs: [protosDir] },
    });
    new HttpGateway(stack, 'Api', { defaultAuthorization: PUBLIC, routes: translator.routes() });
    const assembly = app.synth();
    const doc = JSON.parse(readFileSync(path.join(assembly.directory, 'Stack.Api.openapi.json'), 'utf8'));
    expect(doc.paths['/v1/users'].get.parameters).toEqual([
      { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', format: 'int32' } },
      { name: 'pageToken', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(doc.paths['/v1/users'].post.parameters).toBeUndefined();
    expect(doc.paths['/v1/users/{user_id}'].get.parameters).toBeUndefined();
  });
});
