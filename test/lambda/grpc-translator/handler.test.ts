import { execFileSync } from 'child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { TranslatorConfig } from '../../../lambda/grpc-translator/config';
import { pruneDescriptor } from '../../../lambda/grpc-translator/prune-descriptor';
import { TestServer, loadRoot, startServer, v1Event, v2Event } from './helpers';

const ROOT = path.join(__dirname, '..', '..', '..');
const BUNDLE = path.join(ROOT, 'assets', 'lambda', 'grpc-translator', 'index.js');

let server: TestServer;
let handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
const context = { getRemainingTimeInMillis: () => 10_000 };

beforeAll(async () => {
  // GIVEN the bundled handler in an asset folder with its config.json and descriptor.json
  if (!existsSync(BUNDLE)) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-handlers.mjs'), 'grpc-translator']);
  const root = loadRoot();
  server = await startServer(root);
  const dir = mkdtempSync(path.join(tmpdir(), 'grpc-translator-handler-'));
  copyFileSync(BUNDLE, path.join(dir, 'index.js'));
  const config: TranslatorConfig = {
    version: 1,
    backend: { target: server.target },
    routes: [
      {
        method: 'GET',
        path: '/api/v1/users/{userId}',
        grpcMethod: 'users.v1.UserService/GetUser',
        requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
        responseMapping: [
          { from: 'response.user.id', to: 'id' },
          { from: 'response.user.created_at', to: 'createdAt', transform: 'timestampToISO' },
        ],
      },
      {
        method: 'POST',
        path: '/api/v1/users',
        grpcMethod: 'users.v1.UserService/CreateUser',
        requestMapping: [
          { from: 'body.email', to: 'email' },
          { from: 'identity.tenantId', to: 'tenant_id' },
        ],
        responseMapping: [{ from: 'user.tenant_id', to: 'tenantId' }],
      },
    ],
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  // The descriptor as the construct ships it: pruned to what the routes reach.
  writeFileSync(path.join(dir, 'descriptor.json'), JSON.stringify(pruneDescriptor(root, config)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handler = require(path.join(dir, 'index.js')).handler;
});

afterAll(async () => {
  await server.stop();
});

test('the bundled handler answers an HTTP API (v2) event from its shipped configuration', async () => {
  // WHEN
  const result = await handler(v2Event({ method: 'GET', path: '/api/v1/users/u-1', routeKey: 'GET /api/v1/users/{userId}' }), context);
  // THEN
  expect(result.statusCode).toBe(200);
  expect(result.headers['content-type']).toBe('application/json');
  expect(JSON.parse(result.body)).toEqual({ id: 'u-1', createdAt: '2024-05-01T10:00:00.123Z' });
});

test('the bundled handler answers a REST (v1) event', async () => {
  const result = await handler(v1Event({ method: 'GET', path: '/api/v1/users/u-2', resource: '/api/v1/users/{userId}' }), context);
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body).id).toBe('u-2');
});

test('the bundled handler takes the tenant from HTTP API JWT claims, not from X-Tenant-ID', async () => {
  const result = await handler(
    v2Event({ method: 'POST', path: '/api/v1/users', headers: { 'x-tenant-id': 'evil' }, body: { email: 'a@b.co' }, identity: { tenantId: 't-jwt' } }),
    context,
  );
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body)).toEqual({ tenantId: 't-jwt' });
});

test('a base64-encoded body is decoded before translation', async () => {
  const event = v2Event({ method: 'POST', path: '/api/v1/users', identity: { tenantId: 't' } });
  const result = await handler({ ...event, body: Buffer.from(JSON.stringify({ email: 'a@b.co' })).toString('base64'), isBase64Encoded: true }, context);
  expect(result.statusCode).toBe(200);
});

test('query parameters named like Object.prototype members are answered, not a Lambda error', async () => {
  const result = await handler(v2Event({ method: 'GET', path: '/api/v1/users/u-3', routeKey: 'GET /api/v1/users/{userId}', pathParameters: { userId: 'u-3' }, query: 'constructor=1&__proto__=2&toString=3&hasOwnProperty=4' }), context);
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body).id).toBe('u-3');
});

test('an event the adapter cannot read is answered with the normalized 500 body and logged with the request id', async () => {
  // GIVEN
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    // WHEN
    const result = await handler({ version: '2.0', requestContext: { requestId: 'r-odd' } }, context);
    // THEN
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'INTERNAL', status: 500, message: 'The request failed.', requestId: 'r-odd' } });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(errors.mock.calls[0][0]))).toMatchObject({ message: 'unexpected error', requestId: 'r-odd' });
  } finally {
    errors.mockRestore();
  }
});

test('a base64 body that is not UTF-8 is refused with 400', async () => {
  const event = v2Event({ method: 'POST', path: '/api/v1/users', identity: { tenantId: 't' } });
  const result = await handler({ ...event, body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), isBase64Encoded: true }, context);
  expect(result.statusCode).toBe(400);
  expect(JSON.parse(result.body).error.code).toBe('BAD_REQUEST_BODY');
});
