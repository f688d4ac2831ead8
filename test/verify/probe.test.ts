import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { errorBody } from '../../lambda/shared/error-body';
import { GatewayManifest } from '../../lib/manifest/route-manifest';
import { main } from '../../lib/verify/cli';
import { normalizedBodyProblem, probeGateway } from '../../lib/verify/probe';
import { synthFixture } from './fixtures';

/**
 * The probe against an HTTPS server of the test's own, with a self-signed certificate made
 * here: it answers like a deployed API Gateway (or like one that drifted).
 */
type Handler = (method: string, path: string) => { status: number; body: string } | 'hang';

let dir: string;
let cert: string;
let key: string;
let outdir: string;
let manifest: { gateways: GatewayManifest[] };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-probe-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  outdir = synthFixture().outdir;
  manifest = JSON.parse(readFileSync(path.join(outdir, 'VerifyFixture.routes.json'), 'utf8'));
});

const gateway = (name: string) => manifest.gateways.find((g) => g.apiName === name)!;

async function withServer<T>(handler: Handler, run: (baseUrl: string, calls: string[]) => Promise<T>): Promise<T> {
  const calls: string[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const url = new URL(req.url!, 'https://localhost');
    calls.push(`${req.method} ${url.pathname}${req.headers.authorization ? ' with authorization' : ''}`);
    const answer = handler(req.method!, url.pathname);
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', () => resolve()));
  try {
    return await run(`https://localhost:${(server.address() as AddressInfo).port}/prod/`, calls);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A REST API as the gateway builds it: gateway responses in the normalized body. */
const restLike: Handler = (method, p) => {
  const normalized = (code: string, status: number) => ({ status, body: JSON.stringify(errorBody(code, status, 'refused', 'req-1')) });
  if (p === '/prod/health' && method === 'GET') return { status: 200, body: '{"status":"ok"}' };
  if (p === '/prod/reports') return normalized('MISSING_AUTHENTICATION_TOKEN', 403);
  if (['/prod/orders', '/prod/orders/probe'].includes(p)) return normalized('UNAUTHORIZED', 401);
  return normalized('MISSING_AUTHENTICATION_TOKEN', 403);
};

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write(c, _e, cb) { stdout += String(c); cb(); } });
  const err = new Writable({ write(c, _e, cb) { stderr += String(c); cb(); } });
  return { code: await main(args, out, err), stdout, stderr };
}

test('a REST API that refuses anonymous calls in the normalized body passes, with exit 0', async () => {
  await withServer(restLike, async (baseUrl, calls) => {
    const caFile = path.join(dir, 'cert.pem');
    const r = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--probe', baseUrl, '--ca-bundle', caFile);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pass\s+GET \/orders without credentials\s+expected 401 with the normalized error body; 401, normalized error body/);
    expect(r.stdout).toMatch(/pass\s+GET \/reports without credentials\s+expected 403 with the normalized error body/);
    expect(r.stdout).toMatch(/pass\s+GET \/health is public\s+expected 2xx; 200/);
    expect(r.stdout).toMatch(/pass\s+an unknown path is refused/);
    expect(r.stdout).toMatch(/SKIPPED\s+POST \/orders without credentials\s+.*--probe-unsafe/);
    expect(r.stdout).toMatch(/5 passed, 0 failed, 1 skipped\.\n$/);
    // No credentials are ever sent, and the stage path of the base URL is kept.
    expect(calls.every((c) => !c.includes('authorization'))).toBe(true);
    expect(calls).toEqual(expect.arrayContaining(['GET /prod/orders/probe', 'GET /prod/health']));
  });
});

test('a protected route that answers 200 and a health route that answers 401 fail, with exit 1', async () => {
  const drifted: Handler = (method, p) => {
    if (p === '/prod/orders') return { status: 200, body: '[]' };
    if (p === '/prod/health') return { status: 401, body: '{"message":"Unauthorized"}' };
    return restLike(method, p) as { status: number; body: string };
  };
  await withServer(drifted, async (baseUrl) => {
    const r = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--probe', baseUrl, '--ca-bundle', path.join(dir, 'cert.pem'), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.failed).toBe(2);
    expect(report.results).toEqual(expect.arrayContaining([
      expect.objectContaining({ check: 'GET /orders without credentials', outcome: 'fail', status: 200, detail: 'answered 200: []' }),
      expect.objectContaining({ check: 'GET /health is public', outcome: 'fail', status: 401 }),
    ]));
  });
});

test('an error body that is not the normalized one fails on a REST API', async () => {
  const plain: Handler = (_method, p) => (p === '/prod/health' ? { status: 200, body: 'ok' } : { status: p === '/prod/reports' ? 403 : 401, body: '{"message":"Unauthorized"}' });
  await withServer(plain, async (baseUrl) => {
    const report = await probeGateway({ baseUrl, gateway: gateway('fixture-rest'), ca: cert });
    const orders = report.results.find((r) => r.check === 'GET /orders without credentials')!;
    expect(orders).toMatchObject({ outcome: 'fail', detail: 'body has no "error" object: {"message":"Unauthorized"}' });
  });
});

test('an HTTP API is checked by status: its authorizer errors have API Gateway\'s own body', async () => {
  const httpLike: Handler = (_m, p) => {
    if (p === '/prod/health') return { status: 200, body: '{}' };
    if (p === '/prod/reports') return { status: 403, body: '{"message":"Forbidden"}' };
    if (p.startsWith('/prod/orders')) return { status: 401, body: '{"message":"Unauthorized"}' };
    return { status: 404, body: '{"message":"Not Found"}' };
  };
  await withServer(httpLike, async (baseUrl) => {
    const report = await probeGateway({ baseUrl, gateway: gateway('fixture-http'), ca: cert, includeUnsafe: true });
    expect(report.failed).toBe(0);
    // With --probe-unsafe the protected POST and DELETE routes are called too (still without credentials).
    expect(report.results.map((r) => `${r.outcome} ${r.check}`)).toEqual(expect.arrayContaining([
      'pass POST /orders without credentials', 'pass DELETE /orders/{orderId} without credentials', 'pass an unknown path is refused',
    ]));
  });
});

test('the probe is bounded in requests and in time', async () => {
  const slow: Handler = (method, p) => (p === '/prod/orders' ? 'hang' : restLike(method, p));
  await withServer(slow, async (baseUrl, calls) => {
    const started = Date.now();
    const report = await probeGateway({ baseUrl, gateway: gateway('fixture-rest'), ca: cert, timeoutMs: 300, maxRequests: 3, concurrency: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toHaveLength(3);
    expect(report.results.find((r) => r.check === 'GET /orders without credentials')).toMatchObject({ outcome: 'fail', detail: 'no answer within 300 ms' });
    expect(report.results.filter((r) => r.detail === 'over the budget of 3 requests (--probe-max)')).toHaveLength(2);
    // The unknown path is always among the requests made.
    expect(report.results.find((r) => r.check === 'an unknown path is refused')?.outcome).toBe('pass');
  });
});

test('an untrusted certificate, a plain-http URL and several gateways are reported as such', async () => {
  await withServer(restLike, async (baseUrl) => {
    const report = await probeGateway({ baseUrl, gateway: gateway('fixture-rest'), maxRequests: 1 });
    expect(report.results[0]).toMatchObject({ outcome: 'fail', detail: expect.stringMatching(/self.signed|DEPTH_ZERO_SELF_SIGNED_CERT/i) });
  });
  const http = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--probe', 'http://localhost:1/');
  expect(http).toMatchObject({ code: 2, stderr: 'cdk-gateway-topology verify: --probe calls the API over HTTPS only (received http://): give the https:// URL of the API or its custom domain\n' });
  const both = await cli('verify', '--app', outdir, '--probe', 'https://localhost:1/');
  expect(both.code).toBe(2);
  expect(both.stderr).toMatch(/^cdk-gateway-topology verify: --probe calls one API but the cloud assembly has 2 gateways: add --gateway/);
  const ca = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--probe', 'https://localhost:1/', '--ca-bundle', path.join(dir, 'missing.pem'));
  expect(ca).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read --ca-bundle .*missing\.pem: ENOENT/) });
});

test('the normalized body check follows lambda/shared/error-body.ts', () => {
  expect(normalizedBodyProblem(JSON.stringify(errorBody('UNAUTHORIZED', 401, 'Unauthorized', 'abc')), 401)).toBeUndefined();
  expect(normalizedBodyProblem(JSON.stringify(errorBody('UNAUTHORIZED', 401, 'Unauthorized', 'abc')), 403)).toBe('error.status is 401, not 403');
  expect(normalizedBodyProblem('{"error":{"code":"unauthorized","status":401,"message":"x","requestId":"r"}}', 401)).toBe('error.code is not an UPPER_SNAKE_CASE string');
  expect(normalizedBodyProblem('<html>', 401)).toBe('body is not JSON');
});
