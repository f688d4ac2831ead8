import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct, IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
import {
  checkDomainName, checkDuration, checkMatcherCodes, checkNumber, checkText, CLOUD_MAP_DNS_TTL, CLOUD_MAP_SERVICE_NAME,
  BACKEND_NAME, GRPC_BACKEND_NAME, GRPC_CODES, GRPC_HEALTH_CHECK_PATH, PORT, S3_EXPIRATION_DAYS,
} from '../private/aws-rules';
import { fargateScalingRange, fargateTask } from '../private/fargate-task';
import { logAlbAccessLogs } from '../private/alb-access-logs';
import { recordPart } from '../private/topology-metadata';
import { grpcServiceBackendTopology } from '../manifest/topology-parts';
import { recordTopology } from '../manifest/topology-recorder';
import { privateSubnets } from '../gateway/shared-vpc-link';
import type { ServiceAutoScaling } from './service-backend';

/**
 * A gRPC service a {@link GrpcTranslator} can call.
 *
 * `target` is a gRPC name-resolver target known at synth (`dns:///users.grpc.internal:50051`),
 * because it is shipped in the translator's configuration file, not in an environment variable.
 * `connections` is what the translator must reach: the tasks themselves (Cloud Map) or the
 * internal load balancer; the translator admits itself with `connections.allowFrom`.
 */
export interface IGrpcServiceBackend extends IConstruct, ec2.IConnectable {
  /** The gRPC target the client dials (`dns:///name.namespace:port`). */
  readonly target: string;
  /** The port the client connects to (the tasks' port, or the load balancer's listener port). */
  readonly port: number;
  /** Whether the client must speak TLS to the target. */
  readonly tls: boolean;
  /**
   * The host name the server certificate must match, when `tls` is true.
   * @default - the host of `target`
   */
  readonly tlsServerName?: string;
  /** The VPC the backend is reachable in. */
  readonly vpc: ec2.IVpc;
  /** A short name for summaries and generated ids (`users`). */
  readonly backendName: string;
}

/** How the discovery choice of a {@link GrpcServiceBackend} is realised. */
export enum GrpcDiscoveryType {
  /** Cloud Map private DNS with one A record per task; the client round-robins over them. */
  CLOUD_MAP = 'CLOUD_MAP',
  /** An internal ALB with an HTTPS listener and a gRPC target group. */
  INTERNAL_ALB = 'INTERNAL_ALB',
}

/** Options for {@link GrpcDiscovery.cloudMap}. */
export interface CloudMapDiscoveryOptions {
  /**
   * The private DNS namespace the service registers in.
   * @default - one namespace `grpc.internal` per stack and VPC, shared by every gRPC backend
   */
  readonly namespace?: servicediscovery.IPrivateDnsNamespace;
  /**
   * The service's name in the namespace.
   * @default - the backend's `backendName`
   */
  readonly serviceName?: string;
  /**
   * How long clients cache the A records. Short, because clients re-resolve on task changes.
   * @default Duration.seconds(10)
   */
  readonly dnsTtl?: Duration;
}

/** Options for {@link GrpcDiscovery.internalAlb}. */
export interface InternalAlbDiscoveryOptions {
  /** The certificate of the HTTPS listener; it must cover `domainName`. */
  readonly certificate: acm.ICertificate;
  /**
   * The host name clients dial, covered by `certificate` (the ALB's own DNS name can carry no
   * certificate, and the name must be known at synth to ship in the translator's configuration).
   */
  readonly domainName: string;
  /**
   * A private hosted zone in which to create an alias A record `domainName` → the ALB.
   * @default - no record; you point `domainName` at the ALB yourself
   */
  readonly hostedZone?: route53.IHostedZone;
  /**
   * The HTTPS listener's port.
   * @default 443
   */
  readonly listenerPort?: number;
  /**
   * The gRPC health check path (`/package.Service/Method`).
   * @default '/grpc.health.v1.Health/Check'
   */
  readonly healthCheckPath?: string;
  /**
   * The gRPC status codes that count as healthy: a code (`0`), a list (`0,12`) or a range
   * (`0-99`), codes 0 to 99. `0-99` would count any gRPC answer as healthy, a server
   * answering NOT_SERVING (the health service's 14, UNAVAILABLE) included.
   * @default '0' - only OK: the health check method answered SERVING
   */
  readonly healthyGrpcCodes?: string;
  /**
   * The bucket for the ALB's access logs (S3-managed encryption, which ALB log delivery requires).
   * @default - a new bucket: S3-managed encryption, TLS enforced, public access blocked, logs expire after `accessLogRetention`
   */
  readonly accessLogBucket?: s3.IBucket;
  /**
   * How long access logs are kept in the bucket the backend creates (ignored with `accessLogBucket`).
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;
  /**
   * The listener's TLS policy.
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.2 and 1.3)
   */
  readonly sslPolicy?: elbv2.SslPolicy;
}

/** How the translator finds the tasks of a {@link GrpcServiceBackend}. */
export class GrpcDiscovery {
  /**
   * Cloud Map private DNS (A records); the translator round-robins over the tasks client-side.
   *
   * @example
   * GrpcDiscovery.cloudMap()
   */
  public static cloudMap(options: CloudMapDiscoveryOptions = {}): GrpcDiscovery {
    return new GrpcDiscovery(GrpcDiscoveryType.CLOUD_MAP, options, undefined);
  }

  /**
   * An internal ALB with an HTTPS listener and a gRPC target group; the ALB balances per call.
   *
   * @example
   * GrpcDiscovery.internalAlb({ certificate, domainName: 'users.internal.example.com' })
   */
  public static internalAlb(options: InternalAlbDiscoveryOptions): GrpcDiscovery {
    return new GrpcDiscovery(GrpcDiscoveryType.INTERNAL_ALB, undefined, options);
  }

  /** The discovery type. */
  public readonly type: GrpcDiscoveryType;
  /** The Cloud Map options, for CLOUD_MAP. */
  public readonly cloudMapOptions?: CloudMapDiscoveryOptions;
  /** The ALB options, for INTERNAL_ALB. */
  public readonly albOptions?: InternalAlbDiscoveryOptions;

  private constructor(type: GrpcDiscoveryType, cloudMapOptions?: CloudMapDiscoveryOptions, albOptions?: InternalAlbDiscoveryOptions) {
    this.type = type;
    this.cloudMapOptions = cloudMapOptions;
    this.albOptions = albOptions;
  }
}

/** The options of a {@link GrpcServiceBackend} that do not name its VPC or cluster. */
export interface GrpcServiceBackendOptions {
  /** The container image of the gRPC server. */
  readonly image: ecs.ContainerImage;
  /**
   * How the translator reaches the tasks.
   * @default GrpcDiscovery.cloudMap()
   */
  readonly discovery?: GrpcDiscovery;
  /**
   * The port the gRPC server listens on (plaintext HTTP/2 inside the VPC).
   * @default 50051
   */
  readonly port?: number;
  /**
   * Fargate CPU units.
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Fargate memory, in MiB; must be valid for `cpu`.
   * @default 512
   */
  readonly memoryLimitMiB?: number;
  /**
   * The number of tasks at deploy time.
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * CPU target tracking, as for {@link ServiceBackend}.
   * @default - min desiredCount, max four times desiredCount (at least 1; desiredCount itself when it is a token), target 60% CPU
   */
  readonly autoScaling?: ServiceAutoScaling;
  /**
   * Plain environment variables of the container (secrets belong in `secrets`).
   * @default - none
   */
  readonly environment?: { readonly [name: string]: string };
  /**
   * Secrets exposed to the container as environment variables.
   * @default - none
   */
  readonly secrets?: { readonly [name: string]: ecs.Secret };
  /**
   * A short name for summaries, the container, the log stream prefix and, unless
   * `discovery.serviceName` is given, the Cloud Map service name: so one DNS label in lower
   * case, stricter than an HTTP backend's name, which never becomes a DNS name.
   * @default - the construct id in lower case
   */
  readonly backendName?: string;
  /**
   * How long container logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Properties of a {@link GrpcServiceBackend}. */
export interface GrpcServiceBackendProps extends GrpcServiceBackendOptions {
  /** The VPC; tasks (and the ALB) go in its private subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The cluster.
   * @default - a new cluster in the VPC with Container Insights
   */
  readonly cluster?: ecs.ICluster;
}

/** Attributes of a gRPC server this library did not create, for {@link GrpcServiceBackend.fromGrpcServiceBackendAttributes}. */
export interface GrpcServiceBackendAttributes {
  /** The VPC the server is reachable in. */
  readonly vpc: ec2.IVpc;
  /** The server's host: a DNS name (resolved by the translator, every address used) or an IPv4 address. */
  readonly host: string;
  /** The server's port. */
  readonly port: number;
  /**
   * Whether the server speaks TLS.
   * @default false
   */
  readonly tls?: boolean;
  /**
   * The name the server certificate carries, when it differs from `host`.
   * @default - `host`
   */
  readonly tlsServerName?: string;
  /**
   * Security groups of the server (or of its load balancer); clients are admitted to them.
   * @default - none: clients get egress to `host`/32 for an IPv4 host, else to the VPC's CIDR, on `port` only
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * A short name for summaries.
   * @default - the construct id in lower case
   */
  readonly backendName?: string;
}

const NAMESPACES = Symbol.for('cdk-gateway-topology.grpcNamespaces');
/**
 * A gRPC server on ECS Fargate in private subnets, reached by a {@link GrpcTranslator}
 * through Cloud Map DNS (client-side round robin) or through an internal ALB with a gRPC
 * target group behind an HTTPS listener.
 *
 * Nothing may connect until a client is admitted: the tasks' (or the ALB's) security group
 * starts with no ingress; the translator calls `connections.allowFrom`.
 *
 * @example
 * const users = new GrpcServiceBackend(stack, 'Users', {
 *   vpc,
 *   image: ecs.ContainerImage.fromRegistry('my-registry/users-grpc:1.0.0'),
 *   discovery: GrpcDiscovery.cloudMap(),
 * });
 */
export class GrpcServiceBackend extends Construct implements IGrpcServiceBackend {
  /**
   * A gRPC server this library did not create (an existing service, another account's endpoint).
   *
   * @example
   * GrpcServiceBackend.fromGrpcServiceBackendAttributes(stack, 'Users', { vpc, host: 'users.internal.example.com', port: 50051 })
   */
  public static fromGrpcServiceBackendAttributes(scope: Construct, id: string, attrs: GrpcServiceBackendAttributes): IGrpcServiceBackend {
    return new ImportedGrpcServiceBackend(scope, id, attrs);
  }

  /** @inheritdoc */
  public readonly target: string;
  /** @inheritdoc */
  public readonly port: number;
  /** @inheritdoc */
  public readonly tls: boolean;
  /** @inheritdoc */
  public readonly tlsServerName?: string;
  /** @inheritdoc */
  public readonly vpc: ec2.IVpc;
  /** @inheritdoc */
  public readonly backendName: string;
  /** What a client must reach: the tasks (Cloud Map) or the ALB, with the port as default. */
  public readonly connections: ec2.Connections;
  /** The discovery choice. */
  public readonly discoveryType: GrpcDiscoveryType;
  /** The cluster (given or created). */
  public readonly cluster: ecs.ICluster;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The gRPC server container. */
  public readonly container: ecs.ContainerDefinition;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The tasks' security group. */
  public readonly serviceSecurityGroup: ec2.SecurityGroup;
  /** The container log group. */
  public readonly logGroup: logs.LogGroup;
  /** The scaling target of the service. */
  public readonly scaling: ecs.ScalableTaskCount;
  /** The private DNS namespace, for Cloud Map discovery. */
  public readonly namespace?: servicediscovery.IPrivateDnsNamespace;
  /** The Cloud Map service, for Cloud Map discovery. */
  public readonly cloudMapService?: servicediscovery.IService;
  /** The internal ALB, for ALB discovery. */
  public readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  /** The ALB's security group, for ALB discovery. */
  public readonly loadBalancerSecurityGroup?: ec2.SecurityGroup;
  /** The HTTPS listener, for ALB discovery. */
  public readonly listener?: elbv2.ApplicationListener;
  /** The gRPC target group, for ALB discovery. */
  public readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /** The ALB access-log bucket, for ALB discovery. */
  public readonly accessLogBucket?: s3.IBucket;
  /** The alias record of `domainName`, for ALB discovery with a hosted zone. */
  public readonly aliasRecord?: route53.ARecord;

  constructor(scope: Construct, id: string, props: GrpcServiceBackendProps) {
    super(scope, id);
    const discovery = props.discovery ?? GrpcDiscovery.cloudMap();
    const containerPort = props.port ?? 50051;
    const cpu = props.cpu ?? 256;
    const memoryLimitMiB = props.memoryLimitMiB ?? 512;
    const desiredCount = props.desiredCount ?? 2;
    this.backendName = props.backendName ?? id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    this.vpc = props.vpc;
    this.discoveryType = discovery.type;

    this.validate(discovery, containerPort);
    const scalingRange = fargateScalingRange(this, desiredCount, props.autoScaling);
    const subnets = privateSubnets(this, 'vpc', props.vpc);

    const task = fargateTask(this, {
      vpc: props.vpc,
      cluster: props.cluster,
      image: props.image,
      cpu,
      memoryLimitMiB,
      environment: props.environment,
      secrets: props.secrets,
      logRetention: props.logRetention,
      containerId: 'Server',
      streamPrefix: this.backendName,
      portMapping: { containerPort, protocol: ecs.Protocol.TCP, name: 'grpc', appProtocol: ecs.AppProtocol.grpc },
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.cluster = task.cluster;
    this.logGroup = task.logGroup;
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;

    this.serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: props.vpc,
      description: `gRPC service ${this.backendName}: admits only its clients (translator or ALB)`,
      // Tasks pull images and write logs through NAT or VPC endpoints over HTTPS.
      allowAllOutbound: true,
    });

    let cloudMapOptions: ecs.CloudMapOptions | undefined;
    if (discovery.type === GrpcDiscoveryType.CLOUD_MAP) {
      const options = discovery.cloudMapOptions ?? {};
      this.namespace = options.namespace ?? sharedGrpcNamespace(this, props.vpc);
      cloudMapOptions = {
        cloudMapNamespace: this.namespace,
        name: options.serviceName ?? this.backendName,
        dnsRecordType: servicediscovery.DnsRecordType.A,
        dnsTtl: options.dnsTtl ?? Duration.seconds(10),
        containerPort,
      };
    }

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount,
      assignPublicIp: false,
      vpcSubnets: { subnets },
      securityGroups: [this.serviceSecurityGroup],
      cloudMapOptions,
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: scalingRange.min, maxCapacity: scalingRange.max });
    this.scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: scalingRange.targetCpu });

    if (discovery.type === GrpcDiscoveryType.CLOUD_MAP) {
      const serviceName = discovery.cloudMapOptions?.serviceName ?? this.backendName;
      this.cloudMapService = this.service.cloudMapService;
      this.port = containerPort;
      this.tls = false;
      this.target = `dns:///${serviceName}.${this.namespace!.namespaceName}:${containerPort}`;
      this.connections = new ec2.Connections({ securityGroups: [this.serviceSecurityGroup], defaultPort: ec2.Port.tcp(containerPort) });
    } else {
      const options = discovery.albOptions!;
      const listenerPort = options.listenerPort ?? 443;
      this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
        vpc: props.vpc,
        description: `Internal gRPC ALB of ${this.backendName}: admits only its clients`,
        // Egress is opened to the tasks' port when they are registered as targets.
        allowAllOutbound: false,
      });
      this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
        vpc: props.vpc,
        internetFacing: false,
        vpcSubnets: { subnets },
        securityGroup: this.loadBalancerSecurityGroup,
        dropInvalidHeaderFields: true,
      });
      checkDuration(this, 'discovery.accessLogRetention', options.accessLogRetention, S3_EXPIRATION_DAYS);
      this.accessLogBucket = options.accessLogBucket ?? this.createAccessLogBucket(options.accessLogRetention ?? Duration.days(90));
      logAlbAccessLogs(this.loadBalancer, this.accessLogBucket, this.backendName);
      this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
        vpc: props.vpc,
        port: containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        protocolVersion: elbv2.ApplicationProtocolVersion.GRPC,
        targetType: elbv2.TargetType.IP,
        targets: [this.service.loadBalancerTarget({ containerName: 'Server', containerPort })],
        healthCheck: {
          enabled: true,
          path: options.healthCheckPath ?? '/grpc.health.v1.Health/Check',
          healthyGrpcCodes: options.healthyGrpcCodes ?? '0',
          interval: Duration.seconds(15),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
        deregistrationDelay: Duration.seconds(30),
      });
      this.listener = this.loadBalancer.addListener('Listener', {
        port: listenerPort,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [options.certificate],
        sslPolicy: options.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
        open: false,
        defaultTargetGroups: [this.targetGroup],
      });
      if (options.hostedZone) {
        this.aliasRecord = new route53.ARecord(this, 'AliasRecord', {
          zone: options.hostedZone,
          recordName: options.domainName,
          target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)),
        });
      }
      this.port = listenerPort;
      this.tls = true;
      this.tlsServerName = options.domainName;
      this.target = `dns:///${options.domainName}:${listenerPort}`;
      this.connections = new ec2.Connections({ securityGroups: [this.loadBalancerSecurityGroup], defaultPort: ec2.Port.tcp(listenerPort) });
    }
    recordPart(this, 'gRPC service', `${this.backendName}: Fargate gRPC service at ${this.target}`);
    recordTopology(this, () => grpcServiceBackendTopology(this));
  }

  private createAccessLogBucket(retention: Duration): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogBucket', {
      // ALB log delivery writes only to buckets with S3-managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [{ expiration: retention }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the ALB access logs; logging its own access would need another bucket for a log of logs.',
    });
    return bucket;
  }

  private validate(discovery: GrpcDiscovery, port: number): void {
    checkNumber(this, 'port', port, PORT);
    checkText(this, 'backendName', this.backendName, GRPC_BACKEND_NAME);
    if (discovery.type === GrpcDiscoveryType.CLOUD_MAP) {
      const options = discovery.cloudMapOptions ?? {};
      checkText(this, 'discovery.serviceName', options.serviceName, CLOUD_MAP_SERVICE_NAME);
      checkDuration(this, 'discovery.dnsTtl', options.dnsTtl, CLOUD_MAP_DNS_TTL);
      if (options.serviceName !== undefined && Token.isUnresolved(options.serviceName)) {
        throw new TopologyValidationError(this, {
          prop: 'discovery.serviceName', received: options.serviceName,
          problem: 'the service name is unknown at synth, but the translator needs the full DNS name in its configuration',
          fix: 'give a literal service name such as "users"',
        });
      }
      if (options.namespace && Token.isUnresolved(options.namespace.namespaceName)) {
        throw new TopologyValidationError(this, {
          prop: 'discovery.namespace', received: options.namespace,
          problem: 'the namespace name is unknown at synth, but the translator needs the full DNS name in its configuration',
          fix: 'import the namespace with PrivateDnsNamespace.fromPrivateDnsNamespaceAttributes and a literal namespaceName',
        });
      }
    } else {
      const options = discovery.albOptions;
      if (!options || !options.certificate) {
        throw new TopologyValidationError(this, {
          prop: 'discovery.certificate', received: options?.certificate,
          problem: 'an ALB gRPC listener must be HTTPS and needs a certificate',
          fix: 'pass an acm.ICertificate that covers domainName',
        });
      }
      if (typeof options.domainName !== 'string' || Token.isUnresolved(options.domainName)) {
        throw new TopologyValidationError(this, {
          prop: 'discovery.domainName', received: options.domainName,
          problem: 'the ALB flavour needs a literal DNS name that the certificate covers and the translator dials',
          fix: 'set domainName, for example "users.grpc.example.internal"',
        });
      }
      checkDomainName(this, 'discovery.domainName', options.domainName);
      checkNumber(this, 'discovery.listenerPort', options.listenerPort, PORT);
      checkText(this, 'discovery.healthCheckPath', options.healthCheckPath, GRPC_HEALTH_CHECK_PATH);
      checkMatcherCodes(this, 'discovery.healthyGrpcCodes', options.healthyGrpcCodes, GRPC_CODES);
    }
  }
}

class ImportedGrpcServiceBackend extends Construct implements IGrpcServiceBackend {
  public readonly target: string;
  public readonly port: number;
  public readonly tls: boolean;
  public readonly tlsServerName?: string;
  public readonly vpc: ec2.IVpc;
  public readonly backendName: string;
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, attrs: GrpcServiceBackendAttributes) {
    super(scope, id);
    checkNumber(this, 'port', attrs.port, PORT);
    // An imported server is reached at its host; its name labels summaries only, as an HTTP backend's does.
    checkText(this, 'backendName', attrs.backendName, BACKEND_NAME);
    if (attrs.tlsServerName !== undefined && !attrs.tls) {
      throw new TopologyValidationError(this, {
        prop: 'tlsServerName', received: attrs.tlsServerName,
        problem: 'the server name is checked against the server\'s certificate, and this backend is plaintext (tls is not true)',
        fix: 'set tls: true, or remove tlsServerName',
      });
    }
    // The translator verifies the certificate against this name: a DNS name, like the host.
    checkDomainName(this, 'tlsServerName', attrs.tlsServerName, { allowSingleLabel: true });
    const ipv4 = /^(\d{1,3}\.){3}\d{1,3}$/.test(attrs.host ?? '');
    if (typeof attrs.host !== 'string' || Token.isUnresolved(attrs.host) || !(ipv4 || /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(attrs.host))) {
      throw new TopologyValidationError(this, {
        prop: 'host', received: attrs.host,
        problem: 'the host must be a literal DNS name or IPv4 address: it ships in the translator\'s configuration',
        fix: 'give the server\'s DNS name, for example "users.grpc.example.internal"',
      });
    }
    this.vpc = attrs.vpc;
    this.port = attrs.port;
    this.tls = attrs.tls ?? false;
    this.tlsServerName = attrs.tlsServerName;
    this.backendName = attrs.backendName ?? id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    this.target = ipv4 ? `${attrs.host}:${attrs.port}` : `dns:///${attrs.host}:${attrs.port}`;
    const defaultPort = ec2.Port.tcp(attrs.port);
    this.connections = attrs.securityGroups && attrs.securityGroups.length > 0
      ? new ec2.Connections({ securityGroups: attrs.securityGroups, defaultPort })
      : new ec2.Connections({ peer: ipv4 ? ec2.Peer.ipv4(`${attrs.host}/32`) : ec2.Peer.ipv4(attrs.vpc.vpcCidrBlock), defaultPort });
  }
}

/** One private DNS namespace `grpc.internal` per stack and VPC: two would collide in Route 53. */
function sharedGrpcNamespace(requester: IConstruct, vpc: ec2.IVpc): servicediscovery.PrivateDnsNamespace {
  const stack = Stack.of(requester);
  const registry: Map<string, servicediscovery.PrivateDnsNamespace> = ((stack as any)[NAMESPACES] ??= new Map());
  const existing = registry.get(vpc.node.path);
  if (existing) return existing;
  const namespace = new servicediscovery.PrivateDnsNamespace(stack, `GrpcNamespace${vpc.node.id.replace(/[^A-Za-z0-9]/g, '')}`, {
    vpc,
    name: 'grpc.internal',
    description: `gRPC services of ${vpc.node.path}`,
  });
  registry.set(vpc.node.path, namespace);
  return namespace;
}
