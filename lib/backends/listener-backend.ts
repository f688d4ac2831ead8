import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { BACKEND_NAME, checkNumber, checkText, PORT } from '../private/aws-rules';
import { privateSubnets } from '../gateway/shared-vpc-link';
import { IServiceBackend, LoadBalancerType } from './service-backend-interface';

/** Properties of {@link ListenerBackend.fromApplicationListener}. */
export interface ApplicationListenerBackendProps {
  /** A short name for summaries and generated ids (`orders`). */
  readonly backendName: string;
  /** The VPC of the load balancer; the gateway's VPC link goes in its private subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The listener to integrate with, created in this app or imported with
   * `ApplicationListener.fromApplicationListenerAttributes` (whose security group is the
   * load balancer's: gateways admit their VPC link to it).
   */
  readonly listener: elbv2.IApplicationListener;
  /**
   * The load balancer of the listener; its DNS name is the host of REST integration URIs.
   * Imports need `loadBalancerDnsName`.
   */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /**
   * The listener's port.
   * @default - read from the listener when it is created in this app; required for imports
   */
  readonly listenerPort?: number;
}

/** Properties of {@link ListenerBackend.fromNetworkListener}. */
export interface NetworkListenerBackendProps {
  /** A short name for summaries and generated ids (`orders`). */
  readonly backendName: string;
  /** The VPC of the load balancer; the gateway's VPC link goes in its private subnets. */
  readonly vpc: ec2.IVpc;
  /** The listener to integrate with, created in this app or imported with `NetworkListener.fromNetworkListenerArn`. */
  readonly listener: elbv2.INetworkListener;
  /**
   * The NLB of the listener: REST API VPC links (v1) target it, its DNS name is the host of
   * REST integration URIs, and its security groups (if any) are opened to HTTP API VPC links
   * (v2). A REST API's VPC link v1 reaches the NLB as PrivateLink traffic, which no inbound
   * rule can name: an NLB with security groups needs
   * `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic` off (refused at synth for an NLB
   * created in this app; an import cannot be checked). Imports need `loadBalancerDnsName`, and
   * `loadBalancerSecurityGroups` when the NLB has security groups.
   */
  readonly loadBalancer: elbv2.INetworkLoadBalancer;
  /**
   * The listener's port.
   * @default - read from the listener when it is created in this app; required for imports
   */
  readonly listenerPort?: number;
}

/**
 * A gateway target for a load balancer listener that already exists (bring your own
 * service): created elsewhere in the app, or imported from another stack or account.
 *
 * `connections` are the load balancer's, so gateways admit their VPC link the same way as
 * for a {@link ServiceBackend}.
 */
export class ListenerBackend extends Construct implements IServiceBackend {
  /**
   * Targets an Application Load Balancer listener.
   *
   * @example
   * ListenerBackend.fromApplicationListener(stack, 'Legacy', { backendName: 'legacy', vpc, listener })
   */
  public static fromApplicationListener(scope: Construct, id: string, props: ApplicationListenerBackendProps): IServiceBackend {
    return new ListenerBackend(scope, id, LoadBalancerType.ALB, props);
  }

  /**
   * Targets a Network Load Balancer listener.
   *
   * @example
   * ListenerBackend.fromNetworkListener(stack, 'Legacy', { backendName: 'legacy', vpc, listener })
   */
  public static fromNetworkListener(scope: Construct, id: string, props: NetworkListenerBackendProps): IServiceBackend {
    return new ListenerBackend(scope, id, LoadBalancerType.NLB, props);
  }

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
  /** The load balancer's connections: gateways admit their VPC link here. */
  public readonly connections: ec2.Connections;
  /** @inheritdoc */
  public readonly applicationListener?: elbv2.IApplicationListener;
  /** @inheritdoc */
  public readonly networkListener?: elbv2.INetworkListener;
  /** @inheritdoc */
  public readonly networkLoadBalancer?: elbv2.INetworkLoadBalancer;

  private constructor(
    scope: Construct, id: string, type: LoadBalancerType,
    props: ApplicationListenerBackendProps | NetworkListenerBackendProps,
  ) {
    super(scope, id);
    this.loadBalancerType = type;
    if (props.backendName === undefined) {
      throw new TopologyValidationError(this, {
        prop: 'backendName', received: props.backendName,
        problem: 'a listener backend needs a name', fix: 'set backendName to a short name such as "orders"',
      });
    }
    checkText(this, 'backendName', props.backendName, BACKEND_NAME);
    if (!props.vpc) {
      throw new TopologyValidationError(this, {
        prop: 'vpc', received: props.vpc,
        problem: 'the VPC of the load balancer is required to place the gateway\'s VPC link',
        fix: 'pass the load balancer\'s VPC (ec2.Vpc.fromVpcAttributes works for imports)',
      });
    }
    privateSubnets(this, 'vpc', props.vpc);
    for (const prop of ['listener', 'loadBalancer'] as const) {
      if (!props[prop]) {
        throw new TopologyValidationError(this, {
          prop, received: props[prop],
          problem: `the ${prop} is required`,
          fix: `pass the ${prop === 'listener' ? 'listener' : 'load balancer'} the gateway integrates with`,
        });
      }
    }
    this.backendName = props.backendName;
    this.vpc = props.vpc;
    this.listenerArn = props.listener.listenerArn;
    this.loadBalancerArn = props.loadBalancer.loadBalancerArn;
    this.loadBalancerDnsName = this.dnsNameOf(props.loadBalancer);
    this.listenerPort = this.portOf(props.listener, props.listenerPort);
    if (type === LoadBalancerType.ALB) {
      const listener = props.listener as elbv2.IApplicationListener;
      // An ALB listener's connections are its load balancer's security groups.
      this.connections = listener.connections;
      this.applicationListener = listener;
    } else {
      const nlb = props.loadBalancer as elbv2.INetworkLoadBalancer;
      this.connections = nlb.connections;
      this.networkListener = props.listener as elbv2.INetworkListener;
      this.networkLoadBalancer = nlb;
    }
  }

  private dnsNameOf(loadBalancer: elbv2.ILoadBalancerV2): string {
    try {
      return loadBalancer.loadBalancerDnsName;
    } catch {
      // Imported load balancers throw on attributes they were not given.
      throw new TopologyValidationError(this, {
        prop: 'loadBalancer', received: loadBalancer,
        problem: 'the load balancer has no DNS name, which REST integrations use as their host',
        fix: `import it with loadBalancerDnsName (${this.loadBalancerType === LoadBalancerType.ALB
          ? 'ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes' : 'NetworkLoadBalancer.fromNetworkLoadBalancerAttributes'})`,
      });
    }
  }

  private portOf(listener: elbv2.IListener, given: number | undefined): number {
    const port = given ?? portOfListener(listener);
    if (port === undefined) {
      throw new TopologyValidationError(this, {
        prop: 'listenerPort', received: port,
        problem: 'the port of an imported listener is unknown; gateways open the load balancer\'s security group on it',
        fix: 'set listenerPort to the listener\'s port',
      });
    }
    checkNumber(this, 'listenerPort', port, PORT);
    return port;
  }
}

/** The port of a listener created in this app (its L1's Port); undefined for imports. */
function portOfListener(listener: IConstruct): number | undefined {
  const child = listener.node.defaultChild;
  if (child instanceof elbv2.CfnListener && child.port !== undefined) return child.port;
  return undefined;
}
