/**
 * Finding which configured route a request is for, and writing execute-api resource ARNs.
 * Pure functions over strings.
 */

/** The parts of an execute-api method or route ARN. */
export interface MethodArn {
  /** `arn:aws:execute-api:region:account:apiId` */
  readonly apiArn: string;
  /** The stage name. */
  readonly stage: string;
  /** The HTTP method (`GET`), or `*`. */
  readonly method: string;
  /** The request path without a leading slash (`orders/42`); empty for the root. */
  readonly path: string;
}

/** Parses `arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42`; undefined when malformed. */
export function parseMethodArn(arn: string | undefined): MethodArn | undefined {
  if (typeof arn !== 'string') return undefined;
  const match = /^(arn:[^:]+:execute-api:[^:]*:[^:]*:[^/]+)\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(arn);
  if (!match) return undefined;
  return { apiArn: match[1], stage: match[2], method: match[3], path: match[4] ?? '' };
}

/** Every method and path of the ARN's stage: `arn:...:apiId/stage/*` followed by `/*`. */
export function stageWildcardArn(arn: MethodArn): string {
  return `${arn.apiArn}/${arn.stage}/*/*`;
}

/**
 * The resource ARN covering a route key (`GET /orders/{orderId}` →
 * `arn:...:apiId/stage/GET/orders/*`): parameters become `*`, which in IAM also spans `/`,
 * so the ARN may cover more paths than the route; callers use it only for Denies.
 */
export function routeKeyArn(arn: MethodArn, routeKey: string): string | undefined {
  const parsed = parseRouteKey(routeKey);
  if (!parsed) return undefined;
  const method = parsed.method === 'ANY' ? '*' : parsed.method;
  const path = parsed.segments.map((s) => (s.kind === 'literal' ? s.text : '*')).join('/');
  return `${arn.apiArn}/${arn.stage}/${method}/${path}`;
}

type Segment = { kind: 'literal'; text: string } | { kind: 'param' } | { kind: 'greedy' };

interface ParsedRouteKey {
  readonly method: string;
  readonly segments: Segment[];
}

function parseRouteKey(routeKey: string): ParsedRouteKey | undefined {
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey);
  if (!match) return undefined;
  const segments: Segment[] = match[2].split('/').filter((s) => s.length > 0).map((text) => {
    if (/^\{[^}]+\+\}$/.test(text)) return { kind: 'greedy' };
    if (/^\{[^}]+\}$/.test(text)) return { kind: 'param' };
    return { kind: 'literal', text };
  });
  return { method: match[1], segments };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** Whether a route key's path template matches a concrete request path. */
function pathMatches(segments: Segment[], pathParts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'greedy') return pathParts.length > i;
    if (i >= pathParts.length) return false;
    if (segment.kind === 'literal' && segment.text !== pathParts[i]) return false;
  }
  return segments.length === pathParts.length;
}

/** Orders candidate routes as API Gateway does: literal before `{param}` before `{greedy+}`, then exact method before ANY. */
function specificity(key: ParsedRouteKey): number[] {
  const rank = { literal: 0, param: 1, greedy: 2 } as const;
  return [...key.segments.map((s) => rank[s.kind]), key.method === 'ANY' ? 1 : 0];
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/**
 * The configured route key for a request given as a template (`POST /orders/{id}`, as REST
 * REQUEST events and HTTP API events name it) — exact key first, then the ANY key.
 */
export function findRouteByTemplate(keys: readonly string[], method: string, resource: string): string | undefined {
  const wanted = shape(normalizeTemplate(resource));
  const sameShape = (k: string, m: string) => {
    const space = k.indexOf(' ');
    return k.slice(0, space) === m && shape(k.slice(space + 1)) === wanted;
  };
  return keys.find((k) => sameShape(k, method)) ?? keys.find((k) => sameShape(k, 'ANY'));
}

/** Parameter names do not distinguish resources (`/a/{x}` is `/a/{y}`), so compare by shape. */
function shape(template: string): string {
  return template.replace(/\{[^}]+\+\}/g, '{+}').replace(/\{[^}+]+\}/g, '{}');
}

/**
 * The configured route key for a concrete request (method + path taken from a method ARN,
 * all a REST TOKEN event carries), picking the most specific match.
 */
export function findRouteByPath(keys: readonly string[], method: string, path: string): string | undefined {
  const parts = splitPath(path);
  let best: { key: string; rank: number[] } | undefined;
  for (const key of keys) {
    const parsed = parseRouteKey(key);
    if (!parsed) continue;
    if (parsed.method !== method && parsed.method !== 'ANY') continue;
    if (!pathMatches(parsed.segments, parts)) continue;
    const rank = specificity(parsed);
    if (!best || compareSpecificity(rank, best.rank) < 0) best = { key, rank };
  }
  return best?.key;
}

/** Configured keys carry templates written like `/orders/{id}`; REST events name the root `/`. */
function normalizeTemplate(resource: string): string {
  if (resource === '' || resource === '/') return '/';
  return resource.startsWith('/') ? resource : `/${resource}`;
}
