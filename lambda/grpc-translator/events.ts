/**
 * The event adapter: API Gateway REST (v1 proxy) and HTTP API (v2) events into one
 * request shape, and the translator's answer back into a proxy result. The identity is
 * read from `requestContext.authorizer` only, never from headers the client controls.
 */
import { isUtf8 } from 'buffer';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';

/**
 * A map keyed by the client (query names, header names, claims): no prototype, so that
 * `constructor`, `__proto__` or `toString` are ordinary keys and never reach Object.prototype.
 */
export type ClientMap<T> = Record<string, T>;

/** A {@link ClientMap} with no entries. */
export function clientMap<T>(): ClientMap<T> {
  return Object.create(null) as ClientMap<T>;
}

/** The own value of a key, never one inherited from Object.prototype. */
export function ownValue<T>(map: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return map !== null && map !== undefined && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** Why a part of the request could not be read as text; answered with 400 by the translator. */
export interface RequestTextProblem {
  /** The part concerned, as the client named it (`body`, `query.name`). */
  readonly field: string;
  /** What is wrong with it. */
  readonly reason: string;
}

/** The parts of an HTTP request the translator reads. */
export interface TranslatorRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /**
   * The path without the stage prefix, as the gateway gave it: used only to match a route
   * when the gateway's route key and path parameters do not identify one.
   */
  readonly path: string;
  /** The gateway's route key (`GET /users/{userId}`), when it gave one. */
  readonly routeKey?: string;
  /**
   * The path rebuilt, percent-encoded, from the route key and the gateway's own (decoded)
   * path parameters: the route's path even when a base path or a stage is in front of
   * `path`, and values exactly as the gateway extracted them. Undefined when a parameter
   * of the route key is missing.
   */
  routePath(): string | undefined;
  /** Query parameters, every value of each, decoded; a map without prototype. */
  readonly query: Readonly<ClientMap<readonly string[]>>;
  /** Query parameters whose names or values are not valid percent-encoded UTF-8. */
  readonly queryProblems?: readonly RequestTextProblem[];
  /** Header lookup by lower-case name. */
  header(name: string): string | undefined;
  /** The body as text, base64 already decoded; undefined when it is not valid UTF-8. */
  readonly body?: string;
  /** Set when the body is not valid UTF-8 (never replaced with U+FFFD). */
  readonly bodyProblem?: RequestTextProblem;
  /** The body's size in bytes. */
  readonly bodyBytes: number;
  /** Claims or context of the authorizer; a map without prototype. */
  readonly identity: Readonly<ClientMap<unknown>>;
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
  const { body, bodyBytes, bodyProblem } = bodyOf(event.body, event.isBase64Encoded);
  const authorizer = (rc as { authorizer?: Record<string, unknown> }).authorizer;
  const queryProblems: RequestTextProblem[] = [];
  const query = parseQueryString(event.rawQueryString, queryProblems);
  return {
    method: rc.http.method.toUpperCase(),
    path,
    routeKey: event.routeKey,
    routePath: () => (event.routeKey && event.routeKey !== '$default' ? fillRoute(event.routeKey.slice(event.routeKey.indexOf(' ') + 1), event.pathParameters) : undefined),
    query,
    ...(queryProblems.length > 0 ? { queryProblems } : {}),
    header: (name) => headerOf(headers, name),
    body,
    bodyBytes,
    ...(bodyProblem ? { bodyProblem } : {}),
    identity: identityV2(authorizer),
    requestId: rc.requestId,
  };
}

function fromV1(event: APIGatewayProxyEvent): TranslatorRequest {
  const headers = event.headers ?? {};
  const multi = event.multiValueQueryStringParameters;
  const single = event.queryStringParameters;
  // The gateway has decoded these already; copied into a map without prototype.
  const query = clientMap<string[]>();
  const queryProblems: RequestTextProblem[] = [];
  const add = (k: string, values: readonly (string | undefined)[]): void => {
    const list = (query[k] ??= []);
    for (const v of values) {
      if (v === undefined || v === null) continue;
      if (!isWellFormed(k) || !isWellFormed(v)) queryProblems.push({ field: `query.${k}`, reason: 'is not valid UTF-8' });
      list.push(v);
    }
  };
  if (multi) for (const k of Object.keys(multi)) add(k, multi[k] ?? []);
  else if (single) for (const k of Object.keys(single)) add(k, [single[k]]);
  const { body, bodyBytes, bodyProblem } = bodyOf(event.body, event.isBase64Encoded);
  return {
    method: event.httpMethod.toUpperCase(),
    // REST sends the path percent-encoded as the client wrote it: matched as is, decoded once.
    path: event.path,
    routeKey: event.resource ? `${event.httpMethod.toUpperCase()} ${event.resource}` : undefined,
    routePath: () => (event.resource ? fillRoute(event.resource, event.pathParameters) : undefined),
    query,
    ...(queryProblems.length > 0 ? { queryProblems } : {}),
    header: (name) => headerOf(headers, name),
    body,
    bodyBytes,
    ...(bodyProblem ? { bodyProblem } : {}),
    identity: identityV1(event.requestContext?.authorizer as Record<string, unknown> | null | undefined),
    requestId: event.requestContext?.requestId ?? '',
  };
}

/** The translator's answer as a proxy result (both payload formats accept this shape). */
export function resultOf(response: TranslatorResponse): APIGatewayProxyResult {
  return { statusCode: response.statusCode, headers: response.headers, body: response.body, isBase64Encoded: false };
}

/**
 * Substitutes the gateway's decoded path parameters into a route path, percent-encoding
 * each value once (`/users/{id}` with `a/b c` → `/users/a%2Fb%20c`), so that the matcher's
 * single decoding gives back exactly the gateway's value. A greedy `{name+}` keeps its
 * slashes as separators. Undefined if a parameter is missing or not well-formed text.
 */
function fillRoute(resource: string, parameters: Record<string, string | undefined> | null | undefined): string | undefined {
  let missing = false;
  const path = resource.replace(/\{([^}+]+)(\+?)\}/g, (_m, name: string, greedy: string) => {
    const value = ownValue(parameters, name);
    if (typeof value !== 'string' || !isWellFormed(value)) {
      missing = true;
      return '';
    }
    return greedy ? value.split('/').map(encodeSegment).join('/') : encodeSegment(value);
  });
  return missing ? undefined : path;
}

/** Percent-encodes a decoded segment, leaving the sub-delimiters, `:` and `@` a path segment may hold literally (RFC 3986 pchar). */
function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const INVALID_UTF8: RequestTextProblem = { field: 'body', reason: 'is not valid UTF-8' };

function bodyOf(raw: string | null | undefined, base64: boolean | undefined): { body?: string; bodyBytes: number; bodyProblem?: RequestTextProblem } {
  if (raw === null || raw === undefined || raw === '') return { bodyBytes: 0 };
  if (base64) {
    const bytes = Buffer.from(raw, 'base64');
    // Buffer#toString would replace every invalid sequence with U+FFFD: refuse instead.
    if (!isUtf8(bytes)) return { bodyBytes: bytes.length, bodyProblem: INVALID_UTF8 };
    return { body: bytes.toString('utf8'), bodyBytes: bytes.length };
  }
  // A lone surrogate has no UTF-8 form: the backend would get bytes that are not UTF-8.
  if (!isWellFormed(raw)) return { bodyBytes: raw.length * 3, bodyProblem: INVALID_UTF8 };
  // UTF-16 length × 3 bounds the UTF-8 size; count exactly only when it could matter.
  return { body: raw, bodyBytes: raw.length < 512 ? raw.length * 3 : Buffer.byteLength(raw, 'utf8') };
}

/** A header by lower-case name: the exact key first, else a case-insensitive search; own keys only. */
function headerOf(headers: Record<string, string | undefined>, name: string): string | undefined {
  const exact = ownValue(headers, name);
  if (exact !== undefined) return exact;
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string has a UTF-8 form (no lone surrogates). */
export function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}

/**
 * Parses a raw query string, keeping every value of a repeated parameter, into a map
 * without prototype. `+` is a space, as in HTML forms and grpc-gateway. A name or value
 * that is not valid percent-encoded UTF-8 (`%FF`, `%E0%A4`, a stray `%`) is reported in
 * `problems` and kept undecoded.
 */
export function parseQueryString(raw: string | undefined, problems?: RequestTextProblem[]): ClientMap<string[]> {
  const out = clientMap<string[]>();
  if (!raw) return out;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const key = decodeQueryComponent(rawKey);
    const value = eq < 0 ? '' : decodeQueryComponent(pair.slice(eq + 1));
    if (problems && (key === undefined || value === undefined)) problems.push({ field: `query.${key ?? rawKey}`, reason: 'is not valid percent-encoded UTF-8' });
    (out[key ?? rawKey] ??= []).push(value ?? pair.slice(eq + 1));
  }
  return out;
}

/** Decodes one query component; undefined when it is not valid percent-encoded UTF-8. */
function decodeQueryComponent(text: string): string | undefined {
  const plus = text.indexOf('+') >= 0 ? text.replace(/\+/g, ' ') : text;
  if (plus.indexOf('%') < 0) return isWellFormed(plus) ? plus : undefined;
  try {
    return decodeURIComponent(plus);
  } catch {
    return undefined;
  }
}

/** HTTP API: JWT claims, Lambda authorizer context or IAM caller, whichever authorized the route. */
function identityV2(authorizer: Record<string, unknown> | undefined): ClientMap<unknown> {
  const out = clientMap<unknown>();
  if (!authorizer || typeof authorizer !== 'object') return out;
  const jwt = ownValue(authorizer, 'jwt') as { claims?: Record<string, unknown> } | undefined;
  copyInto(out, ownValue(authorizer, 'iam'));
  copyInto(out, ownValue(authorizer, 'lambda'));
  copyInto(out, jwt && typeof jwt === 'object' ? ownValue(jwt, 'claims') : undefined);
  return out;
}

/** REST API: Cognito user-pool claims or the Lambda authorizer's context. */
function identityV1(authorizer: Record<string, unknown> | null | undefined): ClientMap<unknown> {
  const out = clientMap<unknown>();
  if (!authorizer || typeof authorizer !== 'object') return out;
  for (const key of Object.keys(authorizer)) if (key !== 'claims') out[key] = authorizer[key];
  copyInto(out, ownValue(authorizer, 'claims'));
  return out;
}

function copyInto(out: ClientMap<unknown>, from: unknown): void {
  if (!from || typeof from !== 'object' || Array.isArray(from)) return;
  for (const key of Object.keys(from)) out[key] = (from as Record<string, unknown>)[key];
}
