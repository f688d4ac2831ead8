import {
  APIGatewayClient, GetApiKeyCommand, GetAuthorizersCommand, GetGatewayResponsesCommand, GetMethodCommand, GetRequestValidatorsCommand,
  GetResourcesCommand, GetRestApiCommand, GetStageCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand, Method, Resource,
} from '@aws-sdk/client-api-gateway';
import { GatewayManifest } from '../manifest/route-manifest';
import {
  authorizationText, authorizerText, Fact, listText, methodSettingKey, PRESENT, throttleText, validatorText,
} from './facts';
import { orMissing } from './read-http-api';
import { explainAwsError } from './verify-error';

/** How many method reads run at once: API Gateway's read quotas are per account. */
const METHOD_READS_IN_FLIGHT = 4;

/**
 * Reads a deployed REST API back as facts named like the manifest's. API keys are read
 * without their values (`includeValue: false`); usage plan key listings carry values, which
 * are dropped unread.
 */
export async function readRestApiFacts(client: APIGatewayClient, apiId: string, gateway: GatewayManifest, region: string): Promise<Fact[]> {
  const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw explainAwsError(e, {
        action: `apigateway:GET (${action})`, subject: `REST API ${apiId}`, region,
        whenMissing: 'check --api-id and --region, or deploy the stack (`cdk deploy`)',
      });
    }
  };
  await call('GetRestApi', () => client.send(new GetRestApiCommand({ restApiId: apiId })));
  const [resources, authorizers, validators, responses] = await Promise.all([
    call('GetResources', () => pages((position) => client.send(new GetResourcesCommand({ restApiId: apiId, position, limit: 500 })))),
    call('GetAuthorizers', () => pages((position) => client.send(new GetAuthorizersCommand({ restApiId: apiId, position, limit: 500 })))),
    call('GetRequestValidators', () => pages((position) => client.send(new GetRequestValidatorsCommand({ restApiId: apiId, position, limit: 500 })))),
    call('GetGatewayResponses', () => pages((position) => client.send(new GetGatewayResponsesCommand({ restApiId: apiId, position, limit: 500 })))),
  ]);
  const stage = await call('GetStage', () => orMissing(client.send(new GetStageCommand({ restApiId: apiId, stageName: gateway.stage.name }))));
  const methods = await call('GetMethod', () => readMethods(client, apiId, resources));

  const facts: Fact[] = [];
  const add = (check: string, value: string, parent?: string) => facts.push({ check, value, ...(parent ? { parent } : {}) });

  const stageCheck = `stage ${gateway.stage.name}`;
  const settings = stage?.methodSettings ?? {};
  if (stage) {
    add(stageCheck, PRESENT);
    const common = settings['*/*'];
    add(`${stageCheck} throttle`, throttleText({ rateLimit: common?.throttlingRateLimit, burstLimit: common?.throttlingBurstLimit }), stageCheck);
  }

  const authorizerNames = new Map<string, string>();
  for (const a of authorizers) {
    authorizerNames.set(a.id!, a.name!);
    add(`authorizer ${a.name}`, authorizerText({
      type: a.type ?? 'unknown',
      identitySource: (a.identitySource ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0),
      ...(a.authorizerResultTtlInSeconds !== undefined ? { resultTtlSeconds: a.authorizerResultTtlInSeconds } : {}),
    }));
  }

  const declared = new Set(gateway.routes.map((r) => r.routeKey));
  for (const { path, method } of methods) {
    const key = `${method.httpMethod} ${path}`;
    // CORS preflights are built by the gateway for every resource; the manifest lists routes.
    if (method.httpMethod === 'OPTIONS' && gateway.cors && !declared.has(key)) continue;
    const route = `route ${key}`;
    add(route, PRESENT);
    add(`${route} authorization`, authorizationText(method.authorizationType, method.authorizerId
      ? authorizerNames.get(method.authorizerId) ?? `unknown authorizer ${method.authorizerId}` : undefined), route);
    add(`${route} scopes`, listText(method.authorizationScopes), route);
    const setting = settings[methodSettingKey(method.httpMethod!, path)];
    add(`${route} throttle`, setting ? throttleText({ rateLimit: setting.throttlingRateLimit, burstLimit: setting.throttlingBurstLimit }) : 'stage default', route);
    for (const [k, v] of Object.entries(method.methodIntegration?.requestParameters ?? {})) add(`${route} mapping ${k}`, v, route);
    add(`${route} api key`, method.apiKeyRequired ? 'required' : 'not required', route);
    add(`${route} request validator`, method.requestValidatorId ? 'set' : 'none', route);
  }

  add('request validators', listText(validators.map((v) => validatorText(v.validateRequestBody === true, v.validateRequestParameters === true))));
  for (const response of responses) {
    // Types left at API Gateway's default are not customized: they are not facts of the gateway.
    if (response.defaultResponse) continue;
    add(`gateway response ${response.responseType}`, `status ${response.statusCode}`);
  }

  // Every plan of the account is listed; those metering this API are its facts (an extra one is drift).
  const plans = await call('GetUsagePlans', () => pages((position) => client.send(new GetUsagePlansCommand({ position, limit: 500 }))));
  for (const plan of plans) {
    const stages = (plan.apiStages ?? []).filter((s) => s.apiId === apiId);
    if (stages.length === 0) continue;
    const p = `usage plan ${plan.name}`;
    add(p, listText(stages.map((s) => `stage ${s.stage}`)));
    add(`${p} throttle`, throttleText(plan.throttle), p);
    add(`${p} quota`, plan.quota ? `${plan.quota.limit} per ${plan.quota.period}` : 'none', p);
    for (const s of stages) {
      for (const [k, t] of Object.entries(s.throttle ?? {})) add(`${p} route throttle ${k}`, throttleText(t), p);
    }
    const keys = await call('GetUsagePlanKeys', () => pages((position) => client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id, position, limit: 500 }))));
    for (const { id } of keys) {
      const key = await call('GetApiKey', () => client.send(new GetApiKeyCommand({ apiKey: id, includeValue: false })));
      add(`${p} key ${key.description ?? key.name}`, key.enabled ? 'enabled' : 'disabled', p);
    }
  }
  return facts;
}

/** The methods of every resource, read a few at a time. */
async function readMethods(client: APIGatewayClient, apiId: string, resources: Resource[]): Promise<Array<{ path: string; method: Method }>> {
  const wanted = resources.flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((httpMethod) => ({ resource: r, httpMethod })));
  const out: Array<{ path: string; method: Method }> = [];
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const { resource, httpMethod } = wanted[next++];
      const method = await client.send(new GetMethodCommand({ restApiId: apiId, resourceId: resource.id, httpMethod }));
      out.push({ path: resource.path!, method: { ...method, httpMethod: method.httpMethod ?? httpMethod } });
    }
  };
  await Promise.all(Array.from({ length: Math.min(METHOD_READS_IN_FLIGHT, wanted.length) }, worker));
  return out.sort((a, b) => `${a.path} ${a.method.httpMethod}`.localeCompare(`${b.path} ${b.method.httpMethod}`));
}

/** Every item of a paginated API Gateway v1 list. */
async function pages<T>(fetch: (position?: string) => Promise<{ items?: T[]; position?: string }>): Promise<T[]> {
  const items: T[] = [];
  let position: string | undefined;
  do {
    const page = await fetch(position);
    items.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return items;
}
