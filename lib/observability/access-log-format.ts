import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';

/**
 * The longest access-log format API Gateway accepts: "Access log template size: 3 KB"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html and the
 * REST API quotas page, https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
 */
export const MAX_ACCESS_LOG_FORMAT_BYTES = 3 * 1024;

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
 * The fields of the access-log line of a flavour, name to `$context` expression, in order.
 * Variables: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 * (HTTP APIs) and https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html (REST).
 */
export function accessLogFields(flavour: 'HTTP' | 'REST', identity: AccessLogIdentity = {}): Record<string, string> {
  const http = flavour === 'HTTP';
  return {
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
}

/**
 * The JSON access-log line both gateway flavours write, with the same field names so one
 * CloudWatch Logs Insights query reads either: requestId, ip, user, tenant, routeKey,
 * status, latency, integrationLatency, errorMessage (plus method, path and protocol).
 *
 * Every field is a quoted string, numbers too. API Gateway writes "-" for a variable without
 * a value (a request refused before the integration, 401, 403 or 429, has no integration
 * status or latency), and an unquoted `"integrationLatency":-` would make the line invalid
 * JSON, which JSON metric filters skip: the throttle alarm could never fire. Readers compare
 * `status` as a string (`{ $.status = "429" }`, see `THROTTLED_REQUEST_PATTERN`) and take the
 * first of the user/tenant fields that is not "-".
 */
export function accessLogFormat(flavour: 'HTTP' | 'REST', identity: AccessLogIdentity = {}, scope?: IConstruct): apigw.AccessLogFormat {
  const body = Object.entries(accessLogFields(flavour, identity))
    .map(([key, value]) => `"${key}":"${value}"`)
    .join(',');
  const format = `{${body}}`;
  const bytes = Buffer.byteLength(format, 'utf8');
  if (bytes > MAX_ACCESS_LOG_FORMAT_BYTES) {
    // The fields are fixed; only the identity claims' names (identityHeaders) vary in length.
    throw new TopologyValidationError(scope ?? `accessLogFormat(${flavour})`, {
      prop: 'identityHeaders', received: identity,
      problem: `the access-log format would be ${bytes} bytes, more than the ${MAX_ACCESS_LOG_FORMAT_BYTES} API Gateway accepts`,
      fix: 'name shorter userIdClaim and tenantIdClaim claims',
    });
  }
  return apigw.AccessLogFormat.custom(format);
}
