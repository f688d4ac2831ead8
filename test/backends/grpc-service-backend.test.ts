import { App, Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { GrpcDiscovery, GrpcDiscoveryType, GrpcServiceBackend, GrpcServiceBackendProps } from '../../lib/backends/grpc-service-backend';
import { TopologyValidationError } from '../../lib/errors';
import { checkedApp, synthChecked } from '../helpers/checked-app';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const CERT_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** A stack in ENV, or with `agnostic` one without account and region. */
function fixture(app: App = new App(), options: { agnostic?: boolean } = {}) {
  const stack = new Stack(app, 'Stack', { env: options.agnostic ? undefined : ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/example/users-grpc:1.0.0');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERT_ARN);
  return { stack, vpc, image, certificate };
}

function albDiscovery(certificate: acm.ICertificate, extra: Partial<Parameters<typeof GrpcDiscovery.internalAlb>[0]> = {}) {
  return GrpcDiscovery.internalAlb({ certificate, domainName: 'users.grpc.example.internal', ...extra });
}

function build(extra: Partial<GrpcServiceBackendProps> = {}) {
  const f = fixture();
  const backend = new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, ...extra });
  return { ...f, backend, template: () => Template.fromStack(f.stack) };
}

function expectInvalid(fn: () => unknown, prop: string, problem: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TopologyValidationError);
  const err = error as TopologyValidationError;
  expect(err.prop).toBe(prop);
  expect(err.message).toContain('Stack/Users');
  expect(err.message).toMatch(problem);
  expect(err.message).toContain('Fix:');
}

describe('GrpcServiceBackend with Cloud Map discovery (the default)', () => {
  test('registers the tasks as A records in a private DNS namespace grpc.internal', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    template().hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'grpc.internal' });
    template().hasResourceProperties('AWS::ServiceDiscovery::Service', {
      Name: 'users',
      DnsConfig: Match.objectLike({ DnsRecords: [{ Type: 'A', TTL: 10 }], RoutingPolicy: 'MULTIVALUE' }),
    });
  });

  test('exposes a dns:/// target for client-side round robin over the tasks', () => {
    // GIVEN / WHEN
    const { backend } = build();
    // THEN
    expect(backend.target).toBe('dns:///users.grpc.internal:50051');
    expect(backend.port).toBe(50051);
    expect(backend.tls).toBe(false);
    expect(backend.discoveryType).toBe(GrpcDiscoveryType.CLOUD_MAP);
  });

  test('shares one namespace between the gRPC backends of a VPC', () => {
    // GIVEN
    const { stack, vpc, image } = fixture();
    // WHEN
    const users = new GrpcServiceBackend(stack, 'Users', { vpc, image });
    const orders = new GrpcServiceBackend(stack, 'Orders', { vpc, image });
    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::ServiceDiscovery::PrivateDnsNamespace', 1);
    expect(users.namespace).toBe(orders.namespace);
    expect(orders.target).toBe('dns:///orders.grpc.internal:50051');
  });

  test('uses a given namespace and service name', () => {
    // GIVEN
    const { stack, vpc, image } = fixture();
    const namespace = new servicediscovery.PrivateDnsNamespace(stack, 'Ns', { vpc, name: 'svc.example.internal' });
    // WHEN
    const backend = new GrpcServiceBackend(stack, 'Users', {
      vpc, image, discovery: GrpcDiscovery.cloudMap({ namespace, serviceName: 'people' }),
    });
    // THEN
    expect(backend.target).toBe('dns:///people.svc.example.internal:50051');
    Template.fromStack(stack).resourceCountIs('AWS::ServiceDiscovery::PrivateDnsNamespace', 1);
  });

  test('the tasks admit nobody until a client is allowed, then only that client on the gRPC port', () => {
    // GIVEN
    const { stack, vpc, backend, template } = build();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc, allowAllOutbound: false });
    // WHEN
    backend.connections.allowDefaultPortFrom(client);
    // THEN
    template().resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template().hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 50051, ToPort: 50051,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('UsersServiceSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Client'), 'GroupId'] },
    });
  });

  test('runs in private subnets without public IPs', () => {
    // GIVEN / WHEN
    const { template, vpc } = build();
    // THEN
    const subnetIds = vpc.privateSubnets.map((s) => Stack.of(vpc).resolve(s.subnetId));
    template().hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED', Subnets: subnetIds }) },
    });
  });
});

describe('GrpcServiceBackend task and scaling', () => {
  test('defaults to 256 CPU, 512 MiB, two tasks and port 50051', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    template().hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256', Memory: '512', RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [Match.objectLike({ PortMappings: [Match.objectLike({ ContainerPort: 50051, Protocol: 'tcp' })] })],
    });
    template().hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2 });
  });

  test('takes cpu, memory, desired count, port and environment', () => {
    // GIVEN / WHEN
    const { template } = build({ cpu: 1024, memoryLimitMiB: 4096, desiredCount: 3, port: 9090, environment: { LOG_LEVEL: 'info' } });
    // THEN
    template().hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024', Memory: '4096',
      ContainerDefinitions: [Match.objectLike({
        PortMappings: [Match.objectLike({ ContainerPort: 9090 })],
        Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }],
      })],
    });
    template().hasResourceProperties('AWS::ECS::Service', { DesiredCount: 3 });
  });

  test('scales on CPU between desiredCount and four times it at 60% by default', () => {
    // GIVEN / WHEN
    const { template } = build({ desiredCount: 2 });
    // THEN
    template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 8 });
    template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
  });

  test('takes an explicit scaling range and target', () => {
    // GIVEN / WHEN
    const { template } = build({ desiredCount: 3, autoScaling: { minCapacity: 2, maxCapacity: 10, targetCpuUtilizationPercent: 45 } });
    // THEN
    template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
    template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 45 }),
    });
  });

  test('logs the container to a log group with a retention', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    template().hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template().hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }) })],
    });
  });

  test('creates a cluster with Container Insights unless one is given', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    template().hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  test('accepts tokens where numbers are checked', () => {
    // GIVEN
    const lazyPort = Lazy.number({ produce: () => 50051 });
    const lazyCount = Lazy.number({ produce: () => 2 });
    // WHEN / THEN
    expect(() => build({ port: lazyPort, desiredCount: lazyCount, cpu: Lazy.number({ produce: () => 256 }) })).not.toThrow();
  });
});

describe('GrpcServiceBackend with an internal ALB', () => {
  function buildAlb(extra: Partial<Parameters<typeof GrpcDiscovery.internalAlb>[0]> = {}) {
    const f = fixture();
    const backend = new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate, extra) });
    return { ...f, backend, get template() { return Template.fromStack(f.stack); } };
  }

  test('creates an internal ALB with an HTTPS listener using the certificate and a TLS 1.2+ policy', () => {
    // GIVEN / WHEN
    const { template } = buildAlb();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal', Type: 'application' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERT_ARN }],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
  });

  test('forwards to a gRPC target group with a gRPC health check', () => {
    // GIVEN / WHEN
    const { template } = buildAlb();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Protocol: 'HTTP', ProtocolVersion: 'GRPC', Port: 50051, TargetType: 'ip',
      HealthCheckEnabled: true,
      HealthCheckPath: '/grpc.health.v1.Health/Check',
      Matcher: { GrpcCode: '0' },
    });
  });

  test('takes the health check path and codes', () => {
    // GIVEN / WHEN
    const { template } = buildAlb({ healthCheckPath: '/users.v1.UserService/Ping', healthyGrpcCodes: '12' });
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/users.v1.UserService/Ping', Matcher: { GrpcCode: '12' },
    });
  });

  test('exposes a TLS target at the domain name and the listener port, and creates no namespace', () => {
    // GIVEN / WHEN
    const { backend, template } = buildAlb({ listenerPort: 8443 });
    // THEN
    expect(backend.target).toBe('dns:///users.grpc.example.internal:8443');
    expect(backend.tls).toBe(true);
    expect(backend.tlsServerName).toBe('users.grpc.example.internal');
    expect(backend.port).toBe(8443);
    template.resourceCountIs('AWS::ServiceDiscovery::PrivateDnsNamespace', 0);
  });

  test('the ALB admits nobody until a client is allowed; the tasks admit only the ALB', () => {
    // GIVEN
    const { stack, vpc, backend } = buildAlb();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc, allowAllOutbound: false });
    // WHEN
    backend.connections.allowDefaultPortFrom(client);
    // THEN
    const template = Template.fromStack(stack);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    expect(ingress).toHaveLength(2);
    expect(ingress).toEqual(expect.arrayContaining([
      expect.objectContaining({
        FromPort: 443, ToPort: 443,
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^UsersLoadBalancerSecurityGroup/), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Client/), 'GroupId'] },
      }),
      expect.objectContaining({
        FromPort: 50051, ToPort: 50051,
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^UsersServiceSecurityGroup/), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^UsersLoadBalancerSecurityGroup/), 'GroupId'] },
      }),
    ]));
  });

  test('expires access logs after the given retention', () => {
    // GIVEN / WHEN
    const { template } = buildAlb({ accessLogRetention: Duration.days(30) });
    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
  });

  test('fails when accessLogRetention is not a whole number of days', () => {
    expect(() => buildAlb({ accessLogRetention: Duration.days(0.5) }))
      .toThrow(/invalid discovery\.accessLogRetention: an S3 lifecycle expiration must be a whole number of days/);
  });

  test('writes access logs to an encrypted, TLS-only bucket by default', () => {
    // GIVEN / WHEN
    const { template } = buildAlb();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('in a stack without a region, lets the deployment region\'s ELB log writer write the access logs', () => {
    // GIVEN
    const f = fixture(new App(), { agnostic: true });
    // WHEN
    const backend = new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate) });
    // THEN: the regional ELB account where the region has one, the log-delivery service elsewhere
    const template = Template.fromStack(f.stack);
    const condition = 'CdkGatewayTopologyElbLogAccountRegion';
    template.hasMapping('CdkGatewayTopologyElbLogAccounts', { 'eu-west-1': { account: '156460612806' } });
    expect(JSON.stringify(template.toJSON().Conditions[condition])).toContain('"eu-west-1"');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: {
            AWS: { 'Fn::If': [condition, Match.anyValue(), { Ref: 'AWS::NoValue' }] },
            Service: { 'Fn::If': [condition, { Ref: 'AWS::NoValue' }, 'logdelivery.elasticloadbalancing.amazonaws.com'] },
          },
          Resource: { 'Fn::Join': ['', Match.arrayWith(['/users/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*'])] },
        })]),
      },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.prefix', Value: 'users' },
      ]),
    });
    // The ALB checks that it may write to the bucket when it is created.
    const policy = backend.accessLogBucket!.policy!.node.defaultChild as never;
    template.hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      DependsOn: Match.arrayWith([f.stack.getLogicalId(policy)]),
    });
  });

  test('creates an alias record when a hosted zone is given', () => {
    // GIVEN
    const f = fixture();
    const zone = new route53.PrivateHostedZone(f.stack, 'Zone', { vpc: f.vpc, zoneName: 'grpc.example.internal' });
    // WHEN
    new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate, { hostedZone: zone }) });
    // THEN
    Template.fromStack(f.stack).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'users.grpc.example.internal.', Type: 'A', AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  });
});

describe('GrpcServiceBackend validation', () => {
  test('fails when the port is out of range', () => {
    expectInvalid(() => build({ port: 70000 }), 'port', /at most 65535.*received 70000.*from 1 to 65535/);
  });

  test('fails when the port is not a whole number', () => {
    expectInvalid(() => build({ port: 50051.5 }), 'port', /whole number/);
  });

  test('fails when the VPC has no private subnets', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    expectInvalid(
      () => new GrpcServiceBackend(stack, 'Users', { vpc, image: ecs.ContainerImage.fromRegistry('x') }),
      'vpc', /no private subnets/,
    );
  });

  test('fails when the CPU is not a Fargate size', () => {
    expectInvalid(() => build({ cpu: 300 }), 'cpu', /not a Fargate task CPU size.*256, 512, 1024/);
  });

  test('fails when the memory does not fit the CPU', () => {
    expectInvalid(() => build({ cpu: 256, memoryLimitMiB: 4096 }), 'memoryLimitMiB', /not a Fargate memory size for 256 CPU units.*received 4096.*512, 1024 or 2048/s);
  });

  test('fails when the scaling minimum exceeds the maximum', () => {
    expectInvalid(() => build({ autoScaling: { minCapacity: 5, maxCapacity: 3 } }), 'autoScaling', /minCapacity is greater than maxCapacity/);
  });

  test('fails when the desired count is outside the scaling range', () => {
    expectInvalid(() => build({ desiredCount: 1, autoScaling: { minCapacity: 2, maxCapacity: 4 } }), 'desiredCount', /outside the auto scaling range 2\.\.4/);
  });

  test('fails when a task count is negative', () => {
    expectInvalid(() => build({ autoScaling: { minCapacity: -1 } }), 'autoScaling.minCapacity', /whole number/);
  });

  test('fails when the CPU target is not a percentage', () => {
    expectInvalid(() => build({ autoScaling: { targetCpuUtilizationPercent: 150 } }), 'autoScaling.targetCpuUtilizationPercent', /at most 100 percent/);
  });

  test('fails when the backend name is not a DNS label', () => {
    expectInvalid(() => build({ backendName: 'Users_Service' }), 'backendName', /DNS label/);
  });

  test('fails when an imported namespace has no literal name', () => {
    const f = fixture();
    const namespace = servicediscovery.PrivateDnsNamespace.fromPrivateDnsNamespaceAttributes(f.stack, 'Ns', {
      namespaceArn: 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-1',
      namespaceId: 'ns-1',
      namespaceName: Lazy.string({ produce: () => 'x.internal' }),
    });
    expectInvalid(
      () => new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: GrpcDiscovery.cloudMap({ namespace }) }),
      'discovery.namespace', /unknown at synth/,
    );
  });

  test('fails when the ALB domain name is not a DNS name', () => {
    const f = fixture();
    expectInvalid(
      () => new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate, { domainName: 'not a name' }) }),
      'discovery.domainName', /two labels/,
    );
  });

  test('fails when the ALB has no certificate', () => {
    const f = fixture();
    expectInvalid(
      () => new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: GrpcDiscovery.internalAlb({ domainName: 'a.example.internal' } as any) }),
      'discovery.certificate', /HTTPS and needs a certificate/,
    );
  });

  test('fails when the healthy gRPC codes are malformed', () => {
    const f = fixture();
    expectInvalid(
      () => new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate, { healthyGrpcCodes: '200' }) }),
      'discovery.healthyGrpcCodes', /from 0 to 99/,
    );
  });

  test('defaults the healthy gRPC codes to OK alone, and accepts the whole range 0-99 and a token', () => {
    const f = fixture();
    new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate) });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Matcher: { GrpcCode: '0' } });
    const g = fixture();
    expect(() => new GrpcServiceBackend(g.stack, 'Users', { vpc: g.vpc, image: g.image, discovery: albDiscovery(g.certificate, { healthyGrpcCodes: '0-99' }) })).not.toThrow();
    const h = fixture();
    const codes = Lazy.string({ produce: () => '0' });
    expect(() => new GrpcServiceBackend(h.stack, 'Users', { vpc: h.vpc, image: h.image, discovery: albDiscovery(h.certificate, { healthyGrpcCodes: codes }) })).not.toThrow();
  });

  test.each(['-users', 'us ers', 'a'.repeat(64)])('fails when the Cloud Map service name is %j', (serviceName) => {
    expectInvalid(() => build({ discovery: GrpcDiscovery.cloudMap({ serviceName }) }), 'discovery.serviceName', /Cloud Map service name.*API_CreateService\.html/);
  });

  test('accepts a Cloud Map service name of 63 characters', () => {
    expect(() => build({ discovery: GrpcDiscovery.cloudMap({ serviceName: 'a'.repeat(63) }) })).not.toThrow();
  });

  test('fails when the Cloud Map DNS TTL is not whole seconds, and accepts 0 and a token', () => {
    expectInvalid(() => build({ discovery: GrpcDiscovery.cloudMap({ dnsTtl: Duration.millis(500) }) }), 'discovery.dnsTtl', /whole number of seconds/);
    expect(() => build({ discovery: GrpcDiscovery.cloudMap({ dnsTtl: Duration.seconds(0) }) })).not.toThrow();
    expect(() => build({ discovery: GrpcDiscovery.cloudMap({ dnsTtl: Duration.seconds(Lazy.number({ produce: () => 5 })) }) })).not.toThrow();
  });

  test('fails when the ALB listener port is out of range, and accepts 65535', () => {
    const f = fixture();
    expectInvalid(() => new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate, { listenerPort: 0 }) }),
      'discovery.listenerPort', /at least 1/);
    const g = fixture();
    expect(() => new GrpcServiceBackend(g.stack, 'Users', { vpc: g.vpc, image: g.image, discovery: albDiscovery(g.certificate, { listenerPort: 65535 }) })).not.toThrow();
  });

  test('fails when the log retention is not a CloudWatch Logs value', () => {
    expectInvalid(() => build({ logRetention: 2 as logs.RetentionDays }), 'logRetention', /not a CloudWatch Logs retention in days/);
  });

  test('uses the same Fargate table as ServiceBackend: 1536 MiB is not a size for 256 CPU units', () => {
    expectInvalid(() => build({ cpu: 256, memoryLimitMiB: 1536 }), 'memoryLimitMiB', /not a Fargate memory size for 256 CPU units/);
  });

  test('fails when the health check path is not a gRPC method path', () => {
    const f = fixture();
    expectInvalid(
      () => new GrpcServiceBackend(f.stack, 'Users', { vpc: f.vpc, image: f.image, discovery: albDiscovery(f.certificate, { healthCheckPath: '/health' }) }),
      'discovery.healthCheckPath', /package\.Service\/Method/,
    );
  });

});

describe('GrpcServiceBackend checked synth', () => {
  test.each([
    ['Cloud Map', (_c: acm.ICertificate) => GrpcDiscovery.cloudMap()],
    ['internal ALB', (c: acm.ICertificate) => albDiscovery(c)],
  ])('the %s flavour passes cdk-nag and cfn-lint', (_name, discovery) => {
    // GIVEN
    const app = checkedApp();
    const { stack, vpc, image, certificate } = fixture(app);
    Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test VPC; flow logs are the application\'s concern.' });
    // WHEN
    new GrpcServiceBackend(stack, 'Users', { vpc, image, discovery: discovery(certificate), environment: { LOG_LEVEL: 'info' } });
    // THEN
    expect(() => synthChecked(app)).not.toThrow();
  });

  test('an image from a private ECR repository passes cdk-nag and cfn-lint', () => {
    // GIVEN: pulling from ECR gives the execution role ecr:GetAuthorizationToken on "*"
    const app = checkedApp();
    const { stack, vpc } = fixture(app);
    Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test VPC; flow logs are the application\'s concern.' });
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'user-directory');
    // WHEN
    new GrpcServiceBackend(stack, 'Users', { vpc, image: ecs.ContainerImage.fromEcrRepository(repository, '1.0.0') });
    // THEN
    expect(() => synthChecked(app)).not.toThrow();
  });

  test('the internal ALB flavour in a stack without a region passes cdk-nag and cfn-lint', () => {
    // GIVEN
    const app = checkedApp();
    const { stack, vpc, image, certificate } = fixture(app, { agnostic: true });
    Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test VPC; flow logs are the application\'s concern.' });
    // WHEN
    new GrpcServiceBackend(stack, 'Users', { vpc, image, discovery: albDiscovery(certificate), environment: { LOG_LEVEL: 'info' } });
    // THEN
    expect(() => synthChecked(app)).not.toThrow();
  });
});
