import * as apigw from 'aws-cdk-lib/aws-apigateway';

/** Where the access log finds the caller's user and tenant ids. */
export interface AccessLogIdentity {
  /**
   * The `$context` expression of the user id.
   * @default - the JWT `sub` claim, else the Lambda authorizer's `userId`, else the IAM caller
   */
  readonly userExpression?: string;
  /**
   * The `$context` expression of the tenant id.
   * @default - the `tenant_id` claim, else the Lambda authorizer's `tenantId`
   */
  readonly tenantExpression?: string;
}

/**
 * The JSON access-log line both gateway flavours write, with the same field names so one
 * CloudWatch Logs Insights query reads either: requestId, ip, user, tenant, routeKey,
 * status, latency, integrationLatency, errorMessage (plus method, path and protocol).
 *
 * API Gateway renders an unset variable as "-", so the user/tenant fields list several
 * sources and readers take the first that is not "-".
 */
export function accessLogFormat(flavour: 'HTTP' | 'REST', identity: AccessLogIdentity = {}): apigw.AccessLogFormat {
  const http = flavour === 'HTTP';
  const fields: Record<string, string> = {
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    user: identity.userExpression ?? '$context.authorizer.claims.sub',
    principal: '$context.authorizer.principalId',
    authorizerUser: '$context.authorizer.userId',
    iamCaller: '$context.identity.userArn',
    tenant: identity.tenantExpression ?? '$context.authorizer.claims.tenant_id',
    authorizerTenant: '$context.authorizer.tenantId',
    routeKey: http ? '$context.routeKey' : '$context.httpMethod $context.resourcePath',
    method: '$context.httpMethod',
    path: '$context.path',
    protocol: '$context.protocol',
    status: '$context.status',
    latency: '$context.responseLatency',
    integrationLatency: http ? '$context.integrationLatency' : '$context.integration.latency',
    integrationStatus: http ? '$context.integrationStatus' : '$context.integration.status',
    errorMessage: '$context.error.message',
    authorizerError: '$context.authorizer.error',
  };
  // status, latencies are numbers; everything else is quoted.
  const numeric = new Set(['status', 'latency', 'integrationLatency']);
  const body = Object.entries(fields)
    .map(([key, value]) => (numeric.has(key) ? `"${key}":${value}` : `"${key}":"${value}"`))
    .join(',');
  return apigw.AccessLogFormat.custom(`{${body}}`);
}
