/**
 * The OpenAPI 3.1 document of one gateway, built from its route manifest alone: a pure
 * function, so synth and `cdk-gateway-topology openapi` write the same document.
 */
import type { GatewayManifest, ManifestRoute, ManifestStack } from '../manifest/route-manifest';
import { ERROR_BODY_SCHEMA, errorBodySchema, errorResponseComponents, errorResponsesFor } from './error-responses';
import { Schema } from './proto-schema';
import { componentName, requestBodySchema } from './schema-conversion';
import { requiredScopesOf, securityOf, SecurityScheme } from './security-schemes';

/** An OpenAPI 3.1 document. */
export type OpenApiDocument = Record<string, unknown> & { readonly openapi: string };

/** The OpenAPI version written. */
export const OPENAPI_VERSION = '3.1.0';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** Builds the document of a gateway; `version` is the API's version string (`info.version`). */
export function openApiDocument(gateway: GatewayManifest, stack: ManifestStack, version = '1.0.0'): OpenApiDocument {
  const schemas: Record<string, Schema> = { [ERROR_BODY_SCHEMA]: errorBodySchema() };
  const securitySchemes: Record<string, SecurityScheme> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, string>();
  const operationIds = new Set<string>();

  for (const route of gateway.routes) {
    const methods = route.method === 'ANY' ? METHODS.filter((m) => m !== 'options' || !gateway.cors) : [route.method.toLowerCase()];
    // OpenAPI has no greedy parameter: `{proxy+}` is written `{proxy}`, described as the rest of the path.
    const path = route.path.replace(/\{([^}]+)\+\}/g, '{$1}');
    for (const method of methods) {
      const item = (paths[path] ??= {});
      if (item[method]) continue;
      const operation = operationOf(gateway, route, method, route.method === 'ANY', operationIds, schemas, securitySchemes);
      const tag = tagOf(route);
      tags.set(tag.name, tag.description);
      item[method] = { tags: [tag.name], ...operation };
    }
  }
  for (const route of gateway.routes) {
    const path = route.path.replace(/\{([^}]+)\+\}/g, '{$1}');
    const item = paths[path];
    if (item.parameters) continue;
    const parameters = pathParameters(route.path);
    if (parameters.length > 0) item.parameters = parameters;
  }

  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: gateway.apiName,
      version,
      contact: { name: `The owners of stack ${stack.stackName}` },
      description: `${gateway.description ?? `The ${gateway.flavour} API ${gateway.apiName}`} (stack ${stack.stackName}, construct ${gateway.constructPath}). `
        + 'Every error is answered with the ErrorBody schema.',
    },
    servers: (gateway.servers ?? []).map((s) => ({ url: s.url, description: s.description, ...(s.variables ? { variables: s.variables } : {}) })),
    tags: [...tags].sort(([a], [b]) => a.localeCompare(b)).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: sortKeys(schemas),
      responses: errorResponseComponents(),
      ...(Object.keys(securitySchemes).length > 0 ? { securitySchemes: sortKeys(securitySchemes) } : {}),
    },
  };
}

function operationOf(
  gateway: GatewayManifest, route: ManifestRoute, method: string, anyMethod: boolean, operationIds: Set<string>,
  schemas: Record<string, Schema>, securitySchemes: Record<string, SecurityScheme>,
): Record<string, unknown> {
  const operationId = uniqueId(operationIdOf(route, anyMethod ? method : undefined), operationIds);
  const { requirements, schemes } = securityOf(gateway, route);
  Object.assign(securitySchemes, schemes);

  const responses: Record<string, unknown> = {};
  const lifecycleHeaders = route.lifecycle?.headersSent ? headerObjects(route.lifecycle.headers) : undefined;
  const status = String(route.response?.status ?? 200);
  if (route.response?.schema) {
    for (const [name, schema] of Object.entries(route.response.components ?? {})) schemas[name] ??= schema;
    responses[status] = {
      description: 'The answer of the service.',
      ...(lifecycleHeaders ? { headers: lifecycleHeaders } : {}),
      content: { 'application/json': { schema: route.response.schema } },
    };
  } else {
    responses[status] = {
      description: route.response ? 'The answer of the service (no body).' : `The answer of ${route.target.name}; its body is the service's own.`,
      ...(lifecycleHeaders ? { headers: lifecycleHeaders } : {}),
    };
  }
  const authorized = route.authorization.type !== 'NONE' || route.apiKeyRequired;
  for (const error of errorResponsesFor(authorized)) responses[error.status] = { $ref: `#/components/responses/${error.name}` };

  let requestBody: Record<string, unknown> | undefined;
  if (route.requestSchema) {
    const converted = requestBodySchema(route.requestSchema, componentName(operationId));
    Object.assign(schemas, converted.components);
    requestBody = { required: true, content: { 'application/json': { schema: converted.schema } } };
  }

  const summary = route.target.name;
  return {
    operationId,
    summary: `${route.method === 'ANY' ? method.toUpperCase() : route.method} ${route.path} → ${summary}`,
    description: describe(route),
    ...(route.parameters?.length ? { parameters: route.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required, schema: p.schema ?? { type: 'string' } })) } : {}),
    ...(requestBody && !['get', 'head', 'delete', 'options'].includes(method) ? { requestBody } : {}),
    responses,
    security: requirements,
    ...(requiredScopesOf(route).length > 0 ? { 'x-required-scopes': requiredScopesOf(route) } : {}),
    ...(route.lifecycle?.deprecated ? {
      deprecated: true,
      ...(route.lifecycle.sunset ? { 'x-sunset': route.lifecycle.sunset } : {}),
      'x-deprecated-since': route.lifecycle.since,
    } : {}),
    ...(route.lifecycle?.link ? { externalDocs: { description: 'About the deprecation', url: route.lifecycle.link } } : {}),
  };
}

function describe(route: ManifestRoute): string {
  const parts = [`Authorization: ${route.authorization.description}.`];
  const scopes = requiredScopesOf(route);
  if (scopes.length > 0) parts.push(`A token needs any one of the scopes ${scopes.join(', ')}.`);
  if (route.authorization.roles?.length) parts.push(`Requires one of the roles ${route.authorization.roles.join(', ')}.`);
  if (route.throttle) parts.push(`Throttled at ${route.throttle.rateLimit ?? '-'} requests per second (burst ${route.throttle.burstLimit ?? '-'}).`);
  if (route.lifecycle?.deprecated) {
    parts.push(`Deprecated since ${route.lifecycle.since}${route.lifecycle.sunset ? `; answers until ${route.lifecycle.sunset}` : ''}.`);
    if (!route.lifecycle.headersSent) parts.push('Its answers do not carry Deprecation or Sunset headers.');
  }
  return parts.join(' ');
}

/** The operation id: the route's operation name, else one derived from method and path. */
export function operationIdOf(route: Pick<ManifestRoute, 'operationName' | 'method' | 'path'>, method?: string): string {
  const verb = (method ?? route.method).toLowerCase();
  const base = route.operationName ?? `${verb}${route.path.split('/').filter(Boolean).map((s) => {
    const name = s.replace(/[{}+]/g, '');
    const word = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
    return (s.startsWith('{') ? 'By' : '') + word.charAt(0).toUpperCase() + word.slice(1);
  }).join('')}`;
  return method && route.operationName ? `${base}${verb.charAt(0).toUpperCase()}${verb.slice(1)}` : base;
}

function uniqueId(id: string, seen: Set<string>): string {
  let candidate = id;
  for (let i = 2; seen.has(candidate); i++) candidate = `${id}${i}`;
  seen.add(candidate);
  return candidate;
}

/** The tag of a route: its service, gRPC service, function or URL host. */
export function tagOf(route: Pick<ManifestRoute, 'target'>): { name: string; description: string } {
  const [kind, ...rest] = route.target.name.split(':');
  const value = rest.join(':');
  switch (kind) {
    case 'service': return { name: value, description: `Routes to the ${value} service.` };
    case 'grpc': {
      const service = value.split('/')[0];
      return { name: service, description: `gRPC service ${service}, through the REST→gRPC translator.` };
    }
    case 'lambda': return { name: value, description: `Routes to the ${value} function.` };
    case 'url': {
      let host = value;
      try {
        host = new URL(value.replace(/\{[^}]*\}/g, 'x')).host;
      } catch {
        // keep the URL as written
      }
      return { name: host, description: `Routes to ${host}.` };
    }
    default: return { name: route.target.name, description: `Routes to ${route.target.name}.` };
  }
}

function pathParameters(path: string): Array<Record<string, unknown>> {
  return [...path.matchAll(/\{([^}+]+)(\+)?\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    ...(m[2] ? { description: 'The rest of the path, slashes included.' } : {}),
    schema: { type: 'string' },
  }));
}

function headerObjects(headers: Record<string, string>): Record<string, unknown> {
  const descriptions: Record<string, string> = {
    Deprecation: 'When the operation was deprecated (RFC 9745), as @<seconds since the epoch>.',
    Sunset: 'When the operation stops answering (RFC 8594), as an HTTP-date.',
    Link: 'The page about the deprecation and sunset (rel="deprecation", rel="sunset").',
  };
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, {
    description: descriptions[name] ?? name, schema: { type: 'string', const: value },
  }]));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
