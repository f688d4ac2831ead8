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
  return parsed ? `${arn.apiArn}/${arn.stage}/${arnSuffix(parsed)}` : undefined;
}

/** The part of a route's resource ARN after the stage: `GET /orders/{orderId}` → `GET/orders/*`. */
function arnSuffix(parsed: ParsedRouteKey): string {
  const method = parsed.method === 'ANY' ? '*' : parsed.method;
  return `${method}/${parsed.segments.map((s) => (s.kind === 'literal' ? s.text : '*')).join('/')}`;
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
  return new RouteTable(keys).byTemplate(method, resource);
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
  return new RouteTable(keys).byPath(method, path);
}

/** How many route keys besides the configured ones a {@link RouteTable} remembers the ARN of. */
const MAX_REMEMBERED_KEYS = 1000;

/** What {@link RouteTable.template} finds for a method and route template. */
export interface TemplateAnswer {
  /** The configured route key the template is, if any. */
  readonly routeKey?: string;
  /** The template's own resource ARN after `apiArn/stage/`; undefined for a malformed one. */
  readonly arnSuffix?: string;
}

/** A configured route key with what matching it needs, worked out once. */
interface TableEntry {
  readonly key: string;
  /** The key's method and path shape as {@link RouteTable.byTemplate} compares them. */
  readonly templateMethod: string;
  readonly templateShape: string;
  /** Undefined for a malformed key, which matches no concrete path and has no ARN. */
  readonly parsed?: ParsedRouteKey;
  readonly rank?: number[];
  /** See {@link arnSuffix}. */
  readonly arnSuffix?: string;
}

/**
 * The configured route keys, parsed once: the authorizer builds one per configuration (per
 * container), so a call parses nothing but the request itself.
 */
export class RouteTable {
  private readonly entries: readonly TableEntry[];
  private readonly arnSuffixes: ReadonlyMap<string, string | undefined>;
  private readonly others = new Map<string, string | undefined>();
  /**
   * The answers of {@link template} by method and template, up to {@link MAX_REMEMBERED_KEYS}:
   * the gateway names the API's own templates, so they are few.
   */
  private readonly templates = new Map<string, Map<string, TemplateAnswer>>();
  private rememberedTemplates = 0;

  constructor(keys: readonly string[]) {
    this.entries = keys.map((key) => {
      const space = key.indexOf(' ');
      const parsed = parseRouteKey(key);
      return {
        key,
        templateMethod: key.slice(0, space),
        templateShape: shape(key.slice(space + 1)),
        parsed,
        rank: parsed ? specificity(parsed) : undefined,
        arnSuffix: parsed ? arnSuffix(parsed) : undefined,
      };
    });
    this.arnSuffixes = new Map(this.entries.map((e) => [e.key, e.arnSuffix]));
  }

  /** See {@link findRouteByTemplate}. */
  public byTemplate(method: string, resource: string): string | undefined {
    return this.template(method, resource).routeKey;
  }

  /**
   * What a request naming its route template needs, worked out once per method and template:
   * the configured route key it is for ({@link byTemplate}) and the ARN suffix of its own route
   * key `METHOD template` ({@link routeArnSuffix}).
   */
  public template(method: string, resource: string): TemplateAnswer {
    let ofMethod = this.templates.get(method);
    const known = ofMethod?.get(resource);
    if (known !== undefined) return known;
    const wanted = shape(normalizeTemplate(resource));
    const sameShape = (e: TableEntry, m: string) => e.templateMethod === m && e.templateShape === wanted;
    const answer: TemplateAnswer = {
      routeKey: (this.entries.find((e) => sameShape(e, method)) ?? this.entries.find((e) => sameShape(e, 'ANY')))?.key,
      arnSuffix: this.routeArnSuffix(`${method} ${resource}`),
    };
    if (this.rememberedTemplates < MAX_REMEMBERED_KEYS) {
      if (!ofMethod) this.templates.set(method, (ofMethod = new Map()));
      ofMethod.set(resource, answer);
      this.rememberedTemplates++;
    }
    return answer;
  }

  /** See {@link findRouteByPath}. */
  public byPath(method: string, path: string): string | undefined {
    const parts = splitPath(path);
    let best: { key: string; rank: number[] } | undefined;
    for (const { key, parsed, rank } of this.entries) {
      if (!parsed || !rank) continue;
      if (parsed.method !== method && parsed.method !== 'ANY') continue;
      if (!pathMatches(parsed.segments, parts)) continue;
      if (!best || compareSpecificity(rank, best.rank) < 0) best = { key, rank };
    }
    return best?.key;
  }

  /**
   * What the resource ARN of any route key has after `apiArn/stage/` (`GET/orders/*`, see
   * {@link routeKeyArn}), or undefined for a malformed key: configured keys were parsed up
   * front, others (the route an event names) are parsed once and remembered, up to
   * {@link MAX_REMEMBERED_KEYS} of them. Route keys come from the API's own definition, not
   * from the caller, so they are few.
   */
  public routeArnSuffix(routeKey: string): string | undefined {
    let suffix = this.arnSuffixes.get(routeKey) ?? this.others.get(routeKey);
    if (suffix === undefined && !this.arnSuffixes.has(routeKey) && !this.others.has(routeKey)) {
      const parsed = parseRouteKey(routeKey);
      suffix = parsed ? arnSuffix(parsed) : undefined;
      if (this.others.size < MAX_REMEMBERED_KEYS) this.others.set(routeKey, suffix);
    }
    return suffix;
  }

  /** The resource ARN of a configured key under the request's stage (see {@link routeKeyArn}). */
  public arnOf(arn: MethodArn, key: string): string | undefined {
    const suffix = this.arnSuffixes.get(key);
    return suffix === undefined ? undefined : `${arn.apiArn}/${arn.stage}/${suffix}`;
  }
}

/** Configured keys carry templates written like `/orders/{id}`; REST events name the root `/`. */
function normalizeTemplate(resource: string): string {
  if (resource === '' || resource === '/') return '/';
  return resource.startsWith('/') ? resource : `/${resource}`;
}
