/**
 * Hostile input and faults: client-keyed names that collide with Object.prototype, text
 * that is not UTF-8, percent-encoded paths of both event formats, query parameters the
 * google.api.http rules refuse, identity on automatic routes and internal fields. Every
 * call goes to a real grpc-js UserService on loopback.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import * as protobuf from 'protobufjs';
import { answerEvent, unexpectedErrorLine } from '../../../lambda/grpc-translator/adapter';
import { TranslatorConfig, TranslatorRoute, UnknownQueryParameters } from '../../../lambda/grpc-translator/config';
import { parseQueryString, requestFromEvent } from '../../../lambda/grpc-translator/events';
import { callerFor, closeAllClients } from '../../../lambda/grpc-translator/grpc-client';
import { Translator, createTranslator } from '../../../lambda/grpc-translator/translator';
import { EventOptions, TestServer, loadRoot, startServer, v1Event, v2Event } from './helpers';

const ECHO = 'users.v1.UserService/Echo';

const routes: TranslatorRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/users/{userId}',
    grpcMethod: 'users.v1.UserService/GetUser',
    requestMapping: [{ from: 'path.userId', to: 'user_id' }],
    responseMapping: [{ from: 'user.id', to: 'id' }],
  },
  {
    method: 'GET',
    path: '/api/v1/files/{filePath+}',
    grpcMethod: 'users.v1.UserService/GetUser',
    requestMapping: [{ from: 'path.filePath', to: 'user_id' }],
    responseMapping: [{ from: 'user.id', to: 'id' }],
  },
  {
    method: 'GET',
    path: '/api/v1/echo-query',
    grpcMethod: ECHO,
    requestMapping: [
      { from: 'query.constructor', to: 'a' },
      { from: 'query.__proto__', to: 'display_name' },
      { from: 'header.constructor', to: 'w_str' },
    ],
    responseBody: '*',
  },
  { method: 'POST', path: '/api/v1/echo', grpcMethod: ECHO, requestMapping: [{ from: 'body', to: '*' }], responseBody: '*' },
  // Automatic routes, as routesFromHttpAnnotations derives them.
  { method: 'GET', path: '/v1/echo', grpcMethod: ECHO, responseBody: '*' },
  { method: 'POST', path: '/v1/echo-all', grpcMethod: ECHO, body: '*', responseBody: '*' },
  { method: 'GET', path: '/v1/{parent=tenants/*}/users', grpcMethod: 'users.v1.UserService/ListUsers', responseBody: '*' },
  { method: 'GET', path: '/v1/files/{parent=**}', grpcMethod: 'users.v1.UserService/ListUsers', responseBody: '*' },
  { method: 'PATCH', path: '/v1/users/{user.id}', grpcMethod: 'users.v1.UserService/UpdateUser', body: 'user', responseBody: '*' },
  { method: 'GET', path: '/v1/users/{user_id}', grpcMethod: 'users.v1.UserService/GetUser', responseBody: '*' },
  {
    method: 'POST',
    path: '/v1/users',
    grpcMethod: 'users.v1.UserService/CreateUser',
    body: '*',
    responseBody: '*',
    identityMapping: [{ from: 'identity.tenantId', to: 'tenant_id' }],
  },
  {
    method: 'GET',
    path: '/v1/me/{user_id}',
    grpcMethod: 'users.v1.UserService/GetUser',
    responseBody: 'user',
    identityMapping: [{ from: 'identity.sub', to: 'user_id' }],
  },
  { method: 'POST', path: '/v1/echo/{a=*}:cancel', grpcMethod: ECHO, responseBody: '*' },
  {
    method: 'POST',
    path: '/v1/slow',
    grpcMethod: 'users.v1.UserService/Fail',
    body: '*',
  },
  {
    method: 'POST',
    path: '/v1/slow-with-own-timeout',
    grpcMethod: 'users.v1.UserService/Fail',
    body: '*',
    timeoutMs: 2_000,
  },
];

let root: protobuf.Root;
let server: TestServer;
let translator: Translator;
let strict: Translator;

function make(extra: Partial<TranslatorConfig> = {}, options: Partial<Parameters<typeof createTranslator>[2]> = {}, r = root): Translator {
  const config: TranslatorConfig = { version: 1, backend: { target: server.target }, routes, ...extra };
  return createTranslator(config, r, { caller: callerFor({ target: server.target }), ...options });
}

type Call = EventOptions & { resource?: string };
async function call(t: Translator, event: Call, version: 1 | 2 = 2) {
  const e = version === 2 ? v2Event(event) : v1Event(event);
  return parsed(await t.handle(requestFromEvent(e), 30_000));
}
async function callEvent(t: Translator, event: APIGatewayProxyEvent | APIGatewayProxyEventV2) {
  return parsed(await t.handle(requestFromEvent(event), 30_000));
}
/** What the backend received last, per method. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const last = (): Record<string, any> => server.log.last;

function parsed(response: { statusCode: number; headers: Record<string, string>; body: string }) {
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

beforeAll(async () => {
  root = loadRoot();
  server = await startServer(root);
  translator = make();
  strict = make({ unknownQueryParameters: UnknownQueryParameters.REJECT });
});

afterAll(async () => {
  closeAllClients();
  await server.stop();
});

describe('client keys named like Object.prototype members', () => {
  const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

  test('the HTTP API query parser keeps them as ordinary parameters', () => {
    // WHEN
    const query = parseQueryString(NAMES.map((n, i) => `${n}=${i}`).join('&') + '&__proto__=again');
    // THEN
    expect(Object.keys(query).sort()).toEqual([...NAMES].sort());
    expect(query.__proto__).toEqual(['1', 'again']);
    expect(query.constructor).toEqual(['0']);
    expect(Object.getPrototypeOf(query)).toBeNull();
  });

  test.each([1, 2] as const)('payload v%i: they are ignored on a route that does not read them', async (version) => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/users/u-1', routeKey: 'GET /api/v1/users/{userId}', resource: '/api/v1/users/{userId}', pathParameters: { userId: 'u-1' }, query: NAMES.map((n) => `${n}=x`).join('&') }, version);
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ id: 'u-1' });
  });

  test.each([1, 2] as const)('payload v%i: a mapping reads query.constructor and query.__proto__ like any parameter', async (version) => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/echo-query', resource: '/api/v1/echo-query', query: 'constructor=c-value&__proto__=p-value&toString=t' }, version);
    expect(response.statusCode).toBe(200);
    expect(last().Echo).toMatchObject({ a: 'c-value', display_name: 'p-value' });
  });

  test('a header mapping named constructor reads only a header the client sent', async () => {
    const absent = await call(translator, { method: 'GET', path: '/api/v1/echo-query' });
    expect(absent.statusCode).toBe(200);
    expect(last().Echo.w_str ?? undefined).toBeUndefined();
    const sent = await call(translator, { method: 'GET', path: '/api/v1/echo-query', headers: { Constructor: 'h-value' } });
    expect(sent.statusCode).toBe(200);
    expect(last().Echo.w_str).toEqual({ value: 'h-value' });
  });

  test('they are refused by name when unknown parameters are rejected', async () => {
    const response = await call(strict, { method: 'GET', path: '/v1/users/u-1', query: '__proto__=1' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'query.__proto__', reason: 'unknown query parameter' }]);
  });

  test('authorizer claims named __proto__ or constructor neither break the request nor stand in for others', async () => {
    const claims = JSON.parse('{"__proto__":{"tenantId":"t-evil"},"constructor":"c"}');
    const response = await call(translator, { method: 'POST', path: '/v1/users', body: { email: 'a@b.co' }, identity: claims });
    expect(response.statusCode).toBe(401);
  });
});

describe('no input ends a request without an answer', () => {
  test.each([
    ['an HTTP API event without requestContext', { version: '2.0', rawPath: '/x' }],
    ['a REST event without httpMethod', { path: '/x', requestContext: { requestId: 'r-broken' } }],
    ['null', null],
  ])('%s answers the normalized 500 body, logged with the request id', async (_name, event) => {
    // GIVEN
    const logged: [string, unknown][] = [];
    // WHEN
    const result = await answerEvent(translator, event as unknown as APIGatewayProxyEventV2, 10_000, (id, error) => logged.push([id, error]));
    // THEN
    expect(result.statusCode).toBe(500);
    const body = JSON.parse(result.body);
    const requestId = (event as { requestContext?: { requestId?: string } } | null)?.requestContext?.requestId ?? '';
    expect(body).toEqual({ error: { code: 'INTERNAL', status: 500, message: 'The request failed.', requestId } });
    expect(result.body).not.toMatch(/at |TypeError|\.ts|\.js/);
    expect(logged).toHaveLength(1);
    expect(logged[0][0]).toBe(requestId);
  });

  test('an error inside the translator is logged with the request id and answered 500 without internals', async () => {
    // GIVEN a failing call whose logger throws something nobody expects
    const logged: string[] = [];
    const broken = make({}, {
      onBackendError: () => { throw new TypeError('secret internal detail at 10.0.0.1'); },
      onUnexpectedError: (id, error) => logged.push(unexpectedErrorLine(id, error)),
    });
    // WHEN
    const result = await answerEvent(broken, v2Event({ method: 'POST', path: '/v1/slow', body: { code: 13 } }), 10_000);
    // THEN
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/secret|10\.0\.0\.1|TypeError/);
    expect(JSON.parse(result.body).error.requestId).toBe('req-v2');
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0])).toMatchObject({ message: 'unexpected error', requestId: 'req-v2', error: { name: 'TypeError', message: 'secret internal detail at 10.0.0.1' } });
  });

  test('a logger that throws still leaves an answer', async () => {
    const result = await answerEvent(translator, null as unknown as APIGatewayProxyEventV2, 10_000, () => { throw new Error('log down'); });
    expect(result.statusCode).toBe(500);
  });
});

describe('map and Struct keys', () => {
  test.each(['__proto__', 'constructor', 'toString'])('a map key %s reaches the backend and comes back', async (key) => {
    // GIVEN a body whose own key is named like a prototype member
    const body = `{"counts":{"${key}":7,"n":1},"meta":{"${key}":{"x":1},"k":"v"}}`;
    // WHEN
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body });
    // THEN
    expect(response.statusCode).toBe(200);
    expect(Object.keys(last().Echo.counts).sort()).toEqual([key, 'n'].sort());
    expect(Object.prototype.hasOwnProperty.call(last().Echo.counts, key)).toBe(true);
    expect(Object.keys(last().Echo.meta.fields).sort()).toEqual([key, 'k'].sort());
    expect(response.body).toContain(`"${key}":7`);
    expect(response.body).toContain(`"${key}":{"x":1}`);
  });

  test('a message key __proto__ is an unknown field, refused with 400 rather than dropped', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body: '{"__proto__":{"a":"x"},"label":"l"}' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'body.__proto__', reason: 'unknown field of users.v1.Everything' }]);
  });

  test('a map key given twice in two spellings of one number is refused', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body: '{"byId":{"1":"a","01":"b"}}' });
    expect(response.statusCode).toBe(400);
  });
});

describe('text that is not UTF-8', () => {
  const before = () => server.log.calls.Echo ?? 0;

  test.each([
    ['an invalid byte', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ['a truncated sequence', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')])],
    ['an encoded surrogate', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])],
    ['an overlong slash', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])],
  ])('a base64 body with %s is refused with 400, not replaced with U+FFFD', async (_name, bytes) => {
    const calls = before();
    const event = v2Event({ method: 'POST', path: '/api/v1/echo' });
    const response = await callEvent(translator, { ...event, body: bytes.toString('base64'), isBase64Encoded: true });
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'BAD_REQUEST_BODY', details: [{ field: 'body', reason: 'is not valid UTF-8' }] });
    expect(server.log.calls.Echo ?? 0).toBe(calls);
  });

  test('a base64 body of valid multi-byte UTF-8 is accepted as is', async () => {
    const event = v2Event({ method: 'POST', path: '/api/v1/echo' });
    const response = await callEvent(translator, { ...event, body: Buffer.from('{"a":"é € 😀"}').toString('base64'), isBase64Encoded: true });
    expect(response.statusCode).toBe(200);
    expect(last().Echo.a).toBe('é € 😀');
  });

  test.each([
    ['a \\ud800 escape in a value', '{"a":"x\\ud800"}', 'body.a'],
    ['a lone low surrogate escape in a map key', '{"counts":{"\\udc00":1}}', 'body.counts'],
  ])('a JSON body with %s is refused with 400 naming it', async (_name, body, field) => {
    const calls = before();
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field, reason: 'is not valid UTF-8 (a lone surrogate)' }]);
    expect(server.log.calls.Echo ?? 0).toBe(calls);
  });

  test('an escaped surrogate pair is a valid character', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body: '{"a":"\\ud83d\\ude00"}' });
    expect(response.statusCode).toBe(200);
    expect(last().Echo.a).toBe('😀');
  });

  test('a raw body holding a lone surrogate is refused', async () => {
    const response = await call(translator, { method: 'POST', path: '/api/v1/echo', body: '{"a":"\ud800"}' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('BAD_REQUEST_BODY');
  });

  test.each(['a=%FF', 'a=%E2%82', '%FF=1', 'a=100%', 'a=%zz'])('query %s is refused with 400 naming the parameter', async (query) => {
    const response = await call(translator, { method: 'GET', path: '/v1/echo', query });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0].field).toMatch(/^query\./);
    expect(response.json.error.details[0].reason).toBe('is not valid percent-encoded UTF-8');
  });

  test.each(['/v1/users/%FF', '/v1/users/%E2%82', '/v1/users/100%'])('a catch-all route path %s is refused with 400', async (path) => {
    const response = await call(translator, { method: 'GET', path });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'path.user_id', reason: 'is not valid percent-encoded UTF-8' }]);
  });
});

describe('deadlines', () => {
  test('defaultTimeoutMs from the configuration is the deadline of a route without its own', async () => {
    // GIVEN a default of 150 ms and a backend answering after 600 ms
    const quick = make({ defaultTimeoutMs: 150 });
    const started = Date.now();
    // WHEN
    const response = await call(quick, { method: 'POST', path: '/v1/slow', body: { code: 0, delay_ms: 600 } });
    // THEN
    expect(response.statusCode).toBe(504);
    expect(Date.now() - started).toBeLessThan(550);
  });

  test('a default longer than 5 s is honoured too, not capped', async () => {
    // GIVEN a 6 s default and a backend answering after 300 ms: the call must succeed
    const patient = make({ defaultTimeoutMs: 6_000 });
    const response = await call(patient, { method: 'POST', path: '/v1/slow', body: { code: 0, delay_ms: 300 } });
    expect(response.statusCode).toBe(200);
  });

  test('a route timeoutMs wins over the default', async () => {
    const quick = make({ defaultTimeoutMs: 100 });
    const response = await call(quick, { method: 'POST', path: '/v1/slow-with-own-timeout', body: { code: 0, delay_ms: 300 } });
    expect(response.statusCode).toBe(200);
  });
});

describe('path values come from the gateway', () => {
  const ROUTE = 'GET /api/v1/users/{userId}';
  const RESOURCE = '/api/v1/users/{userId}';

  // API Gateway decodes path parameters once; the raw path holds what the client sent.
  test.each([
    ['%40', 'a%40b', 'a@b'],
    ['%2F', 'a%2Fb', 'a/b'],
    ['%20', 'a%20b', 'a b'],
    ['%25', '100%25', '100%'],
    ['%2540', 'a%2540b', 'a%40b'],
    ['+', 'a+b', 'a+b'],
    ['unicode', '%C3%A9t%C3%A9', 'été'],
  ])('HTTP API: %s reaches the backend decoded exactly once', async (_name, raw, value) => {
    const response = await call(translator, { method: 'GET', path: `/api/v1/users/${raw}`, routeKey: ROUTE, pathParameters: { userId: value } });
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe(value);
  });

  test.each([
    ['%40', 'a%40b', 'a@b'],
    ['%2F', 'a%2Fb', 'a/b'],
    ['%20', 'a%20b', 'a b'],
    ['%25', '100%25', '100%'],
    ['%2540', 'a%2540b', 'a%40b'],
  ])('REST: %s reaches the backend decoded exactly once', async (_name, raw, value) => {
    const response = await call(translator, { method: 'GET', path: `/api/v1/users/${raw}`, resource: RESOURCE, pathParameters: { userId: value } }, 1);
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe(value);
  });

  test('HTTP API: a rawPath the gateway already decoded gives the same value', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/users/a@b c', routeKey: ROUTE, pathParameters: { userId: 'a@b c' } });
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe('a@b c');
  });

  test('a stage or base path in front of the raw path does not matter', async () => {
    const response = await call(translator, { method: 'GET', path: '/base/api/v1/users/a%40b', resource: RESOURCE, pathParameters: { userId: 'a@b' } }, 1);
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe('a@b');
  });

  test.each([1, 2] as const)('payload v%i: a greedy {filePath+} keeps its slashes and decodes each segment once', async (version) => {
    const response = await call(translator, {
      method: 'GET', path: '/api/v1/files/a/b%20c/d%40e', routeKey: 'GET /api/v1/files/{filePath+}', resource: '/api/v1/files/{filePath+}', pathParameters: { filePath: 'a/b c/d@e' },
    }, version);
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe('a/b c/d@e');
  });

  test.each([1, 2] as const)('payload v%i: a multi-segment variable {parent=tenants/*} is rebuilt from its gateway parameter', async (version) => {
    const response = await call(translator, {
      method: 'GET', path: '/v1/tenants/t%201/users', routeKey: 'GET /v1/tenants/{parent_1}/users', resource: '/v1/tenants/{parent_1}/users', pathParameters: { parent_1: 't 1' },
    }, version);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.json.received).parent).toBe('tenants/t 1');
  });

  test('a multi-segment variable keeps an encoded slash inside a segment encoded, as google.api.http specifies', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/tenants/a%2Fb/users', routeKey: 'GET /v1/tenants/{parent_1}/users', pathParameters: { parent_1: 'a/b' } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.json.received).parent).toBe('tenants/a%2Fb');
  });

  test('a {parent=**} variable takes every remaining segment', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/files/a/b%20c', routeKey: 'GET /v1/files/{parent+}', pathParameters: { parent: 'a/b c' } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.json.received).parent).toBe('a/b c');
  });

  test.each([1, 2] as const)('payload v%i: a :verb template is matched through its greedy gateway parameter', async (version) => {
    const response = await call(translator, {
      method: 'POST', path: '/v1/echo/a%40b:cancel', routeKey: 'POST /v1/echo/{a+}', resource: '/v1/echo/{a+}', pathParameters: { a: 'a@b c:cancel' },
    }, version);
    expect(response.statusCode).toBe(200);
    expect(last().Echo.a).toBe('a@b c');
  });

  test('a route key the translator knows is never answered by another route', async () => {
    // GIVEN the gateway matched GET /api/v1/users/{userId}, but the values fit no path of that route
    const response = await call(translator, { method: 'GET', path: '/v1/users/u-1', routeKey: 'GET /api/v1/users/{userId}' });
    // THEN the automatic GET /v1/users/{user_id} is not called in its place
    expect(response.statusCode).toBe(404);
  });

  test('HTTP API $default route: the raw path is matched and each value decoded once', async () => {
    const response = await call(translator, { method: 'GET', path: '/api/v1/users/a%2540b%20c' });
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe('a%40b c');
  });

  test('REST {proxy+} catch-all: the path is rebuilt from the proxy parameter', async () => {
    const response = await call(translator, { method: 'GET', path: '/stage-base/api/v1/users/a%40b', resource: '/{proxy+}', pathParameters: { proxy: 'api/v1/users/a@b' } }, 1);
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe('a@b');
  });
});

describe('identity on automatic routes', () => {
  test('the authorizer tenant overwrites the tenant the client sent in the body', async () => {
    const response = await call(translator, { method: 'POST', path: '/v1/users', body: { email: 'a@b.co', tenant_id: 't-evil', tenantId: undefined }, identity: { tenantId: 't-real' } });
    expect(response.statusCode).toBe(200);
    expect(last().CreateUser.tenant_id).toBe('t-real');
  });

  test('the lowerCamel spelling in the body is overwritten too', async () => {
    const response = await call(translator, { method: 'POST', path: '/v1/users', body: { email: 'a@b.co', tenantId: 't-evil' }, identity: { tenantId: 't-real' } });
    expect(response.statusCode).toBe(200);
    expect(last().CreateUser.tenant_id).toBe('t-real');
  });

  test('without the identity the call is refused with 401 and never made, whatever the body says', async () => {
    const calls = server.log.calls.CreateUser ?? 0;
    const response = await call(translator, { method: 'POST', path: '/v1/users', body: { email: 'a@b.co', tenant_id: 't-evil' }, headers: { 'x-tenant-id': 't-evil' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(server.log.calls.CreateUser ?? 0).toBe(calls);
  });

  test('an identity binding overwrites a path variable and a query parameter too', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/me/someone-else', query: 'user_id=third', identity: { sub: 'me' } });
    expect(response.statusCode).toBe(200);
    expect(last().GetUser.user_id).toBe('me');
  });

  test('REST: the identity comes from the Lambda authorizer context', async () => {
    const response = await call(translator, { method: 'POST', path: '/v1/users', resource: '/v1/users', body: { email: 'a@b.co', tenant_id: 't-evil' }, identity: { tenantId: 't-ctx' } }, 1);
    expect(response.statusCode).toBe(200);
    expect(last().CreateUser.tenant_id).toBe('t-ctx');
  });
});

describe('query parameters of automatic routes', () => {
  test.each([
    ['filters.status=ACTIVE', 'query.filters.status'],
    ['filters.namePrefix=a', 'query.filters.namePrefix'],
    ['filters=x', 'query.filters'],
  ])('%s, into a repeated message, is refused with 400 naming the parameter', async (query, field) => {
    const calls = server.log.calls.Echo ?? 0;
    const response = await call(translator, { method: 'GET', path: '/v1/echo', query });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0].field).toBe(field);
    expect(response.json.error.message).toContain(field);
    expect(server.log.calls.Echo ?? 0).toBe(calls);
  });

  test('a message as a whole is refused, its fields one by one are applied', async () => {
    const whole = await call(translator, { method: 'GET', path: '/v1/echo', query: 'oneFilter=x' });
    expect(whole.statusCode).toBe(400);
    expect(whole.json.error.details[0].field).toBe('query.oneFilter');
    const fields = await call(translator, { method: 'GET', path: '/v1/echo', query: 'one_filter.status=ACTIVE&oneFilter.namePrefix=ad' });
    expect(fields.statusCode).toBe(200);
    expect(last().Echo.one_filter).toEqual({ status: 1, name_prefix: 'ad' });
  });

  test('a field inside a scalar is refused', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/echo', query: 'a.b=1' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0].field).toBe('query.a.b');
  });

  test('map entries are given as name[key]=value; the whole map is refused', async () => {
    const entries = await call(translator, { method: 'GET', path: '/v1/echo', query: 'counts[a]=1&counts[__proto__]=2&byId[42]=x' });
    expect(entries.statusCode).toBe(200);
    const counts = last().Echo.counts;
    expect(Object.keys(counts).sort()).toEqual(['__proto__', 'a']);
    expect([counts.a, Object.getOwnPropertyDescriptor(counts, '__proto__')?.value]).toEqual([1, 2]);
    expect(Object.keys(last().Echo.by_id).length).toBe(1);
    const whole = await call(translator, { method: 'GET', path: '/v1/echo', query: 'counts=1' });
    expect(whole.statusCode).toBe(400);
    const badKey = await call(translator, { method: 'GET', path: '/v1/echo', query: 'byId[x]=1' });
    expect(badKey.statusCode).toBe(400);
    const outOfRange = await call(translator, { method: 'GET', path: '/v1/echo', query: 'byId[9223372036854775808]=1' });
    expect(outOfRange.statusCode).toBe(400);
    const twice = await call(translator, { method: 'GET', path: '/v1/echo', query: 'counts[a]=1&counts[a]=2' });
    expect(twice.statusCode).toBe(400);
  });

  test('Struct and Value fields read their JSON text, as grpc-gateway does', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/echo', query: `meta=${encodeURIComponent('{"k":[1,"two"]}')}&anyValue=true` });
    expect(response.statusCode).toBe(200);
    expect(response.json).toMatchObject({ meta: { k: [1, 'two'] }, anyValue: true });
  });

  test('one field given under two names is refused', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/echo', query: 'display_name=a&label=b' });
    expect(response.statusCode).toBe(400);
  });

  test('two members of a oneof are refused', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/echo', query: 'a=x&b_num=2' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details[0].reason).toMatch(/oneof "choice"/);
  });

  test('a field under the body field is applied, as Envoy and ESPv2 do', async () => {
    const response = await call(translator, { method: 'PATCH', path: '/v1/users/u-9', query: 'user.name=Ada&user.status=ACTIVE', body: { email: 'ada@example.com' } });
    expect(response.statusCode).toBe(200);
    expect(last().UpdateUser.user).toMatchObject({ id: 'u-9', email: 'ada@example.com', name: 'Ada', status: 1 });
  });

  test('a field under the body field that the body sets too is refused, not dropped', async () => {
    const calls = server.log.calls.UpdateUser ?? 0;
    const response = await call(translator, { method: 'PATCH', path: '/v1/users/u-9', query: 'user.name=Ada', body: { name: 'Grace' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'query.user.name', reason: 'the body sets this field too; give it once' }]);
    expect(server.log.calls.UpdateUser ?? 0).toBe(calls);
  });

  test('a field bound by a path variable keeps the path value; the query cannot replace it', async () => {
    const response = await call(translator, { method: 'PATCH', path: '/v1/users/u-9', query: 'user.id=someone-else', body: {} });
    expect(response.statusCode).toBe(200);
    expect(last().UpdateUser.user.id).toBe('u-9');
    const refused = await call(strict, { method: 'PATCH', path: '/v1/users/u-9', query: 'user.id=someone-else', body: {} });
    expect(refused.statusCode).toBe(400);
  });

  test('with body "*" the query string is not read: ignored, or refused when unknown parameters are', async () => {
    const ignored = await call(translator, { method: 'POST', path: '/v1/echo-all', query: 'a=from-query', body: { label: 'x' } });
    expect(ignored.statusCode).toBe(200);
    expect(last().Echo.choice).toBeUndefined();
    const refused = await call(strict, { method: 'POST', path: '/v1/echo-all', query: 'a=from-query', body: { label: 'x' } });
    expect(refused.statusCode).toBe(400);
  });
});

describe('internal fields', () => {
  test('a debug_redact field is never returned, even with the whole message', async () => {
    const response = await call(translator, { method: 'GET', path: '/v1/users/u-1' });
    expect(response.statusCode).toBe(200);
    expect(response.json.user.id).toBe('u-1');
    expect(response.body).not.toMatch(/secret|hash-never-returned/i);
  });

  test('internalFields of the configuration are withheld at any depth', async () => {
    // GIVEN a descriptor of its own, since marks belong to the descriptor's fields
    const own = loadRoot();
    const t = make({ internalFields: ['users.v1.User.internal_notes'] }, {}, own);
    const response = await call(t, { method: 'GET', path: '/v1/users/u-1' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/internal|VIP/i);
    expect(response.json.user.email).toBe('ada@example.com');
  });

  test('an internal field the descriptor lacks (pruned away) does not stop the container', async () => {
    const t = make({ internalFields: ['users.v1.User.nope', 'nowhere.Message.field'] }, {}, loadRoot());
    expect((await call(t, { method: 'GET', path: '/v1/users/u-1' })).statusCode).toBe(200);
  });
});
