import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ListenerBackend } from '../../lib/backends/listener-backend';
import { IServiceBackend } from '../../lib/backends/service-backend-interface';
import { STRICT_CONTEXT } from '../helpers/checked-app';

/** A stack with a VPC (public + private subnets, flow logs) for gateway tests. */
export function gatewayStack(app: App = new App({ context: STRICT_CONTEXT })): { stack: Stack; vpc: ec2.Vpc } {
  const stack = new Stack(app, 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog('FlowLog');
  return { stack, vpc };
}

/** An internal ALB with one listener, as a gateway backend. */
export function albBackend(scope: Construct, name: string, vpc: ec2.IVpc, port = 80): IServiceBackend {
  const lb = new elbv2.ApplicationLoadBalancer(scope, `${name}Alb`, { vpc, internetFacing: false });
  Validations.of(lb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'Test fixture standing in for a service load balancer; never deployed.' });
  const listener = lb.addListener('Listener', {
    port, protocol: elbv2.ApplicationProtocol.HTTP, open: false,
    defaultAction: elbv2.ListenerAction.fixedResponse(200),
  });
  return ListenerBackend.fromApplicationListener(scope, name, { backendName: name, vpc, listener, loadBalancer: lb });
}

/** An internal NLB with a security group and one TCP listener, as a gateway backend. */
export function nlbBackend(scope: Construct, name: string, vpc: ec2.IVpc, port = 8080): IServiceBackend {
  const securityGroup = new ec2.SecurityGroup(scope, `${name}NlbSecurityGroup`, { vpc, allowAllOutbound: false, description: `${name} NLB` });
  const lb = new elbv2.NetworkLoadBalancer(scope, `${name}Nlb`, {
    vpc, internetFacing: false, securityGroups: [securityGroup],
    // A REST API's VPC link v1 reaches the NLB as PrivateLink traffic, which must skip the inbound rules.
    enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false,
  });
  Validations.of(lb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'Test fixture standing in for a service load balancer; never deployed.' });
  const targets = new elbv2.NetworkTargetGroup(scope, `${name}Targets`, { vpc, port, protocol: elbv2.Protocol.TCP, targetType: elbv2.TargetType.IP });
  const listener = lb.addListener('Listener', { port, protocol: elbv2.Protocol.TCP, defaultTargetGroups: [targets] });
  return ListenerBackend.fromNetworkListener(scope, name, { backendName: name, vpc, listener, loadBalancer: lb });
}

/** A small Lambda function with its own log group and a role without managed policies. */
export function testFunction(scope: Construct, id: string): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_WEEK });
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    role,
    logGroup,
  });
  logGroup.grantWrite(role);
  Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: 'Test fixture pinned to Node.js 22, the runtime the library supports.' });
  return fn;
}
