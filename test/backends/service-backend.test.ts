import { App, CfnParameter, Duration, Stack, StackProps, Token, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sm from 'aws-cdk-lib/aws-secretsmanager';
import { TopologyValidationError } from '../../lib/errors';
import { ServiceBackend, ServiceBackendProps } from '../../lib/backends/service-backend';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { checkedApp, synthChecked } from '../helpers/checked-app';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');

/** A stack with a two-AZ VPC (public + private subnets). */
function givenStack(app: App = new App(), stackProps: StackProps = {}): { stack: Stack; vpc: ec2.Vpc } {
  const stack = new Stack(app, 'Stack', stackProps);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  // Flow logs are the VPC owner's business, not the backend's.
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'test VPC; flow logs belong to the VPC owner' });
  return { stack, vpc };
}

function givenBackend(props: Partial<ServiceBackendProps> = {}, id = 'Orders') {
  const { stack, vpc } = givenStack();
  const backend = new ServiceBackend(stack, id, { vpc, image: IMAGE, ...props });
  return { stack, vpc, backend, template: Template.fromStack(stack) };
}

function privateSubnetRefs(stack: Stack, vpc: ec2.Vpc) {
  return vpc.privateSubnets.map((s) => stack.resolve(s.subnetId));
}

function expectValidationError(build: () => void, ...fragments: string[]): void {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TopologyValidationError);
  for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
}

describe('ServiceBackend with an ALB (default)', () => {
  test('creates an internal ALB in the private subnets', () => {
    // GIVEN / WHEN
    const { stack, vpc, template } = givenBackend();
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internal',
      Subnets: privateSubnetRefs(stack, vpc),
    });
  });

  test('listens with HTTP on port 80 by default', () => {
    const { template } = givenBackend();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP', Port: 80 });
  });

  test('listens on listenerPort', () => {
    const { template, backend } = givenBackend({ listenerPort: 8081 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 8081 });
    expect(backend.listenerPort).toBe(8081);
  });

  test('drops invalid header fields', () => {
    const { template } = givenBackend();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
  });

  test('targets the tasks by IP on the container port with an HTTP health check on /health', () => {
    const { template } = givenBackend();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Protocol: 'HTTP',
      Port: 8080,
      HealthCheckPath: '/health',
      HealthCheckProtocol: 'HTTP',
    });
  });

  test('uses containerPort and healthCheckPath', () => {
    const { template } = givenBackend({ containerPort: 3000, healthCheckPath: '/ready' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 3000, HealthCheckPath: '/ready' });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ PortMappings: [Match.objectLike({ ContainerPort: 3000 })] })],
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [Match.objectLike({ ContainerPort: 3000 })],
    });
  });

  test('exposes the ALB through the IServiceBackend fields', () => {
    const { stack, backend } = givenBackend();
    expect(backend.loadBalancerType).toBe(LoadBalancerType.ALB);
    expect(backend.applicationListener).toBe(backend.listener);
    expect(backend.networkListener).toBeUndefined();
    expect(backend.networkLoadBalancer).toBeUndefined();
    expect(stack.resolve(backend.listenerArn)).toEqual({ Ref: stack.getLogicalId(backend.listener.node.defaultChild as never) });
    expect(stack.resolve(backend.loadBalancerArn)).toEqual({ Ref: stack.getLogicalId(backend.loadBalancer.node.defaultChild as never) });
    expect(stack.resolve(backend.loadBalancerDnsName)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(backend.loadBalancer.node.defaultChild as never), 'DNSName'],
    });
    expect(backend.connections).toBe(backend.loadBalancer.connections);
  });
});

describe('ServiceBackend task definition and service', () => {
  test('sizes tasks at 256 CPU / 512 MiB by default', () => {
    const { template } = givenBackend();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512', RequiresCompatibilities: ['FARGATE'] });
  });

  test('uses cpu and memoryLimitMiB', () => {
    const { template } = givenBackend({ cpu: 1024, memoryLimitMiB: 3072 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '1024', Memory: '3072' });
  });

  test('runs two tasks by default, without public IPs, in the private subnets', () => {
    const { stack, vpc, template } = givenBackend();
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED', Subnets: privateSubnetRefs(stack, vpc) }),
      },
    });
  });

  test('uses desiredCount', () => {
    const { template } = givenBackend({ desiredCount: 3 });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 3 });
  });

  test('rolls back failed deployments and keeps full capacity during them', () => {
    const { template } = givenBackend();
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      }),
    });
  });

  test('names the container after backendName, derived from the id by default', () => {
    const { template, backend } = givenBackend({}, 'OrdersService');
    expect(backend.backendName).toBe('orders-service');
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Name: 'orders-service', Image: 'public.ecr.aws/nginx/nginx:1.27' })],
    });
  });

  test('uses backendName', () => {
    const { template, backend } = givenBackend({ backendName: 'orders_v2' });
    expect(backend.backendName).toBe('orders_v2');
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Name: 'orders_v2' })],
    });
  });

  test('passes environment and secrets to the container', () => {
    const { stack, vpc } = givenStack();
    const secret = sm.Secret.fromSecretNameV2(stack, 'Secret', 'orders/db');
    new ServiceBackend(stack, 'Orders', {
      vpc, image: IMAGE,
      environment: { LOG_LEVEL: 'info' },
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }],
        Secrets: [Match.objectLike({ Name: 'DB_PASSWORD' })],
      })],
    });
  });

  test('sends container logs to its log group, kept three months by default', () => {
    const { stack, template, backend } = givenBackend();
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: Match.objectLike({ 'awslogs-group': stack.resolve(backend.logGroup.logGroupName), 'awslogs-stream-prefix': 'orders' }),
        },
      })],
    });
  });

  test('uses logRetention', () => {
    const { template } = givenBackend({ logRetention: logs.RetentionDays.ONE_YEAR });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('creates a cluster with Container Insights by default', () => {
    const { template } = givenBackend();
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  test('runs in the given cluster', () => {
    const { stack, vpc } = givenStack();
    const cluster = new ecs.Cluster(stack, 'Shared', { vpc, containerInsightsV2: ecs.ContainerInsights.ENHANCED });
    const backend = new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE, cluster });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.hasResourceProperties('AWS::ECS::Service', { Cluster: stack.resolve(cluster.clusterName) });
    expect(backend.cluster).toBe(cluster);
  });
});

describe('ServiceBackend security groups', () => {
  test('the load balancer security group starts with no ingress and egress only to the tasks', () => {
    const { stack, template, backend } = givenBackend();
    const lbSg = stack.resolve(backend.securityGroups.loadBalancer.securityGroupId);
    const serviceSg = stack.resolve(backend.securityGroups.service.securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Internal ALB of orders'),
      SecurityGroupIngress: Match.absent(),
      // No inline allow-all rule: CloudFormation drops the default one once the rule below exists.
      SecurityGroupEgress: Match.absent(),
    });
    const ingressToLb = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(lbSg));
    expect(ingressToLb).toHaveLength(0);
    const egressFromLb = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(lbSg));
    expect(egressFromLb.map((r) => r.Properties)).toEqual([expect.objectContaining({
      DestinationSecurityGroupId: serviceSg, FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp',
    })]);
  });

  test('the service security group admits only the load balancer, on the container port', () => {
    const { stack, template, backend } = givenBackend({ containerPort: 9000 });
    const lbSg = stack.resolve(backend.securityGroups.loadBalancer.securityGroupId);
    const serviceSg = stack.resolve(backend.securityGroups.service.securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Fargate tasks of orders'),
      SecurityGroupIngress: Match.absent(),
    });
    const ingressToService = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(serviceSg));
    expect(ingressToService.map((r) => r.Properties)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: lbSg, FromPort: 9000, ToPort: 9000, IpProtocol: 'tcp',
    })]);
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ SecurityGroups: [serviceSg] }) },
    });
  });

  test('a gateway opens the load balancer to its VPC link through connections', () => {
    // GIVEN
    const { stack, vpc } = givenStack();
    const backend = new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE, listenerPort: 8081 });
    const vpcLinkSg = new ec2.SecurityGroup(stack, 'VpcLinkSg', { vpc, allowAllOutbound: false });
    // WHEN
    backend.connections.allowFrom(vpcLinkSg, ec2.Port.tcp(backend.listenerPort));
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(backend.securityGroups.loadBalancer.securityGroupId),
      SourceSecurityGroupId: stack.resolve(vpcLinkSg.securityGroupId),
      FromPort: 8081,
      ToPort: 8081,
    });
  });
});

describe('ServiceBackend auto scaling', () => {
  test('scales between desiredCount and four times desiredCount at 60% CPU by default', () => {
    const { template } = givenBackend({ desiredCount: 3 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 3, MaxCapacity: 12, ScalableDimension: 'ecs:service:DesiredCount',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
      }),
    });
  });

  test('allows scaling up from zero desired tasks', () => {
    const { template } = givenBackend({ desiredCount: 0 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 1 });
  });

  test('uses autoScaling', () => {
    const { template } = givenBackend({ desiredCount: 2, autoScaling: { minCapacity: 1, maxCapacity: 5, targetCpuUtilizationPercent: 45 } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 5 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 45 }),
    });
  });
});

describe('ServiceBackend access logs', () => {
  test('writes ALB access logs to a bucket it creates, under the backend name', () => {
    const { stack, template, backend } = givenBackend();
    expect(backend.accessLogBucket).toBeDefined();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: stack.resolve(backend.accessLogBucket!.bucketName) },
        { Key: 'access_logs.s3.prefix', Value: 'orders' },
      ]),
    });
  });

  test('the access log bucket is SSE-S3 encrypted, private, SSL-only and expires logs after 90 days', () => {
    const { template } = givenBackend();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('uses accessLogRetention', () => {
    const { template } = givenBackend({ accessLogRetention: Duration.days(30) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
    });
  });

  test('fails when accessLogRetention is not a whole number of days', () => {
    expect(() => givenBackend({ accessLogRetention: Duration.hours(36) }))
      .toThrow(/Stack\/Orders: invalid accessLogRetention: an S3 lifecycle expiration must be a whole number of days/);
  });

  test('accepts an accessLogRetention of one day', () => {
    const { template } = givenBackend({ accessLogRetention: Duration.days(1) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 1 })] },
    });
  });

  test('writes to the given accessLogBucket without creating one', () => {
    const { stack, vpc } = givenStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'central-alb-logs');
    const backend = new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE, accessLogBucket: bucket });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(backend.accessLogBucket).toBe(bucket);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.bucket', Value: 'central-alb-logs' }]),
    });
    // An imported bucket's policy belongs to its owner: nothing region-specific is added.
    expect(template.toJSON().Mappings).toBeUndefined();
  });

  test('in a region opened before August 2022, grants the regional ELB account', () => {
    const { stack, vpc } = givenStack(new App(), { env: { account: '123456789012', region: 'eu-west-1' } });
    new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::156460612806:root']] } },
          Resource: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/orders/AWSLogs/123456789012/*'])] }),
        })]),
      },
    });
  });

  test('in a region opened later, grants the ELB log delivery service', () => {
    const { stack, vpc } = givenStack(new App(), { env: { account: '123456789012', region: 'il-central-1' } });
    new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
        })]),
      },
    });
  });

  test('in an environment-agnostic stack, picks the log writer of the deployment region', () => {
    // GIVEN / WHEN
    const { template } = givenBackend();
    // THEN: the ELB account where the region has one, the service principal elsewhere
    const condition = 'CdkGatewayTopologyElbLogAccountRegion';
    const conditions = template.toJSON().Conditions;
    expect(JSON.stringify(conditions[condition])).toContain('"eu-west-1"');
    expect(JSON.stringify(conditions[condition])).not.toContain('"il-central-1"');
    template.hasMapping('CdkGatewayTopologyElbLogAccounts', { 'eu-west-1': { account: '156460612806' } });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: {
            AWS: { 'Fn::If': [condition, Match.anyValue(), { Ref: 'AWS::NoValue' }] },
            Service: { 'Fn::If': [condition, { Ref: 'AWS::NoValue' }, 'logdelivery.elasticloadbalancing.amazonaws.com'] },
          },
          Resource: { 'Fn::Join': ['', Match.arrayWith(['/orders/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*'])] },
        })]),
      },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
  });

  test('the ALB waits for the bucket policy that lets it write', () => {
    const { stack, template, backend } = givenBackend();
    const policy = (backend.accessLogBucket as s3.Bucket).policy!;
    template.hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      DependsOn: Match.arrayWith([stack.getLogicalId(policy.node.defaultChild as never)]),
    });
  });

  test('two backends in one environment-agnostic stack share the region mapping', () => {
    const { stack, vpc } = givenStack();
    new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE });
    new ServiceBackend(stack, 'Users', { vpc, image: IMAGE });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.toJSON().Mappings)).toEqual(['CdkGatewayTopologyElbLogAccounts']);
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });
});

describe('ServiceBackend with an NLB', () => {
  test('creates an internal NLB with a security group in the private subnets', () => {
    const { stack, vpc, template, backend } = givenBackend({ loadBalancerType: LoadBalancerType.NLB });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network',
      Scheme: 'internal',
      Subnets: privateSubnetRefs(stack, vpc),
      SecurityGroups: [stack.resolve(backend.securityGroups.loadBalancer.securityGroupId)],
    });
  });

  test('does not enforce its security group on PrivateLink traffic (REST VPC links) by default', () => {
    const { template } = givenBackend({ loadBalancerType: LoadBalancerType.NLB });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off',
    });
  });

  test('uses enforceSecurityGroupInboundRulesOnPrivateLinkTraffic', () => {
    const { template } = givenBackend({ loadBalancerType: LoadBalancerType.NLB, enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: true });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on',
    });
  });

  test('listens with TCP and health-checks the tasks over HTTP on healthCheckPath', () => {
    const { template } = givenBackend({ loadBalancerType: LoadBalancerType.NLB, listenerPort: 8081, healthCheckPath: '/ready' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'TCP', Port: 8081 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip', Protocol: 'TCP', Port: 8080, HealthCheckProtocol: 'HTTP', HealthCheckPath: '/ready',
    });
  });

  test('has no access log bucket (NLB logs cover TLS listeners only)', () => {
    const { template, backend } = givenBackend({ loadBalancerType: LoadBalancerType.NLB });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(backend.accessLogBucket).toBeUndefined();
  });

  test('the NLB reaches the tasks (and health-checks them) only through its security group', () => {
    const { stack, template, backend } = givenBackend({ loadBalancerType: LoadBalancerType.NLB });
    const lbSg = stack.resolve(backend.securityGroups.loadBalancer.securityGroupId);
    const serviceSg = stack.resolve(backend.securityGroups.service.securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: serviceSg, SourceSecurityGroupId: lbSg, FromPort: 8080 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: lbSg, DestinationSecurityGroupId: serviceSg, FromPort: 8080 });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
  });

  test('exposes the NLB through the IServiceBackend fields', () => {
    const { stack, backend } = givenBackend({ loadBalancerType: LoadBalancerType.NLB });
    expect(backend.loadBalancerType).toBe(LoadBalancerType.NLB);
    expect(backend.networkListener).toBe(backend.listener);
    expect(backend.networkLoadBalancer).toBe(backend.loadBalancer);
    expect(backend.applicationListener).toBeUndefined();
    expect(stack.resolve(backend.listenerArn)).toEqual({ Ref: stack.getLogicalId(backend.listener.node.defaultChild as never) });
  });
});

describe('ServiceBackend accepts tokens where it checks values', () => {
  test('ports, counts, sizes and the health check path can be deploy-time parameters', () => {
    // GIVEN
    const { stack, vpc } = givenStack();
    const number = (name: string) => new CfnParameter(stack, name, { type: 'Number' }).valueAsNumber;
    // WHEN
    const backend = new ServiceBackend(stack, 'Orders', {
      vpc, image: IMAGE,
      containerPort: number('ContainerPort'),
      listenerPort: number('ListenerPort'),
      desiredCount: number('DesiredCount'),
      memoryLimitMiB: number('Memory'),
      healthCheckPath: new CfnParameter(stack, 'HealthPath').valueAsString,
      autoScaling: { minCapacity: number('Min'), maxCapacity: number('Max') },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: { Ref: 'ListenerPort' } });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: { Ref: 'ContainerPort' }, HealthCheckPath: { Ref: 'HealthPath' } });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: { Ref: 'DesiredCount' } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: { Ref: 'Min' }, MaxCapacity: { Ref: 'Max' } });
    expect(Token.isUnresolved(backend.listenerPort)).toBe(true);
  });
});

describe('ServiceBackend validation', () => {
  test.each([0, 65536, 80.5, -1])('fails when containerPort is %p', (port) => {
    expectValidationError(() => givenBackend({ containerPort: port }),
      'Stack/Orders', 'invalid containerPort', `received ${port}`, 'whole number from 1 to 65535');
  });

  test.each([0, 70000, 443.2])('fails when listenerPort is %p', (port) => {
    expectValidationError(() => givenBackend({ listenerPort: port }),
      'Stack/Orders', 'invalid listenerPort', `received ${port}`, 'whole number from 1 to 65535');
  });

  test('fails when the VPC has no private subnets', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    expectValidationError(() => new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE }),
      'Stack/Orders', 'invalid vpc', 'no private subnets', 'PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED');
  });

  test('fails when cpu is not a Fargate size', () => {
    expectValidationError(() => givenBackend({ cpu: 300 }), 'invalid cpu', 'received 300', 'not a Fargate task CPU size', '256, 512, 1024');
  });

  test.each([
    [256, 4096, '512, 1024 or 2048'],
    [512, 512, '1024 to 4096 in steps of 1024'],
    [1024, 2500, '2048 to 8192 in steps of 1024'],
    [4096, 32768, '8192 to 30720 in steps of 1024'],
    [8192, 18432, '16384 to 61440 in steps of 4096'],
  ])('fails when cpu %p has memoryLimitMiB %p', (cpu, memory, allowed) => {
    expectValidationError(() => givenBackend({ cpu, memoryLimitMiB: memory }),
      'invalid memoryLimitMiB', `received ${memory}`, `with cpu ${cpu} use memoryLimitMiB ${allowed}`);
  });

  test('accepts the largest Fargate sizes', () => {
    const { template } = givenBackend({ cpu: 16384, memoryLimitMiB: 122880 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '16384', Memory: '122880' });
  });

  test('fails when autoScaling.minCapacity is greater than maxCapacity', () => {
    expectValidationError(() => givenBackend({ autoScaling: { minCapacity: 5, maxCapacity: 3 } }),
      'invalid autoScaling', 'minCapacity is greater than maxCapacity', '"minCapacity":5', '"maxCapacity":3');
  });

  test('fails when autoScaling.minCapacity is negative', () => {
    expectValidationError(() => givenBackend({ autoScaling: { minCapacity: -1 } }),
      'invalid autoScaling.minCapacity', 'received -1', 'must be at least 0 tasks');
  });

  test('fails when autoScaling.maxCapacity is zero', () => {
    expectValidationError(() => givenBackend({ desiredCount: 0, autoScaling: { maxCapacity: 0 } }),
      'invalid autoScaling.maxCapacity', 'received 0', 'could never run a task');
  });

  test('fails when desiredCount is outside the scaling range', () => {
    expectValidationError(() => givenBackend({ desiredCount: 10, autoScaling: { minCapacity: 1, maxCapacity: 4 } }),
      'invalid desiredCount', 'received 10', 'outside the auto scaling range 1..4', 'between autoScaling.minCapacity and autoScaling.maxCapacity');
  });

  test('fails when desiredCount is negative', () => {
    expectValidationError(() => givenBackend({ desiredCount: -2 }), 'invalid desiredCount', 'received -2', 'must be at least 0 tasks');
  });

  test('fails when the CPU utilization target is not a percentage', () => {
    expectValidationError(() => givenBackend({ autoScaling: { targetCpuUtilizationPercent: 150 } }),
      'invalid autoScaling.targetCpuUtilizationPercent', 'received 150');
  });

  test('fails when healthCheckPath does not start with "/"', () => {
    expectValidationError(() => givenBackend({ healthCheckPath: 'health' }),
      'invalid healthCheckPath', 'received "health"', 'starts with "/"');
  });

  test('accepts a CPU utilization target of 100 and refuses 0', () => {
    expect(() => givenBackend({ autoScaling: { targetCpuUtilizationPercent: 100 } })).not.toThrow();
    expectValidationError(() => givenBackend({ autoScaling: { targetCpuUtilizationPercent: 0 } }),
      'invalid autoScaling.targetCpuUtilizationPercent', 'more than 0 percent');
  });

  test('fails when desiredCount is NaN, saying so', () => {
    expectValidationError(() => givenBackend({ desiredCount: NaN }), 'invalid desiredCount', 'not NaN');
  });

  test('fails when the log retention is not a CloudWatch Logs value, and takes INFINITE', () => {
    expectValidationError(() => givenBackend({ logRetention: 2 as logs.RetentionDays }), 'invalid logRetention', 'not a CloudWatch Logs retention in days', 'API_PutRetentionPolicy.html');
    expect(() => givenBackend({ logRetention: logs.RetentionDays.INFINITE })).not.toThrow();
  });

  test('accepts the edge ports and a health check path of 1024 characters', () => {
    expect(() => givenBackend({ containerPort: 65535, listenerPort: 1, healthCheckPath: `/${'a'.repeat(1023)}` })).not.toThrow();
  });

  test('fails when an NLB is given an accessLogBucket', () => {
    const { stack, vpc } = givenStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'central-logs');
    expectValidationError(
      () => new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE, loadBalancerType: LoadBalancerType.NLB, accessLogBucket: bucket }),
      'Stack/Orders', 'invalid accessLogBucket', 'construct Stack/Logs', 'only for TLS listeners', 'LoadBalancerType.ALB');
  });

  test('fails when an ALB is given the NLB-only PrivateLink setting', () => {
    expectValidationError(() => givenBackend({ enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: true }),
      'invalid enforceSecurityGroupInboundRulesOnPrivateLinkTraffic', 'received true', 'only on NLBs', 'LoadBalancerType.NLB');
  });

  test('fails when backendName is not a short name', () => {
    expectValidationError(() => givenBackend({ backendName: 'orders service' }),
      'invalid backendName', 'received "orders service"', 'starting with a letter');
  });
});

describe('ServiceBackend passes cdk-nag AwsSolutions and cfn-lint', () => {
  test.each([
    ['ALB', LoadBalancerType.ALB, undefined],
    ['ALB in a fixed region', LoadBalancerType.ALB, 'eu-west-1'],
    ['NLB', LoadBalancerType.NLB, undefined],
  ])('%s', (_name, type, region) => {
    // GIVEN: a private ECR image, plain environment and a secret, as real services have
    const app = checkedApp();
    const { stack, vpc } = givenStack(app, region ? { env: { account: '123456789012', region } } : {});
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', 'orders');
    const secret = sm.Secret.fromSecretNameV2(stack, 'Secret', 'orders/db');
    // WHEN
    const backend = new ServiceBackend(stack, 'Orders', {
      vpc, loadBalancerType: type,
      image: ecs.ContainerImage.fromEcrRepository(repository, '1.0.0'),
      environment: { LOG_LEVEL: 'info' },
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) },
    });
    const vpcLinkSg = new ec2.SecurityGroup(stack, 'VpcLinkSg', { vpc, allowAllOutbound: false });
    backend.connections.allowFrom(vpcLinkSg, ec2.Port.tcp(backend.listenerPort));
    // THEN
    expect(() => synthChecked(app)).not.toThrow();
  });
});
