/**
 * Test support for the translator: the fixture descriptor, a real grpc-js UserService on
 * loopback, and API Gateway event factories.
 */
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

export const FIXTURES = path.join(__dirname, 'fixtures');
const PROTOBUFJS = path.dirname(require.resolve('protobufjs/package.json'));

/** Compiles the fixture protos the way the construct does (keepCase) and round-trips through JSON. */
export function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? path.join(PROTOBUFJS, target) : path.join(FIXTURES, target));
  root.loadSync('users/v1/users.proto', { keepCase: true });
  root.resolveAll();
  return protobuf.Root.fromJSON(JSON.parse(JSON.stringify(root.toJSON())));
}

/** What the fake service saw. */
export interface ServerLog {
  calls: Record<string, number>;
  last: Record<string, Record<string, unknown>>;
  /** The x-request-id metadata of the last call of each method. */
  requestIds: Record<string, string | undefined>;
}

/** An encoded google.rpc.Status with one BadRequest field violation, as rich-error backends send it. */
export function badRequestStatus(field: string, description: string): Buffer {
  const types = protobuf.Root.fromJSON({
    nested: {
      Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } } },
      Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
      BadRequest: { fields: { field_violations: { rule: 'repeated', type: 'FieldViolation', id: 1 } } },
      FieldViolation: { fields: { field: { type: 'string', id: 1 }, description: { type: 'string', id: 2 } } },
    },
  } as unknown as protobuf.INamespace);
  const badRequest = types.lookupType('BadRequest').encode({ field_violations: [{ field, description }] }).finish();
  return Buffer.from(types.lookupType('Status').encode({ code: 3, message: 'invalid', details: [{ type_url: 'type.googleapis.com/google.rpc.BadRequest', value: badRequest }] }).finish());
}

/** A running UserService. */
export interface TestServer {
  readonly port: number;
  readonly target: string;
  readonly log: ServerLog;
  /** Scripted UNAVAILABLE answers left for Fail(code 14 with message "once"). */
  stop(): Promise<void>;
}

/** Starts the UserService on loopback (port 0 unless given). */
export async function startServer(root: protobuf.Root, port = 0, credentials = grpc.ServerCredentials.createInsecure()): Promise<TestServer> {
  const service = root.lookupService('users.v1.UserService');
  const log: ServerLog = { calls: {}, last: {}, requestIds: {} };
  const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    if (method.responseStream) continue;
    method.resolve();
    const req = method.resolvedRequestType!;
    const res = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/users.v1.UserService/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (v: object) => Buffer.from(req.encode(v).finish()),
      requestDeserialize: (b: Buffer) => req.decode(b),
      responseSerialize: (v: object) => Buffer.from(res.encode(res.fromObject(v)).finish()),
      responseDeserialize: (b: Buffer) => res.decode(b),
    };
  }
  const handlers: grpc.UntypedServiceImplementation = {
    GetUser: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      count(log, 'GetUser', call);
      if (call.request.user_id === 'missing') return callback({ code: grpc.status.NOT_FOUND, details: 'user missing does not exist' });
      callback(null, {
        user: {
          id: call.request.user_id,
          email: 'ada@example.com',
          name: 'Ada',
          tenant_id: 't-1',
          created_at: { seconds: 1714557600, nanos: 123456789 },
          internal_notes: 'VIP, do not share',
          status: 1,
          balance_cents: '9007199254740993',
          secret_hash: 'hash-never-returned',
        },
      });
    },
    CreateUser: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      count(log, 'CreateUser', call);
      const r = call.request;
      callback(null, { user: { id: 'u-new', email: r.email, name: r.name, tenant_id: r.tenant_id, internal_notes: 'created by test' }, created: true });
    },
    ListUsers: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      count(log, 'ListUsers', call);
      const r = call.request;
      callback(null, {
        users: [{ id: 'u-1', email: 'a@example.com', internal_notes: 'x' }, { id: 'u-2', status: 2 }],
        next_page_token: 'next',
        received: JSON.stringify({ parent: r.parent, page_size: r.page_size, ids: r.ids, filter: r.filter }),
      });
    },
    UpdateUser: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      count(log, 'UpdateUser', call);
      callback(null, { ...call.request.user, internal_notes: 'x' });
    },
    Echo: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      count(log, 'Echo', call);
      callback(null, call.request);
    },
    Fail: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      count(log, 'Fail', call);
      const { code, message, delay_ms } = call.request;
      const metadata = new grpc.Metadata();
      if (message === 'violations') metadata.set('grpc-status-details-bin', badRequestStatus('email', 'must be a company address'));
      const answer = (): void => (code === 0 ? callback(null, {}) : callback({ code, details: message || `failed with ${code}`, metadata }));
      if (delay_ms > 0) setTimeout(answer, delay_ms);
      else answer();
    },
  };
  const server = new grpc.Server();
  server.addService(definition as grpc.ServiceDefinition, handlers);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, credentials, (error, p) => (error ? reject(error) : resolve(p))),
  );
  return {
    port: bound,
    target: `127.0.0.1:${bound}`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}

function count(log: ServerLog, method: string, call: grpc.ServerUnaryCall<any, any>): void {
  log.calls[method] = (log.calls[method] ?? 0) + 1;
  log.last[method] = call.request;
  log.requestIds[method] = call.metadata.get('x-request-id')[0] as string | undefined;
}

/** Options of the event factories. */
export interface EventOptions {
  method: string;
  path: string;
  routeKey?: string;
  query?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Path parameters as the gateway extracted them. */
  pathParameters?: Record<string, string>;
  /** HTTP API stage name. */
  stage?: string;
  /** HTTP API: JWT claims. REST: Lambda authorizer context. */
  identity?: Record<string, unknown>;
}

/** An HTTP API (payload 2.0) event. */
export function v2Event(o: EventOptions): APIGatewayProxyEventV2 {
  const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  return {
    version: '2.0',
    routeKey: o.routeKey ?? '$default',
    rawPath: o.path,
    rawQueryString: o.query ?? '',
    ...(o.pathParameters ? { pathParameters: o.pathParameters } : {}),
    headers: { 'content-type': 'application/json', ...(o.headers ?? {}) },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: o.method, path: o.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'jest' },
      requestId: 'req-v2',
      routeKey: o.routeKey ?? '$default',
      stage: o.stage ?? '$default',
      time: '',
      timeEpoch: 0,
      ...(o.identity ? { authorizer: { jwt: { claims: o.identity, scopes: [] } } } : {}),
    },
    body,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/** A REST API (v1 proxy) event. */
export function v1Event(o: EventOptions & { resource?: string }): APIGatewayProxyEvent {
  const body = o.body === undefined ? null : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  // Keyed like the parsed JSON the runtime hands over: `__proto__` is an own key there.
  const collected = new Map<string, string[]>();
  for (const pair of (o.query ?? '').split('&').filter(Boolean)) {
    const [k, v] = pair.split('=');
    const key = decodeURIComponent(k);
    collected.set(key, [...(collected.get(key) ?? []), decodeURIComponent(v ?? '')]);
  }
  const multi = JSON.parse(JSON.stringify(Object.fromEntries(collected))) as Record<string, string[]>;
  return {
    httpMethod: o.method,
    path: o.path,
    resource: o.resource ?? '/{proxy+}',
    headers: { 'Content-Type': 'application/json', ...(o.headers ?? {}) },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: Object.keys(multi).length > 0 ? multi : null,
    pathParameters: o.pathParameters ?? null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-v1',
      authorizer: o.identity ? { principalId: 'user', ...o.identity } : undefined,
    } as APIGatewayProxyEvent['requestContext'],
  } as APIGatewayProxyEvent;
}
