import { randomBytes } from 'crypto';
import * as https from 'https';
import { GatewayManifest, ManifestRoute } from '../manifest/route-manifest';
import { VerifyUsageError } from './verify-error';

/** Options of {@link probeGateway}. */
export interface ProbeOptions {
  /** The API's base URL (`https://api.example.com/`, a stage URL). */
  readonly baseUrl: string;
  /** The gateway whose routes are probed. */
  readonly gateway: GatewayManifest;
  /** At most this many requests. @default 50 */
  readonly maxRequests?: number;
  /** Each request's time limit in milliseconds. @default 5000 */
  readonly timeoutMs?: number;
  /** The time limit of the whole probe in milliseconds. @default 60000 */
  readonly deadlineMs?: number;
  /** Also probe routes with methods that change state (POST, PUT, PATCH, DELETE). @default false */
  readonly includeUnsafe?: boolean;
  /** Extra CA certificates to trust (PEM). @default - the system's and NODE_EXTRA_CA_CERTS */
  readonly ca?: string | Buffer;
  /** Requests in flight at once. @default 4 */
  readonly concurrency?: number;
}

/** What a probe expects. */
export interface ProbeExpectation {
  /** The statuses accepted. */
  readonly statuses: number[];
  /** Whether the body must be the normalized error body. */
  readonly normalizedBody: boolean;
}

/** One probe and its outcome. */
export interface ProbeResult {
  /** What is checked (`GET /orders without a token`). */
  readonly check: string;
  /** The method sent. */
  readonly method: string;
  /** The URL called. */
  readonly url?: string;
  /** What was expected, as text. */
  readonly expected: string;
  /** The status received. */
  readonly status?: number;
  /** pass, fail or skipped. */
  readonly outcome: 'pass' | 'fail' | 'skipped';
  /** Why it failed or was skipped, or what was seen. */
  readonly detail: string;
}

/** The probe's verdict. */
export interface ProbeReport {
  /** The base URL. */
  readonly baseUrl: string;
  /** The gateway probed. */
  readonly constructPath: string;
  /** Every probe, in plan order. */
  readonly results: ProbeResult[];
  /** How many probes passed. */
  readonly passed: number;
  /** How many failed. */
  readonly failed: number;
  /** How many were not sent (unsafe method, over the budget, no known path value). */
  readonly skipped: number;
}

interface PlannedProbe {
  readonly check: string;
  readonly method: string;
  readonly path: string;
  readonly expect: ProbeExpectation;
  readonly expected: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The probes of a gateway: every protected route without a token (401, or 403 for IAM
 * and API-key-only routes), every public route without path parameters (2xx), and one
 * unknown path (404 or 403). REST APIs answer in the normalized error body (their gateway
 * responses); HTTP APIs answer authorizer and routing errors with API Gateway's own body,
 * which cannot be customized, so only their status is checked.
 */
export function planProbes(gateway: GatewayManifest, includeUnsafe: boolean): { planned: PlannedProbe[]; skipped: ProbeResult[] } {
  const planned: PlannedProbe[] = [];
  const skipped: ProbeResult[] = [];
  const rest = gateway.flavour === 'REST';
  for (const route of gateway.routes) {
    const method = route.method === 'ANY' ? 'GET' : route.method;
    if (method === 'OPTIONS') continue;
    const isPublic = route.authorization.authorizationType === 'NONE' && !route.apiKeyRequired;
    if (isPublic) {
      const expected = '2xx';
      if (/\{[^}]+\}/.test(route.path)) {
        skipped.push({ check: `${route.routeKey} is public`, method, expected, outcome: 'skipped', detail: 'public route with path parameters: no value is known to answer 2xx' });
      } else if (!SAFE_METHODS.has(method)) {
        skipped.push({ check: `${route.routeKey} is public`, method, expected, outcome: 'skipped', detail: 'a public route that changes state is never called' });
      } else {
        planned.push({ check: `${route.routeKey} is public`, method, path: route.path, expected, expect: { statuses: range(200, 299), normalizedBody: false } });
      }
      continue;
    }
    const expect = protectedExpectation(route, rest);
    const check = `${route.routeKey} without credentials`;
    const expected = `${expect.statuses.join('/')}${expect.normalizedBody ? ' with the normalized error body' : ''}`;
    if (!SAFE_METHODS.has(method) && !includeUnsafe) {
      skipped.push({ check, method, expected, outcome: 'skipped', detail: 'method changes state: pass --probe-unsafe to include it' });
      continue;
    }
    planned.push({ check, method, path: fillParameters(route.path), expect, expected });
  }
  const unknown = `/cdk-gateway-topology-probe-${randomBytes(6).toString('hex')}`;
  const unknownExpect = { statuses: [403, 404], normalizedBody: rest };
  planned.push({
    check: 'an unknown path is refused', method: 'GET', path: unknown, expect: unknownExpect,
    expected: `403/404${rest ? ' with the normalized error body' : ''}`,
  });
  return { planned, skipped };
}

function protectedExpectation(route: ManifestRoute, rest: boolean): ProbeExpectation {
  const type = route.authorization.authorizationType;
  // SigV4 and API-key-only routes refuse an anonymous call with 403; authorizers with 401.
  if (type === 'AWS_IAM' || type === 'NONE') return { statuses: [403], normalizedBody: rest };
  return { statuses: [401], normalizedBody: rest };
}

/** Runs the probes, bounded in count, per-request time and total time. */
export async function probeGateway(options: ProbeOptions): Promise<ProbeReport> {
  const base = parseBaseUrl(options.baseUrl);
  const max = options.maxRequests ?? 50;
  const timeoutMs = options.timeoutMs ?? 5000;
  const deadline = Date.now() + (options.deadlineMs ?? 60000);
  const { planned, skipped } = planProbes(options.gateway, options.includeUnsafe ?? false);

  // The unknown-path probe is always kept; routes beyond the budget are reported as skipped.
  const unknown = planned[planned.length - 1];
  const routes = planned.slice(0, -1);
  const run = [...routes.slice(0, Math.max(0, max - 1)), unknown];
  const overBudget: ProbeResult[] = routes.slice(Math.max(0, max - 1)).map((p) => ({
    check: p.check, method: p.method, expected: p.expected, outcome: 'skipped', detail: `over the budget of ${max} requests (--probe-max)`,
  }));

  const agent = new https.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 4, ...(options.ca ? { ca: options.ca } : {}) });
  const results: ProbeResult[] = new Array(run.length);
  let next = 0;
  const worker = async () => {
    while (next < run.length) {
      const i = next++;
      const p = run[i];
      const url = joinUrl(base, p.path);
      if (Date.now() >= deadline) {
        results[i] = { check: p.check, method: p.method, url, expected: p.expected, outcome: 'skipped', detail: 'the probe\'s time budget was spent' };
        continue;
      }
      results[i] = await probeOne(agent, p, url, Math.min(timeoutMs, Math.max(1, deadline - Date.now())));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, run.length) }, worker));
  } finally {
    agent.destroy();
  }
  const all = [...results, ...overBudget, ...skipped];
  return {
    baseUrl: base.toString(),
    constructPath: options.gateway.constructPath,
    results: all,
    passed: all.filter((r) => r.outcome === 'pass').length,
    failed: all.filter((r) => r.outcome === 'fail').length,
    skipped: all.filter((r) => r.outcome === 'skipped').length,
  };
}

async function probeOne(agent: https.Agent, p: PlannedProbe, url: string, timeoutMs: number): Promise<ProbeResult> {
  const base = { check: p.check, method: p.method, url, expected: p.expected };
  let answer: { status: number; body: string };
  try {
    answer = await request(agent, p.method, url, timeoutMs);
  } catch (e) {
    return { ...base, outcome: 'fail', detail: (e as Error).message };
  }
  const { status, body } = answer;
  if (!p.expect.statuses.includes(status)) {
    return { ...base, status, outcome: 'fail', detail: `answered ${status}: ${snippet(body)}` };
  }
  if (p.expect.normalizedBody && p.method !== 'HEAD') {
    const problem = normalizedBodyProblem(body, status);
    if (problem) return { ...base, status, outcome: 'fail', detail: `${problem}: ${snippet(body)}` };
  }
  return { ...base, status, outcome: 'pass', detail: p.expect.normalizedBody ? `${status}, normalized error body` : `${status}` };
}

/**
 * Why a body is not the normalized error body (lambda/shared/error-body.ts) for a status,
 * or undefined when it is.
 */
export function normalizedBodyProblem(body: string, status: number): string | undefined {
  let parsed: any;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  const error = parsed?.error;
  if (typeof error !== 'object' || error === null) return 'body has no "error" object';
  if (typeof error.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(error.code)) return 'error.code is not an UPPER_SNAKE_CASE string';
  if (error.status !== status) return `error.status is ${JSON.stringify(error.status)}, not ${status}`;
  if (typeof error.message !== 'string') return 'error.message is not a string';
  if (typeof error.requestId !== 'string') return 'error.requestId is not a string';
  return undefined;
}

function request(agent: https.Agent, method: string, url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method, agent, timeout: timeoutMs,
      headers: { 'user-agent': 'cdk-gateway-topology-verify-probe', 'accept': 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code ? `${e.code}: ${e.message}` : e.message)));
    req.end();
  });
}

function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new VerifyUsageError(`--probe needs the API's base URL, such as https://api.example.com/ (received "${text}")`);
  }
  if (url.protocol !== 'https:') {
    throw new VerifyUsageError(`--probe calls the API over HTTPS only (received ${url.protocol}//): give the https:// URL of the API or its custom domain`);
  }
  return url;
}

function joinUrl(base: URL, path: string): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.toString());
  url.pathname = `${prefix}${path}`;
  url.search = '';
  return url.toString();
}

/** A value for each path parameter: a protected route refuses before the value matters. */
function fillParameters(path: string): string {
  return path.replace(/\{[^}]+\}/g, 'probe');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || '(empty body)';
}

/** The probe's report as text. */
export function formatProbeReport(report: ProbeReport): string {
  const lines = [`Probe of ${report.constructPath} at ${report.baseUrl}:`];
  const width = Math.min(70, Math.max(...report.results.map((r) => r.check.length)));
  for (const r of report.results) {
    lines.push(`  ${(r.outcome === 'pass' ? 'pass' : r.outcome.toUpperCase()).padEnd(7)}  ${r.check.padEnd(width)}  expected ${r.expected}; ${r.detail}`);
  }
  lines.push('', `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped.`);
  return lines.join('\n');
}
