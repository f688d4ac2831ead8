import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { ALB_IDLE_TIMEOUT, checkDuration, checkHealthCheck, checkNumber, WAF_RATE_LIMIT } from '../private/aws-rules';
import { logAlbAccessLogs } from '../private/alb-access-logs';
import { recordPart } from '../private/topology-metadata';
import { albFrontDoorTopology } from '../manifest/topology-parts';
import { recordTopology } from '../manifest/topology-recorder';
import { FrontDoorBaseOptions, FrontDoorBaseProps } from './front-door-options';
import {
  accessLogBucket, aliasRecords, ENDPOINT_HEALTHY_CODES, ENDPOINT_PORT, endpointTargets, frontDoorCertificate,
  frontDoorSecurityGroup, lookupEndpointIps, privateApiOf, privateCustomDomain, validateBaseProps, validateSameVpc, validateSslPolicy,
} from './private/front-door-parts';
import { createFrontDoorWebAcl } from './private/front-door-web-acl';

/** The WAFv2 web ACL of an {@link AlbFrontDoor}. Every rule is on unless turned off. */
export interface AlbFrontDoorWafOptions {
  /**
   * Whether the load balancer gets a web ACL at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The AWS managed common rule set (OWASP-style protections).
   * @default true
   */
  readonly commonRuleSet?: boolean;
  /**
   * The AWS managed known bad inputs rule set (Log4j, exploit paths).
   * @default true
   */
  readonly knownBadInputsRuleSet?: boolean;
  /**
   * The AWS managed IP reputation list (bots, known attackers).
   * @default true
   */
  readonly ipReputationList?: boolean;
  /**
   * The per-IP rate-based rule.
   * @default true
   */
  readonly rateLimit?: boolean;
  /**
   * Requests per five minutes one IP address may send before the rate-based rule blocks it.
   * @default 2000
   */
  readonly rateLimitPerFiveMinutes?: number;
}

/** Mutual TLS on an {@link AlbFrontDoor}'s HTTPS listener. */
export interface AlbFrontDoorMutualTlsOptions {
  /**
   * VERIFY (the load balancer checks client certificates against the trust store) or
   * PASS_THROUGH (it forwards them in `X-Amzn-Mtls-Clientcert` headers unchecked).
   * @default elbv2.MutualAuthenticationMode.VERIFY
   */
  readonly mode?: elbv2.MutualAuthenticationMode;
  /**
   * The trust store of client CA certificates. VERIFY needs this or `caCertificatesBucket`.
   * @default - created from `caCertificatesBucket` and `caCertificatesKey`
   */
  readonly trustStore?: elbv2.ITrustStore;
  /**
   * The bucket holding the PEM bundle of client CA certificates a trust store is created from.
   * @default - none; `trustStore` is used
   */
  readonly caCertificatesBucket?: s3.IBucket;
  /**
   * The key of the PEM bundle in `caCertificatesBucket`.
   * @default - none; required with `caCertificatesBucket`
   */
  readonly caCertificatesKey?: string;
  /**
   * Whether expired client certificates are accepted.
   * @default false
   */
  readonly ignoreClientCertificateExpiry?: boolean;
}

/** The options of an {@link AlbFrontDoor} that do not name its gateway or VPC. */
export interface AlbFrontDoorOptions extends FrontDoorBaseOptions {
  /**
   * The HTTPS listener's security policy; it must not admit TLS below 1.2.
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.3 and 1.2)
   */
  readonly sslPolicy?: elbv2.SslPolicy;
  /**
   * The WAFv2 web ACL.
   * @default - a web ACL with the common, known bad inputs and IP reputation rule sets and a rate-based rule of 2000 requests per five minutes per IP
   */
  readonly waf?: AlbFrontDoorWafOptions;
  /**
   * Mutual TLS on the HTTPS listener.
   * @default - clients are not asked for certificates
   */
  readonly mutualTls?: AlbFrontDoorMutualTlsOptions;
  /**
   * The target health check, merged over the default.
   * @default - HTTPS GET / every 30 seconds, healthy on 200-403: the VPC endpoint answers a
   * request for no API it knows with 403 from API Gateway itself, which proves the endpoint
   * is up; map a health route and set `healthyHttpCodes: '200'` to check the API as well
   */
  readonly healthCheck?: elbv2.HealthCheck;
  /**
   * The load balancer's idle timeout.
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;
}

/** Props of {@link AlbFrontDoor}. */
export interface AlbFrontDoorProps extends AlbFrontDoorOptions, FrontDoorBaseProps {}

/**
 * An internet-facing Application Load Balancer in front of a private REST API: HTTPS with
 * TLS 1.3/1.2, HTTP redirected to HTTPS, invalid header fields dropped, access logs, a WAF
 * web ACL and optional mutual TLS. It forwards over HTTPS to the network interfaces of the
 * API's execute-api VPC endpoint (looked up at deploy time), and a private custom domain
 * name makes the Host header clients send one API Gateway serves.
 *
 * @example
 * new AlbFrontDoor(stack, 'FrontDoor', {
 *   gateway: restGateway, // a RestGateway built with RestEndpoint.private({ vpc })
 *   vpc,
 *   domainName: 'api.example.com',
 *   hostedZone: zone,
 *   aliasRecord: { zone },
 * });
 */
export class AlbFrontDoor extends Construct {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener on 443. */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The HTTP listener on 80, redirecting to HTTPS. */
  public readonly redirectListener: elbv2.ApplicationListener;
  /** The HTTPS target group of the VPC endpoint's addresses. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The certificate of the listener and the private custom domain name. */
  public readonly certificate: acm.ICertificate;
  /** The bucket receiving the access logs. */
  public readonly accessLogBucket: s3.IBucket;
  /** The web ACL, unless turned off. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The load balancer's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
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
  /** The mutual TLS trust store, when mutual TLS verifies clients. */
  public readonly trustStore?: elbv2.ITrustStore;
  /** The alias A record, when one was asked for. */
  public readonly aRecord?: route53.ARecord;
  /** The alias AAAA record of a dual-stack load balancer, when a record was asked for. */
  public readonly aaaaRecord?: route53.AaaaRecord;

  constructor(scope: Construct, id: string, props: AlbFrontDoorProps) {
    super(scope, id);
    const api = privateApiOf(this, props.gateway);
    validateBaseProps(this, props, true);
    validateSameVpc(this, props.vpc, api.vpcEndpoint);
    validateSslPolicy(this, 'sslPolicy', props.sslPolicy);
    validateWaf(this, props.waf);
    validateMutualTls(this, props.mutualTls);
    // Checked as merged over the default, so a timeout is compared with the interval in force.
    checkHealthCheck(this, 'healthCheck', { interval: Duration.seconds(30), ...props.healthCheck }, 'ALB');
    checkDuration(this, 'idleTimeout', props.idleTimeout, ALB_IDLE_TIMEOUT);

    this.certificate = frontDoorCertificate(this, props,
      'an ALB front door terminates HTTPS with an ACM certificate for domainName, and the private custom domain name presents it too');
    const dualStack = props.ipAddressType === elbv2.IpAddressType.DUAL_STACK;

    this.securityGroup = frontDoorSecurityGroup(this, props, [443, 80], api.vpcEndpoint);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      ipAddressType: props.ipAddressType,
      deletionProtection: props.deletionProtection ?? true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      idleTimeout: props.idleTimeout,
      loadBalancerName: props.loadBalancerName,
    });
    this.accessLogBucket = accessLogBucket(this, props);
    logAlbAccessLogs(this.loadBalancer, this.accessLogBucket, 'front-door');

    const lookup = lookupEndpointIps(this, props.vpc, api.vpcEndpoint, props.endpointZoneCount);
    this.endpointIpLookup = lookup.lookup;
    this.endpointIps = lookup.ips;

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTPS,
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

    const mtls = props.mutualTls;
    const mode = mtls ? (mtls.mode ?? elbv2.MutualAuthenticationMode.VERIFY) : undefined;
    if (mtls && mode === elbv2.MutualAuthenticationMode.VERIFY) {
      this.trustStore = mtls.trustStore ?? new elbv2.TrustStore(this, 'TrustStore', {
        bucket: mtls.caCertificatesBucket!,
        key: mtls.caCertificatesKey!,
      });
    }

    this.httpsListener = this.loadBalancer.addListener('HttpsListener', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      open: false,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(this.certificate)],
      sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.targetGroup],
      mutualAuthentication: mtls ? {
        mutualAuthenticationMode: mode,
        trustStore: this.trustStore,
        ignoreClientCertificateExpiry: mode === elbv2.MutualAuthenticationMode.VERIFY ? (mtls.ignoreClientCertificateExpiry ?? false) : undefined,
      } : undefined,
    });
    this.redirectListener = this.loadBalancer.addListener('RedirectListener', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    const domain = privateCustomDomain(this, api, props.domainName, this.certificate, props.basePath);
    this.domainName = domain.domainName;
    this.basePathMapping = domain.basePathMapping;
    this.accessAssociation = domain.accessAssociation;

    if (props.waf?.enabled ?? true) {
      const waf = props.waf ?? {};
      this.webAcl = createFrontDoorWebAcl(this, 'WebAcl', {
        metricPrefix: this.node.id.replace(/[^A-Za-z0-9]/g, '') || 'FrontDoor',
        commonRuleSet: waf.commonRuleSet ?? true,
        knownBadInputsRuleSet: waf.knownBadInputsRuleSet ?? true,
        ipReputationList: waf.ipReputationList ?? true,
        rateLimitPerFiveMinutes: (waf.rateLimit ?? true) ? (waf.rateLimitPerFiveMinutes ?? 2000) : undefined,
      });
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.loadBalancer.loadBalancerArn,
        webAclArn: this.webAcl.attrArn,
      });
    }

    const records = aliasRecords(this, this.loadBalancer, props.aliasRecord, props.domainName, dualStack);
    this.aRecord = records.aRecord;
    this.aaaaRecord = records.aaaaRecord;
    recordTopology(this, () => albFrontDoorTopology(this, props));
    recordPart(this, 'front door', `internet-facing ALB https://${props.domainName}: HTTPS 443 (${(props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS)}), `
      + `HTTP 80 redirects${this.webAcl ? ', WAF' : ''}${this.trustStore ? ', mutual TLS' : ''} -> execute-api VPC endpoint -> ${props.gateway.node.path}`);
  }
}

function validateWaf(scope: Construct, waf: AlbFrontDoorWafOptions | undefined): void {
  if (!waf || waf.enabled === false) return;
  const rate = waf.rateLimitPerFiveMinutes;
  checkNumber(scope, 'waf.rateLimitPerFiveMinutes', rate, WAF_RATE_LIMIT);
  if (rate !== undefined && waf.rateLimit === false) {
    throw new TopologyValidationError(scope, {
      prop: 'waf.rateLimitPerFiveMinutes', received: rate,
      problem: 'a rate is given for the rate-based rule, which rateLimit: false turns off',
      fix: 'drop rateLimitPerFiveMinutes, or drop rateLimit: false',
    });
  }
  if (waf.commonRuleSet === false && waf.knownBadInputsRuleSet === false && waf.ipReputationList === false && waf.rateLimit === false) {
    throw new TopologyValidationError(scope, {
      prop: 'waf', received: waf,
      problem: 'every rule of the web ACL is turned off, which leaves a web ACL that inspects nothing',
      fix: 'keep at least one rule, or turn the web ACL off with waf: { enabled: false }',
    });
  }
}

function validateMutualTls(scope: Construct, mtls: AlbFrontDoorMutualTlsOptions | undefined): void {
  if (!mtls) return;
  const mode = mtls.mode ?? elbv2.MutualAuthenticationMode.VERIFY;
  const hasBundle = mtls.caCertificatesBucket !== undefined || mtls.caCertificatesKey !== undefined;
  if (mode === elbv2.MutualAuthenticationMode.VERIFY) {
    if (!mtls.trustStore && !hasBundle) {
      throw new TopologyValidationError(scope, {
        prop: 'mutualTls.trustStore', received: undefined,
        problem: 'mutual TLS in VERIFY mode checks client certificates against a trust store, and none was given',
        fix: 'give mutualTls.trustStore (an elbv2.TrustStore), or caCertificatesBucket and caCertificatesKey of a PEM bundle of client CAs',
      });
    }
    if (mtls.trustStore && hasBundle) {
      throw new TopologyValidationError(scope, {
        prop: 'mutualTls.caCertificatesBucket', received: mtls.caCertificatesBucket ?? mtls.caCertificatesKey,
        problem: 'both a trust store and a CA bundle to build one from were given',
        fix: 'give either trustStore or caCertificatesBucket + caCertificatesKey',
      });
    }
    if (!mtls.trustStore && (!mtls.caCertificatesBucket || !mtls.caCertificatesKey)) {
      throw new TopologyValidationError(scope, {
        prop: mtls.caCertificatesBucket ? 'mutualTls.caCertificatesKey' : 'mutualTls.caCertificatesBucket', received: undefined,
        problem: 'a trust store is built from a PEM bundle, which needs both its bucket and its key',
        fix: 'give both caCertificatesBucket and caCertificatesKey',
      });
    }
  } else if (mtls.trustStore || hasBundle) {
    throw new TopologyValidationError(scope, {
      prop: 'mutualTls.mode', received: mode,
      problem: 'a trust store is used only in VERIFY mode; in this mode client certificates are not checked',
      fix: 'use elbv2.MutualAuthenticationMode.VERIFY, or drop the trust store',
    });
  }
}
