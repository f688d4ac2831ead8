import { Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';

/** A VPC link v2 with the security group it sends from. */
export interface SharedVpcLink {
  /** The VPC link (AWS::ApiGatewayV2::VpcLink), usable by HTTP APIs and by REST APIs to reach ALBs. */
  readonly vpcLink: apigwv2.VpcLink;
  /** Its security group; backends admit traffic from it. */
  readonly securityGroup: ec2.SecurityGroup;
}

const LINKS = Symbol.for('cdk-gateway-topology.sharedVpcLinks');

/**
 * The one VPC link v2 of a stack for a VPC, created on first use in the private subnets.
 * Every gateway and route in the stack that reaches into that VPC shares it: VPC links
 * are a scarce per-account quota and take minutes to create.
 *
 * `requester` and `prop` name who asked, for the error when the VPC has no private subnets.
 */
export function sharedVpcLink(requester: IConstruct, prop: string, vpc: ec2.IVpc): SharedVpcLink {
  const stack = Stack.of(requester);
  const registry: Map<string, SharedVpcLink> = ((stack as any)[LINKS] ??= new Map());
  const key = vpc.node.path;
  const existing = registry.get(key);
  if (existing) return existing;

  const subnets = privateSubnets(requester, prop, vpc);
  const id = `VpcLink${vpc.node.id.replace(/[^A-Za-z0-9]/g, '')}`;
  const securityGroup = new ec2.SecurityGroup(stack, `${id}SecurityGroup`, {
    vpc,
    description: `API Gateway VPC link into ${vpc.node.path}`,
    // Egress is opened per backend listener by the gateways (backend.connections.allowFrom).
    allowAllOutbound: false,
  });
  const vpcLink = new apigwv2.VpcLink(stack, id, { vpc, subnets: { subnets }, securityGroups: [securityGroup] });
  const link = { vpcLink, securityGroup };
  registry.set(key, link);
  return link;
}

/** The VPC's private subnets (with or without egress); fails when there are none. */
export function privateSubnets(requester: IConstruct, prop: string, vpc: ec2.IVpc): ec2.ISubnet[] {
  if (!vpc || !Array.isArray(vpc.privateSubnets)) {
    throw new TopologyValidationError(requester, {
      prop, received: vpc,
      problem: 'a VPC is required', fix: `pass ${prop}: an ec2.IVpc (ec2.Vpc.fromVpcAttributes for an existing one)`,
    });
  }
  const subnets = [...vpc.privateSubnets, ...vpc.isolatedSubnets];
  if (subnets.length === 0) {
    throw new TopologyValidationError(requester, {
      prop, received: vpc,
      problem: 'the VPC has no private subnets; VPC links and internal load balancers must not sit in public subnets',
      fix: 'give a VPC with PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED subnets',
    });
  }
  return subnets;
}
