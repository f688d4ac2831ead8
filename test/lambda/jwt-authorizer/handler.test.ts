jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { AuthorizerEvent } from '../../../lambda/jwt-authorizer/authorize';
import type { JwtAuthorizerConfig } from '../../../lambda/jwt-authorizer/config';
import type { JWK } from 'jose';
import { JwksServer, methodArn, signToken, startJwksServer, testConfig, TestKey, testKey, tokenEvent } from './fixtures';

type Handler = (event: AuthorizerEvent, context?: unknown) => Promise<APIGatewayAuthorizerResult>;

/**
 * The handler as it ships: bundled by esbuild the way scripts/bundle-handlers.mjs does,
 * with config.json beside it, loaded fresh (a new "container") per call.
 */
const bundleDirs: string[] = [];

function loadHandler(config: unknown): Handler {
  const dir = mkdtempSync(path.join(tmpdir(), 'jwt-authorizer-'));
  bundleDirs.push(dir);
  buildSync({
    entryPoints: [path.join(__dirname, '../../../lambda/jwt-authorizer/handler.ts')],
    outfile: path.join(dir, 'index.js'),
    bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['@aws-sdk/*'], logLevel: 'warning',
  });
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    handler = jest.requireActual(path.join(dir, 'index.js')).handler;
  });
  return handler!;
}

let key: TestKey;
let server: JwksServer;
let config: JwtAuthorizerConfig;
let log: jest.SpyInstance;

beforeAll(async () => {
  key = await testKey('RS256', 'rsa-1');
  server = await startJwksServer([key.publicJwk]);
  config = testConfig({ jwksUrl: server.url, routeRoles: { 'POST /orders/{orderId}': ['premium-tier'] } });
});

afterAll(async () => {
  await server.close();
  bundleDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

beforeEach(() => {
  // The decision line goes straight to stdout, one write per decision.
  log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => log.mockRestore());

test('fetches the JWKS once per container for many calls', async () => {
  // GIVEN a fresh container
  const handler = loadHandler(config);
  const before = server.requests();
  // WHEN it answers twenty calls with different tokens
  const results = [];
  for (let i = 0; i < 20; i++) {
    const token = await signToken(key, { claims: { sub: `user-${i}` } });
    results.push(await handler(tokenEvent('GET', `/orders/${i}`, `Bearer ${token}`)));
  }
  // THEN every call is allowed and the keys were fetched once
  expect(results.every((r) => r.policyDocument.Statement[0].Effect === 'Allow')).toBe(true);
  expect(server.requests() - before).toBe(1);
});

test('does not refetch the JWKS for every token with an unknown kid', async () => {
  // GIVEN a warm container
  const handler = loadHandler(config);
  await handler(tokenEvent('GET', '/orders', `Bearer ${await signToken(key)}`));
  const before = server.requests();
  // WHEN tokens with unknown kids arrive
  const stranger = await testKey('RS256', 'unknown');
  const results = [];
  for (let i = 0; i < 5; i++) results.push(await handler(tokenEvent('GET', '/orders', `Bearer ${await signToken(stranger)}`)));
  // THEN they are denied within the refetch cooldown without hammering the issuer
  expect(results.every((r) => r.policyDocument.Statement[0].Effect === 'Deny')).toBe(true);
  expect(server.requests() - before).toBe(0);
});

test('answers Deny, not an error, for a role it lacks on a configured route', async () => {
  const handler = loadHandler(config);
  const token = await signToken(key, { claims: { roles: ['reader'] } });
  const result = await handler(tokenEvent('POST', '/orders/9', `Bearer ${token}`));
  expect(result.policyDocument.Statement).toEqual([
    { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: methodArn('POST', '/orders/9') },
  ]);
});

test('logs the decision and reason without the token', async () => {
  const handler = loadHandler(config);
  const token = await signToken(key, { claims: { roles: ['reader'] } });
  await handler(tokenEvent('POST', '/orders/9', `Bearer ${token}`));
  const lines = log.mock.calls.map((c) => String(c[0]));
  expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({
    effect: 'Deny', reason: 'missing required roles premium-tier', routeKey: 'POST /orders/{orderId}',
  }));
  expect(lines.join('\n')).not.toContain(token.split('.')[2]);
});

test('logs one JSON line per call with the request id and event type, and no part of the token', async () => {
  // GIVEN
  const handler = loadHandler(config);
  const token = await signToken(key, { claims: { sub: 'alice' } });
  // WHEN
  await handler(tokenEvent('GET', '/orders', `Bearer ${token}`), { awsRequestId: 'req-123' });
  // THEN
  expect(log).toHaveBeenCalledTimes(1);
  expect(log.mock.calls[0]).toHaveLength(1);
  const written = String(log.mock.calls[0][0]);
  // One line: a newline at its end and nowhere else, so CloudWatch gets one event.
  expect(written.endsWith('\n')).toBe(true);
  const line = written.slice(0, -1);
  expect(line).not.toContain('\n');
  expect(JSON.parse(line)).toEqual({
    message: 'authorizer decision', effect: 'Allow', reason: 'valid token', principalId: 'alice', eventType: 'TOKEN', requestId: 'req-123',
  });
  for (const part of token.split('.')) expect(line).not.toContain(part);
});

test('logs a denial of a malformed token with its reason and none of the token', async () => {
  const handler = loadHandler(config);
  const [header, payload] = (await signToken(key)).split('.');
  const forged = `${header}.${payload}.c2lnbmF0dXJlLW5vdC12YWxpZC1hdC1hbGw`;
  await handler(tokenEvent('GET', '/orders', `Bearer ${forged}`));
  const entry = JSON.parse(String(log.mock.calls[0][0]));
  expect(entry).toMatchObject({ effect: 'Deny', reason: expect.stringMatching(/^ERR_/) });
  for (const part of forged.split('.')) expect(JSON.stringify(entry)).not.toContain(part);
});

describe('key rotation', () => {
  let rotating: JwksServer;
  let published: JWK[];
  let first: TestKey;
  let second: TestKey;

  beforeEach(async () => {
    first = await testKey('RS256', 'first');
    second = await testKey('RS256', 'second');
    published = [first.publicJwk];
    rotating = await startJwksServer(published);
  });

  afterEach(() => rotating.close());

  const allowed = async (handler: Handler, signer: TestKey) =>
    (await handler(tokenEvent('GET', '/orders', `Bearer ${await signToken(signer)}`))).policyDocument.Statement[0].Effect === 'Allow';

  test('accepts a key the issuer adds once the configured cooldown since the last fetch has passed', async () => {
    // GIVEN a warm container with a one-second cooldown
    const handler = loadHandler(testConfig({ jwksUrl: rotating.url, jwksCooldownSeconds: 1, jwksCacheMaxAgeSeconds: 600 }));
    expect(await allowed(handler, first)).toBe(true);
    // WHEN the issuer publishes a second key
    published.push(second.publicJwk);
    // THEN tokens signed with it are refused within the cooldown, and accepted after it
    expect(await allowed(handler, second)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await allowed(handler, second)).toBe(true);
  });

  test('stops trusting a key the issuer removed once the configured cache age has passed', async () => {
    // GIVEN a warm container keeping the key set for one second
    const handler = loadHandler(testConfig({ jwksUrl: rotating.url, jwksCooldownSeconds: 1, jwksCacheMaxAgeSeconds: 1 }));
    expect(await allowed(handler, first)).toBe(true);
    // WHEN the issuer withdraws the key
    published.splice(0, published.length, second.publicJwk);
    // THEN it is trusted until the cached set ages out, then refused
    expect(await allowed(handler, first)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await allowed(handler, first)).toBe(false);
    expect(await allowed(handler, second)).toBe(true);
  });
});

test('refuses to start with an invalid config.json, naming the problem', () => {
  expect(() => loadHandler({ ...config, audiences: [] })).toThrow(/audiences must be a non-empty array of strings/);
});
