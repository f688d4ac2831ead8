/**
 * The translator: each route compiled once from the configuration and descriptor, on its
 * first request; then per request match → validate → build the request message → unary
 * call → map the response or the gRPC status. Pure apart from the {@link UnaryCaller} it is given.
 */
import type { Field, Root, Type } from 'protobufjs';
import { errorBody, ErrorDetail } from '../shared/error-body';
import {
  FieldMapping,
  FieldTransform,
  IDEMPOTENT_HTTP_METHODS,
  TRANSLATOR_DEFAULTS,
  TranslatorConfig,
  TranslatorRoute,
  UnknownQueryParameters,
} from './config';
import { fieldByFullName, stripPrefix } from './check-config';
import { useLeanCodecs } from './codecs';
import { WELL_KNOWN_JSON_TYPES, findField, fullNameOf, lookupMethod, messageTypeOf, resolveFieldPath } from './descriptor';
import { TranslatorRequest, TranslatorResponse, isWellFormed, ownValue } from './events';
import { GrpcCallError, UnaryCaller } from './grpc-client';
import { PathEncodingError, PathTemplate, TemplateMatcher, compileTemplate, gatewayPathOf, isTemplateProblem, parsePathTemplate } from './path-template';
import { SchemaValidator, compileSchema } from './json-schema';
import {
  JsonMappingError, fieldFromJson, fieldToJson, fieldToJsonText, integerFromJson, messageFromJson, messageToJson, messageToJsonText, valueFromText, withholdFields,
} from './proto-json';
import { GRPC_STATUS, mapGrpcStatus, safeBackendMessage } from './status';
import { violationDetails } from './status-details';
import { transformIn, transformOut } from './transforms';

/** Options of {@link createTranslator}. */
export interface TranslatorOptions {
  /** Makes the gRPC calls. */
  readonly caller: UnaryCaller;
  /**
   * Called with every failed backend call, for logs (the message may name addresses).
   * @default - nothing is logged
   */
  readonly onBackendError?: (route: string, error: GrpcCallError, attempt: number) => void;
  /**
   * Called with an unexpected error before the normalized 500 answer, for logs.
   * @default - nothing is logged
   */
  readonly onUnexpectedError?: (requestId: string, error: unknown) => void;
}

/** A compiled translator. */
export interface Translator {
  /** Answers one request; `remainingMs` is the Lambda's remaining time. Never throws. */
  handle(request: TranslatorRequest, remainingMs: number): Promise<TranslatorResponse>;
}

/** An error answered to the client without calling the backend. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

type Source = 'path' | 'query' | 'body' | 'header' | 'identity';

interface RequestOp {
  readonly source: Source;
  /** Path variable index, query/header/identity name, or body path segments. */
  readonly key: string;
  readonly bodyPath: readonly string[];
  readonly variable: number;
  /** Field names from the message root; empty for the whole message. */
  readonly target: readonly string[];
  readonly field?: Field;
  readonly transform?: FieldTransform;
  readonly label: string;
}

interface ResponseOp {
  readonly from: readonly string[];
  readonly field?: Field;
  readonly to: readonly string[];
  readonly transform?: FieldTransform;
}

interface CompiledRoute {
  readonly route: TranslatorRoute;
  readonly name: string;
  readonly variables: readonly string[];
  readonly grpcPath: string;
  readonly requestType: Type;
  readonly responseType: Type;
  readonly validate?: SchemaValidator;
  readonly readsBody: boolean;
  readonly ops?: readonly RequestOp[];
  readonly knownQuery?: ReadonlySet<string>;
  readonly automatic?: {
    readonly variableTargets: readonly (readonly string[])[];
    readonly variableFields: readonly Field[];
    readonly body?: string;
    readonly bodyTarget: readonly string[];
    readonly bodyField?: Field;
    /** Fields bound by path variables: not read from the query (grpc-gateway's filter). */
    readonly pathBound: ReadonlySet<string>;
    readonly identity: readonly RequestOp[];
    readonly queryCache: Map<string, QueryBinding>;
  };
  readonly responseOps?: readonly ResponseOp[];
  readonly responseBody?: { readonly from: readonly string[]; readonly field?: Field };
  readonly timeoutMs: number;
  readonly idempotent: boolean;
  readonly successStatus: number;
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

/**
 * UNAVAILABLE, and CANCELLED: the translator never cancels its own calls, so a CANCELLED
 * comes from a connection the backend dropped (a restarted task) before the client saw it.
 */
const RETRYABLE = new Set([1, 14]);

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** What a query parameter of an automatic route does. */
type QueryBinding =
  | { readonly kind: 'field'; readonly target: readonly string[]; readonly field: Field; readonly underBody: boolean; readonly mapKey?: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'refused'; readonly reason: string };

const UNKNOWN_QUERY: QueryBinding = { kind: 'unknown' };

/**
 * A configured route as matching needs it. The rest (the method's types, the field
 * mappings, the schema) is compiled on the route's first request and kept: a cold start
 * pays for the one route it answers, however many the configuration holds.
 */
interface RouteEntry {
  readonly route: TranslatorRoute;
  readonly template: PathTemplate;
  readonly method: string;
  readonly matcher: TemplateMatcher;
  readonly literalSegments: number;
  compiled?: CompiledRoute;
}

/**
 * Compiles a translator. The configuration must have passed `checkTranslatorConfig`
 * (the construct runs it at synth), so every route compiles; should one still not, its
 * requests are answered with the normalized 500 and the error is logged.
 */
export function createTranslator(config: TranslatorConfig, root: Root, options: TranslatorOptions): Translator {
  useLeanCodecs(root);
  // A field the descriptor lacks (pruned away) can never be written, so there is nothing to withhold.
  withholdFields((config.internalFields ?? []).map((name) => fieldByFullName(root, name)).filter((f): f is Field => f !== undefined));
  const defaultTimeoutMs = config.defaultTimeoutMs ?? TRANSLATOR_DEFAULTS.defaultTimeoutMs;
  const routes = config.routes.map((route) => routeEntry(route));
  const byKey = new Map<string, RouteEntry>();
  for (const r of routes) {
    byKey.set(`${r.method} ${gatewayPathOf(r.template)}`, r);
    byKey.set(`${r.method} ${r.route.path}`, r);
  }
  const compiled = (entry: RouteEntry): CompiledRoute => (entry.compiled ??= compileRoute(entry, root, defaultTimeoutMs));
  // Without a usable route key, literal segments beat variables, as in the gateways.
  const ordered = [...routes].sort((a, b) => b.literalSegments - a.literalSegments);
  const maxRequestBytes = config.maxRequestBytes ?? TRANSLATOR_DEFAULTS.maxRequestBytes;
  const rejectUnknownQuery = (config.unknownQueryParameters ?? TRANSLATOR_DEFAULTS.unknownQueryParameters) === UnknownQueryParameters.REJECT;
  const margin = config.deadlineMarginMs ?? TRANSLATOR_DEFAULTS.deadlineMarginMs;
  const hide = secretsOf(config.backend.target);
  const { caller, onBackendError, onUnexpectedError } = options;

  // Path values come from the gateway's own path parameters (the route key and
  // pathParameters, rebuilt by routePath): the gateway has matched and decoded them. The
  // raw path is matched only when the route key does not name a route (a `$default` or
  // `{proxy+}` catch-all), and each value is then decoded exactly once.
  const match = (request: TranslatorRequest): { route: RouteEntry; values: string[] } | undefined => {
    const keyed = request.routeKey !== undefined ? byKey.get(request.routeKey) : undefined;
    const routePath = request.routePath();
    if (keyed) {
      const fromGateway = routePath !== undefined ? keyed.matcher(routePath) : undefined;
      if (fromGateway) return { route: keyed, values: fromGateway };
      const values = keyed.matcher(request.path);
      // The gateway authorized and throttled this route: never answer with another one.
      return values ? { route: keyed, values } : undefined;
    }
    for (const path of routePath !== undefined && routePath !== request.path ? [routePath, request.path] : [request.path]) {
      for (const route of ordered) {
        if (route.method !== request.method) continue;
        const values = route.matcher(path);
        if (values) return { route, values };
      }
    }
    return undefined;
  };
  const withHeaders = routes.some((r) => r.route.responseHeaders !== undefined);
  const safeMatch = (request: TranslatorRequest): ReturnType<typeof match> => {
    try {
      return match(request);
    } catch {
      return undefined;
    }
  };

  const handle = async (request: TranslatorRequest, remainingMs: number): Promise<TranslatorResponse> => {
    const requestId = request.requestId;
    let matched: { route: RouteEntry; values: string[] } | undefined;
    try {
      matched = match(request);
    } catch (error) {
      if (!(error instanceof PathEncodingError)) throw error;
      return errorResponse(400, 'INVALID_ARGUMENT', 'The request path is not valid percent-encoded UTF-8.', requestId, [{ field: `path.${error.variable}`, reason: 'is not valid percent-encoded UTF-8' }]);
    }
    if (!matched) return errorResponse(404, 'NOT_FOUND', 'No route matches the request.', requestId);
    const { values } = matched;
    const route = compiled(matched.route);
    if (request.queryProblems && request.queryProblems.length > 0) {
      const [first] = request.queryProblems;
      return errorResponse(400, 'INVALID_ARGUMENT', `Query parameter ${first.field.slice('query.'.length)} is not valid percent-encoded UTF-8.`, requestId, [...request.queryProblems]);
    }
    let message: Record<string, unknown>;
    try {
      const body = route.readsBody ? parseBody(request, route, maxRequestBytes) : undefined;
      if (rejectUnknownQuery) checkQuery(request, route);
      message = route.ops ? buildMapped(route, request, values, body) : buildAutomatic(route, request, values, body, rejectUnknownQuery);
    } catch (error) {
      if (error instanceof JsonMappingError) {
        return errorResponse(400, 'INVALID_ARGUMENT', `Invalid value for ${error.field}: ${error.reason}.`, requestId, [{ field: error.field, reason: error.reason }]);
      }
      if (error instanceof RequestError) return errorResponse(error.status, error.code, error.message, requestId, error.details, error.headers);
      return errorResponse(400, 'INVALID_ARGUMENT', 'The request cannot be translated.', requestId);
    }
    let bytes: Uint8Array;
    try {
      bytes = route.requestType.encode(message).finish();
    } catch {
      return errorResponse(400, 'INVALID_ARGUMENT', 'The request cannot be encoded.', requestId);
    }
    const budget = Math.min(route.timeoutMs, remainingMs - margin);
    if (budget <= 0) return grpcErrorResponse({ code: 4, details: '' }, requestId, hide);
    const deadline = Date.now() + budget;
    // The gateway's request id travels on, so backend logs join the gateway's access log.
    const metadata = { 'x-request-id': requestId };
    let reply: Buffer;
    try {
      reply = await caller.call(route.grpcPath, bytes, deadline, metadata);
    } catch (first) {
      const error = first as GrpcCallError;
      onBackendError?.(route.name, error, 1);
      if (!(RETRYABLE.has(error.code) && route.idempotent && Date.now() < deadline - 1)) return grpcErrorResponse(error, requestId, hide);
      try {
        reply = await caller.call(route.grpcPath, bytes, deadline, metadata);
      } catch (second) {
        onBackendError?.(route.name, second as GrpcCallError, 2);
        return grpcErrorResponse(second as GrpcCallError, requestId, hide);
      }
    }
    let body: string;
    try {
      body = responseText(route, route.responseType.decode(reply));
    } catch {
      return errorResponse(500, 'INTERNAL', 'The service answered with a message that cannot be translated.', requestId);
    }
    if (route.successStatus === 204) return { statusCode: 204, headers: {}, body: '' };
    return { statusCode: route.successStatus, headers: { ...JSON_HEADERS }, body };
  };

  return {
    handle: async (request, remainingMs) => {
      try {
        const response = await handle(request, remainingMs);
        // Lifecycle headers (Deprecation, Sunset, Link) go on every answer of a deprecated route, errors too.
        const extra = withHeaders ? safeMatch(request)?.route.route.responseHeaders : undefined;
        return extra ? { ...response, headers: { ...response.headers, ...extra } } : response;
      } catch (error) {
        // Never let an unexpected error reach the runtime, whose default answer carries the stack.
        try {
          onUnexpectedError?.(request.requestId, error);
        } catch {
          // A failing logger must not turn the answer into a runtime error.
        }
        return unexpectedErrorResponse(request.requestId);
      }
    },
  };
}

// ------------------------------------------------------------------------ compile

function routeEntry(route: TranslatorRoute): RouteEntry {
  const template = parsePathTemplate(route.path);
  if (isTemplateProblem(template)) throw new Error(`route ${route.method} ${route.path}: ${template.problem}`);
  return {
    route,
    template,
    method: route.method.toUpperCase(),
    matcher: compileTemplate(template),
    literalSegments: template.segments.filter((s) => s.kind === 'literal').length,
  };
}

function compileRoute(entry: RouteEntry, root: Root, defaultTimeoutMs: number): CompiledRoute {
  const { route, template, method } = entry;
  const name = `${route.method} ${route.path}`;
  const found = lookupMethod(root, route.grpcMethod);
  if ('problem' in found) throw new Error(`route ${name}: ${found.problem}`);
  const { requestType, responseType } = found;
  const variables = template.variables.map((v) => v.name);
  let ops: RequestOp[] | undefined;
  let automatic: CompiledRoute['automatic'];
  let readsBody: boolean;
  let knownQuery: Set<string> | undefined;
  if (route.requestMapping) {
    ops = route.requestMapping.map((m) => compileRequestOp(m, variables, requestType, name));
    // The whole body first, so that field mappings (identity above all) override it.
    ops.sort((a, b) => (a.target.length === 0 ? -1 : 0) - (b.target.length === 0 ? -1 : 0));
    readsBody = ops.some((op) => op.source === 'body');
    knownQuery = new Set(ops.filter((op) => op.source === 'query').map((op) => op.key));
  } else {
    const variableTargets: string[][] = [];
    const variableFields: Field[] = [];
    const pathBound = new Set<string>();
    for (const v of variables) {
      const resolved = resolveOrThrow(requestType, v, name);
      variableTargets.push(resolved.map((f) => f.name));
      variableFields.push(resolved[resolved.length - 1]);
      pathBound.add(resolved.map((f) => f.name).join('.'));
    }
    let bodyTarget: string[] = [];
    let bodyField: Field | undefined;
    if (route.body !== undefined && route.body !== '*') {
      const resolved = resolveOrThrow(requestType, route.body, name);
      bodyTarget = resolved.map((f) => f.name);
      bodyField = resolved[resolved.length - 1];
    }
    const identity = (route.identityMapping ?? []).map((m) => compileRequestOp(m, variables, requestType, name));
    for (const op of identity) if (op.source !== 'identity') throw new Error(`route ${name}: identityMapping reads ${op.label}, not an identity key`);
    automatic = { variableTargets, variableFields, body: route.body, bodyTarget, bodyField, pathBound, identity, queryCache: new Map() };
    readsBody = route.body !== undefined;
  }
  let responseOps: ResponseOp[] | undefined;
  let responseBody: CompiledRoute['responseBody'];
  if (route.responseMapping) {
    responseOps = route.responseMapping.map((m) => {
      const from = stripPrefix(m.from, 'response', responseType);
      const resolved = from === '*' ? [] : resolveOrThrow(responseType, from, name);
      return { from: resolved.map((f) => f.name), field: resolved[resolved.length - 1], to: m.to.split('.'), transform: m.transform as FieldTransform | undefined };
    });
  } else if (route.responseBody !== undefined) {
    const resolved = route.responseBody === '*' ? [] : resolveOrThrow(responseType, route.responseBody, name);
    responseBody = { from: resolved.map((f) => f.name), field: resolved[resolved.length - 1] };
  }
  return {
    route,
    name,
    variables,
    grpcPath: '/' + route.grpcMethod,
    requestType,
    responseType,
    validate: route.requestSchema ? compileSchema(route.requestSchema) : undefined,
    readsBody,
    ops,
    knownQuery,
    automatic,
    responseOps,
    responseBody,
    timeoutMs: route.timeoutMs ?? defaultTimeoutMs,
    idempotent: route.idempotent ?? IDEMPOTENT_HTTP_METHODS.includes(method),
    successStatus: route.successStatus ?? 200,
    ...(route.responseHeaders ? { responseHeaders: { ...route.responseHeaders } } : {}),
  };
}

function compileRequestOp(mapping: FieldMapping, variables: readonly string[], requestType: Type, name: string): RequestOp {
  const dot = mapping.from.indexOf('.');
  const source = (dot < 0 ? mapping.from : mapping.from.slice(0, dot)) as Source;
  const key = dot < 0 ? '' : mapping.from.slice(dot + 1);
  const to = stripPrefix(mapping.to, 'request', requestType);
  const resolved = to === '*' ? [] : resolveOrThrow(requestType, to, name);
  return {
    source,
    key: source === 'header' ? key.toLowerCase() : key,
    bodyPath: source === 'body' && key !== '' ? key.split('.') : [],
    variable: source === 'path' ? variables.indexOf(key) : -1,
    target: resolved.map((f) => f.name),
    field: resolved[resolved.length - 1],
    transform: mapping.transform as FieldTransform | undefined,
    label: mapping.from,
  };
}

function resolveOrThrow(type: Type, path: string, route: string): Field[] {
  const resolved = resolveFieldPath(type, path);
  if ('problem' in resolved) throw new Error(`route ${route}: ${resolved.problem}`);
  return [...resolved.fields];
}

// ------------------------------------------------------------------------ request

function parseBody(request: TranslatorRequest, route: CompiledRoute, maxBytes: number): unknown {
  if (request.bodyBytes > maxBytes && (request.body === undefined || Buffer.byteLength(request.body, 'utf8') > maxBytes)) {
    throw new RequestError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`);
  }
  if (request.bodyProblem) {
    throw new RequestError(400, 'BAD_REQUEST_BODY', 'The request body is not valid UTF-8.', [{ ...request.bodyProblem }]);
  }
  if (request.body === undefined) {
    if (route.validate) validateBody(route.validate, undefined);
    return undefined;
  }
  const contentType = request.header('content-type');
  if (contentType !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim())) {
    throw new RequestError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (Content-Type: application/json).');
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    throw new RequestError(400, 'BAD_REQUEST_BODY', 'The request body is not valid JSON.');
  }
  // A \uD800 escape decodes to a lone surrogate, which has no UTF-8 form.
  if (request.body.indexOf('\\u') >= 0) {
    const bad = malformedText(body, 'body');
    if (bad !== undefined) throw new RequestError(400, 'BAD_REQUEST_BODY', 'The request body is not valid UTF-8.', [{ field: bad, reason: 'is not valid UTF-8 (a lone surrogate)' }]);
  }
  if (route.validate) validateBody(route.validate, body);
  return body;
}

/** The first string or key of a JSON value that has no UTF-8 form, as a path; undefined if none. */
function malformedText(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return isWellFormed(value) ? undefined : at;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = malformedText(value[i], `${at}[${i}]`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!isWellFormed(key)) return at;
    const bad = malformedText((value as Record<string, unknown>)[key], `${at}.${key}`);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

function validateBody(validate: SchemaValidator, body: unknown): void {
  const violations = validate(body);
  if (violations.length === 0) return;
  const details = violations.map((v) => ({ field: v.path === '' ? 'body' : v.path.startsWith('[') ? `body${v.path}` : `body.${v.path}`, reason: v.reason }));
  throw new RequestError(400, 'BAD_REQUEST_BODY', 'The request body does not match the schema.', details);
}

function checkQuery(request: TranslatorRequest, route: CompiledRoute): void {
  for (const key of Object.keys(request.query)) {
    const known = route.knownQuery ? route.knownQuery.has(key) : automaticQueryField(route, key).kind !== 'unknown';
    if (!known) {
      throw new RequestError(400, 'INVALID_ARGUMENT', `Unknown query parameter "${key}".`, [{ field: `query.${key}`, reason: 'unknown query parameter' }]);
    }
  }
}

const TEXT_NUMBER_TRANSFORMS = new Set<string>([FieldTransform.STRING_TO_NUMBER, FieldTransform.ENUM_TO_NUMBER, FieldTransform.DURATION_TO_SECONDS, FieldTransform.DURATION_TO_MILLIS]);

function fromText(op: RequestOp, text: string, at: string): unknown {
  if (!op.transform) return valueFromText(op.field!, text, at);
  const value = TEXT_NUMBER_TRANSFORMS.has(op.transform) && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  return transformIn(op.transform, op.field!, value, at);
}

function fromJson(op: RequestOp, json: unknown, at: string): unknown {
  const field = op.field!;
  if (!op.transform) return fieldFromJson(field, json, at);
  if (field.repeated) {
    if (!Array.isArray(json)) throw new JsonMappingError(at, 'expected a list');
    return json.map((v, i) => transformIn(op.transform!, field, v, `${at}[${i}]`));
  }
  return transformIn(op.transform, field, json, at);
}

function buildMapped(route: CompiledRoute, request: TranslatorRequest, values: readonly string[], body: unknown): Record<string, unknown> {
  let message: Record<string, unknown> = {};
  for (const op of route.ops!) {
    let value: unknown;
    switch (op.source) {
      case 'path':
        value = fromText(op, values[op.variable], op.label);
        if (op.field!.repeated) value = [value];
        break;
      case 'query': {
        const given = request.query[op.key];
        if (!given || given.length === 0) continue;
        if (op.field!.repeated) value = given.map((t, i) => fromText(op, t, `${op.label}[${i}]`));
        else if (given.length > 1) throw new JsonMappingError(op.label, 'given more than once');
        else value = fromText(op, given[0], op.label);
        break;
      }
      case 'header': {
        const text = request.header(op.key);
        if (text === undefined) continue;
        value = op.field!.repeated ? text.split(',').map((t, i) => fromText(op, t.trim(), `${op.label}[${i}]`)) : fromText(op, text, op.label);
        break;
      }
      case 'identity':
        value = identityValue(op, request);
        break;
      case 'body': {
        const json = dig(body, op.bodyPath);
        if (json === undefined || json === null) continue;
        if (op.target.length === 0) {
          message = { ...messageFromJson(route.requestType, json, 'body'), ...message };
          continue;
        }
        value = fromJson(op, json, op.label);
        break;
      }
    }
    setPath(message, op.target, value);
  }
  return message;
}

/** The authorizer's value for an identity mapping; a missing one answers 401, whatever the client sent. */
function identityValue(op: RequestOp, request: TranslatorRequest): unknown {
  const claim = ownValue(request.identity, op.key);
  if (claim === undefined || claim === null || claim === '') {
    throw new RequestError(401, 'UNAUTHENTICATED', 'The request is not authenticated for this operation.', undefined, { 'www-authenticate': 'Bearer' });
  }
  if (typeof claim !== 'string') return fromJson(op, claim, op.label);
  return op.field!.repeated ? [fromText(op, claim, op.label)] : fromText(op, claim, op.label);
}

function buildAutomatic(route: CompiledRoute, request: TranslatorRequest, values: readonly string[], body: unknown, rejectUnknown: boolean): Record<string, unknown> {
  const auto = route.automatic!;
  let message: Record<string, unknown> = {};
  if (auto.body === '*' && body !== undefined) message = messageFromJson(route.requestType, body, 'body');
  else if (auto.bodyField && body !== undefined && body !== null) setPath(message, auto.bodyTarget, fieldFromJson(auto.bodyField, body, 'body'));
  for (let i = 0; i < values.length; i++) {
    setPath(message, auto.variableTargets[i], valueFromText(auto.variableFields[i], values[i], `path.${route.variables[i]}`));
  }
  if (auto.body !== '*') applyQuery(route, request, message, rejectUnknown);
  // Identity last: it overwrites whatever the body, the path or the query put there.
  for (const op of auto.identity) setPath(message, op.target, identityValue(op, request));
  return message;
}

/**
 * Query parameters of an automatic route, as google.api.http reads them: a parameter
 * names a field path (`page_size`, `filter.status`, `counts[key]` for a map entry).
 * Fields bound by a path variable are not read (grpc-gateway's filter); fields under the
 * body field are filled (as Envoy and ESPv2 do) unless the body sets them too, which is
 * refused, as is any parameter that addresses a repeated message's elements, a message
 * or a map as a whole.
 */
function applyQuery(route: CompiledRoute, request: TranslatorRequest, message: Record<string, unknown>, rejectUnknown: boolean): void {
  const filled = new Map<string, string>();
  for (const key of Object.keys(request.query)) {
    const given = request.query[key];
    const at = `query.${key}`;
    const binding = automaticQueryField(route, key);
    if (binding.kind === 'unknown') {
      if (rejectUnknown) throw new JsonMappingError(at, 'unknown query parameter');
      continue;
    }
    if (binding.kind === 'refused') throw new JsonMappingError(at, binding.reason);
    const { field, target, mapKey } = binding;
    const slot = mapKey !== undefined ? `${target.join('.')}[${mapKey}]` : target.join('.');
    const other = filled.get(slot);
    if (other !== undefined) throw new JsonMappingError(at, `sets the same field as query parameter ${other}`);
    filled.set(slot, key);
    const parent = parentOf(message, target);
    const present = parent !== undefined && Object.prototype.hasOwnProperty.call(parent, field.name) && parent[field.name] !== undefined;
    const entryKey = mapKey !== undefined ? mapEntryKey(field, mapKey, at) : undefined;
    if (binding.underBody && present && (entryKey === undefined || Object.prototype.hasOwnProperty.call(parent![field.name] as object, entryKey))) {
      throw new JsonMappingError(at, 'the body sets this field too; give it once');
    }
    if (entryKey !== undefined) {
      if (given.length > 1) throw new JsonMappingError(at, 'given more than once');
      const entries = (present ? parent![field.name] : Object.create(null)) as Record<string, unknown>;
      entries[entryKey] = valueFromText(field, given[0], at);
      setPath(message, target, entries);
      continue;
    }
    const value = field.repeated
      ? given.map((t, i) => valueFromText(field, t, `${at}[${i}]`))
      : given.length > 1
        ? (() => {
            throw new JsonMappingError(at, 'given more than once');
          })()
        : valueFromText(field, given[0], at);
    if (field.partOf && !field.partOf.name.startsWith('_') && parent !== undefined) {
      const set = field.partOf.fieldsArray.find((f) => f !== field && parent[f.name] !== undefined && parent[f.name] !== null);
      if (set) throw new JsonMappingError(at, `only one of the oneof "${field.partOf.name}" may be set, "${set.name}" is set too`);
    }
    setPath(message, target, value);
  }
}

/** The proto form of a map key given in `name[key]`. */
function mapEntryKey(field: Field, key: string, at: string): string {
  const keyType = (field as Field & { keyType: string }).keyType;
  if (keyType === 'string') return key;
  if (keyType === 'bool') {
    if (key !== 'true' && key !== 'false') throw new JsonMappingError(at, 'a bool map key is "true" or "false"');
    return key;
  }
  return String(integerFromJson(keyType, key, at));
}

function parentOf(message: Record<string, unknown>, target: readonly string[]): Record<string, unknown> | undefined {
  let current: unknown = message;
  for (let i = 0; i < target.length - 1; i++) {
    if (current === null || typeof current !== 'object') return undefined;
    current = ownValue(current as Record<string, unknown>, target[i]);
  }
  return current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : undefined;
}

const MAP_ENTRY = /^([^[\]]+)\[([^[\]]*)\]$/;

/** What a query parameter of an automatic route fills (cached per route). */
function automaticQueryField(route: CompiledRoute, key: string): QueryBinding {
  const auto = route.automatic;
  if (!auto || auto.body === '*') return UNKNOWN_QUERY;
  const cached = auto.queryCache.get(key);
  if (cached !== undefined) return cached;
  const result = resolveQueryKey(route, key);
  // Bounded: only names that resolve or a few hundred others are remembered.
  if (result.kind === 'field' || auto.queryCache.size < 256) auto.queryCache.set(key, result);
  return result;
}

function resolveQueryKey(route: CompiledRoute, key: string): QueryBinding {
  const auto = route.automatic!;
  const entry = MAP_ENTRY.exec(key);
  const names = (entry ? entry[1] : key).split('.');
  const fields: Field[] = [];
  let type: Type = route.requestType;
  for (let i = 0; i < names.length; i++) {
    const field = findField(type, names[i]);
    // Not a field: an ordinary extra parameter (utm_source, api_key), as in grpc-gateway.
    if (!field) return UNKNOWN_QUERY;
    fields.push(field);
    if (i === names.length - 1) break;
    const so = names.slice(0, i + 1).join('.');
    if (field.repeated || field.map) {
      return { kind: 'refused', reason: `"${so}" is a repeated field: a query parameter cannot address fields of its elements; send them in the body` };
    }
    const next = messageTypeOf(field);
    if (!next || WELL_KNOWN_JSON_TYPES.has(fullNameOf(next))) return { kind: 'refused', reason: `"${so}" is not a message, so it has no field "${names[i + 1]}"` };
    type = next;
  }
  const target = fields.map((f) => f.name);
  const joined = target.join('.');
  if ([...auto.pathBound].some((b) => joined === b || joined.startsWith(b + '.') || b.startsWith(joined + '.'))) return UNKNOWN_QUERY;
  const field = fields[fields.length - 1];
  const body = auto.bodyTarget.join('.');
  const underBody = body !== '' && (joined === body || joined.startsWith(body + '.'));
  if (entry) {
    if (!field.map) return { kind: 'refused', reason: `"${entry[1]}" is not a map field; only a map takes name[key]=value` };
    if (!isQueryable(field)) return { kind: 'refused', reason: `the values of map "${entry[1]}" are messages; send them in the body` };
    return { kind: 'field', target, field, underBody, mapKey: entry[2] };
  }
  if (field.map) return { kind: 'refused', reason: `"${key}" is a map: give each entry as ${key}[key]=value` };
  if (!isQueryable(field)) {
    return field.repeated
      ? { kind: 'refused', reason: `"${key}" is a repeated message field: its elements cannot be given as query parameters; send them in the body` }
      : { kind: 'refused', reason: `"${key}" is a message: give its fields one by one (${key}.<field>)` };
  }
  return { kind: 'field', target, field, underBody };
}

function isQueryable(field: Field): boolean {
  const resolved = field.resolve().resolvedType;
  if (!resolved || !('fieldsArray' in resolved)) return true;
  const full = resolved.fullName.slice(1);
  return full.startsWith('google.protobuf.') && full !== 'google.protobuf.Any' && full !== 'google.protobuf.Empty';
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = ownValue(current as Record<string, unknown>, key);
  }
  return current;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (let i = 0; i < path.length - 1; i++) {
    let next = current[path[i]] as Record<string, unknown> | undefined;
    if (next === undefined || next === null || typeof next !== 'object') {
      next = {};
      current[path[i]] = next;
    }
    current = next;
  }
  current[path[path.length - 1]] = value;
}

// ------------------------------------------------------------------------ response

/** The answer's JSON text; a whole message or one field of it is written directly, without an object. */
function responseText(route: CompiledRoute, message: unknown): string {
  if (route.responseBody && !route.responseOps) {
    if (route.responseBody.from.length === 0) return messageToJsonText(route.responseType, message);
    const parent = dig(message, route.responseBody.from.slice(0, -1));
    if (parent === undefined || parent === null) return 'null';
    return fieldToJsonText(route.responseBody.field!, (parent as Record<string, unknown>)[route.responseBody.field!.name]);
  }
  return JSON.stringify(buildResponse(route, message));
}

function buildResponse(route: CompiledRoute, message: unknown): unknown {
  if (route.responseOps) {
    const out: Record<string, unknown> = {};
    for (const op of route.responseOps) {
      let json: unknown;
      if (op.from.length === 0) json = messageToJson(route.responseType, message);
      else {
        const parent = dig(message, op.from.slice(0, -1));
        if (parent === undefined || parent === null) continue;
        const field = op.field!;
        const value = (parent as Record<string, unknown>)[field.name];
        if (op.transform) {
          if ((value === null || value === undefined) && (field.resolvedType && 'fieldsArray' in field.resolvedType)) continue;
          json = field.repeated ? ((value as unknown[]) ?? []).map((v) => transformOut(op.transform!, field, v)) : transformOut(op.transform, field, value);
        } else {
          json = fieldToJson(field, value);
        }
      }
      if (json !== undefined) setPath(out, op.to, json);
    }
    return out;
  }
  if (route.responseBody) {
    if (route.responseBody.from.length === 0) return messageToJson(route.responseType, message);
    const parent = dig(message, route.responseBody.from.slice(0, -1));
    if (parent === undefined || parent === null) return null;
    const json = fieldToJson(route.responseBody.field!, (parent as Record<string, unknown>)[route.responseBody.field!.name]);
    return json === undefined ? null : json;
  }
  return {};
}

// ------------------------------------------------------------------------ errors

/** The normalized 500 answer to an error nobody expected: no message, stack or address of ours. */
export function unexpectedErrorResponse(requestId: string): TranslatorResponse {
  return errorResponse(500, 'INTERNAL', 'The request failed.', typeof requestId === 'string' ? requestId : '');
}

function errorResponse(status: number, code: string, message: string, requestId: string, details?: ErrorDetail[], headers?: Record<string, string>): TranslatorResponse {
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(errorBody(code, status, message, requestId, details)) };
}

function grpcErrorResponse(error: GrpcCallError, requestId: string, hide: readonly string[]): TranslatorResponse {
  const mapping = mapGrpcStatus(error.code);
  const message = (mapping.passMessage ? safeBackendMessage(error.details, hide) : undefined) ?? mapping.message;
  const details = mapping.passMessage ? violationDetails(error.statusDetails, (text) => safeBackendMessage(text, hide)) : undefined;
  const headers = mapping === GRPC_STATUS[16] ? { 'www-authenticate': 'Bearer' } : undefined;
  return errorResponse(mapping.http, mapping.name, message, requestId, details, headers);
}

function secretsOf(target: string): string[] {
  const bare = target.replace(/^[a-z]+:(\/\/[^/]*\/)?/i, '');
  const host = bare.replace(/:\d+$/, '');
  return [target, bare, host].filter((s) => s.length > 0);
}
