import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
  Statement,
} from 'aws-lambda';
import { claimValue, contextValue, namesFrom } from './claims';
import { JwtAuthorizerConfig } from './config';
import { findRouteByPath, findRouteByTemplate, MethodArn, parseMethodArn, routeKeyArn, stageWildcardArn } from './route-match';
import { bearerToken, VerifyResult } from './verify-token';

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
  /** The caller's `sub`, once the token verified. */
  readonly principalId?: string;
}

/** The request facts the decision needs, whatever the event format. */
interface RequestFacts {
  readonly token?: string;
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
export async function decide(event: AuthorizerEvent, deps: AuthorizeDependencies): Promise<{ response: APIGatewayAuthorizerResult; decision: Decision }> {
  const facts = requestFacts(event);
  const arn = parseMethodArn(facts.arn);
  const deny = (reason: string, principalId?: string, routeKey?: string) => ({
    response: denyResponse(principalId ?? 'anonymous', arn, facts.arn, deps.config),
    decision: { effect: 'Deny' as const, reason, principalId, routeKey },
  });

  if (!arn) return deny(`unrecognized method ARN ${JSON.stringify(facts.arn)}`);
  if (!facts.token) return deny('no bearer token');

  const verified = await deps.verify(facts.token);
  if (!verified.ok) return deny(verified.reason);

  const claims = verified.claims;
  const principalId = String(claims.sub);
  const scopes = [...namesFrom(claims.scope), ...namesFrom(claims.scp)];
  const missingScopes = (deps.config.requiredScopes ?? []).filter((s) => !scopes.includes(s));
  if (missingScopes.length > 0) return deny(`missing required scopes ${missingScopes.join(',')}`, principalId);
  const roles = namesFrom(claimValue(claims, deps.config.rolesClaim));
  const routeKeys = Object.keys(deps.config.routeRoles);
  const routeKey = facts.template
    ? findRouteByTemplate(routeKeys, facts.template.method, facts.template.path)
    : findRouteByPath(routeKeys, arn.method, arn.path);
  const missing = missingRoles(deps.config.routeRoles, routeKey, roles);
  if (missing.length > 0) return deny(`missing required roles ${missing.join(',')}`, principalId, routeKey);

  const context: AuthorizerContext = {
    userId: principalId,
    tenantId: String(contextValue(claimValue(claims, deps.config.tenantIdClaim))),
    roles: roles.join(','),
    tier: String(contextValue(claimValue(claims, deps.config.tierClaim))),
  };
  return {
    response: {
      principalId,
      policyDocument: { Version: '2012-10-17', Statement: allowStatements(arn, facts.arn!, roles, deps.config) },
      context,
    },
    decision: { effect: 'Allow', reason: 'valid token', principalId, routeKey },
  };
}

function missingRoles(routeRoles: JwtAuthorizerConfig['routeRoles'], routeKey: string | undefined, roles: string[]): string[] {
  if (routeKey === undefined) return [];
  return (routeRoles[routeKey] ?? []).filter((r) => !roles.includes(r));
}

/**
 * The Allow statements. METHOD scope: the invoked method only. STAGE scope: API Gateway
 * caches the policy per token and reuses it for every method the token calls until the
 * TTL expires, so an Allow on one method ARN would answer 403 to the caller's next,
 * different route; the Allow therefore spans the stage, and every configured route whose
 * roles the caller lacks gets an explicit Deny, which IAM evaluates over the Allow.
 */
function allowStatements(arn: MethodArn, rawArn: string, roles: string[], config: JwtAuthorizerConfig): Statement[] {
  if (config.policyScope === 'METHOD') return [invoke('Allow', [rawArn])];
  const denied = Object.entries(config.routeRoles)
    .filter(([, required]) => required.some((r) => !roles.includes(r)))
    .map(([key]) => routeKeyArn(arn, key))
    .filter((a): a is string => a !== undefined);
  // A route ARN's `*` also spans "/", so a Deny may cover this very (permitted) request:
  // fall back to the method alone rather than deny a caller who holds the roles.
  if (denied.some((pattern) => arnPatternMatches(pattern, rawArn))) return [invoke('Allow', [rawArn])];
  const statements = [invoke('Allow', [stageWildcardArn(arn)])];
  if (denied.length > 0) statements.push(invoke('Deny', [...new Set(denied)]));
  return statements;
}

function denyResponse(principalId: string, arn: MethodArn | undefined, rawArn: string | undefined, config: JwtAuthorizerConfig): APIGatewayAuthorizerResult {
  // A cached Deny for a bad token should cover whatever the token calls next.
  const resource = arn ? (config.policyScope === 'STAGE' ? stageWildcardArn(arn) : rawArn!) : '*';
  return { principalId, policyDocument: { Version: '2012-10-17', Statement: [invoke('Deny', [resource])] } };
}

function invoke(effect: 'Allow' | 'Deny', resources: string[]): Statement {
  return { Effect: effect, Action: 'execute-api:Invoke', Resource: resources.length === 1 ? resources[0] : resources };
}

/** IAM resource matching: `*` spans any characters, `?` one. */
export function arnPatternMatches(pattern: string, arn: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(arn);
}

function requestFacts(event: AuthorizerEvent): RequestFacts {
  if (event.type === 'TOKEN') {
    return { token: bearerToken(event.authorizationToken), arn: event.methodArn };
  }
  if ('routeArn' in event) {
    const fromHeader = header(event.headers, 'authorization');
    return {
      token: bearerToken(fromHeader ?? event.identitySource?.[0]),
      arn: event.routeArn,
      template: templateOfRouteKey(event.routeKey),
    };
  }
  const token = bearerToken(header(event.headers, 'authorization') ?? ('identitySource' in event ? event.identitySource : undefined));
  if ('routeKey' in event && typeof event.routeKey === 'string') {
    return { token, arn: event.methodArn, template: templateOfRouteKey(event.routeKey) };
  }
  return {
    token,
    arn: event.methodArn,
    template: event.httpMethod && event.resource ? { method: event.httpMethod.toUpperCase(), path: event.resource } : undefined,
  };
}

/** `GET /orders/{id}` → method and path; `$default` and malformed keys name no template. */
function templateOfRouteKey(routeKey: string | undefined): RequestFacts['template'] {
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey ?? '');
  return match ? { method: match[1], path: match[2] } : undefined;
}

function header(headers: Record<string, string | undefined> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
