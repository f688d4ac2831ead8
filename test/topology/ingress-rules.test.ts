import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { defaultEnvironment } from '../../bin/default-environment';
import { Authorization } from '../../lib/auth/authorization';
import { GrpcDiscovery, GrpcServiceBackend } from '../../lib/backends/grpc-service-backend';
import { ServiceBackend } from '../../lib/backends/service-backend';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { AlbFrontDoor } from '../../lib/front-door/alb-front-door';
import { NlbFrontDoor, NlbFrontDoorProtocol } from '../../lib/front-door/nlb-front-door';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestEndpoint } from '../../lib/gateway/rest-endpoint';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { GrpcTranslator } from '../../lib/transform/grpc-translator';
import { GatewayTopology } from '../../lib/topology/gateway-topology';
import { TopologyFrontDoor } from '../../lib/topology/topology-front-door';
import { TopologyGateway } from '../../lib/topology/topology-gateway';
import { checkedApp, STRICT_CONTEXT, synthChecked } from '../helpers/checked-app';
import { baseProps, certificateOf, DOMAIN, ENV, GET_USER, GRPC_SERVICES, JWT, topologyStack } from './fixtures';

/**
 * Nothing reaches a service but its gateway: every security group ingress rule the library
 * writes, in every template of representative apps, names its peer by security group (or a
 * single host), never a CIDR range such as the VPC's.
 *
 * The one exception is the internet-facing front door's own security group on its listener
 * ports, 443 (HTTPS or TLS) and 80 (the ALB's redirect to HTTPS): its peers are the clients
 * on the internet, so 0.0.0.0/0 (and ::/0 when dual stack) is exactly the peer it serves,
 * unless `allowedPeers` narrows it.
 *
 * REST API VPC links (v1) get no rule at all: their traffic is PrivateLink traffic from API
 * Gateway's own addresses, which skips the NLB's inbound rules (see RestGateway).
 */

const FRONT_DOOR_PORTS = [80, 443];
const PROTOS = path.join(__dirname, '..', 'transform', 'fixtures');

interface IngressRule {
  /** The template file and the security group the rule belongs to. */
  readonly where: string;
  /** The security group's logical id, or the given group id of an imported group. */
  readonly group: string;
  readonly rule: Record<string, any>;
}

/** Every ingress rule of every template in a cloud assembly: standalone and inline. */
function ingressRules(assemblyDir: string): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const file of readdirSync(assemblyDir).filter((f) => f.endsWith('.template.json'))) {
    const resources: Record<string, any> = JSON.parse(readFileSync(path.join(assemblyDir, file), 'utf8')).Resources ?? {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type === 'AWS::EC2::SecurityGroup') {
        for (const rule of resource.Properties?.SecurityGroupIngress ?? []) rules.push({ where: file, group: logicalId, rule });
      } else if (resource.Type === 'AWS::EC2::SecurityGroupIngress') {
        const groupId = resource.Properties.GroupId;
        const group = groupId?.['Fn::GetAtt']?.[0] ?? JSON.stringify(groupId);
        rules.push({ where: file, group, rule: resource.Properties });
      }
    }
  }
  return rules;
}

/** `template file|logical id` of the security groups of every front door in the app. */
function frontDoorGroups(app: App): Set<string> {
  const groups = new Set<string>();
  for (const construct of app.node.findAll()) {
    if (!(construct instanceof AlbFrontDoor) && !(construct instanceof NlbFrontDoor)) continue;
    const stack = Stack.of(construct);
    groups.add(`${stack.templateFile}|${stack.resolve(construct.securityGroup.securityGroupId)['Fn::GetAtt'][0]}`);
  }
  return groups;
}

/** A CIDR naming one host: the narrowest a CIDR can be. */
function isSingleHost(cidr: unknown): boolean {
  return typeof cidr === 'string' && (/\/32$/.test(cidr) || /\/128$/.test(cidr));
}

/** Why a rule admits more than the peer it serves, or undefined when it does not. */
function wideness(entry: IngressRule, frontDoors: Set<string>): string | undefined {
  const { rule } = entry;
  if (rule.IpProtocol !== 'tcp' || rule.FromPort !== rule.ToPort) {
    return `admits ${rule.IpProtocol} ports ${rule.FromPort}-${rule.ToPort}, not one TCP port`;
  }
  if (rule.SourceSecurityGroupId !== undefined || rule.SourcePrefixListId !== undefined) return undefined;
  const cidr = rule.CidrIp ?? rule.CidrIpv6;
  if (isSingleHost(cidr)) return undefined;
  if (frontDoors.has(`${entry.where}|${entry.group}`)) {
    // The public front door: its peers are the internet's clients, on its listener ports only.
    return FRONT_DOOR_PORTS.includes(rule.FromPort) ? undefined : `front door rule on port ${rule.FromPort}`;
  }
  return `admits the CIDR ${JSON.stringify(cidr)}`;
}

/** Synthesizes the app (cdk-nag, cfn-lint) and checks every ingress rule. */
function expectOnlyNarrowIngress(app: App, synth: (app: App) => { directory: string } = synthChecked): IngressRule[] {
  const rules = ingressRules(synth(app).directory);
  const frontDoors = frontDoorGroups(app);
  const wide = rules
    .map((entry) => ({ entry, why: wideness(entry, frontDoors) }))
    .filter((r) => r.why !== undefined)
    .map((r) => `${r.entry.where} ${r.entry.group}: ${r.why}`);
  expect(wide).toEqual([]);
  return rules;
}

/** A VPC with flow logs, as cdk-nag asks. */
function vpcOf(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog('FlowLog');
  return vpc;
}

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const PUBLIC = Authorization.none('public test route');

describe('no ingress rule the library writes admits a CIDR wider than its peer', () => {
  test('the default environment (bin/)', () => {
    // GIVEN
    const app = checkedApp();
    // WHEN
    defaultEnvironment(app);
    // THEN
    const rules = expectOnlyNarrowIngress(app);
    expect(rules.length).toBeGreaterThan(0);
  });

  test('services behind an ALB and an NLB, a private REST API with both VPC links, an HTTP API and both front doors', () => {
    // GIVEN
    const app = checkedApp();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const vpc = vpcOf(stack);
    const orders = new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE });
    const users = new ServiceBackend(stack, 'Users', { vpc, image: IMAGE, loadBalancerType: LoadBalancerType.NLB, cluster: orders.cluster });
    const caller = new ec2.SecurityGroup(stack, 'InternalCaller', { vpc, description: 'A workload that calls the private API' });
    const routes = [
      { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders), authorization: PUBLIC },
      { method: HttpMethod.GET, path: '/users', target: RouteTarget.service(users), authorization: PUBLIC },
    ];
    const rest = new RestGateway(stack, 'Rest', { endpoint: RestEndpoint.private({ vpc, clients: [caller] }), routes });
    const certificate = certificateOf(stack);
    // WHEN
    new HttpGateway(stack, 'Http', { routes });
    new AlbFrontDoor(stack, 'Web', { gateway: rest, vpc, domainName: DOMAIN, certificate });
    new NlbFrontDoor(stack, 'Partners', { gateway: rest, vpc, domainName: 'partners.example.com', certificate, protocol: NlbFrontDoorProtocol.TCP_PASSTHROUGH });
    // THEN
    expectOnlyNarrowIngress(app);
  });

  test('a private REST API whose endpoint policy names given APIs, behind a front door with narrowed peers', () => {
    // GIVEN
    const app = checkedApp();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const vpc = vpcOf(stack);
    const other = apigw.RestApi.fromRestApiId(stack, 'Other', 'a1b2c3d4e5');
    const rest = new RestGateway(stack, 'Rest', {
      endpoint: RestEndpoint.private({ vpc, allowedApis: [other] }),
      routes: [{ method: HttpMethod.GET, path: '/items', target: RouteTarget.httpUrl('https://backend.example.com/items'), authorization: PUBLIC }],
    });
    // WHEN
    new AlbFrontDoor(stack, 'Web', {
      gateway: rest, vpc, domainName: DOMAIN, certificate: certificateOf(stack), allowedPeers: [ec2.Peer.ipv4('198.51.100.0/24')],
    });
    // THEN
    expectOnlyNarrowIngress(app);
  });

  test('gRPC services through Cloud Map and an internal ALB, each behind its translator', () => {
    // GIVEN
    const app = checkedApp();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const vpc = vpcOf(stack);
    const certificate = acm.Certificate.fromCertificateArn(stack, 'GrpcCertificate', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc');
    const protos = { files: [path.join(PROTOS, 'users', 'v1', 'users.proto')], includeDirs: [PROTOS] };
    const directory = new GrpcServiceBackend(stack, 'Directory', { vpc, image: IMAGE });
    const accounts = new GrpcServiceBackend(stack, 'Accounts', {
      vpc, image: IMAGE, cluster: directory.cluster,
      discovery: GrpcDiscovery.internalAlb({ certificate, domainName: 'accounts.grpc.example.internal' }),
    });
    // WHEN
    const toDirectory = new GrpcTranslator(stack, 'DirectoryTranslator', { vpc, backend: directory, protos, routes: [GET_USER] });
    const toAccounts = new GrpcTranslator(stack, 'AccountsTranslator', { vpc, backend: accounts, protos, routes: [{ ...GET_USER, path: '/api/v1/accounts/{userId}' }] });
    new HttpGateway(stack, 'Http', { routes: [...toDirectory.routes({ authorization: PUBLIC }), ...toAccounts.routes({ authorization: PUBLIC })] });
    // THEN
    expectOnlyNarrowIngress(app);
  });

  test('the topology with an NLB front door, and with an HTTP API and gRPC services', () => {
    // GIVEN
    const app = checkedApp();
    const withFrontDoor = topologyStack(app);
    const httpOnly = new Stack(app, 'HttpOnly', { env: ENV });
    // WHEN
    new GatewayTopology(withFrontDoor, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.nlb({ domainName: DOMAIN, certificate: certificateOf(withFrontDoor) }),
    });
    new GatewayTopology(httpOnly, 'Edge', { ...baseProps(), grpcServices: GRPC_SERVICES, gateway: TopologyGateway.http({ defaultAuthorization: JWT }) });
    // THEN
    expectOnlyNarrowIngress(app);
  });
});

describe('the ingress check itself', () => {
  test('catches a rule that admits the VPC\'s CIDR', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const vpc = vpcOf(stack);
    const sg = new ec2.SecurityGroup(stack, 'Wide', { vpc, description: 'admits the VPC' });
    sg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(8080));
    // WHEN / THEN
    expect(() => expectOnlyNarrowIngress(app, (a) => a.synth())).toThrow(/admits the CIDR/);
  });
});

/** A plain stack and VPC for the per-rule tests. */
function plain(): { stack: Stack; vpc: ec2.Vpc; template: () => Template } {
  const stack = new Stack(new App({ context: STRICT_CONTEXT }), 'Stack', { env: ENV });
  const vpc = vpcOf(stack);
  return { stack, vpc, template: () => Template.fromStack(stack) };
}

/** The `Fn::GetAtt` group id of a security group. */
function idOf(stack: Stack, sg: ec2.ISecurityGroup): unknown {
  return stack.resolve(sg.securityGroupId);
}

/** The ingress rules (standalone resources) whose GroupId is the given group. */
function rulesInto(template: Template, stack: Stack, sg: ec2.ISecurityGroup): any[] {
  const id = JSON.stringify(idOf(stack, sg));
  return Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .map((r) => r.Properties).filter((p) => JSON.stringify(p.GroupId) === id);
}

describe('each path admits exactly its peer', () => {
  test('an ALB service: the ALB admits the VPC link v2 on its listener port, the tasks admit the ALB on theirs', () => {
    // GIVEN
    const { stack, vpc, template } = plain();
    const orders = new ServiceBackend(stack, 'Orders', { vpc, image: IMAGE });
    // WHEN
    new RestGateway(stack, 'Rest', { routes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders), authorization: PUBLIC }] });
    // THEN
    const t = template();
    const linkSg = { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcLinkVpcSecurityGroup'), 'GroupId'] };
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: idOf(stack, orders.securityGroups.loadBalancer), SourceSecurityGroupId: linkSg, IpProtocol: 'tcp', FromPort: 80, ToPort: 80,
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: idOf(stack, orders.securityGroups.service), SourceSecurityGroupId: idOf(stack, orders.securityGroups.loadBalancer),
      IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080,
    });
    expect(rulesInto(t, stack, orders.securityGroups.loadBalancer)).toHaveLength(1);
    expect(rulesInto(t, stack, orders.securityGroups.service)).toHaveLength(1);
  });

  test('an NLB service: no rule for the REST VPC link v1, one for the HTTP API\'s VPC link v2, the tasks admit the NLB only', () => {
    // GIVEN
    const { stack, vpc, template } = plain();
    const users = new ServiceBackend(stack, 'Users', { vpc, image: IMAGE, loadBalancerType: LoadBalancerType.NLB });
    const routes = [{ method: HttpMethod.GET, path: '/users', target: RouteTarget.service(users), authorization: PUBLIC }];
    // WHEN
    new RestGateway(stack, 'Rest', { routes });
    new HttpGateway(stack, 'Http', { routes });
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network', SecurityGroups: [idOf(stack, users.securityGroups.loadBalancer)], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off',
    });
    expect(rulesInto(t, stack, users.securityGroups.loadBalancer)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^VpcLinkVpcSecurityGroup/), 'GroupId'] }, IpProtocol: 'tcp', FromPort: 80, ToPort: 80,
    })]);
    expect(rulesInto(t, stack, users.securityGroups.service)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: idOf(stack, users.securityGroups.loadBalancer), IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080,
    })]);
  });

  test('the execute-api endpoint admits HTTPS from each front door\'s security group and from nothing else', () => {
    // GIVEN
    const { stack, vpc, template } = plain();
    const rest = new RestGateway(stack, 'Rest', {
      endpoint: RestEndpoint.private({ vpc }),
      routes: [{ method: HttpMethod.GET, path: '/items', target: RouteTarget.httpUrl('https://backend.example.com/items'), authorization: PUBLIC }],
    });
    const certificate = certificateOf(stack);
    // WHEN
    const web = new AlbFrontDoor(stack, 'Web', { gateway: rest, vpc, domainName: DOMAIN, certificate });
    const partners = new NlbFrontDoor(stack, 'Partners', { gateway: rest, vpc, domainName: 'partners.example.com', certificate });
    // THEN
    const t = template();
    const [endpointSg] = rest.vpcEndpoint!.connections.securityGroups;
    const rules = rulesInto(t, stack, endpointSg);
    expect(rules).toHaveLength(2);
    for (const door of [web, partners]) {
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: idOf(stack, endpointSg), SourceSecurityGroupId: idOf(stack, door.securityGroup), IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      });
    }
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('VpcEndpoint'), SecurityGroupIngress: Match.absent() });
  });

  test('with allowedApis, a front door adds its private domain (and the API mapped to it) to the endpoint\'s policy', () => {
    // GIVEN
    const { stack, vpc, template } = plain();
    const other = apigw.RestApi.fromRestApiId(stack, 'Other', 'a1b2c3d4e5');
    const rest = new RestGateway(stack, 'Rest', {
      endpoint: RestEndpoint.private({ vpc, allowedApis: [other] }),
      routes: [{ method: HttpMethod.GET, path: '/items', target: RouteTarget.httpUrl('https://backend.example.com/items'), authorization: PUBLIC }],
    });
    // WHEN
    new AlbFrontDoor(stack, 'Web', { gateway: rest, vpc, domainName: DOMAIN, certificate: certificateOf(stack) });
    // THEN
    const arn = (resource: string) => stack.resolve(`arn:${stack.partition}:execute-api:eu-west-1:111122223333:${resource}`);
    template().hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Sid: 'InvokeGivenApisOnly', Resource: arn('a1b2c3d4e5/*') }),
          {
            Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke',
            Resource: arn('*/*'),
            Condition: { ArnLike: { 'execute-api:viaDomainArn': arn(`/domainnames/${DOMAIN}+*`) } },
          },
        ],
      },
    });
  });

  test('gRPC: Cloud Map tasks admit their translator; an internal ALB admits its translator and its tasks admit the ALB', () => {
    // GIVEN
    const { stack, vpc, template } = plain();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'GrpcCertificate', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc');
    const protos = { files: [path.join(PROTOS, 'users', 'v1', 'users.proto')], includeDirs: [PROTOS] };
    const directory = new GrpcServiceBackend(stack, 'Directory', { vpc, image: IMAGE });
    const accounts = new GrpcServiceBackend(stack, 'Accounts', {
      vpc, image: IMAGE, discovery: GrpcDiscovery.internalAlb({ certificate, domainName: 'accounts.grpc.example.internal' }),
    });
    // WHEN
    const toDirectory = new GrpcTranslator(stack, 'DirectoryTranslator', { vpc, backend: directory, protos, routes: [GET_USER] });
    const toAccounts = new GrpcTranslator(stack, 'AccountsTranslator', { vpc, backend: accounts, protos, routes: [GET_USER] });
    // THEN
    const t = template();
    expect(rulesInto(t, stack, directory.serviceSecurityGroup)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: idOf(stack, toDirectory.securityGroup), IpProtocol: 'tcp', FromPort: 50051, ToPort: 50051,
    })]);
    expect(rulesInto(t, stack, accounts.loadBalancerSecurityGroup!)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: idOf(stack, toAccounts.securityGroup), IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    })]);
    expect(rulesInto(t, stack, accounts.serviceSecurityGroup)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: idOf(stack, accounts.loadBalancerSecurityGroup!), IpProtocol: 'tcp', FromPort: 50051, ToPort: 50051,
    })]);
  });
});

describe('the topology passes the endpoint options through', () => {
  test('endpointClients are admitted to the endpoint and allowedApis make its policy', () => {
    // GIVEN
    const stack = topologyStack();
    const caller = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Caller', 'sg-0123456789abcdef0');
    const other = apigw.RestApi.fromRestApiId(stack, 'Other', 'a1b2c3d4e5');
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT, endpointClients: [caller], allowedApis: [other] }),
      frontDoor: TopologyFrontDoor.alb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    });
    // THEN
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: idOf(stack, topology.restGateway!.vpcEndpoint!.connections.securityGroups[0]),
      SourceSecurityGroupId: 'sg-0123456789abcdef0', FromPort: 443, ToPort: 443,
    });
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'InvokeGivenApisOnly' })]) },
    });
  });

  test('fails when endpointClients is given for a REGIONAL REST API', () => {
    const stack = topologyStack();
    const caller = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Caller', 'sg-0123456789abcdef0');
    expect(() => new GatewayTopology(stack, 'Edge', {
      ...baseProps(), gateway: TopologyGateway.rest({ defaultAuthorization: JWT, endpointClients: [caller] }),
    })).toThrow(/invalid gateway\.endpointClients: the setting belongs to a PRIVATE REST API/);
  });
});
