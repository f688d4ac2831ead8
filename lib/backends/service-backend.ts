import { Duration, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { BACKEND_NAME, checkDuration, checkNumber, checkText, HEALTH_CHECK_PATH, PORT, S3_EXPIRATION_DAYS } from '../private/aws-rules';
import { fargateScalingRange, fargateTask } from '../private/fargate-task';
import { logAlbAccessLogs } from '../private/alb-access-logs';
import { recordPart } from '../private/topology-metadata';
import { serviceBackendTopology } from '../manifest/topology-parts';
import { recordTopology } from '../manifest/topology-recorder';
import { privateSubnets } from '../gateway/shared-vpc-link';
import { IServiceBackend, LoadBalancerType } from './service-backend-interface';

/** CPU-based auto scaling of a Fargate service. */
export interface ServiceAutoScaling {
  /**
   * The fewest tasks.
   * @default - the service's desiredCount
   */
  readonly minCapacity?: number;
  /**
   * The most tasks.
   * @default - four times the service's desiredCount, at least 1 (desiredCount itself when it is a token)
   */
  readonly maxCapacity?: number;
  /**
   * The average CPU utilization the service is scaled to keep.
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;
}

/** The options of a {@link ServiceBackend} that do not name its VPC or cluster. */
export interface ServiceBackendOptions {
  /** The container image of the HTTP service. */
  readonly image: ecs.ContainerImage;
  /**
   * ALB (HTTP routing) or NLB (TCP, the only target of REST API VPC links v1).
   * @default LoadBalancerType.ALB
   */
  readonly loadBalancerType?: LoadBalancerType;
  /**
   * The port the container listens on.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * The port of the load balancer's listener, which gateways integrate with.
   * @default 80
   */
  readonly listenerPort?: number;
  /**
   * Fargate CPU units of a task (256 = 0.25 vCPU).
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Memory of a task in MiB; must be a valid Fargate combination with `cpu`.
   * @default 512
   */
  readonly memoryLimitMiB?: number;
  /**
   * How many tasks run when the service is created.
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * The HTTP path the load balancer's health check requests (ALB and NLB alike); a task is
   * healthy when it answers 200-399.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * CPU-based auto scaling; always on, these props tune it.
   * @default - min desiredCount, max four times desiredCount, target 60% CPU
   */
  readonly autoScaling?: ServiceAutoScaling;
  /**
   * Plain (non-secret) environment variables of the container.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Secret environment variables of the container, from Secrets Manager or SSM.
   * @default - none
   */
  readonly secrets?: Record<string, ecs.Secret>;
  /**
   * A short name for summaries, generated ids, the container and the log stream prefix.
   * @default - the construct id in kebab case
   */
  readonly backendName?: string;
  /**
   * The bucket an ALB writes its access logs to (under the prefix `backendName`). The
   * bucket's region must be the stack's, and it must use SSE-S3 encryption (ALBs cannot
   * write to SSE-KMS buckets). Not supported with NLBs: NLB access logs cover TLS listeners
   * only, and this backend's NLB listener is TCP.
   * @default - ALB: a new bucket (SSE-S3, SSL enforced, public access blocked, objects
   * expire after `accessLogRetention`); NLB: no access logs
   */
  readonly accessLogBucket?: s3.IBucket;
  /**
   * How long the access logs in the bucket this backend creates are kept.
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;
  /**
   * How long the container's logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * NLB only: whether the NLB's security group inbound rules apply to PrivateLink traffic.
   *
   * A REST API's VPC link (v1) is an endpoint service (PrivateLink) on the NLB: its requests
   * arrive as PrivateLink traffic from API Gateway's own addresses, outside the VPC, which
   * AWS says never to depend on. No inbound rule can name them, so with this on every REST
   * request is dropped (a `RestGateway` refuses such an NLB at synth). Off, as AWS's VPC link
   * setup asks, PrivateLink traffic skips the inbound rules and the NLB's security group needs
   * no rule for the REST API at all, while every other source (any workload in the VPC, and
   * HTTP API VPC links v2, whose security group the gateway admits) stays subject to them.
   * See https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-nlb-for-vpclink-using-console.html
   * and https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
   * @default false
   */
  readonly enforceSecurityGroupInboundRulesOnPrivateLinkTraffic?: boolean;
}

/** Properties of a {@link ServiceBackend}. */
export interface ServiceBackendProps extends ServiceBackendOptions {
  /** The VPC; tasks and the load balancer go in its private subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The ECS cluster to run the service in.
   * @default - a new cluster in the VPC with Container Insights enabled
   */
  readonly cluster?: ecs.ICluster;
}

/**
 * An ECS Fargate HTTP service behind an internal ALB or NLB, in private subnets.
 *
 * The service's security group admits only the load balancer's security group, on the
 * container port. The load balancer's security group starts with no ingress: gateways open
 * it for their VPC link v2 with
 * `backend.connections.allowFrom(vpcLinkSecurityGroup, Port.tcp(backend.listenerPort))`,
 * and a REST API's VPC link v1 to an NLB needs no rule (its PrivateLink traffic skips the
 * inbound rules, see `enforceSecurityGroupInboundRulesOnPrivateLinkTraffic`). No rule admits
 * the VPC's CIDR: a workload in the VPC cannot call the service around its gateway. See
 * `lib/backends/README.md`.
 *
 * @example
 * const orders = new ServiceBackend(stack, 'Orders', {
 *   vpc,
 *   image: ecs.ContainerImage.fromRegistry('my-registry/orders:1.4.2'),
 *   loadBalancerType: LoadBalancerType.ALB,
 *   autoScaling: { minCapacity: 2, maxCapacity: 10 },
 * });
 */
export class ServiceBackend extends Construct implements IServiceBackend {
  /** @inheritdoc */
  public readonly backendName: string;
  /** @inheritdoc */
  public readonly vpc: ec2.IVpc;
  /** @inheritdoc */
  public readonly loadBalancerType: LoadBalancerType;
  /** @inheritdoc */
  public readonly listenerArn: string;
  /** @inheritdoc */
  public readonly listenerPort: number;
  /** @inheritdoc */
  public readonly loadBalancerArn: string;
  /** @inheritdoc */
  public readonly loadBalancerDnsName: string;
  /** @inheritdoc */
  public readonly applicationListener?: elbv2.IApplicationListener;
  /** @inheritdoc */
  public readonly networkListener?: elbv2.INetworkListener;
  /** @inheritdoc */
  public readonly networkLoadBalancer?: elbv2.INetworkLoadBalancer;
  /** The load balancer's connections: gateways admit their VPC link here. */
  public readonly connections: ec2.Connections;

  /** The port the container listens on. */
  public readonly containerPort: number;
  /** The ECS cluster (given or created). */
  public readonly cluster: ecs.ICluster;
  /** The Fargate task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The service's container. */
  public readonly container: ecs.ContainerDefinition;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The internal load balancer (ALB or NLB). */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer | elbv2.NetworkLoadBalancer;
  /** The load balancer's listener. */
  public readonly listener: elbv2.ApplicationListener | elbv2.NetworkListener;
  /** The target group of the service's tasks. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup | elbv2.NetworkTargetGroup;
  /** The security groups this backend created. */
  public readonly securityGroups: ServiceBackendSecurityGroups;
  /** The log group of the container's logs. */
  public readonly logGroup: logs.LogGroup;
  /** The service's scalable task count. */
  public readonly scaling: ecs.ScalableTaskCount;
  /** The bucket of the ALB's access logs (given or created); undefined for NLBs. */
  public readonly accessLogBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: ServiceBackendProps) {
    super(scope, id);
    const type = props.loadBalancerType ?? LoadBalancerType.ALB;
    const containerPort = props.containerPort ?? 8080;
    const listenerPort = props.listenerPort ?? 80;
    const cpu = props.cpu ?? 256;
    const memoryLimitMiB = props.memoryLimitMiB ?? 512;
    const desiredCount = props.desiredCount ?? 2;
    const healthCheckPath = props.healthCheckPath ?? '/health';
    const backendName = props.backendName ?? kebabCase(id);

    checkText(this, 'backendName', backendName, BACKEND_NAME);
    checkNumber(this, 'containerPort', containerPort, PORT);
    checkNumber(this, 'listenerPort', listenerPort, PORT);
    checkText(this, 'healthCheckPath', healthCheckPath, HEALTH_CHECK_PATH);
    const scalingRange = fargateScalingRange(this, desiredCount, props.autoScaling);
    if (type !== LoadBalancerType.ALB && type !== LoadBalancerType.NLB) {
      throw new TopologyValidationError(this, {
        prop: 'loadBalancerType', received: type,
        problem: 'unknown load balancer type', fix: 'use LoadBalancerType.ALB or LoadBalancerType.NLB',
      });
    }
    if (type === LoadBalancerType.NLB && props.accessLogBucket) {
      throw new TopologyValidationError(this, {
        prop: 'accessLogBucket', received: props.accessLogBucket,
        problem: 'NLB access logs are written only for TLS listeners, and this backend\'s NLB listener is TCP: the bucket would stay empty',
        fix: 'remove accessLogBucket, or use loadBalancerType: LoadBalancerType.ALB for HTTP access logs',
      });
    }
    if (type === LoadBalancerType.ALB && props.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic !== undefined) {
      throw new TopologyValidationError(this, {
        prop: 'enforceSecurityGroupInboundRulesOnPrivateLinkTraffic', received: props.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
        problem: 'the setting exists only on NLBs; PrivateLink does not reach ALBs',
        fix: 'remove it, or use loadBalancerType: LoadBalancerType.NLB',
      });
    }
    const subnets = privateSubnets(this, 'vpc', props.vpc);

    this.backendName = backendName;
    this.vpc = props.vpc;
    this.loadBalancerType = type;
    this.containerPort = containerPort;
    this.listenerPort = listenerPort;

    const task = fargateTask(this, {
      vpc: props.vpc,
      cluster: props.cluster,
      image: props.image,
      cpu,
      memoryLimitMiB,
      environment: props.environment,
      secrets: props.secrets,
      logRetention: props.logRetention,
      containerId: 'Container',
      containerName: backendName,
      streamPrefix: backendName,
      portMapping: { containerPort, name: 'http', protocol: ecs.Protocol.TCP },
    });
    this.cluster = task.cluster;
    this.logGroup = task.logGroup;
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;

    const loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: `Internal ${type} of ${backendName}; ingress is opened by the gateways that reach it`,
      // Egress is opened to the service's tasks only, below.
      allowAllOutbound: false,
    });
    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: props.vpc,
      description: `Fargate tasks of ${backendName}; ingress only from its load balancer`,
      // Tasks pull images and reach their own dependencies; ingress is what we restrict.
      allowAllOutbound: true,
    });
    this.securityGroups = { loadBalancer: loadBalancerSecurityGroup, service: serviceSecurityGroup };

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount,
      assignPublicIp: false,
      vpcSubnets: { subnets },
      securityGroups: [serviceSecurityGroup],
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
    });

    const loadBalancerTarget = this.service.loadBalancerTarget({ containerName: backendName, containerPort });
    if (type === LoadBalancerType.ALB) {
      const alb = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
        vpc: props.vpc,
        internetFacing: false,
        vpcSubnets: { subnets },
        securityGroup: loadBalancerSecurityGroup,
        dropInvalidHeaderFields: true,
      });
      const targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
        vpc: props.vpc,
        targetType: elbv2.TargetType.IP,
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: containerPort,
        targets: [loadBalancerTarget],
        healthCheck: { path: healthCheckPath, protocol: elbv2.Protocol.HTTP, healthyHttpCodes: '200-399' },
      });
      const listener = alb.addListener('Listener', {
        port: listenerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        // The gateways open the security group to their VPC link; never to 0.0.0.0/0.
        open: false,
        defaultTargetGroups: [targetGroup],
      });
      checkDuration(this, 'accessLogRetention', props.accessLogRetention, S3_EXPIRATION_DAYS);
      this.accessLogBucket = props.accessLogBucket ?? this.createAccessLogBucket(props.accessLogRetention ?? Duration.days(90));
      logAlbAccessLogs(alb, this.accessLogBucket, backendName);
      this.loadBalancer = alb;
      this.listener = listener;
      this.targetGroup = targetGroup;
      this.applicationListener = listener;
    } else {
      const nlb = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
        vpc: props.vpc,
        internetFacing: false,
        vpcSubnets: { subnets },
        securityGroups: [loadBalancerSecurityGroup],
        enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: props.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic ?? false,
        // VPC link ENIs and tasks are spread over the AZs independently of each other.
        crossZoneEnabled: true,
      });
      Validations.of(nlb).acknowledge({
        id: 'AwsSolutions-ELB2',
        reason: 'NLB access logs record TLS listeners only and this internal NLB listens on TCP; the gateways in front of it keep per-request access logs',
      });
      const targetGroup = new elbv2.NetworkTargetGroup(this, 'TargetGroup', {
        vpc: props.vpc,
        targetType: elbv2.TargetType.IP,
        protocol: elbv2.Protocol.TCP,
        port: containerPort,
        targets: [loadBalancerTarget],
        healthCheck: { path: healthCheckPath, protocol: elbv2.Protocol.HTTP, healthyHttpCodes: '200-399' },
      });
      const listener = nlb.addListener('Listener', {
        port: listenerPort,
        protocol: elbv2.Protocol.TCP,
        defaultTargetGroups: [targetGroup],
      });
      this.loadBalancer = nlb;
      this.listener = listener;
      this.targetGroup = targetGroup;
      this.networkListener = listener;
      this.networkLoadBalancer = nlb;
    }
    // Traffic and health checks to the tasks come only from the load balancer's security
    // group (an NLB's health checks obey its egress rules, so the egress rule is needed too).
    // An NLB sends to IP targets from its own private addresses (client IP preservation is
    // off for TCP IP targets), PrivateLink traffic of a REST VPC link included, and the rule
    // that references its security group admits exactly those:
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
    this.service.connections.allowFrom(this.loadBalancer, ec2.Port.tcp(containerPort), `${type} of ${backendName}`);

    this.connections = this.loadBalancer.connections;
    this.listenerArn = this.listener.listenerArn;
    this.loadBalancerArn = this.loadBalancer.loadBalancerArn;
    this.loadBalancerDnsName = this.loadBalancer.loadBalancerDnsName;

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: scalingRange.min, maxCapacity: scalingRange.max });
    this.scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: scalingRange.targetCpu });
    recordTopology(this, () => serviceBackendTopology(this, props));
    recordPart(this, 'service', `${this.backendName}: Fargate ${props.cpu ?? 256} CPU / ${props.memoryLimitMiB ?? 512} MiB, `
      + `${scalingRange.min}-${scalingRange.max} tasks, behind an internal ${type} on port ${this.listenerPort}`);
  }

  private createAccessLogBucket(retention: Duration): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogBucket', {
      // ALB access logs can only be written to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: retention }],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'this bucket only receives load balancer access logs; logging reads of it would need another log bucket, itself unlogged',
    });
    return bucket;
  }
}

/** The security groups a {@link ServiceBackend} creates. */
export interface ServiceBackendSecurityGroups {
  /**
   * The load balancer's: no ingress until a gateway admits its VPC link v2 (a REST API's VPC
   * link v1 to an NLB needs none); egress to the tasks only.
   */
  readonly loadBalancer: ec2.SecurityGroup;
  /** The tasks': ingress from the load balancer on the container port only. */
  readonly service: ec2.SecurityGroup;
}

/** `OrdersService` → `orders-service`, for names derived from construct ids. */
function kebabCase(id: string): string {
  const name = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return (/^[a-z]/.test(name) ? name : `backend-${name}`).replace(/-+$/, '').slice(0, 64);
}
