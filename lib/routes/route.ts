import type { Authorization } from '../auth/authorization';
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
