import { Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AlbFrontDoor } from '../../lib/front-door/alb-front-door';
import { NlbElasticIps, NlbFrontDoor, NlbFrontDoorProps, NlbFrontDoorProtocol } from '../../lib/front-door/nlb-front-door';
import { checkedApp, synthChecked } from '../helpers/checked-app';
import { DOMAIN, frontDoorFixture, FrontDoorFixture, resourcesOf } from './fixtures';

const CERT_ARN = 'arn:aws:acm:eu-west-1:111122223333:certificate/11111111-2222-3333-4444-555555555555';

/** An NLB front door over the fixture's private API; `props` overrides the defaults. */
function nlbFrontDoor(props: (f: FrontDoorFixture) => Partial<NlbFrontDoorProps> = () => ({}), f: FrontDoorFixture = frontDoorFixture()) {
  const door = new NlbFrontDoor(f.stack, 'FrontDoor', {
    gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate, ...props(f),
  });
  return { ...f, door, template: Template.fromStack(f.stack) };
}

/** The Elastic IPs of the front door (the VPC's NAT gateway has its own). */
function frontDoorEips(template: Template) {
  return resourcesOf(template, 'AWS::EC2::EIP').filter((r) => r.id.startsWith('FrontDoor'));
}

describe('load balancer', () => {
  test('is internet-facing in the public subnets with its security group, cross-zone on and deletion protection', () => {
    // GIVEN / WHEN
    const { template, stack, door } = nlbFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network',
      Scheme: 'internet-facing',
      Subnets: [{ Ref: Match.stringLikeRegexp('^VpcPublicSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPublicSubnet2') }],
      SecurityGroups: [stack.resolve(door.securityGroup.securityGroupId)],
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
      ]),
    });
  });

  test('crossZoneEnabled false turns cross-zone load balancing off', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(() => ({ crossZoneEnabled: false }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }]),
    });
  });

  test('with subnet mappings still waits for the public subnets\' routes to the internet gateway', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(() => ({ elasticIps: NlbElasticIps.create() }));
    // THEN
    const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any;
    expect(lb.DependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^VpcPublicSubnet1DefaultRoute/), expect.stringMatching(/^VpcPublicSubnet2DefaultRoute/),
    ]));
  });

  test('internetFacing false puts an internal load balancer in the private subnets', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(() => ({ internetFacing: false }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }],
    });
  });

  test('writes access logs to an encrypted bucket', () => {
    // GIVEN / WHEN
    const { template, stack, door } = nlbFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: stack.resolve(door.accessLogBucket.bucketName) },
      ]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });
});

describe('access logs in a stack without a region', () => {
  test('the bucket policy lets the log-delivery service, the same in every region, write them', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(undefined, frontDoorFixture(undefined, { agnostic: true }));
    // THEN
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Resource: { 'Fn::Join': ['', Match.arrayWith(['/front-door/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*'])] },
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          }),
          Match.objectLike({
            Action: 's3:GetBucketAcl',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
          }),
        ]),
      },
    });
    // No regional ELB account: NLB logs are not written by it.
    expect(template.toJSON().Mappings?.CdkGatewayTopologyElbLogAccounts).toBeUndefined();
  });

  test('the load balancer logs to the bucket and waits for its policy', () => {
    // GIVEN / WHEN
    const { template, stack, door } = nlbFrontDoor(undefined, frontDoorFixture(undefined, { agnostic: true }));
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
});

describe('Elastic IPs', () => {
  test('are absent by default', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor();
    // THEN
    expect(frontDoorEips(template)).toHaveLength(0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { SubnetMappings: Match.absent() });
  });

  test('create() makes one per public subnet and maps each onto its subnet', () => {
    // GIVEN / WHEN
    const { template, stack, door } = nlbFrontDoor(() => ({ elasticIps: NlbElasticIps.create() }));
    // THEN
    expect(frontDoorEips(template)).toHaveLength(2);
    expect(door.elasticIps).toHaveLength(2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Subnets: Match.absent(),
      SubnetMappings: [
        { SubnetId: { Ref: Match.stringLikeRegexp('^VpcPublicSubnet1') }, AllocationId: stack.resolve(door.elasticIps[0].attrAllocationId) },
        { SubnetId: { Ref: Match.stringLikeRegexp('^VpcPublicSubnet2') }, AllocationId: stack.resolve(door.elasticIps[1].attrAllocationId) },
      ],
    });
  });

  test('fromAllocationIds maps the given addresses in subnet order and creates none', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(() => ({ elasticIps: NlbElasticIps.fromAllocationIds(['eipalloc-0aaa', 'eipalloc-0bbb']) }));
    // THEN
    expect(frontDoorEips(template)).toHaveLength(0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      SubnetMappings: [
        { SubnetId: { Ref: Match.stringLikeRegexp('^VpcPublicSubnet1') }, AllocationId: 'eipalloc-0aaa' },
        { SubnetId: { Ref: Match.stringLikeRegexp('^VpcPublicSubnet2') }, AllocationId: 'eipalloc-0bbb' },
      ],
    });
  });
});

describe('TLS listener (default)', () => {
  test('terminates TLS on 443 with the certificate and the TLS 1.3/1.2 policy', () => {
    // GIVEN / WHEN
    const { template, stack, door } = nlbFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'TLS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: CERT_ARN }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: stack.resolve(door.targetGroup.targetGroupArn) }],
    });
  });

  test('re-encrypts to the endpoint\'s addresses on 443 with an HTTPS health check', () => {
    // GIVEN / WHEN
    const { template, stack, door } = nlbFrontDoor();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Protocol: 'TLS',
      Port: 443,
      HealthCheckProtocol: 'HTTPS',
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200-403' },
      Targets: door.endpointIps.map((ip) => ({ Id: stack.resolve(ip), Port: 443 })),
    });
  });

  test('sslPolicy replaces the listener policy', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(() => ({ sslPolicy: elbv2.SslPolicy.TLS13_13 }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
  });

  test('creates a DNS-validated certificate when only a hosted zone is given', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor((f) => ({ certificate: undefined, hostedZone: f.zone }));
    // THEN
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: DOMAIN, ValidationMethod: 'DNS' });
  });
});

describe('TCP passthrough', () => {
  test('a TCP listener on 443 with no certificate or policy forwards to a TCP 443 target group', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(() => ({ protocol: NlbFrontDoorProtocol.TCP_PASSTHROUGH }));
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'TCP', Certificates: Match.absent(), SslPolicy: Match.absent(),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Protocol: 'TCP', Port: 443, HealthCheckProtocol: 'HTTPS',
    });
  });

  test('the private custom domain presents the certificate to the clients', () => {
    // GIVEN / WHEN
    const { template } = nlbFrontDoor(() => ({ protocol: NlbFrontDoorProtocol.TCP_PASSTHROUGH }));
    // THEN
    template.hasResourceProperties('AWS::ApiGateway::DomainNameV2', {
      DomainName: DOMAIN, CertificateArn: CERT_ARN, EndpointConfiguration: { Types: ['PRIVATE'] },
    });
  });
});

describe('private domain and DNS', () => {
  test('maps the API onto the private domain and associates the endpoint, as the ALB does', () => {
    // GIVEN / WHEN
    const { template, stack, gateway } = nlbFrontDoor(() => ({ basePath: 'partners' }));
    // THEN
    template.hasResourceProperties('AWS::ApiGateway::BasePathMappingV2', {
      RestApiId: stack.resolve(gateway.restApi.restApiId), BasePath: 'partners',
    });
    template.hasResourceProperties('AWS::ApiGateway::DomainNameAccessAssociation', {
      AccessAssociationSource: stack.resolve(gateway.vpcEndpoint!.vpcEndpointId), AccessAssociationSourceType: 'VPCE',
    });
  });

  test('aliasRecord creates an A record aliasing the load balancer', () => {
    // GIVEN / WHEN
    const { template, stack, door } = nlbFrontDoor((f) => ({ aliasRecord: { zone: f.zone, recordName: 'partners' } }));
    // THEN
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'partners.example.com.', Type: 'A',
      AliasTarget: Match.objectLike({ HostedZoneId: stack.resolve(door.loadBalancer.loadBalancerCanonicalHostedZoneId) }),
    });
    expect(resourcesOf(template, 'AWS::Route53::RecordSet').map((r) => r.props.Type)).toEqual(['A']);
  });
});

describe('checked synthesis', () => {
  test.each([
    ['TLS with created Elastic IPs', NlbFrontDoorProtocol.TLS],
    ['TCP passthrough', NlbFrontDoorProtocol.TCP_PASSTHROUGH],
  ])('%s passes cdk-nag with no unacknowledged finding and cfn-lint with no error', (_name, protocol) => {
    // GIVEN
    const f = frontDoorFixture(checkedApp());
    // WHEN
    new NlbFrontDoor(f.stack, 'FrontDoor', {
      gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, hostedZone: f.zone, protocol,
      elasticIps: NlbElasticIps.create(), aliasRecord: { zone: f.zone },
    });
    // THEN
    expect(() => synthChecked(f.app)).not.toThrow();
  });

  test('in a stack without a region passes cdk-nag with no unacknowledged finding and cfn-lint with no error', () => {
    // GIVEN
    const f = frontDoorFixture(checkedApp(), { agnostic: true });
    // WHEN
    new NlbFrontDoor(f.stack, 'FrontDoor', {
      gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, hostedZone: f.zone,
      elasticIps: NlbElasticIps.create(), aliasRecord: { zone: f.zone },
    });
    // THEN
    expect(() => synthChecked(f.app)).not.toThrow();
  });
});

describe('beside an ALB front door', () => {
  test('both doors over one API share the lookup provider and pass checked synthesis', () => {
    // GIVEN
    const f = frontDoorFixture(checkedApp());
    // WHEN
    new AlbFrontDoor(f.stack, 'Web', { gateway: f.gateway, vpc: f.vpc, domainName: 'www-api.example.com', hostedZone: f.zone });
    new NlbFrontDoor(f.stack, 'Partners', { gateway: f.gateway, vpc: f.vpc, domainName: 'partners.example.com', hostedZone: f.zone });
    // THEN
    const template = Template.fromStack(f.stack);
    expect(resourcesOf(template, 'AWS::ApiGateway::DomainNameV2').map((d) => d.props.DomainName).sort())
      .toEqual(['partners.example.com', 'www-api.example.com']);
    expect(resourcesOf(template, 'Custom::AWS')).toHaveLength(2);
    expect(resourcesOf(template, 'AWS::Lambda::Function').filter((fn) => fn.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'))).toHaveLength(1);
    expect(() => synthChecked(f.app)).not.toThrow();
  });
});
