import Ajv from 'ajv-draft-04';
import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { checkNumber, checkText, OPERATION_NAME, THROTTLE_BURST_LIMIT, THROTTLE_RATE_LIMIT } from '../private/aws-rules';
import {
  ApiFlavour, checkAuthorizerContextKey, checkClaimName, checkContextVariable, checkHeaderName, checkHttpsUrl,
} from '../private/aws-rules/mapping-expressions';
import { HeaderValue, HeaderValueType } from './header-value';
import { HttpMethod } from './http-method';
import { JsonSchema, Route, RouteThrottle } from './route';
import { parseRoutePath, pathParameters, pathShapeKey } from './route-path';
import { RouteTargetType } from './route-target';

/**
 * Validates a gateway's route list; throws a {@link TopologyValidationError} naming
 * `prop[i].field` for the first problem found. Authorization is validated by the gateway,
 * which knows the default that applies. With a `flavour`, the mapping expressions built from
 * the routes (injected header names and values) are checked in that flavour's grammar.
 */
export function validateRoutes(
  scope: IConstruct, prop: string, routes: readonly Route[], existing: readonly Route[] = [], flavour?: ApiFlavour,
): void {
  if (!Array.isArray(routes)) {
    throw new TopologyValidationError(scope, {
      prop, received: routes,
      problem: 'the routes must be a list of routes',
      fix: 'declare the routes as a list, for example [{ method: HttpMethod.GET, path: "/health", target: ... }]',
    });
  }
  if (routes.length + existing.length === 0) {
    throw new TopologyValidationError(scope, {
      prop, received: routes,
      problem: 'a gateway needs at least one route',
      fix: 'declare the routes, for example [{ method: HttpMethod.GET, path: "/health", target: ... }]',
    });
  }
  const seen = new Map<string, number>();
  existing.forEach((r, i) => seen.set(`${r.method} ${pathShapeKey(r.path)}`, i));
  routes.forEach((route, i) => {
    const at = `${prop}[${i}]`;
    validateRoute(scope, at, route, flavour);
    const key = `${route.method} ${pathShapeKey(route.path)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.path`, received: `${route.method} ${route.path}`,
        problem: `the same method and path are already declared${existing.length === 0 ? ` at ${prop}[${first}]` : ''} (path parameters match by position)`,
        fix: 'declare each method and path once, or use another method or path',
      });
    }
    seen.set(key, i);
  });
}

/** Validates one route (everything but authorization and duplicates), for both flavours alike. */
export function validateRoute(scope: IConstruct, at: string, route: Route, flavour?: ApiFlavour): void {
  if (typeof route !== 'object' || route === null || Array.isArray(route)) {
    throw new TopologyValidationError(scope, {
      prop: at, received: route,
      problem: 'a route must be an object of method, path and target',
      fix: 'write it as { method: HttpMethod.GET, path: "/orders", target: RouteTarget.service(backend) }',
    });
  }
  if (!Object.values(HttpMethod).includes(route.method)) {
    throw new TopologyValidationError(scope, {
      prop: `${at}.method`, received: route.method,
      problem: 'unknown HTTP method', fix: `use one of HttpMethod.${Object.keys(HttpMethod).join(', HttpMethod.')}`,
    });
  }
  const parsed = parseRoutePath(route.path);
  if ('problem' in parsed) {
    throw new TopologyValidationError(scope, { prop: `${at}.path`, received: route.path, problem: parsed.problem, fix: parsed.fix });
  }
  if (!route.target) {
    throw new TopologyValidationError(scope, {
      prop: `${at}.target`, received: route.target,
      problem: 'a route needs a target', fix: 'set target to RouteTarget.service(...), RouteTarget.lambda(...) or a gRPC translator route',
    });
  }
  if (route.target.type === RouteTargetType.SERVICE && route.target.backendPath !== undefined) {
    const backendParsed = parseRoutePath(route.target.backendPath);
    if ('problem' in backendParsed) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.target.backendPath`, received: route.target.backendPath, problem: backendParsed.problem, fix: backendParsed.fix,
      });
    }
    const known = new Set(pathParameters(route.path));
    const unknown = pathParameters(route.target.backendPath).filter((p) => !known.has(p));
    if (unknown.length > 0) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.target.backendPath`, received: route.target.backendPath,
        problem: `parameter "${unknown[0]}" is not a parameter of the route path "${route.path}"`,
        fix: `use only the route's parameters (${[...known].join(', ') || 'none'}) in the backend path`,
      });
    }
  }
  checkText(scope, `${at}.operationName`, route.operationName, OPERATION_NAME);
  if (route.throttle) validateThrottle(scope, `${at}.throttle`, route.throttle);
  if (route.requestSchema !== undefined) validateJsonSchema(scope, `${at}.requestSchema`, route.requestSchema);
  if (route.target.type === RouteTargetType.HTTP_URL) checkUrlTarget(scope, `${at}.target.url`, route);
  const injected = Object.entries(route.injectHeaders ?? {});
  // Header names compare without case: a second entry of the same name would replace the first.
  const headerNames = new Map<string, string>();
  for (const [name] of injected) {
    const first = headerNames.get(name.toLowerCase());
    if (first !== undefined) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.injectHeaders.${name}`, received: name,
        problem: `the header is already injected as "${first}" (header names compare without case); one would overwrite the other`,
        fix: `keep one of "${first}" and "${name}"`,
      });
    }
    headerNames.set(name.toLowerCase(), name);
  }
  for (const [header, value] of injected) {
    checkHeaderName(scope, `${at}.injectHeaders`, header, flavour ?? 'HTTP');
    if (flavour) checkHeaderValue(scope, `${at}.injectHeaders.${header}`, value, flavour);
  }
  if (route.target.type === RouteTargetType.LAMBDA && injected.length > 0) {
    // Neither flavour maps headers into a Lambda proxy integration: the function receives the
    // client's request as sent, so the headers would be dropped without a word.
    throw new TopologyValidationError(scope, {
      prop: `${at}.injectHeaders`, received: injected.map(([name]) => name),
      problem: 'a Lambda proxy integration receives the client\'s request as sent; API Gateway maps no headers into it',
      fix: 'read the caller\'s identity from requestContext.authorizer in the function, or send the route to a service or URL target',
    });
  }
  if (route.requiredRoles !== undefined) {
    if (!Array.isArray(route.requiredRoles) || route.requiredRoles.length === 0 || route.requiredRoles.some((r) => typeof r !== 'string' || r.trim() === '')) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.requiredRoles`, received: route.requiredRoles,
        problem: 'required roles must be a non-empty list of non-empty names',
        fix: 'list the roles, for example ["premium-tier"], or leave requiredRoles out',
      });
    }
  }
}

/** Refuses a header value whose mapping expression the flavour cannot read. */
export function checkHeaderValue(scope: IConstruct, prop: string, value: HeaderValue, flavour: ApiFlavour): void {
  switch (value?.type) {
    case HeaderValueType.CLAIM: checkClaimName(scope, prop, value.value, flavour); break;
    case HeaderValueType.AUTHORIZER_CONTEXT: checkAuthorizerContextKey(scope, prop, value.value); break;
    case HeaderValueType.CONTEXT_VARIABLE: checkContextVariable(scope, prop, value.value, flavour); break;
    case HeaderValueType.LITERAL:
      if (typeof value.value !== 'string' || (!Token.isUnresolved(value.value) && value.value.trim() === '')) {
        throw new TopologyValidationError(scope, {
          prop, received: value.value,
          problem: 'a fixed header value must not be empty or blank: the backend could not tell it from a header never sent',
          fix: flavour === 'HTTP' ? 'give the value, or HeaderValue.remove() to drop the client\'s header' : 'give the value, such as HeaderValue.literal("none")',
        });
      }
      break;
    case HeaderValueType.REMOVE:
      // REST integrations can only set a header; a remove would silently become a fixed value.
      if (flavour === 'REST') {
        throw new TopologyValidationError(scope, {
          prop, received: 'HeaderValue.remove()',
          problem: 'REST API integrations cannot remove a request header, only set it',
          fix: 'overwrite the client\'s header with a fixed value (HeaderValue.literal("none")), or declare the route on an HttpGateway, which removes headers',
        });
      }
      break;
    default: break;
  }
}

/**
 * An HTTP URL target, alike on both flavours: https with a DNS host, since the gateway sends
 * identity headers to it over the internet, and only the route's own `{param}`s in it, since
 * API Gateway fills each from the route's path.
 */
export function checkUrlTarget(scope: IConstruct, prop: string, route: Route): void {
  const url = route.target.url;
  checkHttpsUrl(scope, prop, url, 'an HTTP URL target',
    'the gateway sends identity headers (X-User-ID, X-Tenant-ID, X-Request-ID) to it over the internet',
    'use the https:// URL of the endpoint, or reach a private service through RouteTarget.service(...)');
  if (url === undefined || Token.isUnresolved(url)) return;
  const known = new Set(pathParameters(route.path));
  for (const match of url.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1].replace(/\+$/, '');
    if (!known.has(name)) {
      throw new TopologyValidationError(scope, {
        prop, received: url,
        problem: `parameter "${match[1]}" is not a parameter of the route path "${route.path}"`,
        fix: `use only the route's parameters (${[...known].join(', ') || 'none'}) in the URL`,
      });
    }
  }
}

/**
 * Checks a throttle against API Gateway's rules, the same on both flavours and in usage plans:
 * the rate is a Double (0.5 requests per second is valid), the burst an Integer. Tokens pass.
 */
export function validateThrottle(scope: IConstruct, prop: string, throttle: RouteThrottle): void {
  if (typeof throttle !== 'object' || throttle === null) {
    throw new TopologyValidationError(scope, {
      prop, received: throttle,
      problem: 'a throttle is an object of rateLimit and burstLimit',
      fix: 'write it as { rateLimit: 100, burstLimit: 200 }',
    });
  }
  checkNumber(scope, `${prop}.rateLimit`, throttle.rateLimit, THROTTLE_RATE_LIMIT);
  checkNumber(scope, `${prop}.burstLimit`, throttle.burstLimit, THROTTLE_BURST_LIMIT);
}

let draft4: Ajv | undefined;

/** A request schema must be valid JSON Schema draft 4, the dialect of API Gateway models. */
export function validateJsonSchema(scope: IConstruct, prop: string, schema: JsonSchema): void {
  draft4 ??= new Ajv({ strict: false, validateSchema: true });
  const valid = typeof schema === 'object' && schema !== null && !Array.isArray(schema) && draft4.validateSchema(schema);
  if (!valid) {
    const why = draft4.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ') ?? 'not an object';
    throw new TopologyValidationError(scope, {
      prop, received: schema,
      problem: `not a valid JSON Schema (draft 4): ${why}`,
      fix: 'write the schema in draft 4, for example { type: "object", required: ["email"], properties: { email: { type: "string" } } }',
    });
  }
}
