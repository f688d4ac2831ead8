import { Duration, Fn, RemovalPolicy, Resource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';
import { checkApiMappingKey, checkDomainName, checkDuration, checkText, LOAD_BALANCER_NAME, S3_EXPIRATION_DAYS } from '../../private/aws-rules';
import { HttpGateway } from '../../gateway/http-gateway';
import { admitDomainThroughEndpoint, privateApiPolicy } from '../../gateway/rest/private-endpoint';
import { RestGateway } from '../../gateway/rest-gateway';
import { FrontDoorAliasRecordOptions, FrontDoorBaseProps } from '../front-door-options';

/** The HTTPS port the execute-api VPC endpoint listens on. */
export const ENDPOINT_PORT = 443;

/**
 * What the execute-api VPC endpoint answers a health check with. A request whose Host is
 * not a domain the endpoint serves gets 403 from API Gateway itself, which proves the
 * endpoint's network interface is up and speaks TLS; 200 covers a mapped health route.
 */
export const ENDPOINT_HEALTHY_CODES = '200-403';

/** A private REST API a front door can reach, with its execute-api VPC endpoint. */
export interface PrivateApi {
  readonly gateway: RestGateway;
  readonly vpcEndpoint: ec2.IInterfaceVpcEndpoint;
}

/**
 * The gateway as a private REST API, or a validation error: the front door reaches the API
 * through the execute-api VPC endpoint, and that endpoint serves private REST APIs only.
 *
 * A regional REST API is refused rather than reached through its public custom domain:
 * that would put the front door's traffic on the internet a second time and leave the API
 * open to anyone who bypasses the load balancer, which defeats the front door.
 */
export function privateApiOf(scope: IConstruct, gateway: IConstruct): PrivateApi {
  if (gateway instanceof HttpGateway) {
    throw new TopologyValidationError(scope, {
      prop: 'gateway', received: gateway,
      problem: 'an HTTP API (API Gateway v2) cannot be private: there are no private HTTP APIs, so the execute-api VPC endpoint behind the front door cannot reach it',
      fix: 'build the API as a RestGateway with endpoint: RestEndpoint.private({ vpc })',
    });
  }
  if (!(gateway instanceof RestGateway)) {
    throw new TopologyValidationError(scope, {
      prop: 'gateway', received: gateway,
      problem: 'not a RestGateway',
      fix: 'pass a RestGateway built with endpoint: RestEndpoint.private({ vpc })',
    });
  }
  if (!gateway.vpcEndpoint) {
    throw new TopologyValidationError(scope, {
      prop: 'gateway', received: gateway,
      problem: 'the REST API is REGIONAL; the front door reaches its API through the execute-api VPC endpoint, which serves private APIs only, and a regional API would stay reachable around the front door',
      fix: 'build the RestGateway with endpoint: RestEndpoint.private({ vpc }) using the front door\'s VPC',
    });
  }
  return { gateway, vpcEndpoint: gateway.vpcEndpoint };
}

/**
 * Fails when a created VPC endpoint sits in another VPC than the load balancer: its network
 * interfaces would be unreachable targets. Imported endpoints are not checked.
 */
export function validateSameVpc(scope: IConstruct, vpc: ec2.IVpc, vpcEndpoint: ec2.IInterfaceVpcEndpoint): void {
  if (!(vpcEndpoint instanceof ec2.InterfaceVpcEndpoint) || Stack.of(vpcEndpoint) !== Stack.of(scope)) return;
  const stack = Stack.of(scope);
  const endpointVpc = stack.resolve((vpcEndpoint.node.defaultChild as ec2.CfnVPCEndpoint).vpcId);
  if (JSON.stringify(endpointVpc) !== JSON.stringify(stack.resolve(vpc.vpcId))) {
    throw new TopologyValidationError(scope, {
      prop: 'vpc', received: vpc,
      problem: 'the gateway\'s execute-api VPC endpoint is in another VPC, so the load balancer cannot reach its network interfaces',
      fix: 'give the VPC passed to RestEndpoint.private({ vpc })',
    });
  }
}

/** Checks the props both front doors share. */
export function validateBaseProps(scope: IConstruct, props: FrontDoorBaseProps, internetFacing: boolean): void {
  if (typeof props.domainName !== 'string') {
    throw new TopologyValidationError(scope, {
      prop: 'domainName', received: props.domainName,
      problem: 'the front door needs the host name clients use; it becomes the API\'s private custom domain name',
      fix: 'give a fully qualified host name such as "api.example.com"',
    });
  }
  checkDomainName(scope, 'domainName', props.domainName, { allowWildcard: true });
  // A record name is relative to its zone ("api") or fully qualified; Route 53 takes "*" labels.
  checkDomainName(scope, 'aliasRecord.recordName', props.aliasRecord?.recordName, { allowWildcard: true, allowSingleLabel: true });
  checkText(scope, 'loadBalancerName', props.loadBalancerName, LOAD_BALANCER_NAME);
  const peers: unknown = props.allowedPeers;
  if (peers !== undefined && (!Array.isArray(peers) || peers.some((p) => typeof p?.toIngressRuleConfig !== 'function'))) {
    throw new TopologyValidationError(scope, {
      prop: 'allowedPeers', received: peers,
      problem: Array.isArray(peers) ? 'every entry must be an ec2.IPeer' : 'allowedPeers must be a list of ec2.IPeer',
      fix: 'list peers such as [ec2.Peer.ipv4("203.0.113.0/24")], or leave allowedPeers out to admit any address',
    });
  }
  // A base path of a REST API (BasePathMappingV2) follows the same rule as an HTTP API's mapping key.
  checkApiMappingKey(scope, 'basePath', props.basePath);
  const zones = props.endpointZoneCount;
  if (zones !== undefined && !Token.isUnresolved(zones) && (!Number.isInteger(zones) || zones < 1 || zones > 6)) {
    throw new TopologyValidationError(scope, {
      prop: 'endpointZoneCount', received: zones,
      problem: 'the VPC endpoint has one network interface per availability zone, from 1 to 6',
      fix: 'give the number of availability zones the endpoint\'s subnets are in, for example 2',
    });
  }
  const retention = props.accessLogRetention;
  checkDuration(scope, 'accessLogRetention', retention, S3_EXPIRATION_DAYS);
  if (props.accessLogBucket && retention) {
    throw new TopologyValidationError(scope, {
      prop: 'accessLogRetention', received: `${retention.toHumanString()}`,
      problem: 'the retention applies to a bucket the front door creates; a given accessLogBucket keeps its own lifecycle rules',
      fix: 'set the expiration on the given bucket, or leave accessLogBucket out',
    });
  }
  if (!internetFacing) return;
  const publicSubnets = props.vpcSubnets ? props.vpc.selectSubnets(props.vpcSubnets).subnets : props.vpc.publicSubnets;
  if (publicSubnets.length === 0) {
    throw new TopologyValidationError(scope, {
      prop: props.vpcSubnets ? 'vpcSubnets' : 'vpc', received: props.vpcSubnets ?? props.vpc,
      problem: 'an internet-facing load balancer needs public subnets, and none were found',
      fix: 'give a VPC with PUBLIC subnets, or select them with vpcSubnets',
    });
  }
}

/**
 * The certificate: the given one, or one created with DNS validation in the hosted zone.
 * `problem` says why this front door needs one.
 */
export function frontDoorCertificate(scope: Construct, props: FrontDoorBaseProps, problem: string): acm.ICertificate {
  if (props.certificate) return props.certificate;
  if (!props.hostedZone) {
    throw new TopologyValidationError(scope, {
      prop: 'certificate', received: undefined,
      problem,
      fix: 'give certificate (an ACM certificate for domainName in this region), or hostedZone so one is created and validated through DNS',
    });
  }
  return new acm.Certificate(scope, 'Certificate', {
    domainName: props.domainName,
    validation: acm.CertificateValidation.fromDns(props.hostedZone),
  });
}

/** Rejects listener security policies that admit TLS below 1.2. */
export function validateSslPolicy(scope: IConstruct, prop: string, policy: elbv2.SslPolicy | undefined): void {
  if (policy === undefined || Token.isUnresolved(policy)) return;
  if (!/-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/.test(policy)) {
    throw new TopologyValidationError(scope, {
      prop, received: policy,
      problem: 'the policy admits TLS versions below 1.2',
      fix: 'use elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.3 and 1.2), TLS13_13, TLS13_RES or a FIPS/PQ variant of them',
    });
  }
}

/** The deploy-time lookup of the VPC endpoint's network interface addresses. */
export interface EndpointIps {
  /** The custom resource calling EC2 DescribeNetworkInterfaces. */
  readonly lookup: cr.AwsCustomResource;
  /** One private IPv4 address per availability zone, as deploy-time tokens. */
  readonly ips: string[];
}

/**
 * Looks up the private IPv4 addresses of the VPC endpoint's network interfaces at deploy
 * time: they are not CloudFormation attributes, yet the load balancer targets them.
 */
export function lookupEndpointIps(scope: Construct, vpc: ec2.IVpc, vpcEndpoint: ec2.IInterfaceVpcEndpoint, zoneCount: number | undefined): EndpointIps {
  const created = vpcEndpoint instanceof ec2.InterfaceVpcEndpoint ? vpcEndpoint : undefined;
  const count = zoneCount ?? endpointZones(vpc, created);
  // A created endpoint names its interfaces; an imported one is found by the description
  // EC2 gives every interface of an endpoint.
  // Each id is selected on its own: a list token would cost a JSON-stringify custom resource.
  const parameters = created
    ? { NetworkInterfaceIds: Array.from({ length: count }, (_, i) => Fn.select(i, created.vpcEndpointNetworkInterfaceIds)) }
    : { Filters: [{ Name: 'description', Values: [`VPC Endpoint Interface ${vpcEndpoint.vpcEndpointId}`] }] };
  const paths = Array.from({ length: count }, (_, i) => `NetworkInterfaces.${i}.PrivateIpAddress`);
  const call: cr.AwsSdkCall = {
    service: 'EC2',
    action: 'DescribeNetworkInterfaces',
    parameters,
    // The endpoint's id: a replaced endpoint (new interfaces, new addresses) reruns the lookup.
    physicalResourceId: cr.PhysicalResourceId.of(vpcEndpoint.vpcEndpointId),
    outputPaths: paths,
  };
  const lookup = new cr.AwsCustomResource(scope, 'EndpointIpLookup', {
    onCreate: call,
    onUpdate: call,
    installLatestAwsSdk: false,
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({
      actions: ['ec2:DescribeNetworkInterfaces'],
      resources: ['*'],
    })]),
  });
  Validations.of(lookup).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ec2:DescribeNetworkInterfaces supports no resource-level permissions, so AWS requires resource "*"; the action is read-only',
  });
  acknowledgeCustomResourceProvider(scope);
  return { lookup, ips: paths.map((p) => lookup.getResponseField(p)) };
}

/** The number of availability zones an endpoint has interfaces in, as far as synth can tell. */
function endpointZones(vpc: ec2.IVpc, created: ec2.InterfaceVpcEndpoint | undefined): number {
  const subnetIds = (created?.node.defaultChild as ec2.CfnVPCEndpoint | undefined)?.subnetIds;
  if (Array.isArray(subnetIds) && !Token.isUnresolved(subnetIds) && subnetIds.length > 0) return subnetIds.length;
  const zones = new Set([...vpc.privateSubnets, ...vpc.isolatedSubnets].map((s) => s.availabilityZone));
  return Math.max(zones.size, 1);
}

/** The singleton Lambda function behind every AwsCustomResource of a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Acknowledges the nag findings of CDK's own AwsCustomResource provider function. */
function acknowledgeCustomResourceProvider(scope: IConstruct): void {
  const provider = Stack.of(scope).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
  if (!provider) return;
  Validations.of(provider).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK\'s AwsCustomResource provider function writes its own logs with the AWS-maintained basic execution policy; its permissions are otherwise only the statements given to each lookup',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'The AwsCustomResource provider function and its runtime are CDK\'s, pinned by aws-cdk-lib; it runs only during deployments',
    },
  );
}

/** The private custom domain name, its mapping to the API and its VPC endpoint association. */
export interface PrivateDomain {
  readonly domainName: apigw.CfnDomainNameV2;
  readonly basePathMapping: apigw.CfnBasePathMappingV2;
  readonly accessAssociation: apigw.CfnDomainNameAccessAssociation;
}

/**
 * A private custom domain name for the API, so the Host header clients send through the
 * front door is a name API Gateway serves. Its policy, like the API's, admits only the
 * VPC endpoint.
 */
export function privateCustomDomain(scope: Construct, api: PrivateApi, domainName: string, certificate: acm.ICertificate, basePath: string | undefined): PrivateDomain {
  const domain = new apigw.CfnDomainNameV2(scope, 'DomainName', {
    domainName,
    certificateArn: certificate.certificateArn,
    endpointConfiguration: { types: ['PRIVATE'] },
    securityPolicy: 'TLS_1_2',
    policy: privateApiPolicy(api.vpcEndpoint.vpcEndpointId),
  });
  const basePathMapping = new apigw.CfnBasePathMappingV2(scope, 'BasePathMapping', {
    domainNameArn: domain.attrDomainNameArn,
    restApiId: api.gateway.restApi.restApiId,
    stage: api.gateway.stage.stageName,
    basePath,
  });
  const accessAssociation = new apigw.CfnDomainNameAccessAssociation(scope, 'AccessAssociation', {
    domainNameArn: domain.attrDomainNameArn,
    accessAssociationSource: api.vpcEndpoint.vpcEndpointId,
    accessAssociationSourceType: 'VPCE',
  });
  // An endpoint whose policy names only given APIs must also admit this domain and the API behind it.
  admitDomainThroughEndpoint(api.vpcEndpoint, domainName);
  return { domainName: domain, basePathMapping, accessAssociation };
}

/** The access-log bucket: the given one, or an SSE-S3, TLS-only, private one with expiry. */
export function accessLogBucket(scope: Construct, props: FrontDoorBaseProps): s3.IBucket {
  if (props.accessLogBucket) return props.accessLogBucket;
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    // Load balancer access logs can be delivered only to SSE-S3 encrypted buckets.
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{
      id: 'ExpireAccessLogs',
      expiration: props.accessLogRetention ?? Duration.days(365),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket holds the load balancer\'s access logs; logging access to it into itself would loop, and a second bucket would only move the finding',
  });
  return bucket;
}

/** The principal that writes NLB access logs, the same in every region. */
const LOG_DELIVERY_SERVICE = 'delivery.logs.amazonaws.com';

/**
 * Turns on NLB access logs to `bucket` under `prefix`.
 *
 * NLB access logs are written by the log-delivery service, which is the same principal in
 * every region; only aws-cdk-lib's `logAccessLogs` insists on a region, for the ELB account
 * statement that ALBs need. In a stack without a region we write the log-delivery
 * statements alone, so the NLB logs there too.
 */
export function logNlbAccessLogs(nlb: elbv2.NetworkLoadBalancer, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(nlb);
  if (!Token.isUnresolved(stack.region)) {
    nlb.logAccessLogs(bucket, prefix);
    return;
  }
  nlb.setAttribute('access_logs.s3.enabled', 'true');
  nlb.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  nlb.setAttribute('access_logs.s3.prefix', prefix);
  // An imported bucket's policy is its owner's: it must already admit the log-delivery service.
  if (!Resource.isOwnedResource(bucket)) return;
  const logDelivery = new iam.ServicePrincipal(LOG_DELIVERY_SERVICE);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [logDelivery],
    resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`)],
    conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  const result = bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:GetBucketAcl'],
    principals: [logDelivery],
    resources: [bucket.bucketArn],
  }));
  // The NLB checks bucket access when access logs are turned on: the policy must exist first.
  if (result.policyDependable) nlb.node.addDependency(result.policyDependable);
}

/**
 * The load balancer's security group: the listener ports from the allowed peers, and
 * egress only HTTPS to the VPC endpoint's security groups.
 */
export function frontDoorSecurityGroup(scope: Construct, props: FrontDoorBaseProps, ports: number[], vpcEndpoint: ec2.IInterfaceVpcEndpoint): ec2.SecurityGroup {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: `Front door ${scope.node.path}: ${ports.join(', ')} in, HTTPS to the execute-api VPC endpoint out`,
    allowAllOutbound: false,
  });
  const dualStack = props.ipAddressType === elbv2.IpAddressType.DUAL_STACK;
  const peers = props.allowedPeers ?? [ec2.Peer.anyIpv4(), ...(dualStack ? [ec2.Peer.anyIpv6()] : [])];
  for (const peer of peers) {
    for (const port of ports) {
      securityGroup.addIngressRule(peer, ec2.Port.tcp(port), port === 80 ? 'HTTP, redirected to HTTPS' : 'Clients of the front door');
    }
  }
  securityGroup.connections.allowTo(vpcEndpoint, ec2.Port.tcp(ENDPOINT_PORT), 'HTTPS to the execute-api VPC endpoint');
  if (props.allowedPeers === undefined) {
    Validations.of(securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: `An internet-facing front door admits clients from anywhere, on ports ${ports.join(' and ')} only; restrict it with allowedPeers`,
    });
  }
  return securityGroup;
}

/** The alias records of a front door. */
export interface AliasRecords {
  readonly aRecord?: route53.ARecord;
  readonly aaaaRecord?: route53.AaaaRecord;
}

/** An A record (and an AAAA record when dual stack) aliasing the load balancer. */
export function aliasRecords(scope: Construct, loadBalancer: elbv2.ILoadBalancerV2, options: FrontDoorAliasRecordOptions | undefined, domainName: string, dualStack: boolean): AliasRecords {
  if (!options) return {};
  const target = route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(loadBalancer));
  const recordName = options.recordName ?? domainName;
  const aRecord = new route53.ARecord(scope, 'AliasRecord', { zone: options.zone, recordName, target });
  const aaaaRecord = dualStack ? new route53.AaaaRecord(scope, 'AliasRecordIpv6', { zone: options.zone, recordName, target }) : undefined;
  return { aRecord, aaaaRecord };
}

/** IP targets for the endpoint's addresses, all on the HTTPS port. */
export function endpointTargets(ips: string[]): elbv2targets.IpTarget[] {
  return ips.map((ip) => new elbv2targets.IpTarget(ip, ENDPOINT_PORT));
}
