/**
 * Synth-time check of a {@link TranslatorConfig} against the compiled descriptor. Pure:
 * returns every problem found, each shaped like the library's `InvalidProp`, so the
 * construct reports them with `TopologyValidationError` and its construct path.
 */
import type { Field, ReflectionObject, Root, Type } from 'protobufjs';
import { FieldMapping, LoadBalancing, TRANSLATOR_CONFIG_VERSION, TranslatorConfig, TranslatorRoute, UnknownQueryParameters } from './config';
import { SCALAR_LIKE_TYPES, WELL_KNOWN_JSON_TYPES, fullNameOf, lookupMethod, messageTypeOf, resolveFieldPath } from './descriptor';
import { unenforceableSchemaParts } from './schema-check';
import { PathTemplate, isTemplateProblem, parsePathTemplate } from './path-template';
import { describeFieldType, isFieldTransform, transformAccepts, transformAcceptsText } from './transform-types';

/** One problem of a translator configuration. */
export interface TranslatorConfigProblem {
  /** The offending prop as a path from the configuration (`routes[1].requestMapping[0].to`). */
  readonly prop: string;
  /** The value found there. */
  readonly received: unknown;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const REQUEST_SOURCES = ['path', 'query', 'body', 'header', 'identity'];
const JSON_PATH = /^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z_$][A-Za-z0-9_$-]*)*$/;

/**
 * Checks every route of a configuration against the descriptor: unknown services,
 * methods and fields, transforms on fields of the wrong type, two mappings to one
 * target, `path.x` where the path has no `{x}`, and the configuration's own values.
 * Returns an empty list when the configuration is sound.
 */
export function checkTranslatorConfig(config: TranslatorConfig, root: Root): TranslatorConfigProblem[] {
  const problems: TranslatorConfigProblem[] = [];
  const report = (prop: string, received: unknown, problem: string, fix: string): void => {
    problems.push({ prop, received, problem, fix });
  };
  try {
    root.resolveAll();
  } catch (error) {
    report('descriptor', undefined, `the descriptor does not resolve: ${(error as Error).message}`, 'import every .proto file the services use');
    return problems;
  }
  if (config.version !== TRANSLATOR_CONFIG_VERSION) {
    report('version', config.version, `this handler reads configuration version ${TRANSLATOR_CONFIG_VERSION}`, `set version to ${TRANSLATOR_CONFIG_VERSION}`);
  }
  checkBackend(config, report);
  checkLimits(config, report);
  if (!Array.isArray(config.routes) || config.routes.length === 0) {
    report('routes', config.routes, 'the translator has no routes', 'give at least one route');
    return problems;
  }
  const internal = checkInternalFields(config, root, report);
  const keys = new Map<string, number>();
  config.routes.forEach((route, i) => {
    const prefix = `routes[${i}]`;
    const key = `${String(route.method).toUpperCase()} ${normalizeForKey(route.path)}`;
    if (keys.has(key)) {
      report(`${prefix}.path`, route.path, `${key} is already routed by routes[${keys.get(key)}]`, 'give each method and path one route');
    } else keys.set(key, i);
    checkRoute(route, prefix, root, report, internal);
  });
  checkIdentityFields(config, root, report);
  return problems;
}

/** The fields named in `internalFields`, each checked to exist. */
function checkInternalFields(config: TranslatorConfig, root: Root, report: Report): Set<Field> {
  const fields = new Set<Field>();
  (config.internalFields ?? []).forEach((name, i) => {
    const field = typeof name === 'string' ? fieldByFullName(root, name) : undefined;
    if (!field) report(`internalFields[${i}]`, name, 'the descriptor has no such field', 'give the fully-qualified field name, "users.v1.User.internal_notes"');
    else fields.add(field);
  });
  return fields;
}

/** A field by its fully-qualified name (`users.v1.User.internal_notes`), or undefined. */
export function fieldByFullName(root: Root, name: string): Field | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  let type: ReflectionObject | null = null;
  try {
    type = root.lookup('.' + name.slice(0, dot));
  } catch {
    type = null;
  }
  if (!type || !('fieldsArray' in type)) return undefined;
  return (type as Type).fields[name.slice(dot + 1)] ?? undefined;
}

/** True when a field never leaves the VPC: declared `[debug_redact = true]` or listed in `internalFields`. */
function isInternal(field: Field, internal: ReadonlySet<Field>): boolean {
  return field.options?.debug_redact === true || internal.has(field);
}

/** One whole message a route returns although its type holds internal fields. */
export interface InternalFieldExposure {
  /** The route and mapping (`routes[1].responseMapping[0]`, `routes[0].responseBody`). */
  readonly prop: string;
  /** The message type returned whole. */
  readonly message: string;
  /** The internal fields it holds, at any depth (`users.v1.User.internal_notes`). */
  readonly fields: readonly string[];
}

/**
 * Every mapping that returns a whole message (`response.user`, `responseBody: "*"`) whose
 * type holds an internal field at any depth. The translator withholds those fields at
 * run time; the construct warns so that the route maps the fields it means to return.
 */
export function internalFieldExposures(config: TranslatorConfig, root: Root): InternalFieldExposure[] {
  const internal = new Set<Field>();
  for (const name of config.internalFields ?? []) {
    const field = fieldByFullName(root, name);
    if (field) internal.add(field);
  }
  const out: InternalFieldExposure[] = [];
  const consider = (prop: string, type: Type | undefined): void => {
    if (!type) return;
    const fields = internalFieldsWithin(type, internal);
    if (fields.length > 0) out.push({ prop, message: fullNameOf(type), fields });
  };
  config.routes.forEach((route, i) => {
    const found = lookupMethod(root, route.grpcMethod);
    if ('problem' in found) return;
    const responseType = found.responseType;
    if (route.responseMapping !== undefined) {
      route.responseMapping.forEach((m, j) => {
        const from = stripPrefix(m.from, 'response', responseType);
        if (from === '*') return consider(`routes[${i}].responseMapping[${j}]`, responseType);
        const resolved = resolveFieldPath(responseType, from);
        if (!('problem' in resolved)) consider(`routes[${i}].responseMapping[${j}]`, messageTypeOf(resolved.fields[resolved.fields.length - 1]));
      });
    } else if (route.responseBody !== undefined) {
      if (route.responseBody === '*') return consider(`routes[${i}].responseBody`, responseType);
      const resolved = resolveFieldPath(responseType, route.responseBody);
      if (!('problem' in resolved)) consider(`routes[${i}].responseBody`, messageTypeOf(resolved.fields[resolved.fields.length - 1]));
    }
  });
  return out;
}

/** The internal fields of a message type and of the messages it holds, by full name. */
function internalFieldsWithin(type: Type, internal: ReadonlySet<Field>, seen = new Set<Type>()): string[] {
  if (seen.has(type) || WELL_KNOWN_JSON_TYPES.has(fullNameOf(type))) return [];
  seen.add(type);
  const out: string[] = [];
  for (const field of type.fieldsArray) {
    if (isInternal(field, internal)) out.push(fullNameOf(field));
    else {
      const nested = messageTypeOf(field);
      if (nested) out.push(...internalFieldsWithin(nested, internal, seen));
    }
  }
  return out;
}

/**
 * A field an identity mapping fills (the tenant, the user) is identity everywhere: a
 * `header.*` mapping into the same field of the same message elsewhere would let a
 * client-sent header stand in for the authorizer's value, so it is refused.
 */
function checkIdentityFields(config: TranslatorConfig, root: Root, report: Report): void {
  const identity = new Map<Field, string>();
  const headers: { field: Field; prop: string; from: string }[] = [];
  config.routes.forEach((route, i) => {
    const found = lookupMethod(root, route.grpcMethod);
    if ('problem' in found) return;
    const visit = (mappings: readonly FieldMapping[] | undefined, list: string): void => {
      if (!Array.isArray(mappings)) return;
      mappings.forEach((m, j) => {
        if (typeof m?.from !== 'string' || typeof m.to !== 'string') return;
        const to = stripPrefix(m.to, 'request', found.requestType);
        if (to === '*') return;
        const resolved = resolveFieldPath(found.requestType, to);
        if ('problem' in resolved) return;
        const field = resolved.fields[resolved.fields.length - 1];
        const prop = `routes[${i}].${list}[${j}]`;
        if (m.from.startsWith('identity.')) {
          if (!identity.has(field)) identity.set(field, `${prop} (${m.from})`);
        } else if (m.from.startsWith('header.')) headers.push({ field, prop, from: m.from });
      });
    };
    visit(route.requestMapping, 'requestMapping');
    visit(route.identityMapping, 'identityMapping');
  });
  for (const h of headers) {
    const owner = identity.get(h.field);
    if (owner === undefined) continue;
    report(
      `${h.prop}.from`, h.from,
      `${fullNameOf(h.field)} is an identity field (filled from the authorizer by ${owner}), so a client-sent header must not fill it`,
      `map it from the authorizer (identity.<key>) on this route too, or map the header into another field`,
    );
  }
}

type Report = (prop: string, received: unknown, problem: string, fix: string) => void;

function checkBackend(config: TranslatorConfig, report: Report): void {
  const target = config.backend?.target;
  if (typeof target !== 'string' || target.trim() === '') {
    report('backend.target', target, 'the backend needs a gRPC target', 'give "dns:///service.namespace:50051" or "host:port"');
  } else if (!/:\d+$/.test(target) && !target.startsWith('unix:')) {
    report('backend.target', target, 'the target has no port', 'end the target with ":<port>", "dns:///users.internal:50051"');
  }
  const lb = config.backend?.loadBalancing;
  if (lb !== undefined && !Object.values(LoadBalancing).includes(lb as LoadBalancing)) {
    report('backend.loadBalancing', lb, 'unknown load-balancing policy', `use one of ${Object.values(LoadBalancing).join(', ')}`);
  }
}

function checkLimits(config: TranslatorConfig, report: Report): void {
  const positive = (prop: keyof TranslatorConfig, allowZero: boolean): void => {
    const value = config[prop];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || (!allowZero && value === 0)) {
      report(prop, value, `${prop} must be a ${allowZero ? 'non-negative' : 'positive'} integer`, `give ${prop} in ${prop === 'maxRequestBytes' ? 'bytes' : 'milliseconds'}`);
    }
  };
  positive('maxRequestBytes', false);
  positive('deadlineMarginMs', true);
  positive('defaultTimeoutMs', false);
  const unknown = config.unknownQueryParameters;
  if (unknown !== undefined && !Object.values(UnknownQueryParameters).includes(unknown as UnknownQueryParameters)) {
    report('unknownQueryParameters', unknown, 'unknown policy for unknown query parameters', `use one of ${Object.values(UnknownQueryParameters).join(', ')}`);
  }
}

function checkRoute(route: TranslatorRoute, prefix: string, root: Root, report: Report, internal: ReadonlySet<Field>): void {
  const method = typeof route.method === 'string' ? route.method : '';
  if (!HTTP_METHODS.includes(method)) {
    report(`${prefix}.method`, route.method, 'not an HTTP method the gateways route', `use one of ${HTTP_METHODS.join(', ')} in upper case`);
  }
  const template = parsePathTemplate(route.path);
  if (isTemplateProblem(template)) {
    report(`${prefix}.path`, route.path, template.problem, template.fix);
  }
  if (route.timeoutMs !== undefined && (typeof route.timeoutMs !== 'number' || !Number.isInteger(route.timeoutMs) || route.timeoutMs <= 0)) {
    report(`${prefix}.timeoutMs`, route.timeoutMs, 'timeoutMs must be a positive integer', 'give the deadline in milliseconds');
  }
  if (route.successStatus !== undefined && (!Number.isInteger(route.successStatus) || route.successStatus < 200 || route.successStatus > 299)) {
    report(`${prefix}.successStatus`, route.successStatus, 'a success status must be 2xx', 'use 200, 201, 202 or 204');
  }
  if (route.requestSchema !== undefined && (typeof route.requestSchema !== 'object' || route.requestSchema === null || Array.isArray(route.requestSchema))) {
    report(`${prefix}.requestSchema`, route.requestSchema, 'a request schema is a JSON schema object', 'give a draft 4 JSON schema, { type: "object", ... }');
  } else if (route.requestSchema !== undefined) {
    // The validator enforces all of draft 4; these are what it would skip or fail on per request.
    const unenforceable = unenforceableSchemaParts(route.requestSchema);
    if (unenforceable.length > 0) {
      report(`${prefix}.requestSchema`, route.requestSchema, `the translator cannot enforce ${unenforceable.join(', ')}`, 'use a known format (email, uuid, date-time, date, time, uri, hostname, ipv4, ipv6, ...), $refs to the schema\'s own definitions and valid regular expressions');
    }
  }
  const found = lookupMethod(root, route.grpcMethod);
  if ('problem' in found) {
    report(`${prefix}.grpcMethod`, route.grpcMethod, found.problem, found.fix);
    return;
  }
  const parsed = isTemplateProblem(template) ? undefined : template;
  if (route.requestMapping !== undefined) {
    checkRequestMapping(route, prefix, parsed, found.requestType, report);
    if (route.identityMapping !== undefined) {
      report(`${prefix}.identityMapping`, route.identityMapping, 'identityMapping binds identity on automatic routes; this route has a requestMapping', 'add the identity.<key> mappings to requestMapping instead');
    }
  } else {
    checkAutomaticRequest(route, prefix, parsed, found.requestType, report);
    if (route.identityMapping !== undefined) checkIdentityMapping(route.identityMapping, `${prefix}.identityMapping`, found.requestType, report);
  }
  if (route.responseMapping !== undefined) {
    checkResponseMapping(route.responseMapping, `${prefix}.responseMapping`, found.responseType, report, internal);
  } else if (route.responseBody !== undefined && route.responseBody !== '*') {
    const result = resolveFieldPath(found.responseType, route.responseBody);
    if ('problem' in result) report(`${prefix}.responseBody`, route.responseBody, result.problem, result.fix);
    else if (isInternal(result.fields[result.fields.length - 1], internal)) {
      report(`${prefix}.responseBody`, route.responseBody, `${fullNameOf(result.fields[result.fields.length - 1])} is internal: it never leaves the VPC`, 'return another field, or remove the field from internalFields (or its debug_redact option)');
    }
  }
}

function checkIdentityMapping(mappings: readonly FieldMapping[], prefix: string, requestType: Type, report: Report): void {
  if (!Array.isArray(mappings)) {
    report(prefix, mappings, 'identityMapping must be a list', 'give a list of { from: "identity.<key>", to: "<field>" }');
    return;
  }
  const targets = new Map<string, number>();
  mappings.forEach((mapping, j) => {
    const at = `${prefix}[${j}]`;
    const from = typeof mapping?.from === 'string' ? mapping.from : '';
    if (!/^identity\.[^.]+/.test(from)) {
      report(`${at}.from`, mapping?.from, 'an identity mapping reads identity.<key>, a value of the authorizer', 'write for example "identity.tenantId"');
      return;
    }
    const to = typeof mapping.to === 'string' ? stripPrefix(mapping.to, 'request', requestType) : '';
    const resolved = resolveFieldPath(requestType, to);
    if ('problem' in resolved) {
      report(`${at}.to`, mapping.to, resolved.problem, resolved.fix);
      return;
    }
    const canonical = resolved.fields.map((f) => f.name).join('.');
    for (const [other, index] of targets) {
      if (overlaps(other, canonical)) report(`${at}.to`, mapping.to, `identityMapping[${index}] already fills "${other}"`, 'bind each field to one identity key');
    }
    targets.set(canonical, j);
    const field = resolved.fields[resolved.fields.length - 1];
    if (!isScalarLike(field)) report(`${at}.to`, mapping.to, `${from} is text, but "${to}" is ${describeFieldType(field)}`, 'bind the identity to a scalar field');
    checkTransform(mapping, at, field, report);
  });
}

function checkRequestMapping(route: TranslatorRoute, prefix: string, template: PathTemplate | undefined, requestType: Type, report: Report): void {
  const mappings = route.requestMapping!;
  if (!Array.isArray(mappings)) {
    report(`${prefix}.requestMapping`, mappings, 'requestMapping must be a list', 'give a list of { from, to, transform? }');
    return;
  }
  const variables = new Set(template?.variables.map((v) => v.name) ?? []);
  const targets: { path: string; index: number }[] = [];
  mappings.forEach((mapping: FieldMapping, j) => {
    const at = `${prefix}.requestMapping[${j}]`;
    const from = typeof mapping?.from === 'string' ? mapping.from : '';
    const dot = from.indexOf('.');
    const source = dot < 0 ? from : from.slice(0, dot);
    const name = dot < 0 ? '' : from.slice(dot + 1);
    if (!REQUEST_SOURCES.includes(source) || (name === '' && source !== 'body')) {
      report(`${at}.from`, mapping?.from, 'a request mapping reads path.<name>, query.<name>, body[.<a.b>], header.<name> or identity.<key>', 'write for example "path.userId" or "identity.tenantId"');
      return;
    }
    if (source === 'path' && !variables.has(name)) {
      const known = [...variables].map((v) => `{${v}}`).join(', ');
      report(`${at}.from`, from, `the path ${route.path} has no {${name}}`, known ? `use one of its parameters: ${known}` : `add {${name}} to the path or map another source`);
    }
    const to = typeof mapping.to === 'string' ? stripPrefix(mapping.to, 'request', requestType) : '';
    if (to === '*') {
      if (from !== 'body') report(`${at}.to`, mapping.to, 'only the whole body ("from": "body") can fill the whole request message', 'map into a field of the request message');
      if (mapping.transform !== undefined) report(`${at}.transform`, mapping.transform, 'a transform applies to one field, not the whole message', 'remove the transform');
      if (targets.some((t) => t.path === '')) report(`${at}.to`, mapping.to, 'the whole message is already filled from the body', 'map the body once');
      targets.push({ path: '', index: j });
      return;
    }
    const resolved = resolveFieldPath(requestType, to);
    if ('problem' in resolved) {
      report(`${at}.to`, mapping.to, resolved.problem, resolved.fix);
      return;
    }
    const canonical = resolved.fields.map((f) => f.name).join('.');
    for (const other of targets) {
      if (overlaps(other.path, canonical)) {
        report(`${at}.to`, mapping.to, `requestMapping[${other.index}] already fills "${other.path}"`, 'map each request field from one source');
      }
    }
    targets.push({ path: canonical, index: j });
    const field = resolved.fields[resolved.fields.length - 1];
    if (source !== 'body' && !isScalarLike(field)) {
      report(`${at}.to`, mapping.to, `${source}.${name} is text, but "${to}" is ${describeFieldType(field)}`, 'map a path, query, header or identity value to a scalar field, or map body instead');
    }
    checkTransform(mapping, at, field, report);
  });
}

function checkAutomaticRequest(route: TranslatorRoute, prefix: string, template: PathTemplate | undefined, requestType: Type, report: Report): void {
  const bound: string[] = [];
  for (const variable of template?.variables ?? []) {
    const resolved = resolveFieldPath(requestType, variable.name);
    if ('problem' in resolved) {
      report(`${prefix}.path`, route.path, `variable {${variable.name}}: ${resolved.problem}`, resolved.fix);
      continue;
    }
    const field = resolved.fields[resolved.fields.length - 1];
    if (field.repeated || !isScalarLike(field)) {
      report(`${prefix}.path`, route.path, `variable {${variable.name}} binds ${describeFieldType(field)}; a path variable fills a single scalar field`, 'bind the variable to a string or number field');
    }
    bound.push(resolved.fields.map((f) => f.name).join('.'));
  }
  if (route.body !== undefined && route.body !== '*') {
    const resolved = resolveFieldPath(requestType, route.body);
    if ('problem' in resolved) {
      report(`${prefix}.body`, route.body, resolved.problem, resolved.fix);
      return;
    }
    const canonical = resolved.fields.map((f) => f.name).join('.');
    // A path variable may refine the body field (`{user.id}` with body "user"), not replace it.
    if (bound.some((b) => b === canonical || canonical.startsWith(b + '.'))) {
      report(`${prefix}.body`, route.body, `the body field "${canonical}" is also bound by a path variable`, 'let the path and the body fill different fields');
    }
  }
}

function checkResponseMapping(mappings: readonly FieldMapping[], prefix: string, responseType: Type, report: Report, internal: ReadonlySet<Field>): void {
  if (!Array.isArray(mappings)) {
    report(prefix, mappings, 'responseMapping must be a list', 'give a list of { from, to, transform? }');
    return;
  }
  const targets: { path: string; index: number }[] = [];
  mappings.forEach((mapping, j) => {
    const at = `${prefix}[${j}]`;
    const from = typeof mapping?.from === 'string' ? stripPrefix(mapping.from, 'response', responseType) : '';
    const to = typeof mapping?.to === 'string' ? mapping.to : '';
    let field: Field | undefined;
    if (from !== '*' && from !== 'response') {
      const resolved = resolveFieldPath(responseType, from);
      if ('problem' in resolved) {
        report(`${at}.from`, mapping?.from, resolved.problem, resolved.fix);
      } else {
        field = resolved.fields[resolved.fields.length - 1];
        const hidden = resolved.fields.find((f) => isInternal(f, internal));
        if (hidden) report(`${at}.from`, mapping.from, `${fullNameOf(hidden)} is internal: it never leaves the VPC`, 'map another field, or remove the field from internalFields (or its debug_redact option)');
      }
    } else if (mapping.transform !== undefined) {
      report(`${at}.transform`, mapping.transform, 'a transform applies to one field, not the whole message', 'remove the transform');
    }
    if (!JSON_PATH.test(to)) {
      report(`${at}.to`, mapping?.to, 'the target is a dotted JSON path of the response body', 'write for example "createdAt" or "user.id"');
      return;
    }
    for (const other of targets) {
      if (overlaps(other.path, to)) {
        report(`${at}.to`, to, `responseMapping[${other.index}] already writes "${other.path}"`, 'give each response field one source');
      }
    }
    targets.push({ path: to, index: j });
    if (field) checkTransform(mapping, at, field, report);
  });
}

function checkTransform(mapping: FieldMapping, at: string, field: Field, report: Report): void {
  if (mapping.transform === undefined) return;
  if (!isFieldTransform(mapping.transform)) {
    report(`${at}.transform`, mapping.transform, 'unknown transform', 'use a FieldTransform value such as "timestampToISO"');
    return;
  }
  if (!transformAccepts(mapping.transform, field)) {
    report(
      `${at}.transform`,
      mapping.transform,
      `${mapping.transform} applies to ${transformAcceptsText(mapping.transform)}, but "${field.name}" is ${describeFieldType(field)}`,
      'remove the transform or map a field of the type it converts',
    );
  }
}

/** Strips `request.`/`response.` in front of a path unless the message has such a field. */
export function stripPrefix(path: string, word: string, type: Type): string {
  if (path === word) return '*';
  if (path.startsWith(word + '.') && !type.fields[word]) return path.slice(word.length + 1);
  return path;
}

function isScalarLike(field: Field): boolean {
  if (field.map) return false;
  const message = messageTypeOf(field);
  return !message || SCALAR_LIKE_TYPES.has(fullNameOf(message));
}

/** Whether two target paths fill the same field; the whole message ('') only clashes with itself, since field mappings refine it. */
function overlaps(a: string, b: string): boolean {
  if (a === '' || b === '') return a === b;
  return a === b || a.startsWith(b + '.') || b.startsWith(a + '.');
}

function normalizeForKey(path: unknown): string {
  return typeof path === 'string' ? path.replace(/\{[^}]*\}/g, '{}') : String(path);
}
