import { CfnElement, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpGateway } from '../gateway/http-gateway';
import { logicalIdOf } from './route-manifest-writer';
import { GatewayManifest, ManifestAuthorizer, ManifestRoute } from './route-manifest';
import { routeContract, translatorSendsLifecycleHeaders } from './route-contract';
import { domainServer, executeApiServer } from './servers';
import { literalString, mappedHeaders, referencedId, SynthesizedResources, throttleOf } from './synthesized';

/** The manifest of an {@link HttpGateway}, read from what it synthesized. Call at synth. */
export function httpGatewayManifest(gateway: HttpGateway): GatewayManifest {
  const synthesized = new SynthesizedResources(gateway);
  const apiElement = gateway.httpApi.node.defaultChild as CfnElement;
  const api = synthesized.of(apiElement);
  const stage = synthesized.of(gateway.stage.node.defaultChild as CfnElement);
  const routeSettings: Record<string, any> = stage.RouteSettings ?? {};

  const authorizers = new Map<string, ManifestAuthorizer>();
  for (const { logicalId, properties: p } of synthesized.ofType('AWS::ApiGatewayV2::Authorizer')) {
    authorizers.set(logicalId, {
      name: p.Name,
      type: p.AuthorizerType,
      identitySource: p.IdentitySource ?? [],
      ...(literalString(p.JwtConfiguration?.Issuer) ? { issuer: p.JwtConfiguration.Issuer } : {}),
      ...(Array.isArray(p.JwtConfiguration?.Audience) && p.JwtConfiguration.Audience.every((a: unknown) => typeof a === 'string')
        ? { audiences: p.JwtConfiguration.Audience } : {}),
      ...(typeof p.AuthorizerResultTtlInSeconds === 'number' ? { resultTtlSeconds: p.AuthorizerResultTtlInSeconds } : {}),
    });
  }

  const stack = Stack.of(gateway);
  const routes: ManifestRoute[] = gateway.routes.map(({ route, authorization, httpRoute }) => {
    const cfnRoute = httpRoute.node.defaultChild as apigwv2.CfnRoute;
    const r = synthesized.of(cfnRoute);
    // Resolved in the gateway's stack: a route in a nested stack sees its integration and
    // authorizer as parameters, while their resources live beside the API.
    const integration = synthesized.get(referencedId(stack.resolve(cfnRoute.target))) ?? {};
    const requestParameters: Record<string, string> = integration.RequestParameters ?? {};
    const authorizer = authorizers.get(referencedId(stack.resolve(cfnRoute.authorizerId)) ?? '');
    const key: string = r.RouteKey;
    const setting = routeSettings[key];
    return {
      method: route.method,
      path: route.path,
      routeKey: key,
      target: {
        kind: route.target.type,
        name: route.target.description,
        ...(route.target.backendPath !== undefined ? { backendPath: route.target.backendPath } : {}),
      },
      authorization: {
        type: authorization.type,
        description: authorization.describe(),
        authorizationType: r.AuthorizationType ?? 'NONE',
        ...(authorizer ? { authorizer: authorizer.name } : {}),
        ...(r.AuthorizationScopes?.length ? { scopes: r.AuthorizationScopes } : {}),
        ...(route.requiredRoles ? { roles: [...route.requiredRoles] } : {}),
        ...(authorization.reason !== undefined ? { reason: authorization.reason } : {}),
      },
      apiKeyRequired: false,
      ...(setting ? { throttle: throttleOf(setting.ThrottlingRateLimit, setting.ThrottlingBurstLimit) } : {}),
      requestParameters,
      headers: mappedHeaders(requestParameters),
      ...routeContract(route, integration.ResponseParameters !== undefined || translatorSendsLifecycleHeaders(route)),
    };
  });

  let customDomain: GatewayManifest['customDomain'];
  if (gateway.domainName && gateway.apiMapping) {
    const domain = synthesized.of(gateway.domainName.node.defaultChild as CfnElement);
    const mapping = synthesized.of(gateway.apiMapping.node.defaultChild as CfnElement);
    const domainName = literalString(domain.DomainName);
    if (domainName) customDomain = { domainName, ...(literalString(mapping.ApiMappingKey) ? { mappingKey: mapping.ApiMappingKey } : {}) };
  }

  return {
    constructPath: gateway.node.path,
    flavour: 'HTTP',
    apiName: api.Name,
    ...logicalIdOf(apiElement),
    resourceType: 'AWS::ApiGatewayV2::Api',
    stage: {
      name: stage.StageName,
      throttle: throttleOf(stage.DefaultRouteSettings?.ThrottlingRateLimit, stage.DefaultRouteSettings?.ThrottlingBurstLimit) ?? {},
    },
    authorizers: [...authorizers.values()],
    routes,
    cors: api.CorsConfiguration !== undefined,
    ...(customDomain ? { customDomain } : {}),
    ...(literalString(api.Description) ? { description: api.Description } : {}),
    servers: [
      ...(gateway.domainName && gateway.apiMapping
        ? [domainServer(synthesized.of(gateway.domainName.node.defaultChild as CfnElement).DomainName,
          synthesized.of(gateway.apiMapping.node.defaultChild as CfnElement).ApiMappingKey, 'custom domain')]
        : []),
      executeApiServer(gateway, stage.StageName, false),
    ],
  };
}
