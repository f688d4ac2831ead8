import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
  Statement,
} from 'aws-lambda';
import { callerIdentity, IdentityClaimNames } from './claims';
import { DEFAULT_USER_ID_CLAIM, JwtAuthorizerConfig } from './config';
import { MethodArn, parseMethodArn, RouteTable, stageWildcardArn, TemplateAnswer } from './route-match';
import { tokenFrom, VerifyResult } from './verify-token';

/** The events the authorizer answers: REST TOKEN, REST REQUEST and HTTP API REQUEST (1.0 and 2.0). */
export type AuthorizerEvent =
  | APIGatewayTokenAuthorizerEvent
  | APIGatewayRequestAuthorizerEvent
  | APIGatewayRequestAuthorizerEventV2
  | HttpApiV1RequestEvent;

/** An HTTP API REQUEST event in payload format 1.0: a REST-like event that also names the route key. */
export interface HttpApiV1RequestEvent extends Omit<APIGatewayRequestAuthorizerEvent, 'requestContext'> {
  readonly version: '1.0';
  readonly routeKey: string;
  readonly identitySource?: string;
  readonly requestContext?: unknown;
}

/** The context the authorizer hands API Gateway (strings only: API Gateway rejects arrays and objects). */
export interface AuthorizerContext {
  readonly userId: string;
  readonly tenantId: string;
  /** The caller's roles, comma-joined. */
  readonly roles: string;
  readonly tier: string;
  readonly [key: string]: string;
}

/** What {@link decide} needs besides the event: the configuration and a token verifier. */
export interface AuthorizeDependencies {
  readonly config: JwtAuthorizerConfig;
  readonly verify: (token: string) => Promise<VerifyResult>;
}

/** A decision and why it was taken, for the function's log (never the token itself). */
export interface Decision {
  readonly effect: 'Allow' | 'Deny';
  readonly reason: string;
  /** The configured route the request matched, if any. */
  readonly routeKey?: string;
  /** The caller's user id, once the token verified. */
  readonly principalId?: string;
}

/** The request facts the decision needs, whatever the event format. */
interface RequestFacts {
  readonly token?: string;
  /** Why there is no token, when there is none. */
  readonly noToken?: string;
  /** The method ARN (REST, HTTP 1.0) or route ARN (HTTP 2.0). */
  readonly arn?: string;
  /** The route template when the event names it (REST REQUEST, HTTP API). */
  readonly template?: { method: string; path: string };
}

/**
 * Decides one authorizer event: an IAM policy response, and the reason for the log.
 * Never throws — a bad, missing or insufficient token is a Deny, so API Gateway answers
 * 403 with our error shape instead of a 500.
 */
export function decide(event: AuthorizerEvent, deps: AuthorizeDependencies): Promise<{ response: APIGatewayAuthorizerResult; decision: Decision }> {
  // A promise chain rather than an async function (one layer of promises less on every call),
  // with what an async function would do for an exception: a rejected promise, never a throw.
  try {
    const facts = requestFacts(event);
    const arn = parseMethodArn(facts.arn);
    if (!arn) return Promise.resolve(refusal(deps.config, arn, facts, `unrecognized method ARN ${JSON.stringify(truncate(facts.arn))}`));
    if (!facts.token) return Promise.resolve(refusal(deps.config, arn, facts, facts.noToken ?? 'no bearer token'));
    return deps.verify(facts.token).then((verified) => decideVerified(verified, deps.config, arn, facts));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A Deny for a refused token: refused for every route, so the Deny may cover the whole stage. */
function refusal(config: JwtAuthorizerConfig, arn: MethodArn | undefined, facts: RequestFacts, reason: string, principalId?: string) {
  return {
    response: {
      principalId: principalId ?? 'anonymous',
      policyDocument: policy([invoke('Deny', [tokenDenyResource(arn, facts.arn, config)])]),
    },
    decision: { effect: 'Deny' as const, reason, principalId },
  };
}

/** The decision once the token's signature and claims set were checked. */
function decideVerified(verified: VerifyResult, config: JwtAuthorizerConfig, arn: MethodArn, facts: RequestFacts): { response: APIGatewayAuthorizerResult; decision: Decision } {
  if (!verified.ok) return refusal(config, arn, facts, verified.reason);

  const tables = tablesOf(config);
  const read = callerIdentity(verified.claims, tables.claimNames);
  if (!read.ok) return refusal(config, arn, facts, read.reason);
  const identity = read.identity;
  const principalId = identity.userId;

  // Any one of the scopes, as API Gateway's own JWT and Cognito authorizers require.
  const wanted = config.requiredScopes ?? [];
  if (wanted.length > 0 && !carriesAny(identity.scopes, wanted)) {
    return refusal(config, arn, facts, `token carries none of the scopes ${wanted.join(',')}`, principalId);
  }

  const routes = tables.routes;
  const template = facts.template ? routes.template(facts.template.method, facts.template.path) : undefined;
  const routeKey = template ? template.routeKey : routes.byPath(arn.method, arn.path);
  const missing = missingRoles(config.routeRoles, routeKey, identity.roles);
  const effect = missing.length > 0 ? 'Deny' : 'Allow';
  const reason = missing.length > 0 ? `missing required roles ${missing.join(',')}` : 'valid token';
  const statements = routeStatements(effect, arn, facts.arn!, template, identity.roles, config, routes);

  const context: AuthorizerContext = {
    userId: principalId,
    tenantId: identity.tenantId,
    roles: identity.roles.join(','),
    tier: identity.tier,
  };
  const response: APIGatewayAuthorizerResult = effect === 'Allow'
    ? { principalId, policyDocument: policy(statements), context }
    : { principalId, policyDocument: policy(statements) };
  return { response, decision: { effect, reason, principalId, routeKey } };
}

function carriesAny(held: readonly string[], wanted: readonly string[]): boolean {
  for (const name of wanted) {
    if (held.includes(name)) return true;
  }
  return false;
}

/** What follows from a configuration alone: its parsed route keys and identity claim names. */
interface ConfigTables {
  readonly routes: RouteTable;
  readonly claimNames: IdentityClaimNames;
}

// The configuration is read once per container and never changes, so its route keys are
// parsed, and its claim names gathered, once per configuration object rather than on every call.
const configTables = new WeakMap<JwtAuthorizerConfig, ConfigTables>();

function tablesOf(config: JwtAuthorizerConfig): ConfigTables {
  let tables = configTables.get(config);
  if (!tables) {
    tables = {
      routes: new RouteTable(Object.keys(config.routeRoles)),
      claimNames: {
        userIdClaim: config.userIdClaim ?? DEFAULT_USER_ID_CLAIM,
        tenantIdClaim: config.tenantIdClaim,
        rolesClaim: config.rolesClaim,
        tierClaim: config.tierClaim,
      },
    };
    configTables.set(config, tables);
  }
  return tables;
}

function missingRoles(routeRoles: JwtAuthorizerConfig['routeRoles'], routeKey: string | undefined, roles: string[]): string[] {
  if (routeKey === undefined) return [];
  return (routeRoles[routeKey] ?? []).filter((r) => !roles.includes(r));
}

/**
 * The statements for a verified caller whose decision for this route is `effect`. API
 * Gateway caches the policy per identity-source values and evaluates it against each later
 * request with those values (https://repost.aws/knowledge-center/api-gateway-lambda-authorization-errors),
 * so each policy is written for every request that can share its cache entry:
 *
 * - METHOD (no caching): the invoked method alone.
 * - STAGE, with the route in the cache key (`cacheKeyIncludesRoute`) and an event naming
 *   its route: the gateways add the route to the identity sources of a cached REQUEST
 *   authorizer (REST `context.httpMethod` and `context.resourcePath`, HTTP
 *   `$context.routeKey`), so the entry serves this route alone: the policy Allows or Denies
 *   the route's resources (its path with parameters as `*`), and a Deny never reaches
 *   another route.
 * - STAGE otherwise (TOKEN events, cached per token alone): the whole stage is allowed and
 *   every configured route whose roles the caller lacks gets an explicit Deny, which IAM
 *   evaluates over the Allow; a Deny for this very request comes from the same statements.
 */
function routeStatements(
  effect: 'Allow' | 'Deny', arn: MethodArn, rawArn: string, template: TemplateAnswer | undefined,
  roles: string[], config: JwtAuthorizerConfig, routes: RouteTable,
): Statement[] {
  if (config.policyScope === 'METHOD') return [invoke(effect, [rawArn])];
  if (config.cacheKeyIncludesRoute === true && template) {
    const suffix = template.arnSuffix;
    // The request's ARN starts with the `apiArn/stage/` the route's resource is written under
    // (parseMethodArn read both from it), so only what follows is compared. Should that prefix
    // hold a wildcard, comparing less is only stricter: the general statements below apply.
    const from = arn.apiArn.length + arn.stage.length + 2;
    if (suffix !== undefined && arnPatternMatches(suffix, rawArn, from)) return [invoke(effect, [`${arn.apiArn}/${arn.stage}/${suffix}`])];
  }
  const denied = Object.entries(config.routeRoles)
    .filter(([, required]) => required.some((r) => !roles.includes(r)))
    .map(([key]) => routes.arnOf(arn, key))
    .filter((a): a is string => a !== undefined);
  if (effect === 'Deny') {
    const statements = [invoke('Allow', [stageWildcardArn(arn)]), invoke('Deny', [...new Set(denied)])];
    // The route's own Deny covers this request; should it not (a malformed key), deny the method too.
    return denied.some((pattern) => arnPatternMatches(pattern, rawArn)) ? statements : [invoke('Deny', [rawArn])];
  }
  // A route ARN's `*` also spans "/", so a Deny may cover this very (permitted) request. No
  // policy keyed on the token alone can then be exact: allow the method alone, which denies
  // no route wrongly for good (REQUEST authorizers, cached per route, never get here).
  if (denied.some((pattern) => arnPatternMatches(pattern, rawArn))) return [invoke('Allow', [rawArn])];
  const statements = [invoke('Allow', [stageWildcardArn(arn)])];
  if (denied.length > 0) statements.push(invoke('Deny', [...new Set(denied)]));
  return statements;
}

/** What a refused token's Deny covers: the stage when answers are cached, else the method. */
function tokenDenyResource(arn: MethodArn | undefined, rawArn: string | undefined, config: JwtAuthorizerConfig): string {
  if (!arn) return '*';
  return config.policyScope === 'STAGE' ? stageWildcardArn(arn) : rawArn!;
}

function policy(statements: Statement[]): APIGatewayAuthorizerResult['policyDocument'] {
  return { Version: '2012-10-17', Statement: statements };
}

function invoke(effect: 'Allow' | 'Deny', resources: string[]): Statement {
  return { Effect: effect, Action: 'execute-api:Invoke', Resource: resources.length === 1 ? resources[0] : resources };
}

function truncate(value: string | undefined): string | undefined {
  return value !== undefined && value.length > 200 ? `${value.slice(0, 200)}...` : value;
}

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/**
 * IAM resource matching: `*` spans any characters (`/` included), `?` one, everything else
 * matches itself; `from` skips the first characters of `arn`. A wildcard walk with one
 * backtrack point instead of a RegExp built from the pattern: this runs for every decision,
 * and compiling a RegExp per call cost more than all the rest of the policy.
 */
export function arnPatternMatches(pattern: string, arn: string, from = 0): boolean {
  let p = 0;
  let a = from;
  // Where the last `*` was, and the ARN position it is currently taken to span up to.
  let star = -1;
  let spanned = 0;
  while (a < arn.length) {
    const c = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (c === STAR) {
      star = p++;
      spanned = a;
    } else if (c === QUESTION || (c !== -1 && c === arn.charCodeAt(a))) {
      p++;
      a++;
    } else if (star >= 0) {
      // Let the last `*` span one more character and retry from there.
      p = star + 1;
      a = ++spanned;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

// Runs on every call: each branch builds its facts object once, without spreads.
function requestFacts(event: AuthorizerEvent): RequestFacts {
  if (typeof event !== 'object' || event === null) return {};
  if (event.type === 'TOKEN') return facts(event.authorizationToken, event.methodArn, undefined);
  if ('routeArn' in event) {
    const fromHeader = header(event.headers, 'authorization');
    return facts(
      fromHeader ?? (Array.isArray(event.identitySource) ? event.identitySource[0] : undefined),
      event.routeArn,
      templateOfRouteKey(event.routeKey),
    );
  }
  const authorization = header(event.headers, 'authorization') ?? ('identitySource' in event ? event.identitySource : undefined);
  if ('routeKey' in event && typeof event.routeKey === 'string') {
    return facts(authorization, event.methodArn, templateOfRouteKey(event.routeKey));
  }
  return facts(
    authorization,
    event.methodArn,
    typeof event.httpMethod === 'string' && typeof event.resource === 'string' && event.resource.length > 0
      ? { method: event.httpMethod.toUpperCase(), path: event.resource }
      : undefined,
  );
}

function facts(headerValue: unknown, arn: unknown, template: RequestFacts['template']): RequestFacts {
  const found = tokenFrom(headerValue);
  return 'token' in found
    ? { token: found.token, arn: stringOrUndefined(arn), template }
    : { noToken: found.reason, arn: stringOrUndefined(arn), template };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `GET /orders/{id}` → method and path; `$default` and malformed keys name no template. */
function templateOfRouteKey(routeKey: unknown): RequestFacts['template'] {
  const match = /^([A-Z]+) (\/\S*)$/.exec(typeof routeKey === 'string' ? routeKey : '');
  return match ? { method: match[1], path: match[2] } : undefined;
}

/** The value of the first header whose name is `name` in any case (`name` is lowercase). */
function header(headers: Record<string, string | undefined> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers !== 'object') return undefined;
  // Only a name of the same length can be the header: the rest are not lowercased at all.
  for (const key of Object.keys(headers)) {
    if (key.length === name.length && key.toLowerCase() === name) return headers[key];
  }
  return undefined;
}
