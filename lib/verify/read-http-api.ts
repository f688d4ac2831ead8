import {
  ApiGatewayV2Client, GetApiCommand, GetApiMappingsCommand, GetAuthorizerCommand, GetIntegrationsCommand, GetRoutesCommand,
  GetStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { GatewayManifest } from '../manifest/route-manifest';
import { authorizationText, authorizerText, Fact, listText, PRESENT, throttleText } from './facts';
import { explainAwsError } from './verify-error';

/** Reads a deployed HTTP API back as facts named like the manifest's. */
export async function readHttpApiFacts(client: ApiGatewayV2Client, apiId: string, gateway: GatewayManifest, region: string): Promise<Fact[]> {
  const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw explainAwsError(e, {
        action: `apigateway:GET (${action})`, subject: `HTTP API ${apiId}`, region,
        whenMissing: 'check --api-id and --region, or deploy the stack (`cdk deploy`)',
      });
    }
  };
  await call('GetApi', () => client.send(new GetApiCommand({ ApiId: apiId })));
  const [routes, integrations] = await Promise.all([
    call('GetRoutes', () => pages((NextToken) => client.send(new GetRoutesCommand({ ApiId: apiId, NextToken, MaxResults: '500' })))),
    call('GetIntegrations', () => pages((NextToken) => client.send(new GetIntegrationsCommand({ ApiId: apiId, NextToken, MaxResults: '500' })))),
  ]);
  // The authorizers routes use, read one by one: an authorizer no route uses authorizes nothing.
  const authorizerIds = [...new Set(routes.map((r) => r.AuthorizerId).filter((id): id is string => id !== undefined))];
  const authorizers = (await Promise.all(authorizerIds.map((id) => call('GetAuthorizer', () => orMissing(client.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: id })))))))
    .filter((a): a is NonNullable<typeof a> => a !== undefined);
  const stage = await call('GetStage', () => orMissing(client.send(new GetStageCommand({ ApiId: apiId, StageName: gateway.stage.name }))));

  const facts: Fact[] = [];
  const add = (check: string, value: string, parent?: string) => facts.push({ check, value, ...(parent ? { parent } : {}) });

  const stageCheck = `stage ${gateway.stage.name}`;
  if (stage) {
    add(stageCheck, PRESENT);
    add(`${stageCheck} throttle`, throttleText({
      rateLimit: stage.DefaultRouteSettings?.ThrottlingRateLimit, burstLimit: stage.DefaultRouteSettings?.ThrottlingBurstLimit,
    }), stageCheck);
  }

  const authorizerNames = new Map<string, string>();
  for (const a of authorizers) {
    authorizerNames.set(a.AuthorizerId!, a.Name!);
    add(`authorizer ${a.Name}`, authorizerText({
      type: a.AuthorizerType ?? 'unknown',
      identitySource: a.IdentitySource ?? [],
      ...(a.JwtConfiguration?.Issuer !== undefined ? { issuer: a.JwtConfiguration.Issuer } : {}),
      ...(a.JwtConfiguration?.Audience !== undefined ? { audiences: a.JwtConfiguration.Audience } : {}),
      ...(a.AuthorizerType === 'REQUEST' && a.AuthorizerResultTtlInSeconds !== undefined ? { resultTtlSeconds: a.AuthorizerResultTtlInSeconds } : {}),
    }));
  }

  const integrationById = new Map(integrations.map((i) => [i.IntegrationId!, i]));
  const routeSettings = stage?.RouteSettings ?? {};
  for (const r of routes) {
    const route = `route ${r.RouteKey}`;
    add(route, PRESENT);
    add(`${route} authorization`, authorizationText(r.AuthorizationType, r.AuthorizerId ? authorizerNames.get(r.AuthorizerId) ?? `unknown authorizer ${r.AuthorizerId}` : undefined), route);
    add(`${route} scopes`, listText(r.AuthorizationScopes), route);
    const setting = routeSettings[r.RouteKey!];
    const hasThrottle = setting && (setting.ThrottlingRateLimit !== undefined || setting.ThrottlingBurstLimit !== undefined);
    add(`${route} throttle`, hasThrottle ? throttleText({ rateLimit: setting.ThrottlingRateLimit, burstLimit: setting.ThrottlingBurstLimit }) : 'stage default', route);
    const integrationId = /^integrations\/(.+)$/.exec(r.Target ?? '')?.[1];
    const integration = integrationId ? integrationById.get(integrationId) : undefined;
    for (const [key, value] of Object.entries(integration?.RequestParameters ?? {})) add(`${route} mapping ${key}`, value, route);
  }

  if (gateway.customDomain) {
    const domain = gateway.customDomain.domainName;
    const mappings = await call('GetApiMappings', () => orMissing(client.send(new GetApiMappingsCommand({ DomainName: domain }))));
    const mapping = mappings?.Items?.find((m) => m.ApiId === apiId);
    if (mapping) add(`domain ${domain}`, `/${mapping.ApiMappingKey ?? ''} -> stage ${mapping.Stage}`);
  }
  return facts;
}

/** Every item of a paginated API Gateway v2 list. */
async function pages<T>(fetch: (token?: string) => Promise<{ Items?: T[]; NextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    items.push(...(page.Items ?? []));
    token = page.NextToken;
  } while (token);
  return items;
}

/** The answer, or undefined when the thing asked for does not exist (a drift, not an error). */
export async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (e) {
    if ((e as { name?: string }).name === 'NotFoundException') return undefined;
    throw e;
  }
}
