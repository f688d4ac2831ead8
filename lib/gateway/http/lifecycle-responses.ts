import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { lifecycleHeaders, Route, routeKey, validateLifecycle } from '../../routes/route';

/**
 * The statuses whose integration responses get a deprecated route's headers. HTTP API response
 * parameters are keyed by one status code each, 200 to 599 ("The selection key must be a valid
 * HTTP status code within the range of 200-599",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigatewayv2-integration-responseparameterlist.html),
 * so the statuses a service commonly answers are listed one by one.
 */
export const LIFECYCLE_RESPONSE_STATUSES: readonly number[] = [
  200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308,
  400, 401, 403, 404, 405, 406, 409, 410, 412, 413, 415, 422, 429, 500, 501, 502, 503, 504,
];

/**
 * The `ResponseParameters` of an HTTP API integration that add a deprecated route's
 * `Deprecation`, `Sunset` and `Link` headers with overwrite, so a backend's own copy is not
 * doubled (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html,
 * "Transforming API responses": `append|overwrite|remove:header.headername`, static values).
 * Written in CloudFormation's own casing: the L1 passes this untyped property through as given.
 */
export function lifecycleResponseParameters(headers: Readonly<Record<string, string>>): Record<string, { ResponseParameters: Array<{ Destination: string; Source: string }> }> | undefined {
  const entries = Object.entries(headers);
  if (entries.length === 0) return undefined;
  const list = entries.map(([name, value]) => ({ Destination: `overwrite:header.${name.toLowerCase()}`, Source: value }));
  return Object.fromEntries(LIFECYCLE_RESPONSE_STATUSES.map((status) => [String(status), { ResponseParameters: list }]));
}

/** Checks a route's lifecycle and warns when its sunset is past. */
export function checkRouteLifecycle(scope: IConstruct, at: string, route: Route): void {
  const { sunsetPast } = validateLifecycle(scope, `${at}.lifecycle`, route.lifecycle);
  if (sunsetPast) {
    Annotations.of(scope).addWarningV2('cdk-gateway-topology:route-sunset-past',
      `${routeKey(route)} (${at}.lifecycle) has a sunset of ${route.lifecycle!.sunset}, which is past: remove the route, or move the sunset if it still answers on purpose.`);
  }
}

/** Warns that a deprecated route's answers will not carry the lifecycle headers, and what to use instead. */
export function warnLifecycleHeadersNotSent(scope: IConstruct, at: string, route: Route, why: string, instead: string): void {
  if (Object.keys(lifecycleHeaders(route.lifecycle)).length === 0) return;
  Annotations.of(scope).addWarningV2('cdk-gateway-topology:route-lifecycle-headers',
    `${routeKey(route)} (${at}.lifecycle) is deprecated, but ${why}, so its answers carry no Deprecation, Sunset or Link headers: ${instead}. The OpenAPI document still marks the operation deprecated.`);
}
