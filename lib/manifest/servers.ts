import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ManifestServer } from './route-manifest';
import { literalString, referencedId, SynthesizedResources } from './synthesized';

/**
 * The execute-api URL of an API: `https://{apiId}.execute-api.{region}.amazonaws.com/<stage>`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html); the id is
 * known only after deploy, so it is a variable, and so is the region when the stack has none.
 * A private REST API answers at `{apiId}-{vpceId}` from inside its VPC.
 */
export function executeApiServer(scope: IConstruct, stageName: string, privateApi: boolean): ManifestServer {
  const region = Stack.of(scope).region;
  const stagePath = stageName === '$default' ? '' : `/${stageName}`;
  const host = privateApi ? '{apiId}-{vpceId}' : '{apiId}';
  return {
    url: `https://${host}.execute-api.{region}.amazonaws.com${stagePath}`,
    description: privateApi ? 'execute-api endpoint, from inside the VPC through its interface endpoint' : 'execute-api endpoint',
    variables: {
      apiId: { default: 'apiId', description: 'The API id, known after deploy (the stack\'s API resource).' },
      ...(privateApi ? { vpceId: { default: 'vpce-0123456789abcdef0', description: 'The execute-api interface VPC endpoint id.' } } : {}),
      region: { default: Token.isUnresolved(region) ? 'us-east-1' : region, description: 'The region the stack is deployed in.' },
    },
  };
}

/** A domain URL; a domain only known at deploy is a variable. */
export function domainServer(domainName: unknown, basePath: unknown, description: string): ManifestServer {
  const name = literalString(domainName);
  const path = literalString(basePath);
  const suffix = path && path !== '(none)' && path !== '' ? `/${path}` : '';
  if (name) return { url: `https://${name}${suffix}`, description };
  return {
    url: `https://{domainName}${suffix}`,
    description,
    variables: { domainName: { default: 'api.example.com', description: 'The custom domain name, given at deploy.' } },
  };
}

/**
 * The custom domains (public or private) a REST API is mapped on anywhere in its stack: the
 * front doors' private custom domains (`AWS::ApiGateway::DomainNameV2` with a
 * `BasePathMappingV2`) and regional ones (`DomainName` with a `BasePathMapping`).
 */
export function restDomainServers(stack: Stack, apiLogicalId: string): ManifestServer[] {
  const all = new SynthesizedResources(stack);
  const servers: ManifestServer[] = [];
  for (const { properties: m } of all.ofType('AWS::ApiGateway::BasePathMappingV2')) {
    if (referencedId(m.RestApiId) !== apiLogicalId) continue;
    const domain = all.get(referencedId(m.DomainNameArn));
    if (domain) servers.push(domainServer(domain.DomainName, m.BasePath, 'front door (private custom domain)'));
  }
  for (const { properties: m } of all.ofType('AWS::ApiGateway::BasePathMapping')) {
    if (referencedId(m.RestApiId) !== apiLogicalId) continue;
    const domain = all.get(referencedId(m.DomainName));
    servers.push(domainServer(domain?.DomainName ?? m.DomainName, m.BasePath, 'custom domain'));
  }
  return servers;
}
