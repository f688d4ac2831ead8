import { CfnElement, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { Authorization } from '../auth/authorization';
import type { RestGateway } from '../gateway/rest-gateway';
import type { Route } from '../routes/route';
import { routeKey } from '../routes/route';
import { logicalIdOf } from './route-manifest-writer';
import { GatewayManifest, ManifestAuthorizer, ManifestRoute, ManifestThrottle, ManifestUsagePlan } from './route-manifest';
import { routeContract, translatorSendsLifecycleHeaders } from './route-contract';
import { executeApiServer, restDomainServers } from './servers';
import { literalString, mappedHeaders, referencedId, SynthesizedResources, throttleOf } from './synthesized';

/** One route of a {@link RestGateway} as it was built. */
export interface RestManifestRoute {
  /** The declaration. */
  readonly route: Route;
  /** The authorization as declared (a JWT, not the bundled authorizer verifying it). */
  readonly declared: Authorization;
  /** The method built for it. */
  readonly method: apigw.Method;
  /** The method's authorizer, when it has one. */
  readonly authorizer?: apigw.IAuthorizer;
}

/** The manifest of a {@link RestGateway}, read from what it synthesized. Call at synth. */
export function restGatewayManifest(gateway: RestGateway, built: readonly RestManifestRoute[], cors: boolean): GatewayManifest {
  const synthesized = new SynthesizedResources(gateway);
  const stack = Stack.of(gateway);
  const apiElement = gateway.restApi.node.defaultChild as CfnElement;
  const api = synthesized.of(apiElement);
  const stage = synthesized.of(gateway.stage.node.defaultChild as CfnElement);
  const settings: Array<Record<string, any>> = stage.MethodSettings ?? [];
  const common = settings.find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');

  const authorizers = new Map<string, ManifestAuthorizer>();
  for (const { logicalId, properties: p } of synthesized.ofType('AWS::ApiGateway::Authorizer')) {
    authorizers.set(logicalId, {
      name: p.Name,
      type: p.Type,
      identitySource: typeof p.IdentitySource === 'string' ? p.IdentitySource.split(',').map((s: string) => s.trim()) : [],
      ...(typeof p.AuthorizerResultTtlInSeconds === 'number' ? { resultTtlSeconds: p.AuthorizerResultTtlInSeconds } : {}),
    });
  }

  const routes: ManifestRoute[] = built.map(({ route, declared, method, authorizer }) => {
    const m = synthesized.of(method.node.defaultChild as CfnElement);
    const requestParameters: Record<string, string> = m.Integration?.RequestParameters ?? {};
    // Resolved in the gateway's stack: methods in nested stacks see the authorizer as a parameter.
    const authorizerEntry = authorizer ? authorizers.get(referencedId(stack.resolve(authorizer.authorizerId)) ?? '') : undefined;
    const setting = settings.find((s) => s.ResourcePath === methodSettingPath(route.path)
      && s.HttpMethod === (route.method === 'ANY' ? '*' : route.method));
    return {
      method: route.method,
      path: route.path,
      routeKey: routeKey(route),
      target: {
        kind: route.target.type,
        name: route.target.description,
        ...(route.target.backendPath !== undefined ? { backendPath: route.target.backendPath } : {}),
      },
      authorization: {
        type: declared.type,
        description: declared.describe(),
        authorizationType: m.AuthorizationType ?? 'NONE',
        ...(authorizerEntry ? { authorizer: authorizerEntry.name } : {}),
        // The scopes API Gateway checks (Cognito); a JWT's scopes are checked by the bundled authorizer.
        ...(m.AuthorizationScopes?.length ? { scopes: m.AuthorizationScopes } : {}),
        ...(route.requiredRoles ? { roles: [...route.requiredRoles] } : {}),
        ...(declared.reason !== undefined ? { reason: declared.reason } : {}),
      },
      apiKeyRequired: m.ApiKeyRequired === true,
      ...(setting ? { throttle: throttleOf(setting.ThrottlingRateLimit, setting.ThrottlingBurstLimit) } : {}),
      requestParameters,
      headers: mappedHeaders(requestParameters),
      requestValidation: m.RequestValidatorId !== undefined,
      ...routeContract(route, translatorSendsLifecycleHeaders(route)),
    };
  });
  const privateApi = Array.isArray(api.EndpointConfiguration?.Types) && api.EndpointConfiguration.Types.includes('PRIVATE');
  let topStack = stack;
  while (topStack.nested && topStack.nestedStackParent) topStack = topStack.nestedStackParent;

  return {
    constructPath: gateway.node.path,
    flavour: 'REST',
    apiName: api.Name,
    ...logicalIdOf(apiElement),
    resourceType: 'AWS::ApiGateway::RestApi',
    stage: { name: stage.StageName, throttle: throttleOf(common?.ThrottlingRateLimit, common?.ThrottlingBurstLimit) ?? {} },
    authorizers: [...authorizers.values()],
    routes,
    cors,
    requestValidators: gateway.validators.map((v) => {
      const p = synthesized.of(v.node.defaultChild as CfnElement);
      return { validateRequestBody: p.ValidateRequestBody === true, validateRequestParameters: p.ValidateRequestParameters === true };
    }),
    gatewayResponses: gateway.gatewayResponses.map((r) => {
      const p = synthesized.of(r.node.defaultChild as CfnElement);
      return { responseType: p.ResponseType, statusCode: p.StatusCode };
    }),
    usagePlans: usagePlans(gateway, synthesized),
    ...(literalString(api.Description) ? { description: api.Description } : {}),
    servers: [
      ...(Stack.of(apiElement) === topStack ? restDomainServers(topStack, Stack.of(apiElement).resolve(apiElement.logicalId)) : []),
      executeApiServer(gateway, stage.StageName, privateApi),
    ],
  };
}

function usagePlans(gateway: RestGateway, synthesized: SynthesizedResources): ManifestUsagePlan[] {
  const plans = gateway.consumerPlans;
  if (!plans) return [];
  const byLogicalId = new Map<string, ManifestUsagePlan & { apiKeys: ManifestUsagePlan['apiKeys'] }>();
  for (const plan of Object.values(plans.usagePlans)) {
    const element = plan.node.defaultChild as CfnElement;
    const p = synthesized.of(element);
    const routeThrottles: Record<string, ManifestThrottle> = {};
    for (const [key, t] of Object.entries<any>(p.ApiStages?.[0]?.Throttle ?? {})) routeThrottles[key] = throttleOf(t.RateLimit, t.BurstLimit) ?? {};
    byLogicalId.set(Stack.of(element).resolve(element.logicalId), {
      name: p.UsagePlanName,
      ...(p.Throttle ? { throttle: throttleOf(p.Throttle.RateLimit, p.Throttle.BurstLimit) } : {}),
      ...(p.Quota ? { quota: { limit: p.Quota.Limit, period: p.Quota.Period } } : {}),
      routeThrottles,
      apiKeys: [],
    });
  }
  for (const [consumer, key] of Object.entries(plans.apiKeys)) {
    const k = synthesized.of(key.node.defaultChild as CfnElement);
    const attachment = synthesized.of(plans.usagePlanKeys[consumer]);
    const plan = byLogicalId.get(referencedId(attachment.UsagePlanId) ?? '');
    plan?.apiKeys.push({ consumer, description: literalString(k.Description) ?? consumer, enabled: k.Enabled !== false });
  }
  return [...byLogicalId.values()];
}

/** The `ResourcePath` of a stage method setting for a route path (slashes escaped as `~1`). */
export function methodSettingPath(path: string): string {
  return path === '/' ? '/' : `/${path.replace(/\//g, '~1')}`;
}
