/**
 * Automatic mode: translator routes derived from a service's `google.api.http`
 * annotations (https://github.com/googleapis/googleapis/blob/master/google/api/http.proto).
 */
import type { Method, Root, Service } from 'protobufjs';
import { TranslatorRoute } from './config';
import { fullNameOf, listServices } from './descriptor';

/** The fields of a google.api.HttpRule as protobufjs stores a parsed option. */
interface HttpRule {
  readonly get?: string;
  readonly put?: string;
  readonly post?: string;
  readonly delete?: string;
  readonly patch?: string;
  readonly custom?: { readonly kind?: string; readonly path?: string };
  readonly body?: string;
  readonly response_body?: string;
  readonly additional_bindings?: HttpRule | readonly HttpRule[];
}

const HTTP_OPTION = '(google.api.http)';
const VERBS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The routes of every annotated unary method of a service, in declaration order, each
 * binding followed by its `additional_bindings`. Methods without an annotation are
 * skipped. Throws when the service is not in the descriptor.
 */
export function routesFromHttpAnnotations(root: Root, service: string): TranslatorRoute[] {
  const name = service.startsWith('.') ? service : '.' + service;
  let found: Service | undefined;
  try {
    const object = root.lookup(name);
    if (object && 'methods' in object) found = object as Service;
  } catch {
    found = undefined;
  }
  if (!found) {
    throw new Error(`the descriptor has no service "${service}"; it has: ${listServices(root).join(', ') || '(none)'}`);
  }
  const routes: TranslatorRoute[] = [];
  for (const method of found.methodsArray) {
    if (method.requestStream || method.responseStream) continue;
    for (const rule of httpRulesOf(method)) {
      const route = routeOf(found, method, rule);
      if (route) routes.push(route);
    }
  }
  return routes;
}

/** The method's HTTP rule and its additional bindings, flattened. */
function httpRulesOf(method: Method): HttpRule[] {
  const rules: HttpRule[] = [];
  for (const option of method.parsedOptions ?? []) {
    const rule = (option as Record<string, unknown>)[HTTP_OPTION];
    if (rule && typeof rule === 'object') collect(rule as HttpRule, rules);
  }
  if (rules.length === 0 && method.options) {
    // Descriptors written without parsedOptions keep the flattened option keys only.
    const flat: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(method.options)) {
      if (key.startsWith(HTTP_OPTION + '.') && !key.includes('additional_bindings')) flat[key.slice(HTTP_OPTION.length + 1)] = value;
    }
    if (Object.keys(flat).length > 0) rules.push(flat as HttpRule);
  }
  return rules;
}

function collect(rule: HttpRule, into: HttpRule[]): void {
  into.push(rule);
  const more = rule.additional_bindings;
  if (more === undefined) return;
  for (const extra of Array.isArray(more) ? more : [more]) {
    // google.api.http: additional bindings must not nest further.
    into.push({ ...extra, additional_bindings: undefined });
  }
}

function routeOf(service: Service, method: Method, rule: HttpRule): TranslatorRoute | undefined {
  let verb: string | undefined;
  let path: string | undefined;
  for (const v of VERBS) {
    if (typeof rule[v] === 'string') {
      verb = v.toUpperCase();
      path = rule[v];
      break;
    }
  }
  if (!verb && rule.custom?.kind && rule.custom.path) {
    verb = rule.custom.kind.toUpperCase();
    path = rule.custom.path;
  }
  if (!verb || !path) return undefined;
  const level = method.options?.idempotency_level;
  const idempotent = level === 'NO_SIDE_EFFECTS' || level === 'IDEMPOTENT' ? true : undefined;
  return {
    method: verb,
    path,
    grpcMethod: `${fullNameOf(service)}/${method.name}`,
    ...(rule.body ? { body: rule.body } : {}),
    responseBody: rule.response_body ? rule.response_body : '*',
    ...(idempotent !== undefined ? { idempotent } : {}),
  };
}
