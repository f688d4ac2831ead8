import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

/**
 * What aws-cdk-lib's integrations and authorizers read of the route they are first bound
 * to: the route's API (`route.httpApi`) and the stack the route is in (`Stack.of(route)`,
 * for the ARNs of Lambda permissions). Binding them to this stand-in for a route of the
 * gateway's own API creates them, and their permissions, in the gateway's stack whichever
 * route (in whichever nested stack) uses them first.
 */
export function apiAnchor(httpApi: apigwv2.IHttpApi): apigwv2.IHttpRoute {
  return { node: httpApi.node, httpApi } as unknown as apigwv2.IHttpRoute;
}
