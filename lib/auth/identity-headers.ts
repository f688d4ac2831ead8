import { HeaderValue } from '../routes/header-value';
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
   * The JWT claim holding the user id.
   * @default 'sub'
   */
  readonly userIdClaim?: string;
  /**
   * The JWT claim holding the tenant id.
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
