import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { ApiFlavour, checkClaimName, checkHeaderName } from '../private/aws-rules/mapping-expressions';
import { HeaderValue, HeaderValueType } from '../routes/header-value';
import type { Route } from '../routes/route';
import { Authorization, AuthorizationType } from './authorization';

/** Which identity headers a gateway writes into backend requests, and from where. */
export interface IdentityHeadersOptions {
  /**
   * The header carrying the caller's user id.
   * @default 'X-User-ID'
   */
  readonly userIdHeader?: string;
  /**
   * The header carrying the caller's tenant id.
   * @default 'X-Tenant-ID'
   */
  readonly tenantIdHeader?: string;
  /**
   * The header carrying the gateway's request id.
   * @default 'X-Request-ID'
   */
  readonly requestIdHeader?: string;
  /**
   * The JWT claim holding the user id, read by a parameter mapping. Its name holds letters,
   * digits, "." and "_" only: API Gateway cannot map a claim such as `cognito:username`
   * (use `sub`, or a Lambda authorizer that passes the claim on in its context).
   * @default 'sub'
   */
  readonly userIdClaim?: string;
  /**
   * The JWT claim holding the tenant id, read by a parameter mapping. Its name holds letters,
   * digits, "." and "_" only: for a Cognito attribute such as `custom:tenant_id` use a Lambda
   * authorizer that passes it on in its context (`JwtAuthorizerFunction` with `tenantIdClaim`).
   * @default 'tenant_id'
   */
  readonly tenantIdClaim?: string;
}

/**
 * The identity headers for a route with the given authorization. Public routes get
 * `remove()` for the user and tenant headers, so a client cannot claim an identity.
 */
export function identityHeaders(auth: Authorization, options: IdentityHeadersOptions = {}): Record<string, HeaderValue> {
  const userHeader = options.userIdHeader ?? 'X-User-ID';
  const tenantHeader = options.tenantIdHeader ?? 'X-Tenant-ID';
  const requestHeader = options.requestIdHeader ?? 'X-Request-ID';
  const userIdClaim = options.userIdClaim ?? 'sub';
  const tenantIdClaim = options.tenantIdClaim ?? 'tenant_id';

  let user: HeaderValue;
  let tenant: HeaderValue;
  switch (auth.type) {
    case AuthorizationType.JWT:
    case AuthorizationType.COGNITO:
      user = HeaderValue.claim(userIdClaim);
      tenant = HeaderValue.claim(tenantIdClaim);
      break;
    case AuthorizationType.LAMBDA:
      user = HeaderValue.authorizerContext(auth.lambdaOptions?.userIdKey ?? 'userId');
      tenant = HeaderValue.authorizerContext(auth.lambdaOptions?.tenantIdKey ?? 'tenantId');
      break;
    case AuthorizationType.IAM:
      user = HeaderValue.contextVariable('identity.userArn');
      tenant = HeaderValue.remove();
      break;
    case AuthorizationType.NONE:
      user = HeaderValue.remove();
      tenant = HeaderValue.remove();
      break;
  }
  return {
    [userHeader]: user,
    [tenantHeader]: tenant,
    [requestHeader]: HeaderValue.contextVariable('requestId'),
  };
}

/**
 * Refuses identity header names the flavour cannot map, and on HTTP APIs claim names it
 * cannot read: every access-log line of an HttpGateway reads the claims, whatever the routes.
 */
export function validateIdentityHeaders(scope: IConstruct, options: IdentityHeadersOptions, flavour: ApiFlavour): void {
  const names = new Map<string, string>();
  const defaults = { userIdHeader: 'X-User-ID', tenantIdHeader: 'X-Tenant-ID', requestIdHeader: 'X-Request-ID' };
  for (const field of ['userIdHeader', 'tenantIdHeader', 'requestIdHeader'] as const) {
    checkHeaderName(scope, `identityHeaders.${field}`, options[field], flavour);
    const name = options[field] ?? defaults[field];
    if (Token.isUnresolved(name)) continue;
    // Header names compare without case: a second identity header of the same name would replace the first.
    const other = names.get(name.toLowerCase());
    if (other !== undefined) {
      throw new TopologyValidationError(scope, {
        prop: `identityHeaders.${field}`, received: name,
        problem: `the header is already identityHeaders.${other}${options[other as keyof typeof defaults] === undefined ? ' (its default)' : ''}; one would overwrite the other`,
        fix: `give each identity header its own name, such as "${defaults[field]}"`,
      });
    }
    names.set(name.toLowerCase(), field);
  }
  if (flavour === 'HTTP') {
    for (const field of ['userIdClaim', 'tenantIdClaim'] as const) checkClaimName(scope, `identityHeaders.${field}`, options[field], flavour);
  }
}

/**
 * Refuses the identity claims a route's authorization reads in a mapping, where the flavour
 * cannot read them: JWT and Cognito routes of an HTTP API, Cognito routes of a REST API (a
 * REST JWT route is answered by the bundled authorizer, whose context carries the ids).
 */
export function validateIdentityClaims(scope: IConstruct, options: IdentityHeadersOptions, auth: Authorization, flavour: ApiFlavour): void {
  const mapsClaims = auth.type === AuthorizationType.COGNITO || (flavour === 'HTTP' && auth.type === AuthorizationType.JWT);
  if (!mapsClaims) return;
  for (const field of ['userIdClaim', 'tenantIdClaim'] as const) checkClaimName(scope, `identityHeaders.${field}`, options[field], flavour);
}

/**
 * Refuses `HeaderValue.claim` in a route's injectHeaders where the route's authorization
 * leaves no verified claims to read: on HTTP APIs only JWT and Cognito authorizers do, on REST
 * only Cognito (a REST JWT route is answered by the bundled Lambda authorizer, whose context
 * carries userId, tenantId, roles and tier instead). The mapping would otherwise deploy and
 * write an empty header.
 */
export function validateInjectedClaims(scope: IConstruct, at: string, route: Route, auth: Authorization, flavour: ApiFlavour): void {
  const claimsMapped = auth.type === AuthorizationType.COGNITO || (flavour === 'HTTP' && auth.type === AuthorizationType.JWT);
  if (claimsMapped) return;
  for (const [header, value] of Object.entries(route.injectHeaders ?? {})) {
    if (value?.type !== HeaderValueType.CLAIM) continue;
    const restJwt = flavour === 'REST' && auth.type === AuthorizationType.JWT;
    throw new TopologyValidationError(scope, {
      prop: `${at}.injectHeaders.${header}`, received: `HeaderValue.claim("${value.value}")`,
      problem: `the route's authorization (${auth.describe()}) leaves no token claims for ${flavour === 'HTTP' ? 'an HTTP API' : 'a REST API'} mapping to read`,
      fix: restJwt
        ? 'read the bundled authorizer\'s context instead: HeaderValue.authorizerContext("userId"), "tenantId", "roles" or "tier"'
        : 'read a key of the Lambda authorizer\'s context (HeaderValue.authorizerContext("key")), or authorize the route with a JWT or Cognito authorization',
    });
  }
}
