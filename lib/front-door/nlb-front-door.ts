import { Duration, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { checkHealthCheck, checkUnique } from '../private/aws-rules';
import { recordPart } from '../private/topology-metadata';
import { nlbFrontDoorTopology } from '../manifest/topology-parts';
import { recordTopology } from '../manifest/topology-recorder';
import { FrontDoorBaseOptions, FrontDoorBaseProps } from './front-door-options';
import {
  accessLogBucket, aliasRecords, ENDPOINT_HEALTHY_CODES, ENDPOINT_PORT, endpointTargets, frontDoorCertificate,
  frontDoorSecurityGroup, logNlbAccessLogs, lookupEndpointIps, privateApiOf, privateCustomDomain, validateBaseProps, validateSameVpc, validateSslPolicy,
} from './private/front-door-parts';

/** How an {@link NlbFrontDoor} handles the clients' TLS. */
export enum NlbFrontDoorProtocol {
  /**
   * A TLS listener terminates TLS with the ACM certificate and re-encrypts to the VPC
   * endpoint; the load balancer writes access logs.
   */
  TLS = 'TLS',
  /**
   * A TCP listener passes the clients' TLS through untouched; the VPC endpoint terminates
   * it with the private custom domain name's certificate. Nothing between the client and
   * API Gateway sees plaintext, and the load balancer writes no access logs.
   */
  TCP_PASSTHROUGH = 'TCP_PASSTHROUGH',
}

/**
 * Static Elastic IP addresses for an internet-facing {@link NlbFrontDoor}, one per
 * availability zone, for partners' allow-lists. Enum-like: build one with a static factory.
 */
export class NlbElasticIps {
  /**
   * New Elastic IPs, one per subnet of the load balancer.
   *
   * @example
   * NlbElasticIps.create()
   */
  public static create(): NlbElasticIps {
    return new NlbElasticIps();
  }

  /**
   * Existing Elastic IPs (allocation ids `eipalloc-...`), one per subnet, in subnet order.
   *
   * @example
   * NlbElasticIps.fromAllocationIds(['eipalloc-0123456789abcdef0', 'eipalloc-0fedcba9876543210'])
   */
  public static fromAllocationIds(allocationIds: string[]): NlbElasticIps {
    return new NlbElasticIps(allocationIds);
  }

  private constructor(
    /** The allocation ids of existing addresses; undefined when new ones are created. */
    public readonly allocationIds?: string[],
  ) {}
}

/** The options of an {@link NlbFrontDoor} that do not name its gateway or VPC. */
export interface NlbFrontDoorOptions extends FrontDoorBaseOptions {
  /**
   * Terminate TLS and re-encrypt, or pass it through.
   * @default NlbFrontDoorProtocol.TLS
   */
  readonly protocol?: NlbFrontDoorProtocol;
  /**
   * The TLS listener's security policy; it must not admit TLS below 1.2.
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.3 and 1.2)
   */
  readonly sslPolicy?: elbv2.SslPolicy;
  /**
   * Static Elastic IP addresses, one per availability zone (internet-facing only).
   * @default - AWS assigns the addresses
   */
  readonly elasticIps?: NlbElasticIps;
  /**
   * Whether the load balancer is internet-facing.
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * Whether each load balancer node spreads connections over the endpoint's interfaces in
   * every zone, so one unhealthy interface does not blackhole a zone's clients.
   * @default true
   */
  readonly crossZoneEnabled?: boolean;
  /**
   * The target health check, merged over the default.
   * @default - HTTPS GET / every 30 seconds, healthy on 200-403: the VPC endpoint answers a
   * request for no API it knows with 403 from API Gateway itself, which proves the endpoint
   * is up
   */
  readonly healthCheck?: elbv2.HealthCheck;
}

/** Props of {@link NlbFrontDoor}. */
export interface NlbFrontDoorProps extends NlbFrontDoorOptions, FrontDoorBaseProps {}

/**
 * An internet-facing Network Load Balancer in front of a private REST API: optional static
 * Elastic IPs per zone, a TLS listener (TLS 1.3/1.2, re-encrypting to the endpoint) or TCP
 * passthrough on 443, a security group admitting 443 only, and targets at the network
 * interfaces of the API's execute-api VPC endpoint (looked up at deploy time). A private
 * custom domain name makes the clients' Host header one API Gateway serves.
 *
 * @example
 * new NlbFrontDoor(stack, 'FrontDoor', {
 *   gateway: restGateway, // a RestGateway built with RestEndpoint.private({ vpc })
 *   vpc,
 *   domainName: 'partners.example.com',
 *   hostedZone: zone,
 *   elasticIps: NlbElasticIps.create(), // fixed addresses for partners' allow-lists
 * });
 */
export class NlbFrontDoor extends Construct {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.NetworkLoadBalancer;
  /** The listener on 443 (TLS or TCP). */
  public readonly listener: elbv2.NetworkListener;
  /** The target group of the VPC endpoint's addresses (TLS, or TCP for passthrough). */
  public readonly targetGroup: elbv2.NetworkTargetGroup;
  /** The certificate of the TLS listener and the private custom domain name. */
  public readonly certificate: acm.ICertificate;
  /** The bucket receiving the access logs (written for TLS listeners). */
  public readonly accessLogBucket: s3.IBucket;
  /** The load balancer's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The Elastic IPs the construct created (empty when none, or when given by allocation id). */
  public readonly elasticIps: ec2.CfnEIP[] = [];
  /** The deploy-time lookup of the VPC endpoint's addresses. */
  public readonly endpointIpLookup: cr.AwsCustomResource;
  /** The VPC endpoint's addresses, one per availability zone (deploy-time tokens). */
  public readonly endpointIps: string[];
  /** The private custom domain name. */
  public readonly domainName: apigw.CfnDomainNameV2;
  /** The mapping of the API's stage onto the private custom domain name. */
  public readonly basePathMapping: apigw.CfnBasePathMappingV2;
  /** The association letting the VPC endpoint serve the private custom domain name. */
  public readonly accessAssociation: apigw.CfnDomainNameAccessAssociation;
  /** The alias A record, when one was asked for. */
  public readonly aRecord?: route53.ARecord;
  /** The alias AAAA record of a dual-stack load balancer, when a record was asked for. */
  public readonly aaaaRecord?: route53.AaaaRecord;

  constructor(scope: Construct, id: string, props: NlbFrontDoorProps) {
    super(scope, id);
    const api = privateApiOf(this, props.gateway);
    const internetFacing = props.internetFacing ?? true;
    const protocol = props.protocol ?? NlbFrontDoorProtocol.TLS;
    validateBaseProps(this, props, internetFacing);
    validateSameVpc(this, props.vpc, api.vpcEndpoint);
    validateSslPolicy(this, 'sslPolicy', props.sslPolicy);
    // Checked as merged over the default, so a timeout is compared with the interval in force.
    checkHealthCheck(this, 'healthCheck', { interval: Duration.seconds(30), ...props.healthCheck }, 'NLB');
    if (props.sslPolicy && protocol === NlbFrontDoorProtocol.TCP_PASSTHROUGH) {
      throw new TopologyValidationError(this, {
        prop: 'sslPolicy', received: props.sslPolicy,
        problem: 'a TCP passthrough listener does not terminate TLS, so it has no security policy; the private custom domain name uses TLS 1.2',
        fix: 'drop sslPolicy, or use protocol: NlbFrontDoorProtocol.TLS',
      });
    }

    this.certificate = frontDoorCertificate(this, props, protocol === NlbFrontDoorProtocol.TLS
      ? 'an NLB TLS listener terminates TLS with an ACM certificate for domainName, and the private custom domain name presents it too'
      : 'with TCP passthrough the private custom domain name presents an ACM certificate for domainName to the clients');

    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? {
      subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS,
    }).subnets;
    const allocationIds = this.elasticIpAllocations(props, internetFacing, subnets);

    this.securityGroup = frontDoorSecurityGroup(this, props, [443], api.vpcEndpoint);
    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing,
      ...(allocationIds
        ? { subnetMappings: subnets.map((subnet, i) => ({ subnet, allocationId: allocationIds[i] })) }
        : { vpcSubnets: { subnets } }),
      securityGroups: [this.securityGroup],
      ipAddressType: props.ipAddressType,
      crossZoneEnabled: props.crossZoneEnabled ?? true,
      deletionProtection: props.deletionProtection ?? true,
      loadBalancerName: props.loadBalancerName,
    });
    // Subnet mappings drop the L2's wait for the internet gateway, which a public NLB needs.
    if (internetFacing) {
      for (const subnet of subnets) this.loadBalancer.node.addDependency(subnet.internetConnectivityEstablished);
    }
    this.accessLogBucket = accessLogBucket(this, props);
    logNlbAccessLogs(this.loadBalancer, this.accessLogBucket, 'front-door');

    const lookup = lookupEndpointIps(this, props.vpc, api.vpcEndpoint, props.endpointZoneCount);
    this.endpointIpLookup = lookup.lookup;
    this.endpointIps = lookup.ips;

    const tls = protocol === NlbFrontDoorProtocol.TLS;
    this.targetGroup = new elbv2.NetworkTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: tls ? elbv2.Protocol.TLS : elbv2.Protocol.TCP,
      port: ENDPOINT_PORT,
      targets: endpointTargets(lookup.ips),
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        protocol: elbv2.Protocol.HTTPS,
        path: '/',
        healthyHttpCodes: ENDPOINT_HEALTHY_CODES,
        interval: Duration.seconds(30),
        ...props.healthCheck,
      },
    });
    this.listener = this.loadBalancer.addListener('Listener', {
      port: 443,
      protocol: tls ? elbv2.Protocol.TLS : elbv2.Protocol.TCP,
      certificates: tls ? [elbv2.ListenerCertificate.fromCertificateManager(this.certificate)] : undefined,
      sslPolicy: tls ? (props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS) : undefined,
      defaultTargetGroups: [this.targetGroup],
    });

    const domain = privateCustomDomain(this, api, props.domainName, this.certificate, props.basePath);
    this.domainName = domain.domainName;
    this.basePathMapping = domain.basePathMapping;
    this.accessAssociation = domain.accessAssociation;

    const records = aliasRecords(this, this.loadBalancer, props.aliasRecord, props.domainName,
      props.ipAddressType === elbv2.IpAddressType.DUAL_STACK);
    this.aRecord = records.aRecord;
    this.aaaaRecord = records.aaaaRecord;
    recordTopology(this, () => nlbFrontDoorTopology(this, props));
    recordPart(this, 'front door', `${internetFacing ? 'internet-facing' : 'internal'} NLB ${props.domainName}: `
      + `${props.protocol === NlbFrontDoorProtocol.TCP_PASSTHROUGH ? 'TCP 443 passthrough' : 'TLS 443, re-encrypted'}`
      + `${this.elasticIps.length > 0 ? `, ${this.elasticIps.length} Elastic IPs` : ''} -> execute-api VPC endpoint -> ${props.gateway.node.path}`);
  }

  /** The allocation ids of the Elastic IPs, one per subnet, creating them when asked. */
  private elasticIpAllocations(props: NlbFrontDoorProps, internetFacing: boolean, subnets: ec2.ISubnet[]): string[] | undefined {
    if (!props.elasticIps) return undefined;
    if (!internetFacing) {
      throw new TopologyValidationError(this, {
        prop: 'elasticIps', received: props.elasticIps.allocationIds ?? 'NlbElasticIps.create()',
        problem: 'Elastic IPs are public addresses; an internal load balancer has private addresses only',
        fix: 'drop elasticIps, or make the load balancer internet-facing (internetFacing: true)',
      });
    }
    const given = props.elasticIps.allocationIds;
    if (given) {
      if (!Token.isUnresolved(given) && given.length !== subnets.length) {
        throw new TopologyValidationError(this, {
          prop: 'elasticIps', received: given,
          problem: `the load balancer has ${subnets.length} subnets and takes exactly one Elastic IP per subnet`,
          fix: `give ${subnets.length} allocation ids, in the order of the public subnets, or use NlbElasticIps.create()`,
        });
      }
      // One address for two subnets cannot be: each allocation id maps one subnet.
      checkUnique(this, 'elasticIps', given, 'an allocation id');
      const bad = given.find((id) => !Token.isUnresolved(id) && !/^eipalloc-[0-9a-f]+$/.test(id));
      if (bad !== undefined) {
        throw new TopologyValidationError(this, {
          prop: 'elasticIps', received: bad,
          problem: 'not an Elastic IP allocation id',
          fix: 'give allocation ids such as "eipalloc-0123456789abcdef0" (the address itself is not accepted)',
        });
      }
      return given;
    }
    subnets.forEach((subnet, i) => {
      this.elasticIps.push(new ec2.CfnEIP(this, `ElasticIp${i + 1}`, {
        domain: 'vpc',
        tags: [{ key: 'Name', value: `${this.node.path} ${subnet.availabilityZone}` }],
      }));
    });
    return this.elasticIps.map((eip) => eip.attrAllocationId);
  }
}
