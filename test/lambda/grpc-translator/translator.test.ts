import * as protobuf from 'protobufjs';
import { FieldTransform, LoadBalancing, TranslatorConfig, TranslatorRoute, UnknownQueryParameters } from '../../../lambda/grpc-translator/config';
import { requestFromEvent } from '../../../lambda/grpc-translator/events';
import { callerFor, closeAllClients } from '../../../lambda/grpc-translator/grpc-client';
import { routesFromHttpAnnotations } from '../../../lambda/grpc-translator/http-annotations';
import { GRPC_STATUS } from '../../../lambda/grpc-translator/status';
import { Translator, createTranslator } from '../../../lambda/grpc-translator/translator';
import { EventOptions, TestServer, loadRoot, startServer, v1Event, v2Event } from './helpers';

const referenceRoutes: TranslatorRoute[] = [
  {
    method: 'GET',
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
    method: 'POST',
    path: '/api/v1/users',
    requestSchema: {
      type: 'object',
      required: ['email', 'name'],
      properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 1 } },
    },
    grpcMethod: 'users.v1.UserService/CreateUser',
    requestMapping: [
      { from: 'body.email', to: 'request.email' },
      { from: 'body.name', to: 'request.name' },
      { from: 'identity.tenantId', to: 'request.tenant_id' },
    ],
    responseMapping: [
      { from: 'response.user.id', to: 'user.id' },
      { from: 'response.user.tenant_id', to: 'user.tenantId' },
      { from: 'response.created', to: 'created' },
    ],
    successStatus: 201,
  },
  {
    method: 'GET',
    path: '/api/v1/fail/{code}',
    grpcMethod: 'users.v1.UserService/Fail',
    requestMapping: [
      { from: 'path.code', to: 'code' },
      { from: 'query.message', to: 'message' },
      { from: 'query.delayMs', to: 'delay_ms' },
    ],
    timeoutMs: 200,
  },
  {
    method: 'POST',
    path: '/api/v1/fail/{code}',
    grpcMethod: 'users.v1.UserService/Fail',
    requestMapping: [{ from: 'path.code', to: 'code' }],
  },
  {
    method: 'POST',
    path: '/api/v1/echo',
    grpcMethod: 'users.v1.UserService/Echo',
    requestMapping: [{ from: 'body', to: '*' }],
    responseBody: '*',
  },
];

function config(target: string, extra: Partial<TranslatorConfig> = {}): TranslatorConfig {
  return { version: 1, backend: { target }, routes: referenceRoutes, ...extra };
}

let root: protobuf.Root;
let server: TestServer;
let translator: Translator;

async function call(t: Translator, event: EventOptions & { resource?: string }, version: 1 | 2 = 2, remainingMs = 30_000) {
  const e = version === 2 ? v2Event(event) : v1Event(event);
  const response = await t.handle(requestFromEvent(e), remainingMs);
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

beforeAll(async () => {
  root = loadRoot();
  server = await startServer(root);
  translator = createTranslator(config(server.target), root, { caller: callerFor({ target: server.target }) });
});

afterAll(async () => {
  closeAllClients();
  await server.stop();
});

describe('routes compiled on their first request', () => {
  test('a route that does not compile answers the normalized 500 and is logged, and leaves the others serving', async () => {
    // GIVEN a configuration that skipped the synth-time check: a method the descriptor lacks
    const broken = { method: 'GET', path: '/api/v1/broken/{id}', grpcMethod: 'users.v1.UserService/Missing', requestMapping: [{ from: 'path.id', to: 'request.user_id' }] };
    const logged: unknown[] = [];
    let t: Translator | undefined;
    expect(() => {
      t = createTranslator(config(server.target, { routes: [broken, ...referenceRoutes] }), root, {
        caller: callerFor({ target: server.target }),
        onUnexpectedError: (_id, error) => logged.push(error),
      });
    }).not.toThrow();
    // WHEN
    const failing = await call(t!, { method: 'GET', path: '/api/v1/broken/7', routeKey: 'GET /api/v1/broken/{id}' });
    const again = await call(t!, { method: 'GET', path: '/api/v1/broken/7', routeKey: 'GET /api/v1/broken/{id}' });
    const working = await call(t!, { method: 'GET', path: '/api/v1/users/u-42', routeKey: 'GET /api/v1/users/{userId}' });
    // THEN
    expect(failing.statusCode).toBe(500);
    expect(failing.json.error.code).toBe('INTERNAL');
    expect(failing.body).not.toMatch(/Missing|users\.v1|descriptor/);
    expect(again.statusCode).toBe(500);
    expect(logged).toHaveLength(2);
    expect(String(logged[0])).toContain('has no method "Missing"');
    expect(working.statusCode).toBe(200);
    expect(working.json.id).toBe('u-42');
  });

  test('a path template that cannot be matched still fails at container start', () => {
    const route = { method: 'GET', path: '/api/v1/{unclosed', grpcMethod: 'users.v1.UserService/GetUser' };
    expect(() => createTranslator(config(server.target, { routes: [route] }), root, { caller: callerFor({ target: server.target }) })).toThrow('route GET /api/v1/{unclosed');
  });
});

describe('reference example', () => {
  test('GET /api/v1/users/{userId} returns the mapped fields with createdAt in ISO-8601', async () => {
    // WHEN
    const response = await call(translator, { method: 'GET', path: '/api/v1/users/u-42', routeKey: 'GET /api/v1/users/{userId}' });
    // THEN
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ id: 'u-42', email: 'ada@example.com', createdAt: '2024-05-01T10:00:00.123Z' });
    expect(server.log.last.GetUser.user_id).toBe('u-42');
  });

  test('unmapped fields such as internal_notes never reach the client', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/users/u-42' });
    expect(response.body).not.toMatch(/internal|VIP|tenant/i);
  });

  test('POST /api/v1/users takes tenant_id from the authorizer and answers 201', async () => {
    const response = await call(translator, {
      method: 'POST',
      path: '/api/v1/users',
      body: { email: 'grace@example.com', name: 'Grace' },
      identity: { tenantId: 't-from-token', sub: 'user-1' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({ user: { id: 'u-new', tenantId: 't-from-token' }, created: true });
    expect(server.log.last.CreateUser).toMatchObject({ email: 'grace@example.com', name: 'Grace', tenant_id: 't-from-token' });
  });

  test('a client-sent X-Tenant-ID header or body field cannot replace the identity', async () => {
    const response = await call(translator, {
      method: 'POST',
      path: '/api/v1/users',
      headers: { 'x-tenant-id': 't-evil', 'x-user-id': 'admin' },
      body: { email: 'grace@example.com', name: 'Grace', tenantId: 't-evil', tenant_id: 't-evil' },
      identity: { tenantId: 't-real' },
    });
    expect(response.statusCode).toBe(201);
    expect(server.log.last.CreateUser.tenant_id).toBe('t-real');
  });

  test('without an authorizer identity the call is refused with 401, whatever the headers say', async () => {
    const before = server.log.calls.CreateUser ?? 0;
    const response = await call(translator, {
      method: 'POST',
      path: '/api/v1/users',
      headers: { 'x-tenant-id': 't-evil' },
      body: { email: 'grace@example.com', name: 'Grace' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(server.log.calls.CreateUser ?? 0).toBe(before);
  });

  test('a body missing a required property fails the schema with 400 naming it', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/users', body: { email: 'grace@example.com' }, identity: { tenantId: 't' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'BAD_REQUEST_BODY', status: 400, requestId: 'req-v2' });
    expect(response.json.error.details).toContainEqual({ field: 'body.name', reason: 'is required' });
  });

  test('an invalid email fails the schema format', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/users', body: { email: 'nope', name: 'G' }, identity: { tenantId: 't' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'BAD_REQUEST_BODY', message: 'The request body does not match the schema.' });
    expect(response.json.error.details).toEqual([{ field: 'body.email', reason: 'must match format "email"' }]);
  });

  test('malformed JSON answers 400', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/users', body: '{"email": ', identity: { tenantId: 't' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('BAD_REQUEST_BODY');
  });

  test('a value of the wrong type answers 400 naming the field', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body: { i32: 'twelve' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'body.i32', reason: 'expected an integer (int32)' }]);
  });

  test('a path parameter of the wrong type answers 400 naming it', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/fail/abc' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0].field).toBe('path.code');
  });

  test('the REST (v1) event gives the same answer as the HTTP API (v2) event', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/users/u-7' }, 1);
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ id: 'u-7', email: 'ada@example.com', createdAt: '2024-05-01T10:00:00.123Z' });
  });

  test('the REST (v1) identity comes from the Lambda authorizer context', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/users', body: { email: 'a@b.co', name: 'A' }, identity: { tenantId: 't-v1' }, headers: { 'X-Tenant-ID': 'evil' } }, 1);
    expect(response.statusCode).toBe(201);
    expect(server.log.last.CreateUser.tenant_id).toBe('t-v1');
  });

  test('an HTTP API stage in front of the path is not part of the route', async () => {
    const response = await call(translator, { method: 'GET', path: '/prod/api/v1/users/u-8', stage: 'prod' });
    expect(response.statusCode).toBe(200);
    expect(response.json.id).toBe('u-8');
  });

  test('a REST custom-domain base path in front of the path is matched through the resource', async () => {
    const response = await call(translator, { method: 'GET', path: '/users-api/api/v1/users/u-9', resource: '/api/v1/users/{userId}', pathParameters: { userId: 'u-9' } }, 1);
    expect(response.statusCode).toBe(200);
    expect(response.json.id).toBe('u-9');
  });

  test('an unknown route answers 404 in the error body', async () => {
    const response = await call(translator, { method: 'GET', path: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('gRPC status codes', () => {
  test.each(GRPC_STATUS.map((s, code) => [code, s.name, s.http] as const))('code %i (%s) answers HTTP %i', async (code, name, http) => {
    // POST is not idempotent, so UNAVAILABLE is not retried here.
    const response = await call(translator, { method: 'POST', path: `/api/v1/fail/${code}` });
    expect(response.statusCode).toBe(http);
    expect(response.body).not.toContain(String(server.port));
    expect(response.body).not.toMatch(/\bat\s|\.js:\d/);
    if (code === 0) {
      expect(response.json).toEqual({});
    } else {
      expect(response.json.error).toMatchObject({ code: name, status: http, requestId: 'req-v2' });
      expect(typeof response.json.error.message).toBe('string');
    }
  });

  test('UNAUTHENTICATED carries WWW-Authenticate', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/fail/16' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  test('the backend message of a client error reaches the client', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/fail/5', query: 'message=user%20u-9%20not%20found' });
    expect(response.json.error.message).toBe('user u-9 not found');
  });

  test('BadRequest field violations of a rich error become the error details', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/fail/3', query: 'message=violations' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'email', reason: 'must be a company address' }]);
  });

  test('the gateway request id reaches the backend as x-request-id metadata', async () => {
    await call(translator, { method: 'GET', path: '/api/v1/users/u-1' });
    expect(server.log.requestIds.GetUser).toBe('req-v2');
  });

  test('a backend message with an address or stack frame is replaced', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/fail/3', query: `message=${encodeURIComponent(`bad at Object.<anonymous> (/srv/app.js:10:5) ${server.target}`)}` });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain(String(server.port));
    expect(response.body).not.toMatch(/ at |app\.js/);
  });
});

describe('deadlines and retries', () => {
  test('a backend slower than the route timeout answers 504', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/fail/0', query: 'delayMs=1000' });
    expect(response.statusCode).toBe(504);
    expect(response.json.error.code).toBe('DEADLINE_EXCEEDED');
  });

  test('the deadline is capped by the Lambda remaining time less the margin', async () => {
    const t = createTranslator(config(server.target, { deadlineMarginMs: 250, routes: [{ ...referenceRoutes[2], timeoutMs: 10_000 }] }), root, { caller: callerFor({ target: server.target }) });
    const started = Date.now();
    const response = await call(t, { method: 'GET', path: '/api/v1/fail/0', query: 'delayMs=2000' }, 2, 400);
    expect(response.statusCode).toBe(504);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('no call is made when the remaining time is below the margin', async () => {
    const before = server.log.calls.Fail ?? 0;
    const response = await call(translator, { method: 'GET', path: '/api/v1/fail/0' }, 2, 100);
    expect(response.statusCode).toBe(504);
    expect(server.log.calls.Fail ?? 0).toBe(before);
  });

  test('UNAVAILABLE is retried once for an idempotent (GET) route', async () => {
    const before = server.log.calls.Fail ?? 0;
    const response = await call(translator, { method: 'GET', path: '/api/v1/fail/14' });
    expect(response.statusCode).toBe(503);
    expect((server.log.calls.Fail ?? 0) - before).toBe(2);
  });

  test('UNAVAILABLE is not retried for a non-idempotent (POST) route', async () => {
    const before = server.log.calls.Fail ?? 0;
    await call(translator, { method: 'POST', path: '/api/v1/fail/14' });
    expect((server.log.calls.Fail ?? 0) - before).toBe(1);
  });

  test('other codes are never retried', async () => {
    const before = server.log.calls.Fail ?? 0;
    await call(translator, { method: 'GET', path: '/api/v1/fail/13' });
    expect((server.log.calls.Fail ?? 0) - before).toBe(1);
  });
});

describe('backend availability', () => {
  test('a backend that is down answers 503 without its address or a stack trace', async () => {
    // GIVEN a port nobody listens on
    const gone = await startServer(root);
    await gone.stop();
    const t = createTranslator(config(gone.target), root, { caller: callerFor({ target: gone.target }) });
    // WHEN
    const response = await call(t, { method: 'GET', path: '/api/v1/users/u-1' });
    // THEN
    expect(response.statusCode).toBe(503);
    expect(response.json.error.code).toBe('UNAVAILABLE');
    expect(response.body).not.toContain('127.0.0.1');
    expect(response.body).not.toContain(String(gone.port));
    expect(response.body).not.toMatch(/\bat\s/);
  });

  test('a backend restarted between two calls is reached again', async () => {
    const first = await startServer(root);
    const t = createTranslator(config(first.target), root, { caller: callerFor({ target: first.target }) });
    expect((await call(t, { method: 'GET', path: '/api/v1/users/u-1' })).statusCode).toBe(200);
    await first.stop();
    const second = await startServer(root, first.port);
    try {
      const response = await call(t, { method: 'GET', path: '/api/v1/users/u-2' });
      expect(response.statusCode).toBe(200);
      expect(second.log.calls.GetUser).toBeGreaterThanOrEqual(1);
    } finally {
      await second.stop();
    }
  });
});

describe('request shaping', () => {
  test('a body larger than maxRequestBytes answers 413', async () => {
    const t = createTranslator(config(server.target, { maxRequestBytes: 64 }), root, { caller: callerFor({ target: server.target }) });
    const response = await call(t, { method: 'POST', path: '/api/v1/echo', body: { label: 'x'.repeat(200) } });
    expect(response.statusCode).toBe(413);
  });

  test('unknown query parameters are ignored by default', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/users/u-1', query: 'debug=1' });
    expect(response.statusCode).toBe(200);
  });

  test('unknown query parameters are rejected when configured', async () => {
    const t = createTranslator(config(server.target, { unknownQueryParameters: UnknownQueryParameters.REJECT }), root, { caller: callerFor({ target: server.target }) });
    const response = await call(t, { method: 'GET', path: '/api/v1/users/u-1', query: 'debug=1' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'query.debug', reason: 'unknown query parameter' }]);
  });

  test('a non-JSON content type answers 415', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(response.statusCode).toBe(415);
  });

  test('the whole body round-trips through proto3 JSON (int64 strings, enums, well-known types)', async () => {
    const body = {
      i64: '-9007199254740993',
      u64: '18446744073709551615',
      status: 'SUSPENDED',
      ts: '2024-05-01T12:00:00.5+02:00',
      dur: '-1.5s',
      mask: 'user.displayName,createdAt',
      wI64: '7',
      wStr: '',
      meta: { a: [1, 'two', null, { b: true }] },
      data: 'aGVsbG8',
      many: ['1', 2],
      counts: { x: 1 },
      label: 'L',
      bNum: 0,
    };
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body });
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      i64: '-9007199254740993',
      u64: '18446744073709551615',
      status: 'SUSPENDED',
      ts: '2024-05-01T10:00:00.500Z',
      dur: '-1.500s',
      mask: 'user.displayName,createdAt',
      wI64: '7',
      wStr: '',
      meta: { a: [1, 'two', null, { b: true }] },
      data: 'aGVsbG8=',
      many: ['1', '2'],
      counts: { x: 1 },
      label: 'L',
      bNum: 0,
    });
  });
});

describe('automatic mode (google.api.http)', () => {
  let auto: Translator;
  beforeAll(() => {
    const routes = routesFromHttpAnnotations(root, 'users.v1.UserService');
    auto = createTranslator({ version: 1, backend: { target: server.target }, routes }, root, { caller: callerFor({ target: server.target }) });
  });

  test('GET /v1/users/{user_id} returns the whole response message in lowerCamel', async () => {
    const response = await call(auto, { method: 'GET', path: '/v1/users/u-3' });
    expect(response.statusCode).toBe(200);
    expect(response.json.user).toMatchObject({ id: 'u-3', tenantId: 't-1', createdAt: '2024-05-01T10:00:00.123456789Z', status: 'ACTIVE', balanceCents: '9007199254740993' });
  });

  test('{parent=tenants/*} binds a multi-segment value and unbound fields come from the query', async () => {
    const response = await call(auto, { method: 'GET', path: '/v1/tenants/acme/users', query: 'pageSize=5&ids=a&ids=b&filter.status=SUSPENDED&filter.name_prefix=Ad' });
    expect(response.statusCode).toBe(200);
    const last = server.log.last.ListUsers as any;
    expect(last.parent).toBe('tenants/acme');
    expect(last.page_size).toBe(5);
    expect(last.ids).toEqual(['a', 'b']);
    expect(last.filter.status).toBe(2);
    expect(last.filter.name_prefix).toBe('Ad');
  });

  test('response_body returns only the named field', async () => {
    const response = await call(auto, { method: 'GET', path: '/v1/tenants/acme/users' });
    expect(response.json).toEqual([{ id: 'u-1', email: 'a@example.com', internalNotes: 'x' }, { id: 'u-2', status: 'SUSPENDED' }]);
  });

  test('body: "field" fills that field and {user.id} a nested one', async () => {
    const response = await call(auto, { method: 'PATCH', path: '/v1/users/u-5', body: { name: 'New', email: 'n@example.com' } });
    expect(response.statusCode).toBe(200);
    expect((server.log.last.UpdateUser as any).user).toMatchObject({ id: 'u-5', name: 'New', email: 'n@example.com' });
  });

  test('an unknown body field answers 400 naming it', async () => {
    const response = await call(auto, { method: 'POST', path: '/v1/users', body: { email: 'a@b.co', nickname: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0].field).toBe('body.nickname');
  });
});

describe('request and response mappings', () => {
  let mapped: Translator;
  beforeAll(() => {
    const route: TranslatorRoute = {
      method: 'PUT',
      path: '/things/{id}/{when}',
      grpcMethod: 'users.v1.UserService/Echo',
      requestMapping: [
        { from: 'path.id', to: 'i64' },
        { from: 'path.when', to: 'ts', transform: FieldTransform.TIMESTAMP_TO_ISO },
        { from: 'query.n', to: 'many' },
        { from: 'query.flag', to: 'b', transform: FieldTransform.BOOLEAN },
        { from: 'header.x-label', to: 'display_name' },
        { from: 'identity.level', to: 'i32' },
        { from: 'body.meta', to: 'meta' },
        { from: 'body.millis', to: 'dur', transform: FieldTransform.DURATION_TO_MILLIS },
        { from: 'body.state', to: 'status', transform: FieldTransform.ENUM_TO_LOWERCASE_NAME },
      ],
      responseMapping: [
        { from: 'i64', to: 'id', transform: FieldTransform.STRING_TO_NUMBER },
        { from: 'ts', to: 'at.iso', transform: FieldTransform.TIMESTAMP_TO_ISO },
        { from: 'many', to: 'numbers' },
        { from: 'b', to: 'flag' },
        { from: 'display_name', to: 'label' },
        { from: 'i32', to: 'level' },
        { from: 'meta', to: 'meta' },
        { from: 'dur', to: 'millis', transform: FieldTransform.DURATION_TO_MILLIS },
        { from: 'status', to: 'state', transform: FieldTransform.ENUM_TO_LOWERCASE_NAME },
        { from: 'u64', to: 'unset' },
      ],
    };
    mapped = createTranslator({ version: 1, backend: { target: server.target }, routes: [route] }, root, { caller: callerFor({ target: server.target }) });
  });

  test('path, query, header, identity and body values reach their fields through their transforms', async () => {
    // WHEN
    const response = await call(mapped, {
      method: 'PUT',
      path: '/things/42/2024-05-01T10%3A00%3A00Z',
      query: 'n=1&n=2&flag=1',
      headers: { 'x-label': 'hello' },
      identity: { level: 3 },
      body: { meta: { k: ['v'] }, millis: 1500, state: 'Suspended' },
    });
    // THEN
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      id: 42,
      at: { iso: '2024-05-01T10:00:00.000Z' },
      numbers: ['1', '2'],
      flag: true,
      label: 'hello',
      level: 3,
      meta: { k: ['v'] },
      millis: 1500,
      state: 'suspended',
      unset: '0',
    });
  });

  test('a transform that cannot read the value answers 400 naming the source', async () => {
    const response = await call(mapped, { method: 'PUT', path: '/things/42/yesterday', identity: { level: 3 } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0].field).toBe('path.when');
  });

  test('a single-valued query parameter given twice answers 400', async () => {
    const response = await call(mapped, { method: 'PUT', path: '/things/42/2024-05-01', query: 'flag=1&flag=0', identity: { level: 3 } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0]).toEqual({ field: 'query.flag', reason: 'given more than once' });
  });
});

describe('client-side load balancing', () => {
  async function spread(loadBalancing?: LoadBalancing): Promise<number[]> {
    const a = await startServer(root);
    const b = await startServer(root);
    try {
      const backend = { target: `ipv4:127.0.0.1:${a.port},127.0.0.1:${b.port}`, ...(loadBalancing ? { loadBalancing } : {}) };
      const t = createTranslator({ version: 1, backend, routes: referenceRoutes }, root, { caller: callerFor(backend) });
      for (let i = 0; i < 10; i++) expect((await call(t, { method: 'GET', path: `/api/v1/users/u-${i}` })).statusCode).toBe(200);
      return [a.log.calls.GetUser ?? 0, b.log.calls.GetUser ?? 0];
    } finally {
      await a.stop();
      await b.stop();
    }
  }

  test('round robin (the default) spreads calls over every resolved address', async () => {
    const [a, b] = await spread();
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
  });

  test('pick first sends every call to one address', async () => {
    const counts = await spread(LoadBalancing.PICK_FIRST);
    expect(counts.sort()).toEqual([0, 10]);
  });
});

describe('codecs', () => {
  test('a translator compiles only encode and decode of the types it uses', async () => {
    // GIVEN a fresh descriptor and a translator over it with a caller that answers at once
    const root = loadRoot();
    const reply = root.lookupType('users.v1.GetUserResponse');
    const bytes = Buffer.from(reply.encode({ user: { id: 'u-1', created_at: { seconds: 1714557600 } } }).finish());
    const fresh = loadRoot();
    const translator = createTranslator(
      { version: 1, backend: { target: 'a:1' }, routes: [{ method: 'GET', path: '/u/{id}', grpcMethod: 'users.v1.UserService/GetUser', requestMapping: [{ from: 'path.id', to: 'user_id' }], responseBody: '*' }] },
      fresh,
      { caller: { call: async () => bytes } },
    );
    // WHEN
    const answer = await translator.handle(requestFromEvent(v2Event({ method: 'GET', path: '/u/u-1' })), 10_000);
    // THEN the answer is right, and no type compiled its verifier or converters
    expect(JSON.parse(answer.body)).toEqual({ user: { id: 'u-1', createdAt: '2024-05-01T10:00:00Z' } });
    const user = fresh.lookupType('users.v1.User');
    expect(Object.prototype.hasOwnProperty.call(user, 'decode')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(user, 'verify')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(user, 'toObject')).toBe(false);
    // and a type set up the ordinary way later still works
    expect(user.toObject(user.decode(user.encode({ id: 'x' }).finish()))).toEqual({ id: 'x' });
  });
});
