import { App, CfnParameter, Stack, Token, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TopologyValidationError } from '../../lib/errors';
import { ListenerBackend } from '../../lib/backends/listener-backend';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { checkedApp, synthChecked } from '../helpers/checked-app';

const ALB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188';
const ALB_LISTENER_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2';
const NLB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/users/50dc6c495c0c9188';
const NLB_LISTENER_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/net/users/50dc6c495c0c9188/f2f7dc8efc522ab2';

function givenStack(app: App = new App()) {
  const stack = new Stack(app, 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'test VPC; flow logs belong to the VPC owner' });
  const vpcLinkSg = new ec2.SecurityGroup(stack, 'VpcLinkSg', { vpc, allowAllOutbound: false });
  return { stack, vpc, vpcLinkSg };
}

/** An existing internal ALB with an HTTP listener, as another team would have built it. */
function givenAlb(stack: Stack, vpc: ec2.IVpc, port = 8081) {
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'ExistingAlb', { vpc, internetFacing: false });
  const listener = loadBalancer.addListener('Http', {
    port, protocol: elbv2.ApplicationProtocol.HTTP, open: false,
    defaultAction: elbv2.ListenerAction.fixedResponse(404),
  });
  return { loadBalancer, listener };
}

/** Imported ALB listener and load balancer from another stack. */
function importedAlb(stack: Stack) {
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'AlbSg', 'sg-0123456789abcdef0');
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(stack, 'ImportedListener', {
    listenerArn: ALB_LISTENER_ARN, securityGroup,
  });
  const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'ImportedAlb', {
    loadBalancerArn: ALB_ARN, securityGroupId: 'sg-0123456789abcdef0',
    loadBalancerDnsName: 'internal-orders-123.eu-west-1.elb.amazonaws.com',
  });
  return { listener, loadBalancer };
}

/** Imported NLB (with a security group) and its listener. */
function importedNlb(stack: Stack, withDnsName = true) {
  const loadBalancer = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'ImportedNlb', {
    loadBalancerArn: NLB_ARN,
    loadBalancerDnsName: withDnsName ? 'users-123.elb.eu-west-1.amazonaws.com' : undefined,
    loadBalancerSecurityGroups: ['sg-0fedcba9876543210'],
  });
  const listener = elbv2.NetworkListener.fromNetworkListenerArn(stack, 'ImportedNlbListener', NLB_LISTENER_ARN);
  return { listener, loadBalancer };
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

describe('ListenerBackend.fromApplicationListener', () => {
  test('reads the ARNs, DNS name and port of a listener created in the app', () => {
    // GIVEN
    const { stack, vpc } = givenStack();
    const { loadBalancer, listener } = givenAlb(stack, vpc, 8081);
    // WHEN
    const backend = ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer });
    // THEN
    expect(backend.backendName).toBe('orders');
    expect(backend.vpc).toBe(vpc);
    expect(backend.loadBalancerType).toBe(LoadBalancerType.ALB);
    expect(backend.listenerPort).toBe(8081);
    expect(stack.resolve(backend.listenerArn)).toEqual(stack.resolve(listener.listenerArn));
    expect(stack.resolve(backend.loadBalancerArn)).toEqual(stack.resolve(loadBalancer.loadBalancerArn));
    expect(stack.resolve(backend.loadBalancerDnsName)).toEqual(stack.resolve(loadBalancer.loadBalancerDnsName));
    expect(backend.applicationListener).toBe(listener);
    expect(backend.networkListener).toBeUndefined();
    expect(backend.networkLoadBalancer).toBeUndefined();
  });

  test('a gateway admits its VPC link to the ALB\'s security group', () => {
    const { stack, vpc, vpcLinkSg } = givenStack();
    const { loadBalancer, listener } = givenAlb(stack, vpc, 8081);
    const backend = ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer });
    // WHEN
    backend.connections.allowFrom(vpcLinkSg, ec2.Port.tcp(backend.listenerPort));
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(loadBalancer.connections.securityGroups[0].securityGroupId),
      SourceSecurityGroupId: stack.resolve(vpcLinkSg.securityGroupId),
      FromPort: 8081, ToPort: 8081,
    });
  });

  test('works with an imported listener and load balancer', () => {
    const { stack, vpc, vpcLinkSg } = givenStack();
    const { listener, loadBalancer } = importedAlb(stack);
    const backend = ListenerBackend.fromApplicationListener(stack, 'Orders', {
      backendName: 'orders', vpc, listener, loadBalancer, listenerPort: 80,
    });
    backend.connections.allowFrom(vpcLinkSg, ec2.Port.tcp(backend.listenerPort));
    expect(backend.listenerArn).toBe(ALB_LISTENER_ARN);
    expect(backend.loadBalancerArn).toBe(ALB_ARN);
    expect(backend.loadBalancerDnsName).toBe('internal-orders-123.eu-west-1.elb.amazonaws.com');
    expect(backend.listenerPort).toBe(80);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0123456789abcdef0', SourceSecurityGroupId: stack.resolve(vpcLinkSg.securityGroupId), FromPort: 80,
    });
  });

  test('listenerPort overrides the port read from the listener', () => {
    const { stack, vpc } = givenStack();
    const { loadBalancer, listener } = givenAlb(stack, vpc, 8081);
    const backend = ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer, listenerPort: 9090 });
    expect(backend.listenerPort).toBe(9090);
  });

  test('accepts a token listenerPort', () => {
    const { stack, vpc } = givenStack();
    const { listener, loadBalancer } = importedAlb(stack);
    const port = new CfnParameter(stack, 'Port', { type: 'Number' }).valueAsNumber;
    const backend = ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer, listenerPort: port });
    expect(Token.isUnresolved(backend.listenerPort)).toBe(true);
    expect(stack.resolve(backend.listenerPort)).toEqual({ Ref: 'Port' });
  });

  test('fails when an imported listener has no listenerPort', () => {
    const { stack, vpc } = givenStack();
    const { listener, loadBalancer } = importedAlb(stack);
    expectValidationError(
      () => ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer }),
      'Stack/Orders', 'invalid listenerPort', 'received undefined', 'port of an imported listener is unknown', 'set listenerPort');
  });

  test.each([0, 65536, 8080.5])('fails when listenerPort is %p', (port) => {
    const { stack, vpc } = givenStack();
    const { listener, loadBalancer } = importedAlb(stack);
    expectValidationError(
      () => ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer, listenerPort: port }),
      'Stack/Orders', 'invalid listenerPort', `received ${port}`, 'whole number from 1 to 65535');
  });

  test('fails when an imported load balancer has no DNS name', () => {
    const { stack, vpc } = givenStack();
    const { listener } = importedAlb(stack);
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'NoDns', {
      loadBalancerArn: ALB_ARN, securityGroupId: 'sg-0123456789abcdef0',
    });
    expectValidationError(
      () => ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer, listenerPort: 80 }),
      'Stack/Orders', 'invalid loadBalancer', 'construct Stack/NoDns', 'no DNS name', 'fromApplicationLoadBalancerAttributes');
  });

  test('fails when the VPC has no private subnets', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    const { listener, loadBalancer } = importedAlb(stack);
    expectValidationError(
      () => ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener, loadBalancer, listenerPort: 80 }),
      'Stack/Orders', 'invalid vpc', 'no private subnets');
  });

  test('fails when backendName is not a short name', () => {
    const { stack, vpc } = givenStack();
    const { listener, loadBalancer } = importedAlb(stack);
    expectValidationError(
      () => ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: '', vpc, listener, loadBalancer, listenerPort: 80 }),
      'Stack/Orders', 'invalid backendName', 'received ""', 'must not be empty');
  });

  test('fails when the listener is missing', () => {
    const { stack, vpc } = givenStack();
    const { loadBalancer } = importedAlb(stack);
    expectValidationError(
      () => ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, listener: undefined as never, loadBalancer }),
      'Stack/Orders', 'invalid listener', 'required');
  });
});

describe('ListenerBackend.fromNetworkListener', () => {
  test('reads the ARNs, DNS name and port of an NLB listener created in the app', () => {
    // GIVEN
    const { stack, vpc } = givenStack();
    const sg = new ec2.SecurityGroup(stack, 'NlbSg', { vpc, allowAllOutbound: false });
    const loadBalancer = new elbv2.NetworkLoadBalancer(stack, 'ExistingNlb', { vpc, internetFacing: false, securityGroups: [sg] });
    const targetGroup = new elbv2.NetworkTargetGroup(stack, 'Targets', { vpc, port: 8080, targetType: elbv2.TargetType.IP });
    const listener = loadBalancer.addListener('Tcp', { port: 7000, defaultTargetGroups: [targetGroup] });
    // WHEN
    const backend = ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer });
    // THEN
    expect(backend.loadBalancerType).toBe(LoadBalancerType.NLB);
    expect(backend.listenerPort).toBe(7000);
    expect(stack.resolve(backend.listenerArn)).toEqual(stack.resolve(listener.listenerArn));
    expect(stack.resolve(backend.loadBalancerDnsName)).toEqual(stack.resolve(loadBalancer.loadBalancerDnsName));
    expect(backend.networkListener).toBe(listener);
    expect(backend.networkLoadBalancer).toBe(loadBalancer);
    expect(backend.applicationListener).toBeUndefined();
    expect(backend.connections.securityGroups).toEqual([sg]);
  });

  test('works with an imported NLB and listener, opening the NLB\'s security group', () => {
    const { stack, vpc, vpcLinkSg } = givenStack();
    const { listener, loadBalancer } = importedNlb(stack);
    const backend = ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer, listenerPort: 7000 });
    backend.connections.allowFrom(vpcLinkSg, ec2.Port.tcp(backend.listenerPort));
    expect(backend.listenerArn).toBe(NLB_LISTENER_ARN);
    expect(backend.loadBalancerArn).toBe(NLB_ARN);
    expect(backend.loadBalancerDnsName).toBe('users-123.elb.eu-west-1.amazonaws.com');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0fedcba9876543210', SourceSecurityGroupId: stack.resolve(vpcLinkSg.securityGroupId), FromPort: 7000, ToPort: 7000,
    });
  });

  test('an NLB without security groups needs no rule', () => {
    const { stack, vpc, vpcLinkSg } = givenStack();
    const loadBalancer = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'NoSgNlb', {
      loadBalancerArn: NLB_ARN, loadBalancerDnsName: 'users-123.elb.eu-west-1.amazonaws.com',
    });
    const listener = elbv2.NetworkListener.fromNetworkListenerArn(stack, 'L', NLB_LISTENER_ARN);
    const backend = ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer, listenerPort: 7000 });
    backend.connections.allowFrom(vpcLinkSg, ec2.Port.tcp(7000));
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('fails when an imported NLB listener has no listenerPort', () => {
    const { stack, vpc } = givenStack();
    const { listener, loadBalancer } = importedNlb(stack);
    expectValidationError(
      () => ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer }),
      'Stack/Users', 'invalid listenerPort', 'set listenerPort');
  });

  test('fails when an imported NLB has no DNS name', () => {
    const { stack, vpc } = givenStack();
    const { listener, loadBalancer } = importedNlb(stack, false);
    expectValidationError(
      () => ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer, listenerPort: 7000 }),
      'Stack/Users', 'invalid loadBalancer', 'no DNS name', 'fromNetworkLoadBalancerAttributes');
  });

  test('fails when the VPC has no private subnets', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    const { listener, loadBalancer } = importedNlb(stack);
    expectValidationError(
      () => ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer, listenerPort: 7000 }),
      'Stack/Users', 'invalid vpc', 'no private subnets');
  });
});

describe('ListenerBackend passes cdk-nag AwsSolutions and cfn-lint', () => {
  test('imported ALB and NLB listeners opened to a VPC link', () => {
    // GIVEN
    const app = checkedApp();
    const { stack, vpc, vpcLinkSg } = givenStack(app);
    const alb = importedAlb(stack);
    const nlb = importedNlb(stack);
    // WHEN
    const orders = ListenerBackend.fromApplicationListener(stack, 'Orders', { backendName: 'orders', vpc, ...alb, listenerPort: 80 });
    const users = ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, ...nlb, listenerPort: 7000 });
    for (const backend of [orders, users]) backend.connections.allowFrom(vpcLinkSg, ec2.Port.tcp(backend.listenerPort));
    // THEN
    expect(() => synthChecked(app)).not.toThrow();
  });
});
