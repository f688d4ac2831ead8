import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';

/** The kind of internal load balancer in front of a service. */
export enum LoadBalancerType {
  /** Application Load Balancer: HTTP routing, reached by REST APIs through VPC link v2. */
  ALB = 'ALB',
  /** Network Load Balancer: TCP, reached by REST APIs through VPC link v1. */
  NLB = 'NLB',
}

/**
 * A service behind an internal load balancer that a gateway route can target.
 *
 * Implemented by {@link ServiceBackend} (a Fargate service this library creates) and by
 * the bring-your-own-listener imports. Gateways read it to build VPC links and integrations;
 * `connections` is the load balancer's, so a gateway can admit its VPC link.
 */
export interface IServiceBackend extends IConstruct, ec2.IConnectable {
  /** A short name for summaries and generated ids (`orders`). */
  readonly backendName: string;
  /** The VPC of the load balancer. */
  readonly vpc: ec2.IVpc;
  /** ALB or NLB. */
  readonly loadBalancerType: LoadBalancerType;
  /** The listener the gateway integrates with. */
  readonly listenerArn: string;
  /** The listener's port. */
  readonly listenerPort: number;
  /** The load balancer's ARN. */
  readonly loadBalancerArn: string;
  /** The load balancer's DNS name (the host of REST VPC link v1 integration URIs). */
  readonly loadBalancerDnsName: string;
  /** The listener, when the load balancer is an ALB. */
  readonly applicationListener?: elbv2.IApplicationListener;
  /** The listener, when the load balancer is an NLB. */
  readonly networkListener?: elbv2.INetworkListener;
  /** The load balancer, when it is an NLB (REST VPC link v1 targets NLBs). */
  readonly networkLoadBalancer?: elbv2.INetworkLoadBalancer;
}
