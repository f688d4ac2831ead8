import { IConstruct } from 'constructs';
import type { Authorization } from '../auth/authorization';
import { TopologyValidationError } from '../errors';
import { checkHttpsUrl } from '../private/aws-rules/mapping-expressions';
import { HeaderValue } from './header-value';
import { HttpMethod } from './http-method';
import { RouteTarget } from './route-target';

/**
 * A JSON Schema (draft 4, what API Gateway models accept) for a request body, as a plain
 * object (a map of any values in the other jsii languages).
 */
export type JsonSchema = { [key: string]: any };

/** Throttling of one route, in the API Gateway's own units. */
export interface RouteThrottle {
  /**
   * Steady-state requests per second.
   * @default - the stage default
   */
  readonly rateLimit?: number;
  /**
   * Burst capacity, in requests.
   * @default - the stage default
   */
  readonly burstLimit?: number;
}

/** Everything a {@link Route} declares but its target. */
export interface RouteOptions {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /**
   * The path from the API root: literal segments, `{param}` segments and an optional
   * final greedy `{proxy+}` segment.
   */
  readonly path: string;
  /**
   * Who may call the route.
   * @default - the gateway's `defaultAuthorization`
   */
  readonly authorization?: Authorization;
  /**
   * Per-route throttling.
   * @default - the stage's default throttle
   */
  readonly throttle?: RouteThrottle;
  /**
   * A JSON Schema (draft 4) the request body must satisfy. RestGateway validates natively;
   * on HttpGateway only targets that validate themselves (the gRPC translator) accept one.
   * @default - the body is not validated
   */
  readonly requestSchema?: JsonSchema;
  /**
   * Headers written into the backend request, overwriting any the client sent. Merged over
   * the gateway's identity headers (X-User-ID, X-Tenant-ID, X-Request-ID).
   * @default - only the identity headers
   */
  readonly injectHeaders?: { readonly [header: string]: HeaderValue };
  /**
   * Roles the caller must hold; enforced by an authorizer that carries roles.
   * @default - any authenticated caller
   */
  readonly requiredRoles?: string[];
  /**
   * Whether the caller must send an API key (RestGateway only).
   * @default false
   */
  readonly apiKeyRequired?: boolean;
  /**
   * An operation name for logs, metrics and summaries (`CreateOrder`).
   * @default - derived from method and path
   */
  readonly operationName?: string;
  /**
   * Where the route is in its life: deprecated routes say so in the API contract and, where
   * the flavour can add response headers, in `Deprecation`, `Sunset` and `Link` headers.
   * @default - the route is current
   */
  readonly lifecycle?: RouteLifecycle;
}

/** Options for {@link RouteLifecycle.deprecated}. */
export interface RouteDeprecationOptions {
  /**
   * When the route was (or will be) deprecated: an ISO 8601 date (`2026-01-31`) or UTC
   * date-time (`2026-01-31T00:00:00Z`). Sent as the `Deprecation` header (RFC 9745).
   */
  readonly since: string;
  /**
   * When the route stops answering, as an ISO 8601 date or UTC date-time. Sent as the
   * `Sunset` header (RFC 8594); a sunset already past warns at synth.
   * @default - no sunset announced
   */
  readonly sunset?: string;
  /**
   * An https page about the deprecation (what to use instead), sent as `Link` with
   * `rel="deprecation"` (and `rel="sunset"` when a sunset is given).
   * @default - no link
   */
  readonly link?: string;
}

/** The lifecycle of a route. Enum-like: build one with a static factory. */
export class RouteLifecycle {
  /**
   * A deprecated route, with when it was deprecated and optionally its sunset and a link.
   *
   * @example
   * const lifecycle = RouteLifecycle.deprecated({
   *   since: '2026-06-01',
   *   sunset: '2027-01-31',
   *   link: 'https://developer.example.com/orders-v2',
   * });
   */
  public static deprecated(options: RouteDeprecationOptions): RouteLifecycle {
    return new RouteLifecycle(true, options.since, options.sunset, options.link);
  }

  /** Whether the route is deprecated. */
  public readonly isDeprecated: boolean;
  /** When the route was deprecated, as given. */
  public readonly since?: string;
  /** When the route stops answering, as given. */
  public readonly sunset?: string;
  /** The page about the deprecation. */
  public readonly link?: string;

  private constructor(deprecated: boolean, since?: string, sunset?: string, link?: string) {
    this.isDeprecated = deprecated;
    this.since = since;
    this.sunset = sunset;
    this.link = link;
  }

  /** Copies of `routes` carrying this lifecycle, to deprecate a set of routes at once. */
  public applyTo(routes: Route[]): Route[] {
    return routes.map((route) => ({ ...route, lifecycle: this }));
  }
}

/** A date of a lifecycle: `YYYY-MM-DD`, or a date-time in UTC (`Z`) with optional fraction. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z)?$/;

/** The instant of a lifecycle date, or undefined when it is not an ISO 8601 UTC date that exists. */
export function parseLifecycleDate(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const date = new Date(m[4] === undefined ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 2026-02-30 over into March: the fields must survive the round trip.
  if (date.getUTCFullYear() !== Number(m[1]) || date.getUTCMonth() + 1 !== Number(m[2]) || date.getUTCDate() !== Number(m[3])) return undefined;
  return date;
}

/** The response headers of a deprecated route (RFC 9745, RFC 8594, RFC 8288), or none. */
export function lifecycleHeaders(lifecycle: RouteLifecycle | undefined): Record<string, string> {
  if (!lifecycle?.isDeprecated) return {};
  const headers: Record<string, string> = {};
  const since = parseLifecycleDate(lifecycle.since);
  // RFC 9745: a Structured Field Date, "@" and the seconds since the epoch.
  if (since) headers.Deprecation = `@${Math.floor(since.getTime() / 1000)}`;
  const sunset = parseLifecycleDate(lifecycle.sunset);
  // RFC 8594: an HTTP-date (IMF-fixdate), which toUTCString writes.
  if (sunset) headers.Sunset = sunset.toUTCString();
  if (lifecycle.link !== undefined) {
    const links = [`<${lifecycle.link}>; rel="deprecation"; type="text/html"`];
    if (sunset) links.push(`<${lifecycle.link}>; rel="sunset"; type="text/html"`);
    headers.Link = links.join(', ');
  }
  return headers;
}

/**
 * Refuses a lifecycle whose dates are not ISO 8601 or whose link is not https; `now` is
 * when the synth runs, for the past-sunset check the caller turns into a warning.
 * Returns whether the sunset is already past.
 */
export function validateLifecycle(scope: IConstruct, prop: string, lifecycle: RouteLifecycle | undefined, now: Date = new Date()): { sunsetPast: boolean } {
  if (lifecycle === undefined) return { sunsetPast: false };
  if (!(lifecycle instanceof RouteLifecycle)) {
    throw new TopologyValidationError(scope, {
      prop, received: lifecycle, problem: 'a lifecycle is built with RouteLifecycle.deprecated(...)',
      fix: 'write lifecycle: RouteLifecycle.deprecated({ since: "2026-01-31", sunset: "2026-07-31", link: "https://developer.example.com/deprecations" })',
    });
  }
  const fix = 'write the date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (ISO 8601, UTC), for example "2026-07-31"';
  const since = parseLifecycleDate(lifecycle.since);
  if (!since) throw new TopologyValidationError(scope, { prop: `${prop}.since`, received: lifecycle.since, problem: 'not an ISO 8601 UTC date', fix });
  let sunsetPast = false;
  if (lifecycle.sunset !== undefined) {
    const sunset = parseLifecycleDate(lifecycle.sunset);
    if (!sunset) throw new TopologyValidationError(scope, { prop: `${prop}.sunset`, received: lifecycle.sunset, problem: 'not an ISO 8601 UTC date', fix });
    if (sunset.getTime() < since.getTime()) {
      throw new TopologyValidationError(scope, {
        prop: `${prop}.sunset`, received: lifecycle.sunset, problem: `the sunset comes before the deprecation (${lifecycle.since})`,
        fix: 'give a sunset on or after the since date',
      });
    }
    sunsetPast = sunset.getTime() < now.getTime();
  }
  if (lifecycle.link !== undefined) {
    const linkFix = 'give the https URL of the page that announces the deprecation, without spaces, "<", ">" or "$"';
    checkHttpsUrl(scope, `${prop}.link`, lifecycle.link, 'a deprecation link', 'clients follow it from the Link header', linkFix);
    // "<" and ">" would end the Link header's URI reference; "$" starts an HTTP API mapping expression.
    if (/[<>$"]/.test(lifecycle.link)) {
      throw new TopologyValidationError(scope, { prop: `${prop}.link`, received: lifecycle.link, problem: 'the link holds a character a Link header or a mapping cannot carry', fix: linkFix });
    }
  }
  return { sunsetPast };
}

/**
 * One route of the API, declared once for either gateway flavour.
 *
 * @example
 * {
 *   method: HttpMethod.GET,
 *   path: '/api/v2/orders/{orderId}',
 *   target: RouteTarget.service(orders),
 *   throttle: { rateLimit: 100, burstLimit: 200 },
 * }
 */
export interface Route extends RouteOptions {
  /** Where requests go. */
  readonly target: RouteTarget;
}

/** The route key API Gateway uses: `GET /api/v2/orders/{orderId}`. */
export function routeKey(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
