/**
 * The event adapter: API Gateway REST (v1 proxy) and HTTP API (v2) events into one
 * request shape, and the translator's answer back into a proxy result. The identity is
 * read from `requestContext.authorizer` only, never from headers the client controls.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';

/** The parts of an HTTP request the translator reads. */
export interface TranslatorRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The raw (percent-encoded) path without the stage prefix. */
  readonly path: string;
  /** The gateway's route key (`GET /users/{userId}`), when it gave one. */
  readonly routeKey?: string;
  /**
   * The path rebuilt from the route key and the gateway's path parameters: the route's
   * own path even when a custom domain's base path or a stage is in front of `path`.
   */
  routePath(): string | undefined;
  /** Query parameters, every value of each, decoded. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Header lookup by lower-case name. */
  header(name: string): string | undefined;
  /** The body as text, base64 already decoded. */
  readonly body?: string;
  /** The body's size in bytes. */
  readonly bodyBytes: number;
  /** Claims or context of the authorizer. */
  readonly identity: Readonly<Record<string, unknown>>;
  /** The gateway's request id. */
  readonly requestId: string;
}

/** The translator's answer. */
export interface TranslatorResponse {
  /** HTTP status. */
  readonly statusCode: number;
  /** Response headers. */
  readonly headers: Record<string, string>;
  /** JSON text. */
  readonly body: string;
}

/** True for an HTTP API (payload format 2.0) event. */
export function isV2Event(event: unknown): event is APIGatewayProxyEventV2 {
  return (event as { version?: string }).version === '2.0';
}

/** Adapts an API Gateway v1 or v2 proxy event. */
export function requestFromEvent(event: APIGatewayProxyEvent | APIGatewayProxyEventV2): TranslatorRequest {
  return isV2Event(event) ? fromV2(event) : fromV1(event as APIGatewayProxyEvent);
}

function fromV2(event: APIGatewayProxyEventV2): TranslatorRequest {
  const rc = event.requestContext;
  let path = event.rawPath ?? rc.http.path;
  const stage = rc.stage;
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) path = path.slice(stage.length + 1);
  const headers = event.headers ?? {};
  const { body, bodyBytes } = bodyOf(event.body, event.isBase64Encoded);
  const authorizer = (rc as { authorizer?: Record<string, unknown> }).authorizer;
  return {
    method: rc.http.method.toUpperCase(),
    path,
    routeKey: event.routeKey,
    routePath: () => (event.routeKey && event.routeKey !== '$default' ? fillRoute(event.routeKey.slice(event.routeKey.indexOf(' ') + 1), event.pathParameters) : undefined),
    query: parseQueryString(event.rawQueryString),
    header: (name) => headers[name] ?? findHeader(headers, name),
    body,
    bodyBytes,
    identity: identityV2(authorizer),
    requestId: rc.requestId,
  };
}

function fromV1(event: APIGatewayProxyEvent): TranslatorRequest {
  const headers = event.headers ?? {};
  const multi = event.multiValueQueryStringParameters;
  const single = event.queryStringParameters;
  const query: Record<string, string[]> = {};
  if (multi) for (const [k, v] of Object.entries(multi)) query[k] = v ?? [];
  else if (single) for (const [k, v] of Object.entries(single)) query[k] = v === undefined ? [] : [v];
  const { body, bodyBytes } = bodyOf(event.body, event.isBase64Encoded);
  return {
    method: event.httpMethod.toUpperCase(),
    path: encodePath(event.path),
    routeKey: event.resource ? `${event.httpMethod.toUpperCase()} ${event.resource}` : undefined,
    routePath: () => (event.resource ? fillRoute(event.resource, event.pathParameters) : undefined),
    query,
    header: (name) => headers[name] ?? findHeader(headers, name),
    body,
    bodyBytes,
    identity: identityV1(event.requestContext?.authorizer as Record<string, unknown> | null | undefined),
    requestId: event.requestContext?.requestId ?? '',
  };
}

/** The translator's answer as a proxy result (both payload formats accept this shape). */
export function resultOf(response: TranslatorResponse): APIGatewayProxyResult {
  return { statusCode: response.statusCode, headers: response.headers, body: response.body, isBase64Encoded: false };
}

/** Substitutes path parameters into a route path (`/users/{id}` → `/users/u%201`); undefined if one is missing. */
function fillRoute(resource: string, parameters: Record<string, string | undefined> | null | undefined): string | undefined {
  let missing = false;
  const path = resource.replace(/\{([^}+]+)(\+?)\}/g, (_m, name: string, greedy: string) => {
    const value = parameters?.[name];
    if (value === undefined) {
      missing = true;
      return '';
    }
    return greedy ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
  return missing ? undefined : path;
}

function bodyOf(raw: string | null | undefined, base64: boolean | undefined): { body?: string; bodyBytes: number } {
  if (raw === null || raw === undefined || raw === '') return { bodyBytes: 0 };
  if (base64) {
    const bytes = Buffer.from(raw, 'base64');
    return { body: bytes.toString('utf8'), bodyBytes: bytes.length };
  }
  // UTF-16 length × 3 bounds the UTF-8 size; count exactly only when it could matter.
  return { body: raw, bodyBytes: raw.length < 512 ? raw.length * 3 : Buffer.byteLength(raw, 'utf8') };
}

function findHeader(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** v1 `path` is decoded; the template matcher reads raw paths, so reserved characters are re-encoded per segment. */
function encodePath(path: string): string {
  return /[^A-Za-z0-9._~\-/:@!$&'()*+,;=]/.test(path) ? path.split('/').map(encodeURIComponent).join('/') : path;
}

/** Parses a raw query string, keeping every value of a repeated parameter. */
export function parseQueryString(raw: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!raw) return out;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeQueryComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeQueryComponent(pair.slice(eq + 1));
    (out[key] ??= []).push(value);
  }
  return out;
}

function decodeQueryComponent(text: string): string {
  const plus = text.indexOf('+') >= 0 ? text.replace(/\+/g, ' ') : text;
  if (plus.indexOf('%') < 0) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** HTTP API: JWT claims, Lambda authorizer context or IAM caller, whichever authorized the route. */
function identityV2(authorizer: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!authorizer) return {};
  const jwt = authorizer.jwt as { claims?: Record<string, unknown> } | undefined;
  const lambda = authorizer.lambda as Record<string, unknown> | undefined;
  const iam = authorizer.iam as Record<string, unknown> | undefined;
  return { ...(iam ?? {}), ...(lambda ?? {}), ...(jwt?.claims ?? {}) };
}

/** REST API: Cognito user-pool claims or the Lambda authorizer's context. */
function identityV1(authorizer: Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (!authorizer) return {};
  const { claims, ...context } = authorizer;
  return { ...context, ...(claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {}) };
}
