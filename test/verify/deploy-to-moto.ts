import { readFileSync } from 'fs';
import * as path from 'path';
import * as v1 from '@aws-sdk/client-api-gateway';
import * as v2 from '@aws-sdk/client-apigatewayv2';

/** What the deployer created: the API ids by logical id. */
export interface MotoDeployment {
  /** Physical ids (API ids, stage names, resource ids) by logical id. */
  readonly ids: Record<string, string>;
}

/** Client settings for moto: any credentials, the fixture's region. */
export function motoClientConfig(endpoint: string, region: string) {
  return { region, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

/**
 * Creates the API Gateway resources of a synthesized template in moto through the SDK, in
 * the order CloudFormation would, with the template's properties. moto's CloudFormation
 * skips the ApiGatewayV2 types, so this stands in for `cdk deploy`. References to
 * resources outside API Gateway (functions, certificates) become placeholder strings.
 *
 * `existing` maps logical ids to APIs created otherwise (by a moto CloudFormation stack).
 */
export async function deployTemplateToMoto(
  assemblyDir: string, stackName: string, endpoint: string, region: string, existing: Record<string, string> = {},
): Promise<MotoDeployment> {
  const template = JSON.parse(readFileSync(path.join(assemblyDir, `${stackName}.template.json`), 'utf8'));
  const resources: Record<string, { Type: string; Properties?: any }> = template.Resources;
  const ids: Record<string, string> = { ...existing };
  const roots: Record<string, string> = {};
  const config = motoClientConfig(endpoint, region);
  const http = new v2.ApiGatewayV2Client(config);
  const rest = new v1.APIGatewayClient(config);

  const resolve = (value: any): any => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    if ('Ref' in value) {
      const pseudo: Record<string, string> = { 'AWS::Region': region, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com', 'AWS::AccountId': '123456789012' };
      return pseudo[value.Ref] ?? ids[value.Ref] ?? `placeholder-${value.Ref}`;
    }
    if ('Fn::GetAtt' in value) {
      const [id, attr] = value['Fn::GetAtt'];
      if (attr === 'RootResourceId') return roots[id];
      if (attr === 'ApiId' || attr === 'AuthorizerId' || attr === 'RestApiId') return ids[id];
      return `arn:aws:lambda:${region}:123456789012:function:placeholder-${id}-${attr}`;
    }
    if ('Fn::Join' in value) {
      const [sep, parts] = value['Fn::Join'];
      return resolve(parts).join(sep);
    }
    if ('Fn::Select' in value || 'Fn::Split' in value || 'Fn::Sub' in value || 'Fn::ImportValue' in value) return 'placeholder';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type).map(([id, r]) => ({ id, p: resolve(r.Properties ?? {}) }));

  // HTTP APIs
  for (const { id, p } of of('AWS::ApiGatewayV2::Api')) {
    const api = await http.send(new v2.CreateApiCommand({ Name: p.Name, ProtocolType: p.ProtocolType, Description: p.Description, CorsConfiguration: p.CorsConfiguration }));
    ids[id] = api.ApiId!;
  }
  for (const { id, p } of of('AWS::ApiGatewayV2::Authorizer')) {
    const a = await http.send(new v2.CreateAuthorizerCommand({
      ApiId: p.ApiId, Name: p.Name, AuthorizerType: p.AuthorizerType,
      IdentitySource: p.IdentitySource, JwtConfiguration: p.JwtConfiguration, AuthorizerUri: p.AuthorizerUri,
      AuthorizerPayloadFormatVersion: p.AuthorizerPayloadFormatVersion, AuthorizerResultTtlInSeconds: p.AuthorizerResultTtlInSeconds,
      EnableSimpleResponses: p.EnableSimpleResponses,
    }));
    ids[id] = a.AuthorizerId!;
  }
  for (const { id, p } of of('AWS::ApiGatewayV2::Integration')) {
    const i = await http.send(new v2.CreateIntegrationCommand({
      ApiId: p.ApiId, IntegrationType: p.IntegrationType, IntegrationUri: p.IntegrationUri, IntegrationMethod: p.IntegrationMethod,
      ConnectionType: p.ConnectionType, ConnectionId: p.ConnectionId, PayloadFormatVersion: p.PayloadFormatVersion,
      RequestParameters: p.RequestParameters, TimeoutInMillis: p.TimeoutInMillis,
    }));
    ids[id] = i.IntegrationId!;
  }
  // Re-resolve: routes refer to integrations and authorizers created above.
  for (const [id, r] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route')) {
    const p = resolve(r.Properties);
    const route = await http.send(new v2.CreateRouteCommand({
      ApiId: p.ApiId, RouteKey: p.RouteKey, Target: p.Target, AuthorizationType: p.AuthorizationType, AuthorizerId: p.AuthorizerId,
      AuthorizationScopes: p.AuthorizationScopes, OperationName: p.OperationName,
    }));
    ids[id] = route.RouteId!;
  }
  for (const { id, p } of of('AWS::ApiGatewayV2::Stage')) {
    await http.send(new v2.CreateStageCommand({
      ApiId: p.ApiId, StageName: p.StageName, AutoDeploy: p.AutoDeploy, DefaultRouteSettings: p.DefaultRouteSettings, RouteSettings: p.RouteSettings,
    }));
    ids[id] = p.StageName;
  }
  for (const { id, p } of of('AWS::ApiGatewayV2::DomainName')) {
    // Domain names are unique in an account: a new copy of the stack takes the name over.
    await http.send(new v2.DeleteDomainNameCommand({ DomainName: p.DomainName })).catch(() => undefined);
    await http.send(new v2.CreateDomainNameCommand({ DomainName: p.DomainName, DomainNameConfigurations: p.DomainNameConfigurations }));
    ids[id] = p.DomainName;
  }
  for (const [, r] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::ApiMapping')) {
    const p = resolve(r.Properties);
    await http.send(new v2.CreateApiMappingCommand({ ApiId: p.ApiId, DomainName: p.DomainName, Stage: p.Stage, ApiMappingKey: p.ApiMappingKey }));
  }

  // REST APIs
  for (const { id, p } of of('AWS::ApiGateway::RestApi')) {
    if (!ids[id]) {
      const api = await rest.send(new v1.CreateRestApiCommand({ name: p.Name, description: p.Description, endpointConfiguration: { types: p.EndpointConfiguration?.Types } }));
      ids[id] = api.id!;
    }
    const found = await rest.send(new v1.GetResourcesCommand({ restApiId: ids[id] }));
    roots[id] = found.items!.find((r) => r.path === '/')!.id!;
  }
  // Resources, parents first.
  let pending = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Resource');
  while (pending.length > 0) {
    const ready = pending.filter(([, r]) => !r.Properties.ParentId.Ref || ids[r.Properties.ParentId.Ref]);
    if (ready.length === 0) throw new Error('resource tree has a parent that is not in the template');
    for (const [id, r] of ready) {
      const p = resolve(r.Properties);
      const created = await rest.send(new v1.CreateResourceCommand({ restApiId: p.RestApiId, parentId: p.ParentId, pathPart: p.PathPart }));
      ids[id] = created.id!;
    }
    pending = pending.filter(([id]) => !ids[id]);
  }
  for (const { id, p } of of('AWS::ApiGateway::Authorizer')) {
    const a = await rest.send(new v1.CreateAuthorizerCommand({
      restApiId: p.RestApiId, name: p.Name, type: p.Type, identitySource: p.IdentitySource, authorizerUri: p.AuthorizerUri,
      authorizerResultTtlInSeconds: p.AuthorizerResultTtlInSeconds, providerARNs: p.ProviderARNs,
    }));
    ids[id] = a.id!;
  }
  for (const { id, p } of of('AWS::ApiGateway::RequestValidator')) {
    const v = await rest.send(new v1.CreateRequestValidatorCommand({
      restApiId: p.RestApiId, name: p.Name ?? id, validateRequestBody: p.ValidateRequestBody, validateRequestParameters: p.ValidateRequestParameters,
    }));
    ids[id] = v.id!;
  }
  for (const [id, r] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method')) {
    const p = resolve(r.Properties);
    await rest.send(new v1.PutMethodCommand({
      restApiId: p.RestApiId, resourceId: p.ResourceId, httpMethod: p.HttpMethod, authorizationType: p.AuthorizationType,
      authorizerId: p.AuthorizerId, apiKeyRequired: p.ApiKeyRequired, authorizationScopes: p.AuthorizationScopes,
      requestParameters: p.RequestParameters, requestValidatorId: p.RequestValidatorId, operationName: p.OperationName,
    }));
    const i = p.Integration ?? {};
    await rest.send(new v1.PutIntegrationCommand({
      restApiId: p.RestApiId, resourceId: p.ResourceId, httpMethod: p.HttpMethod, type: i.Type, integrationHttpMethod: i.IntegrationHttpMethod,
      uri: i.Uri, requestParameters: i.RequestParameters, requestTemplates: i.RequestTemplates, connectionType: i.ConnectionType,
      connectionId: i.ConnectionId, timeoutInMillis: i.TimeoutInMillis,
    }));
    ids[id] = `${p.ResourceId}/${p.HttpMethod}`;
  }
  for (const { p } of of('AWS::ApiGateway::GatewayResponse')) {
    await rest.send(new v1.PutGatewayResponseCommand({
      restApiId: p.RestApiId, responseType: p.ResponseType, statusCode: p.StatusCode,
      responseParameters: p.ResponseParameters, responseTemplates: p.ResponseTemplates,
    }));
  }
  for (const { id, p } of of('AWS::ApiGateway::Deployment')) {
    const d = await rest.send(new v1.CreateDeploymentCommand({ restApiId: p.RestApiId, description: p.Description }));
    ids[id] = d.id!;
  }
  for (const [id, r] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Stage')) {
    const p = resolve(r.Properties);
    await rest.send(new v1.CreateStageCommand({ restApiId: p.RestApiId, stageName: p.StageName, deploymentId: p.DeploymentId, tracingEnabled: p.TracingEnabled }));
    const ops: v1.PatchOperation[] = [];
    for (const s of p.MethodSettings ?? []) {
      const at = `/${s.ResourcePath === '/*' ? '*' : s.ResourcePath.replace(/^\//, '')}/${s.HttpMethod}`;
      if (s.ThrottlingRateLimit !== undefined) ops.push({ op: 'replace', path: `${at}/throttling/rateLimit`, value: String(s.ThrottlingRateLimit) });
      if (s.ThrottlingBurstLimit !== undefined) ops.push({ op: 'replace', path: `${at}/throttling/burstLimit`, value: String(s.ThrottlingBurstLimit) });
    }
    if (ops.length > 0) await rest.send(new v1.UpdateStageCommand({ restApiId: p.RestApiId, stageName: p.StageName, patchOperations: ops }));
    ids[id] = p.StageName;
  }
  for (const [id, r] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::UsagePlan')) {
    const p = resolve(r.Properties);
    const plan = await rest.send(new v1.CreateUsagePlanCommand({
      name: p.UsagePlanName, description: p.Description,
      throttle: p.Throttle ? { rateLimit: p.Throttle.RateLimit, burstLimit: p.Throttle.BurstLimit } : undefined,
      quota: p.Quota ? { limit: p.Quota.Limit, period: p.Quota.Period } : undefined,
      apiStages: (p.ApiStages ?? []).map((s: any) => ({
        apiId: s.ApiId, stage: s.Stage,
        throttle: s.Throttle ? Object.fromEntries(Object.entries<any>(s.Throttle).map(([k, t]) => [k, { rateLimit: t.RateLimit, burstLimit: t.BurstLimit }])) : undefined,
      })),
    }));
    ids[id] = plan.id!;
  }
  for (const { id, p } of of('AWS::ApiGateway::ApiKey')) {
    const key = await rest.send(new v1.CreateApiKeyCommand({ description: p.Description, enabled: p.Enabled, name: p.Name }));
    ids[id] = key.id!;
  }
  for (const [, r] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::UsagePlanKey')) {
    const p = resolve(r.Properties);
    await rest.send(new v1.CreateUsagePlanKeyCommand({ usagePlanId: p.UsagePlanId, keyId: p.KeyId, keyType: p.KeyType }));
  }
  http.destroy();
  rest.destroy();
  return { ids };
}
