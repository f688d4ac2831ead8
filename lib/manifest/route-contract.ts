import { Root } from 'protobufjs';
import type { TranslatorConfig, TranslatorRoute } from '../../lambda/grpc-translator/config';
import { fullNameOf, jsonNameOf, lookupMethod, messageTypeOf, SCALAR_LIKE_TYPES } from '../../lambda/grpc-translator/descriptor';
import { gatewayPath, isTemplateProblem, parsePathTemplate } from '../../lambda/grpc-translator/path-template';
import { protoResponseSchema, scalarSchema } from '../openapi/proto-schema';
import { lifecycleHeaders, Route } from '../routes/route';
import { ManifestLifecycle, ManifestParameter, ManifestResponse } from './route-manifest';

/** What a gRPC translator exposes of itself; read by shape, so the manifest does not import the construct. */
interface TranslatorLike {
  readonly config: TranslatorConfig;
  readonly descriptor: { readonly [key: string]: unknown };
}

/** The translator route a gateway route sends to, with the translator's descriptor, when it is one. */
export function translatorRouteOf(route: Route): { translator: TranslatorLike; route: TranslatorRoute } | undefined {
  const scope = route.target.function?.node.scope as Partial<TranslatorLike> | undefined;
  if (!scope?.config || !scope.descriptor || !Array.isArray(scope.config.routes)) return undefined;
  const found = scope.config.routes.find((r) => r.method === route.method && samePath(r.path, route.path));
  return found ? { translator: scope as TranslatorLike, route: found } : undefined;
}

/** Whether the translator adds the route's lifecycle headers itself. */
export function translatorSendsLifecycleHeaders(route: Route): boolean {
  const found = translatorRouteOf(route);
  return found !== undefined && Object.keys(found.route.responseHeaders ?? {}).length > 0;
}

const roots = new WeakMap<object, Root>();

/**
 * The parts of a route's contract the OpenAPI document needs and the template does not
 * hold: operation name, request schema, translator parameters and response, lifecycle.
 */
export function routeContract(route: Route, lifecycleHeadersSent: boolean): {
  operationName?: string; requestSchema?: Record<string, unknown>; parameters?: ManifestParameter[];
  response?: ManifestResponse; lifecycle?: ManifestLifecycle;
} {
  const translated = translatorRouteOf(route);
  const out: ReturnType<typeof routeContract> = {};
  if (route.operationName !== undefined) out.operationName = route.operationName;
  if (route.requestSchema !== undefined) out.requestSchema = { ...route.requestSchema };
  if (translated) {
    const { translator, route: tr } = translated;
    let root = roots.get(translator.descriptor);
    if (!root) {
      root = Root.fromJSON(translator.descriptor as Parameters<typeof Root.fromJSON>[0]);
      roots.set(translator.descriptor, root);
    }
    const parameters = tr.requestMapping ? translatorParameters(tr) : automaticQueryParameters(root, tr);
    if (parameters.length > 0) out.parameters = parameters;
    const status = tr.successStatus ?? 200;
    const body = status === 204 ? undefined : protoResponseSchema(root, tr, translator.config.internalFields);
    out.response = {
      status,
      ...(body ? { schema: body.schema, ...(Object.keys(body.components).length > 0 ? { components: body.components } : {}) } : {}),
    };
  }
  if (route.lifecycle?.isDeprecated) {
    out.lifecycle = {
      deprecated: true,
      since: route.lifecycle.since!,
      ...(route.lifecycle.sunset !== undefined ? { sunset: route.lifecycle.sunset } : {}),
      ...(route.lifecycle.link !== undefined ? { link: route.lifecycle.link } : {}),
      headers: lifecycleHeaders(route.lifecycle),
      headersSent: lifecycleHeadersSent,
    };
  }
  return out;
}

/** Query and header parameters a translator route's request mapping reads. */
function translatorParameters(route: TranslatorRoute): ManifestParameter[] {
  const out: ManifestParameter[] = [];
  for (const mapping of route.requestMapping ?? []) {
    const m = /^(query|header)\.(.+)$/.exec(mapping.from);
    if (!m) continue;
    const where = m[1] as 'query' | 'header';
    if (out.some((p) => p.in === where && p.name === m[2])) continue;
    out.push({ name: m[2], in: where, required: false, schema: { type: 'string' } });
  }
  return out;
}

/**
 * The query parameters of an automatic (google.api.http) route: each top-level scalar field of
 * the request that the path, the body and the identity bindings leave unbound. A body of `*`
 * binds every field, so such a route reads no query parameters.
 */
function automaticQueryParameters(root: Root, route: TranslatorRoute): ManifestParameter[] {
  if (route.body === '*') return [];
  const found = lookupMethod(root, route.grpcMethod);
  if ('problem' in found) return [];
  const template = parsePathTemplate(route.path);
  const bound = new Set<string>(isTemplateProblem(template) ? [] : template.variables.map((v) => v.name.split('.')[0]));
  if (route.body !== undefined) bound.add(route.body.split('.')[0]);
  for (const m of route.identityMapping ?? []) bound.add(m.to.replace(/^request\./, '').split('.')[0]);
  const out: ManifestParameter[] = [];
  for (const field of found.requestType.fieldsArray) {
    if (bound.has(field.name) || bound.has(jsonNameOf(field)) || field.map) continue;
    const message = messageTypeOf(field);
    if (message && !SCALAR_LIKE_TYPES.has(fullNameOf(message))) continue;
    const one = message ? { type: 'string' } : field.resolve().resolvedType ? { type: 'string' } : scalarSchema(field.type);
    out.push({ name: jsonNameOf(field), in: 'query', required: false, schema: field.repeated ? { type: 'array', items: one } : one });
  }
  return out;
}

function samePath(translatorPath: string, gatewayRoutePath: string): boolean {
  if (translatorPath === gatewayRoutePath) return true;
  try {
    return gatewayPath(translatorPath) === gatewayRoutePath;
  } catch {
    return false;
  }
}
