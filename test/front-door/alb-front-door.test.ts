import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AlbFrontDoor, AlbFrontDoorProps } from '../../lib/front-door/alb-front-door';
import { RestEndpoint } from '../../lib/gateway/rest-endpoint';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { Authorization } from '../../lib/auth/authorization';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { checkedApp, synthChecked } from '../helpers/checked-app';
import { DOMAIN, frontDoorFixture, FrontDoorFixture, resourcesOf } from './fixtures';

const CERT_ARN = 'arn:aws:acm:eu-west-1:111122223333:certificate/11111111-2222-3333-4444-555555555555';

/** An ALB front door over the fixture's private API; `props` overrides the defaults. */
function albFrontDoor(props: (f: FrontDoorFixture) => Partial<AlbFrontDoorProps> = () => ({}), f: FrontDoorFixture = frontDoorFixture()) {
  const door = new AlbFrontDoor(f.stack, 'FrontDoor', {
    gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate, ...props(f),
  });
  return { ...f, door, template: Template.fromStack(f.stack) };
}

describe('load balancer', () => {
  test('is internet-facing in the public subnets, drops invalid header fields and is protected from deletion', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: [{ Ref: Match.stringLikeRegexp('^VpcPublicSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPublicSubnet2') }],
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
  });

  test('deletionProtection false turns deletion protection off', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ deletionProtection: false }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
  });

  test('idleTimeout, loadBalancerName and vpcSubnets reach the load balancer', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor((f) => ({
      idleTimeout: Duration.seconds(30),
      loadBalancerName: 'edge',
      vpcSubnets: { subnets: [f.vpc.publicSubnets[0], f.vpc.publicSubnets[1]] },
    }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'edge',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'idle_timeout.timeout_seconds', Value: '30' }]),
    });
  });

  test('dual stack sets the IP address type', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ ipAddressType: elbv2.IpAddressType.DUAL_STACK }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'dualstack' });
  });
});

describe('security group', () => {
  test('admits 443 and 80 from any IPv4 address by default', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 }),
      ],
    });
  });

  test('a dual-stack load balancer also admits any IPv6 address', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ ipAddressType: elbv2.IpAddressType.DUAL_STACK }));
    // THEN
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIpv6: '::/0', FromPort: 443 })]),
    });
  });

  test('allowedPeers replaces the open ingress and passes cdk-nag without an acknowledgement', () => {
    // GIVEN
    const f = frontDoorFixture(checkedApp());
    // WHEN
    new AlbFrontDoor(f.stack, 'FrontDoor', {
      gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate,
      allowedPeers: [ec2.Peer.ipv4('198.51.100.0/24')],
    });
    // THEN
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '198.51.100.0/24', FromPort: 443 }),
        Match.objectLike({ CidrIp: '198.51.100.0/24', FromPort: 80 }),
      ],
    });
    expect(() => synthChecked(f.app)).not.toThrow();
  });
});

describe('listeners', () => {
  test('HTTPS on 443 presents the certificate with the TLS 1.3/1.2 policy and forwards to the endpoint targets', () => {
    // GIVEN / WHEN
    const { template, door, stack } = albFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: CERT_ARN }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: stack.resolve(door.targetGroup.targetGroupArn) }],
    });
  });

  test('sslPolicy replaces the listener policy', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ sslPolicy: elbv2.SslPolicy.TLS13_13 }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
  });

  test('HTTP on 80 redirects permanently to HTTPS 443', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
  });
});

describe('certificate', () => {
  test('without a certificate one is created for the domain, validated through DNS in the hosted zone', () => {
    // GIVEN / WHEN
    const { template, stack, zone } = albFrontDoor((f) => ({ certificate: undefined, hostedZone: f.zone }));
    // THEN
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: DOMAIN,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: DOMAIN, HostedZoneId: stack.resolve(zone.hostedZoneId) }],
    });
  });

  test('a given certificate is used and none is created', () => {
    // GIVEN / WHEN
    const { template, door } = albFrontDoor();
    // THEN
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    expect(door.certificate.certificateArn).toBe(CERT_ARN);
  });
});

describe('access logs', () => {
  test('go to a private, TLS-only, SSE-S3 bucket that expires them after a year', () => {
    // GIVEN / WHEN
    const { template, stack, door } = albFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: stack.resolve(door.accessLogBucket.bucketName) },
      ]),
    });
  });

  test('accessLogRetention sets the expiration', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ accessLogRetention: Duration.days(90) }));
    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90 })]) },
    });
  });

  test('a given bucket receives the logs and none is created', () => {
    // GIVEN
    const f = frontDoorFixture();
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Logs', 'central-lb-logs');
    // WHEN
    const { template } = albFrontDoor(() => ({ accessLogBucket: bucket }), f);
    // THEN
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.bucket', Value: 'central-lb-logs' }]),
    });
  });
});

describe('access logs in a stack without a region', () => {
  const CONDITION = 'CdkGatewayTopologyElbLogAccountRegion';

  test('the bucket policy lets the deployment region\'s ELB log writer write them', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(undefined, frontDoorFixture(undefined, { agnostic: true }));
    // THEN: the regional ELB account where the region has one, the log-delivery service elsewhere
    template.hasMapping('CdkGatewayTopologyElbLogAccounts', { 'us-east-1': { account: '127311923021' } });
    const condition = JSON.stringify(template.toJSON().Conditions[CONDITION]);
    expect(condition).toContain('"eu-west-1"');
    expect(condition).not.toContain('"il-central-1"');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: {
            AWS: { 'Fn::If': [CONDITION, Match.anyValue(), { Ref: 'AWS::NoValue' }] },
            Service: { 'Fn::If': [CONDITION, { Ref: 'AWS::NoValue' }, 'logdelivery.elasticloadbalancing.amazonaws.com'] },
          },
          Resource: { 'Fn::Join': ['', Match.arrayWith(['/front-door/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*'])] },
        })]),
      },
    });
  });

  test('the load balancer logs to the bucket and waits for its policy', () => {
    // GIVEN / WHEN
    const { template, stack, door } = albFrontDoor(undefined, frontDoorFixture(undefined, { agnostic: true }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: stack.resolve(door.accessLogBucket.bucketName) },
        { Key: 'access_logs.s3.prefix', Value: 'front-door' },
      ]),
    });
    const policy = (door.accessLogBucket as s3.Bucket).policy!.node.defaultChild as never;
    template.hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      DependsOn: Match.arrayWith([stack.getLogicalId(policy)]),
    });
  });

  test('a given bucket\'s policy is left to its owner', () => {
    // GIVEN
    const f = frontDoorFixture(undefined, { agnostic: true });
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Logs', 'central-lb-logs');
    // WHEN
    const { template } = albFrontDoor(() => ({ accessLogBucket: bucket }), f);
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.bucket', Value: 'central-lb-logs' }]),
    });
    expect(template.toJSON().Mappings?.CdkGatewayTopologyElbLogAccounts).toBeUndefined();
  });
});

describe('web ACL', () => {
  const ALL_RULES = ['RateLimitPerIp', 'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

  function ruleNames(template: Template): string[] {
    return resourcesOf(template, 'AWS::WAFv2::WebACL')[0].props.Rules.map((r: any) => r.Name);
  }

  test('by default has the managed common, known bad inputs and IP reputation rules and a rate rule, on the load balancer', () => {
    // GIVEN / WHEN
    const { template, stack, door } = albFrontDoor();
    // THEN
    expect(ruleNames(template).sort()).toEqual([...ALL_RULES].sort());
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([Match.objectLike({ Name: 'RateLimitPerIp', Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } })]),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: stack.resolve(door.loadBalancer.loadBalancerArn),
      WebACLArn: stack.resolve(door.webAcl!.attrArn),
    });
  });

  test.each([
    ['commonRuleSet', 'AWSManagedRulesCommonRuleSet'],
    ['knownBadInputsRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'],
    ['ipReputationList', 'AWSManagedRulesAmazonIpReputationList'],
    ['rateLimit', 'RateLimitPerIp'],
  ])('%s: false removes %s and keeps the others', (option, rule) => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ waf: { [option]: false } }));
    // THEN
    expect(ruleNames(template).sort()).toEqual(ALL_RULES.filter((r) => r !== rule).sort());
  });

  test('rule priorities are unique', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ waf: { commonRuleSet: false } }));
    // THEN
    const priorities = resourcesOf(template, 'AWS::WAFv2::WebACL')[0].props.Rules.map((r: any) => r.Priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  test('rateLimitPerFiveMinutes sets the rate rule\'s limit', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ waf: { rateLimitPerFiveMinutes: 500 } }));
    // THEN
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } } })]),
    });
  });

  test('enabled: false creates no web ACL', () => {
    // GIVEN / WHEN
    const { template, door } = albFrontDoor(() => ({ waf: { enabled: false } }));
    // THEN
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(door.webAcl).toBeUndefined();
  });
});

describe('mutual TLS', () => {
  test('is off by default', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, MutualAuthentication: Match.absent() });
  });

  test('verifies client certificates against a given trust store', () => {
    // GIVEN
    const f = frontDoorFixture();
    const trustStore = elbv2.TrustStore.fromTrustStoreArn(f.stack, 'Trust',
      'arn:aws:elasticloadbalancing:eu-west-1:111122223333:truststore/partners/0123456789abcdef');
    // WHEN
    const { template, door } = albFrontDoor(() => ({ mutualTls: { trustStore } }), f);
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      MutualAuthentication: { Mode: 'verify', TrustStoreArn: trustStore.trustStoreArn, IgnoreClientCertificateExpiry: false },
    });
    expect(door.trustStore).toBe(trustStore);
  });

  test('creates a trust store from a CA bundle in S3', () => {
    // GIVEN
    const f = frontDoorFixture();
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Cas', 'partner-cas');
    // WHEN
    const { template, stack, door } = albFrontDoor(() => ({ mutualTls: { caCertificatesBucket: bucket, caCertificatesKey: 'bundle.pem' } }), f);
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TrustStore', { CaCertificatesBundleS3Bucket: 'partner-cas', CaCertificatesBundleS3Key: 'bundle.pem' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, MutualAuthentication: Match.objectLike({ Mode: 'verify', TrustStoreArn: stack.resolve(door.trustStore!.trustStoreArn) }),
    });
  });

  test('passthrough forwards client certificates without a trust store', () => {
    // GIVEN / WHEN
    const { template, door } = albFrontDoor(() => ({ mutualTls: { mode: elbv2.MutualAuthenticationMode.PASS_THROUGH } }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, MutualAuthentication: { Mode: 'passthrough' },
    });
    expect(door.trustStore).toBeUndefined();
  });
});

describe('targets', () => {
  test('are the VPC endpoint\'s addresses, one per zone, over HTTPS 443 with an HTTPS health check API Gateway answers', () => {
    // GIVEN / WHEN
    const { template, stack, door } = albFrontDoor();
    // THEN
    expect(door.endpointIps).toHaveLength(2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Protocol: 'HTTPS',
      Port: 443,
      HealthCheckProtocol: 'HTTPS',
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200-403' },
      Targets: door.endpointIps.map((ip) => ({ Id: stack.resolve(ip), Port: 443 })),
    });
  });

  test('healthCheck overrides the defaults it names', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ healthCheck: { path: '/health', healthyHttpCodes: '200' } }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckProtocol: 'HTTPS', HealthCheckPath: '/health', Matcher: { HttpCode: '200' },
    });
  });

  test('the lookup describes exactly the created endpoint\'s network interfaces, with a read-only policy', () => {
    // GIVEN / WHEN
    const { template, door } = albFrontDoor();
    // THEN
    const lookup = resourcesOf(template, 'Custom::AWS')[0].props;
    const create = JSON.stringify(lookup.Create);
    expect(create).toContain('DescribeNetworkInterfaces');
    expect(create).toContain('NetworkInterfaceIds');
    expect(create).toContain('NetworkInterfaces.0.PrivateIpAddress');
    expect(create).toContain('NetworkInterfaces.1.PrivateIpAddress');
    expect(create).toContain('GatewayVpcEndpoint');
    expect(lookup.Update).toEqual(lookup.Create);
    const policies = resourcesOf(template, 'AWS::IAM::Policy').filter((p) => p.id.startsWith('FrontDoorEndpointIpLookup'));
    expect(policies).toHaveLength(1);
    expect(policies[0].props.PolicyDocument.Statement).toEqual([{ Action: 'ec2:DescribeNetworkInterfaces', Effect: 'Allow', Resource: '*' }]);
    expect(door.endpointIpLookup).toBeDefined();
  });

  test('endpointZoneCount sets the number of targets', () => {
    // GIVEN
    const f = frontDoorFixture();
    const { template } = albFrontDoor(() => ({ endpointZoneCount: 3 }), f);
    // THEN
    const tg = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')[0].props;
    expect(tg.Targets).toHaveLength(3);
  });

  test('an imported endpoint is found by the description EC2 gives its interfaces', () => {
    // GIVEN
    const f = frontDoorFixture();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(f.stack, 'EndpointSg', 'sg-0123456789abcdef0');
    const vpcEndpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(f.stack, 'Endpoint', {
      vpcEndpointId: 'vpce-0123456789abcdef0', port: 443, securityGroups: [sg],
    });
    const gateway = new RestGateway(f.stack, 'Imported', {
      endpoint: RestEndpoint.private({ vpc: f.vpc, vpcEndpoint }),
      routes: [{ method: HttpMethod.GET, path: '/', target: RouteTarget.httpUrl('https://backend.example.com/'), authorization: Authorization.none('test') }],
    });
    // WHEN
    const { template } = albFrontDoor(() => ({ gateway }), f);
    // THEN
    const create = JSON.stringify(resourcesOf(template, 'Custom::AWS')[0].props.Create);
    expect(create).toContain('VPC Endpoint Interface vpce-0123456789abcdef0');
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      DestinationSecurityGroupId: 'sg-0123456789abcdef0', FromPort: 443, ToPort: 443,
    });
  });
});

describe('private custom domain', () => {
  test('is a PRIVATE domain name with TLS 1.2 and the certificate, mapped to the API stage and associated with the endpoint', () => {
    // GIVEN / WHEN
    const { template, stack, gateway, door } = albFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ApiGateway::DomainNameV2', {
      DomainName: DOMAIN,
      CertificateArn: CERT_ARN,
      EndpointConfiguration: { Types: ['PRIVATE'] },
      SecurityPolicy: 'TLS_1_2',
    });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMappingV2', {
      DomainNameArn: stack.resolve(door.domainName.attrDomainNameArn),
      RestApiId: stack.resolve(gateway.restApi.restApiId),
      Stage: stack.resolve(gateway.stage.stageName),
      BasePath: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGateway::DomainNameAccessAssociation', {
      DomainNameArn: stack.resolve(door.domainName.attrDomainNameArn),
      AccessAssociationSource: stack.resolve(gateway.vpcEndpoint!.vpcEndpointId),
      AccessAssociationSourceType: 'VPCE',
    });
  });

  test('basePath maps the stage under that path', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor(() => ({ basePath: 'v1' }));
    // THEN
    template.hasResourceProperties('AWS::ApiGateway::BasePathMappingV2', { BasePath: 'v1' });
  });
});

describe('alias record', () => {
  test('is absent unless asked for', () => {
    // GIVEN / WHEN
    const { template } = albFrontDoor();
    // THEN
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test('an A record for the domain aliases the load balancer', () => {
    // GIVEN / WHEN
    const { template, stack, door, zone } = albFrontDoor((f) => ({ aliasRecord: { zone: f.zone } }));
    // THEN
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: `${DOMAIN}.`,
      Type: 'A',
      HostedZoneId: stack.resolve(zone.hostedZoneId),
      AliasTarget: Match.objectLike({ HostedZoneId: stack.resolve(door.loadBalancer.loadBalancerCanonicalHostedZoneId) }),
    });
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
  });

  test('a dual-stack load balancer gets A and AAAA records under recordName', () => {
    // GIVEN / WHEN
    const { template, door } = albFrontDoor((f) => ({ ipAddressType: elbv2.IpAddressType.DUAL_STACK, aliasRecord: { zone: f.zone, recordName: 'edge' } }));
    // THEN
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'edge.example.com.', Type: 'A' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'edge.example.com.', Type: 'AAAA' });
    expect(door.aaaaRecord).toBeDefined();
  });
});

describe('checked synthesis', () => {
  test('passes cdk-nag with no unacknowledged finding and cfn-lint with no error', () => {
    // GIVEN
    const f = frontDoorFixture(checkedApp());
    // WHEN
    new AlbFrontDoor(f.stack, 'FrontDoor', {
      gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, hostedZone: f.zone, aliasRecord: { zone: f.zone },
      mutualTls: { mode: elbv2.MutualAuthenticationMode.PASS_THROUGH },
    });
    // THEN
    expect(() => synthChecked(f.app)).not.toThrow();
  });

  test('in a stack without a region passes cdk-nag with no unacknowledged finding and cfn-lint with no error', () => {
    // GIVEN
    const f = frontDoorFixture(checkedApp(), { agnostic: true });
    // WHEN
    new AlbFrontDoor(f.stack, 'FrontDoor', {
      gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, hostedZone: f.zone, aliasRecord: { zone: f.zone },
    });
    // THEN
    expect(() => synthChecked(f.app)).not.toThrow();
  });
});
