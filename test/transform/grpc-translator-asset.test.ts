/**
 * The construct's asset end to end: the synthesized folder (pre-built handler, config.json,
 * descriptor.json) is loaded as Lambda would load it, in a fresh Node.js process, and called
 * against a real gRPC server on loopback, so the construct and the runtime agree on the
 * configuration they share.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GrpcServiceBackend } from '../../lib/backends/grpc-service-backend';
import { HttpMethod } from '../../lib/routes/http-method';
import { FieldTransform, GrpcTranslator } from '../../lib/transform/grpc-translator';

const FIXTURES = path.join(__dirname, 'fixtures');
const PROTOBUFJS_INCLUDE = path.dirname(require.resolve('protobufjs/package.json'));

interface Received { user_id?: string; email?: string; name?: string; tenant_id?: string }

type Handler = (event: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

let server: grpc.Server;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  const definition = protoLoader.loadSync(path.join(FIXTURES, 'users', 'v1', 'users.proto'), {
    includeDirs: [FIXTURES, PROTOBUFJS_INCLUDE], keepCase: true, longs: String, enums: String, defaults: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as any;
  server = new grpc.Server();
  const user = (id: string, tenant = 't-1') => ({
    id, email: 'ada@example.com', name: 'Ada', tenant_id: tenant,
    created_at: { seconds: '1714557600', nanos: 0 }, status: 'USER_STATUS_ACTIVE', login_count: '3',
    internal_notes: 'flagged by support',
  });
  server.addService(pkg.users.v1.UserService.service, {
    GetUser: (call: any, callback: grpc.sendUnaryData<unknown>) => {
      received.push(call.request);
      callback(null, { user: user(call.request.user_id) });
    },
    CreateUser: (call: any, callback: grpc.sendUnaryData<unknown>) => {
      received.push(call.request);
      callback(null, { user: user('u-new', call.request.tenant_id), created: true });
    },
    ListUsers: (_call: any, callback: grpc.sendUnaryData<unknown>) => callback(null, { users: [] }),
  });
  port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
});

afterAll(() => {
  server.forceShutdown();
});

/** Synthesizes a translator towards the loopback server and loads its asset's handler. */
function synthesizedHandler(automatic = false): Handler {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const backend = GrpcServiceBackend.fromGrpcServiceBackendAttributes(stack, 'Users', { vpc, host: '127.0.0.1', port });
  new GrpcTranslator(stack, 'Translator', {
    vpc,
    backend,
    protos: { files: [path.join(FIXTURES, 'users', 'v1', 'users.proto')], includeDirs: [FIXTURES] },
    automatic,
    routes: automatic ? undefined : [
      {
        method: HttpMethod.GET,
        path: '/api/v1/users/{userId}',
        grpcMethod: 'users.v1.UserService/GetUser',
        requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
        responseMapping: [
          { from: 'response.user.id', to: 'id' },
          { from: 'response.user.email', to: 'email' },
          { from: 'response.user.created_at', to: 'createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
        ],
      },
      {
        method: HttpMethod.POST,
        path: '/api/v1/users',
        grpcMethod: 'users.v1.UserService/CreateUser',
        requestSchema: { type: 'object', required: ['email', 'name'], properties: { email: { type: 'string' }, name: { type: 'string', minLength: 1 } } },
        requestMapping: [
          { from: 'body.email', to: 'request.email' },
          { from: 'body.name', to: 'request.name' },
          { from: 'identity.tenantId', to: 'request.tenant_id' },
        ],
        responseMapping: [{ from: 'response.user.id', to: 'user.id' }, { from: 'response.created', to: 'created' }],
        successStatus: 201,
      },
    ],
  });
  const assembly = app.synth();
  const template = assembly.getStackByName('Stack').template;
  const fn = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  const assetDir = path.join(assembly.directory, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
  return (event) => invokeInFreshProcess(assetDir, event);
}

const run = promisify(execFile);

// A child process, as Lambda runs the bundle: nothing of this test's module registry leaks in,
// and only what the asset folder holds can be loaded.
const INVOKE = `
const [dir, event] = process.argv.slice(1);
const { handler } = require(require('path').join(dir, 'index.js'));
handler(JSON.parse(event), { getRemainingTimeInMillis: () => 10000, awsRequestId: 'aws-1' })
  .then((result) => { process.stdout.write(JSON.stringify(result)); process.exit(0); })
  .catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });
`;

async function invokeInFreshProcess(assetDir: string, event: unknown): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const { stdout } = await run(process.execPath, ['-e', INVOKE, assetDir, JSON.stringify(event)], { cwd: assetDir, env: { PATH: process.env.PATH }, timeout: 20_000 });
  return JSON.parse(stdout);
}

function v2Event(method: string, rawPath: string, routeKey: string, options: { body?: string; headers?: Record<string, string>; authorizer?: unknown } = {}) {
  return {
    version: '2.0', routeKey: `${method} ${routeKey}`, rawPath, rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body, isBase64Encoded: false,
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' },
      requestId: 'req-1', stage: '$default', routeKey: `${method} ${routeKey}`,
      authorizer: options.authorizer,
    },
  };
}

function v1Event(method: string, pathValue: string, resource: string, authorizer: Record<string, unknown>) {
  return {
    httpMethod: method, path: pathValue, resource, headers: {}, multiValueHeaders: {},
    queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null,
    body: null, isBase64Encoded: false,
    requestContext: { requestId: 'req-v1', stage: 'prod', httpMethod: method, resourcePath: resource, authorizer },
  };
}


describe('GrpcTranslator asset against a loopback gRPC server', () => {
  let handler: Handler;
  beforeAll(() => {
    handler = synthesizedHandler();
  });

  test('GET /api/v1/users/{userId} returns the mapped fields with createdAt in ISO-8601 and no internal notes', async () => {
    // PREPARE
    const event = v2Event('GET', '/api/v1/users/u-42', '/api/v1/users/{userId}', { authorizer: { lambda: { userId: 'u-1', tenantId: 't-1' } } });
    // ACT
    const result = await handler(event);
    // ASSESS
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ id: 'u-42', email: 'ada@example.com', createdAt: '2024-05-01T10:00:00.000Z' });
    expect(result.body).not.toMatch(/internal|flagged/i);
    expect(received.at(-1)).toMatchObject({ user_id: 'u-42' });
  });

  test('POST /api/v1/users takes the tenant from the authorizer, not from a client header', async () => {
    // PREPARE
    const event = v2Event('POST', '/api/v1/users', '/api/v1/users', {
      body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
      headers: { 'x-tenant-id': 't-forged' },
      authorizer: { lambda: { userId: 'u-1', tenantId: 't-real' } },
    });
    // ACT
    const result = await handler(event);
    // ASSESS
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ user: { id: 'u-new' }, created: true });
    expect(received.at(-1)).toMatchObject({ email: 'ada@example.com', name: 'Ada', tenant_id: 't-real' });
  });

  test('POST /api/v1/users without a name is refused by the schema before any call', async () => {
    // PREPARE
    const calls = received.length;
    const event = v2Event('POST', '/api/v1/users', '/api/v1/users', {
      body: JSON.stringify({ email: 'ada@example.com' }),
      authorizer: { lambda: { tenantId: 't-real' } },
    });
    // ACT
    const result = await handler(event);
    // ASSESS
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error).toMatchObject({ status: 400 });
    expect(received.length).toBe(calls);
  });
});

describe('GrpcTranslator asset in automatic mode and behind a REST API', () => {
  test('a google.api.http route answers the whole response message in proto3 JSON', async () => {
    // PREPARE
    const handler = synthesizedHandler(true);
    const event = v2Event('GET', '/v1/users/u-7', '/v1/users/{user_id}');
    // ACT
    const result = await handler(event);
    // ASSESS
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).user).toMatchObject({ id: 'u-7', createdAt: '2024-05-01T10:00:00Z', loginCount: '3', status: 'USER_STATUS_ACTIVE' });
  });

  test('a REST (v1 proxy) event reaches the same route', async () => {
    // PREPARE
    const handler = synthesizedHandler();
    const event = v1Event('GET', '/api/v1/users/u-9', '/api/v1/users/{userId}', { userId: 'u-1', tenantId: 't-1' });
    // ACT
    const result = await handler(event);
    // ASSESS
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ id: 'u-9', email: 'ada@example.com', createdAt: '2024-05-01T10:00:00.000Z' });
  });
});
