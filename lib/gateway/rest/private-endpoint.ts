import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';
import type { RestEndpoint } from '../rest-endpoint';
import { privateSubnets } from '../shared-vpc-link';

/** The HTTPS port of the execute-api interface endpoint. */
const ENDPOINT_PORT = 443;

/**
 * The execute-api VPC endpoint of a private API: the given one, or one created in the VPC's
 * private subnets. Either way the endpoint's security groups admit HTTPS from
 * `endpoint.clients` only; the front doors admit themselves. Nothing is admitted from the
 * VPC's CIDR: every workload in the VPC could otherwise reach the private API around the
 * front door and its WAF.
 *
 * A created endpoint carries an endpoint policy that lets callers invoke only this
 * account's APIs in this region, or only `endpoint.allowedApis` (see
 * {@link executeApiEndpointPolicy}). A given endpoint's policy is its owner's and is left alone.
 */
export function privateEndpoint(scope: Construct, id: string, endpoint: RestEndpoint): ec2.IInterfaceVpcEndpoint {
  const given = endpoint.vpcEndpoint;
  if (given && endpoint.allowedApis !== undefined) {
    throw new TopologyValidationError(scope, {
      prop: 'endpoint.allowedApis', received: endpoint.allowedApis,
      problem: 'the policy of a given VPC endpoint is its owner\'s: the gateway writes an endpoint policy only on an endpoint it creates',
      fix: 'remove allowedApis and set the policy on the given endpoint (vpcEndpoint.addToPolicy), or leave vpcEndpoint out so the gateway creates one',
    });
  }
  if (endpoint.allowedApis !== undefined && endpoint.allowedApis.length === 0) {
    throw new TopologyValidationError(scope, {
      prop: 'endpoint.allowedApis', received: endpoint.allowedApis,
      problem: 'an endpoint policy without statements is no policy at all, and AWS then allows every API of every account through the endpoint',
      fix: 'list at least one API, or leave allowedApis out to admit this account\'s APIs in this region',
    });
  }
  const vpcEndpoint = given ?? createExecuteApiEndpoint(scope, id, endpoint.vpc!, endpoint.privateDnsEnabled, endpoint.allowedApis);
  for (const client of endpoint.clients ?? []) {
    vpcEndpoint.connections.allowFrom(client, ec2.Port.tcp(ENDPOINT_PORT), `HTTPS to the execute-api endpoint of ${scope.node.path}`);
  }
  return vpcEndpoint;
}

/** Endpoints created here whose policy names APIs, so front doors add their domain names. */
const API_SCOPED = new WeakSet<IConstruct>();

/**
 * Creates the execute-api interface endpoint of a private API in the VPC's private subnets,
 * with no ingress (`open: false`) and the endpoint policy of {@link executeApiEndpointPolicy}.
 */
function createExecuteApiEndpoint(
  scope: Construct, id: string, vpc: ec2.IVpc, privateDnsEnabled: boolean, allowedApis: apigw.IRestApi[] | undefined,
): ec2.InterfaceVpcEndpoint {
  const endpoint = new ec2.InterfaceVpcEndpoint(scope, id, {
    vpc,
    service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
    subnets: { subnets: privateSubnets(scope, 'endpoint.vpc', vpc) },
    privateDnsEnabled,
    // Callers are admitted one by one (front doors, endpoint.clients), never the VPC's range.
    open: false,
  });
  for (const statement of executeApiEndpointPolicy(endpoint, allowedApis)) endpoint.addToPolicy(statement);
  if (allowedApis) API_SCOPED.add(endpoint);
  return endpoint;
}

/**
 * The statements of the execute-api endpoint policy: `execute-api:Invoke` on this account's
 * APIs and private custom domain names in this region (`arn:<partition>:execute-api:<region>:<account>:*\/*`),
 * or on the given APIs only. Callers with bearer tokens are anonymous to the endpoint policy,
 * so the principal is `*` and the resource does the narrowing, as in "Use VPC endpoint policies
 * for private APIs in API Gateway":
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html
 *
 * The gateway's own API cannot be named by id here: its resource policy names the endpoint
 * (`aws:SourceVpce`), so the endpoint naming the API would be a dependency cycle. With
 * `allowedApis` the gateway's API is admitted through its front doors' private custom
 * domain names instead ({@link admitDomainThroughEndpoint}).
 */
export function executeApiEndpointPolicy(endpoint: IConstruct, allowedApis: apigw.IRestApi[] | undefined): iam.PolicyStatement[] {
  const stack = Stack.of(endpoint);
  const resources = allowedApis
    ? allowedApis.map((api) => stack.formatArn({
      service: 'execute-api', region: api.env.region, account: api.env.account, resource: api.restApiId, resourceName: '*',
    }))
    : [stack.formatArn({ service: 'execute-api', resource: '*', resourceName: '*' })];
  return [new iam.PolicyStatement({
    sid: allowedApis ? 'InvokeGivenApisOnly' : 'InvokeThisAccountsApisOnly',
    effect: iam.Effect.ALLOW,
    principals: [new iam.AnyPrincipal()],
    actions: ['execute-api:Invoke'],
    resources,
  })];
}

/**
 * Lets a private custom domain name (and the APIs mapped to it) be invoked through an
 * endpoint whose policy names only `allowedApis`. The domain's execute-api ARN holds an id
 * API Gateway assigns (`/domainnames/<name>+<id>`), matched with `+*`. Endpoints with the
 * account-wide policy already admit every domain of the account; given endpoints are their
 * owner's; both are left alone.
 */
export function admitDomainThroughEndpoint(vpcEndpoint: ec2.IInterfaceVpcEndpoint, domainName: string): void {
  if (!API_SCOPED.has(vpcEndpoint)) return;
  const stack = Stack.of(vpcEndpoint);
  const domainArn = `arn:${stack.partition}:execute-api:${stack.region}:${stack.account}:/domainnames/${domainName}+*`;
  (vpcEndpoint as ec2.InterfaceVpcEndpoint).addToPolicy(new iam.PolicyStatement({
    effect: iam.Effect.ALLOW,
    principals: [new iam.AnyPrincipal()],
    actions: ['execute-api:Invoke'],
    resources: [stack.formatArn({ service: 'execute-api', resource: '*', resourceName: '*' })],
    conditions: { ArnLike: { 'execute-api:viaDomainArn': domainArn } },
  }));
}

/**
 * The resource policy of a private API: `execute-api:Invoke` is allowed only with
 * `aws:SourceVpce` equal to the endpoint, and an explicit Deny covers every other source,
 * so a later Allow (an IAM policy of another account, say) cannot widen it.
 */
export function privateApiPolicy(vpcEndpointId: string): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AllowInvokeFromVpcEndpoint',
        effect: iam.Effect.ALLOW,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringEquals: { 'aws:SourceVpce': vpcEndpointId } },
      }),
      new iam.PolicyStatement({
        sid: 'DenyInvokeFromElsewhere',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': vpcEndpointId } },
      }),
    ],
  });
}
