import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization } from '../../lib/auth/authorization';
import { GrpcDiscovery, GrpcServiceBackend } from '../../lib/backends/grpc-service-backend';
import { ServiceBackend } from '../../lib/backends/service-backend';
import { AlbFrontDoor } from '../../lib/front-door/alb-front-door';
import { NlbFrontDoor } from '../../lib/front-door/nlb-front-door';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestEndpointType } from '../../lib/gateway/rest-endpoint';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { TopologyMonitoring } from '../../lib/observability/topology-monitoring';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { GatewayTopology } from '../../lib/topology/gateway-topology';
import { TopologyFrontDoor } from '../../lib/topology/topology-front-door';
import { TopologyGateway } from '../../lib/topology/topology-gateway';
import { GrpcTranslator } from '../../lib/transform/grpc-translator';
import { dashboardWidgets } from '../observability/dashboard-body';
import { baseProps, certificateOf, DOMAIN, GRPC_SERVICES, JWT, SERVICES, topologyStack } from './fixtures';

/** All resources of one type, with their logical ids. */
function resourcesOf(template: Template, type: string): Array<{ id: string; props: any }> {
  return Object.entries(template.findResources(type)).map(([id, r]) => ({ id, props: (r as any).Properties ?? {} }));
}

describe('GatewayTopology: ALB front door → private REST API → services and gRPC', () => {
  let stack: Stack;
  let topology: GatewayTopology;
  let template: Template;

  beforeAll(() => {
    // GIVEN
    stack = topologyStack();
    // WHEN
    topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      grpcServices: GRPC_SERVICES,
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.alb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    });
    template = Template.fromStack(stack);
  });

  test('the REST API is private, and its resource policy admits only the topology\'s VPC endpoint', () => {
    // THEN
    const endpointRef = stack.resolve(topology.restGateway!.vpcEndpoint!.vpcEndpointId);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [endpointRef] },
    });
    const apis = resourcesOf(template, 'AWS::ApiGateway::RestApi');
    expect(apis).toHaveLength(1);
    const statements: any[] = apis[0].props.Policy.Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const allow of allows) expect(allow.Condition.StringEquals['aws:SourceVpce']).toEqual(endpointRef);
    expect(statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition.StringNotEquals['aws:SourceVpce']) === JSON.stringify(endpointRef))).toBe(true);
  });

  test('the VPC endpoint lives in the topology\'s VPC', () => {
    // THEN
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      VpcId: stack.resolve(topology.vpc.vpcId),
      ServiceName: Match.stringLikeRegexp('execute-api'),
    });
  });

  test('the ALB is internet-facing in the topology\'s VPC and targets the endpoint over HTTPS on 443', () => {
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing', Type: 'application',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 443, Protocol: 'HTTPS', TargetType: 'ip', VpcId: stack.resolve(topology.vpc.vpcId),
    });
    expect(topology.albFrontDoor!.targetGroup.node.path).toBe('Stack/Edge/FrontDoor/TargetGroup');
  });

  test('the private custom domain maps the front door\'s host name to the REST API', () => {
    // THEN
    template.hasResourceProperties('AWS::ApiGateway::DomainNameV2', {
      DomainName: DOMAIN, EndpointConfiguration: { Types: ['PRIVATE'] },
    });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMappingV2', {
      RestApiId: stack.resolve(topology.restGateway!.restApi.restApiId),
    });
  });

  test('the ALB service is reached through a VPC link v2 and the NLB service through a VPC link v1', () => {
    // THEN
    const orders = topology.services.orders;
    const users = topology.services.users;
    template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    template.hasResourceProperties('AWS::ApiGateway::VpcLink', { TargetArns: [stack.resolve(users.loadBalancerArn)] });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      Integration: Match.objectLike({
        ConnectionType: 'VPC_LINK',
        IntegrationTarget: stack.resolve(orders.loadBalancerArn),
        Uri: { 'Fn::Join': ['', ['http://', stack.resolve(orders.loadBalancerDnsName), ':80/orders']] },
      }),
    });
  });

  test('a route\'s backendPath becomes the path on its service', () => {
    // THEN
    const orders = topology.services.orders;
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({
        Uri: { 'Fn::Join': ['', ['http://', stack.resolve(orders.loadBalancerDnsName), ':80/v1/orders/{orderId}']] },
      }),
    });
  });

  test('every service and gRPC service runs in one shared cluster with Container Insights', () => {
    // THEN
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    const clusterRef = stack.resolve(topology.cluster!.clusterName);
    const services = resourcesOf(template, 'AWS::ECS::Service');
    expect(services).toHaveLength(3);
    for (const s of services) expect(s.props.Cluster).toEqual(clusterRef);
  });

  test('the translator\'s routes join the gateway\'s routes and invoke the translator', () => {
    // THEN
    const fn = topology.translators.directory.function;
    expect(topology.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /orders', 'GET /orders/{orderId}', 'GET /users/{userId}', 'GET /health', 'GET /api/v1/users/{userId}',
    ]);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      Integration: Match.objectLike({
        Type: 'AWS_PROXY',
        Uri: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([stack.resolve(fn.functionArn)])] }),
      }),
    });
  });

  test('the monitoring dashboard watches the front door, the gateway, the translator and the services', () => {
    // THEN
    const titles = dashboardWidgets(template).map((w) => w.properties.title ?? '');
    expect(titles).toEqual(expect.arrayContaining([
      'Edge/FrontDoor/LoadBalancer: requests',
      'Edge/FrontDoor/TargetGroup: target health',
      'orders: target health',
      'users: target health',
    ]));
    expect(titles.some((t) => t.includes('Translators/directory'))).toBe(true);
    expect(titles.some((t) => /Edge\/Gateway/.test(t))).toBe(true);
    const alarms = topology.monitoring!.alarms;
    expect(topology.monitoring!.unhealthyTargetsAlarms).toHaveLength(3);
    expect(topology.monitoring!.translatorErrorsAlarms).toHaveLength(1);
    expect(topology.monitoring!.serverErrorRateAlarms).toHaveLength(1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', alarms.length);
  });

  test('every part is exposed under its documented child id', () => {
    // THEN
    expect(topology.vpc).toBeInstanceOf(ec2.Vpc);
    expect(topology.cluster).toBeInstanceOf(ecs.Cluster);
    expect(topology.services.orders).toBeInstanceOf(ServiceBackend);
    expect(topology.grpcServices.directory).toBeInstanceOf(GrpcServiceBackend);
    expect(topology.translators.directory).toBeInstanceOf(GrpcTranslator);
    expect(topology.restGateway).toBeInstanceOf(RestGateway);
    expect(topology.httpGateway).toBeUndefined();
    expect(topology.albFrontDoor).toBeInstanceOf(AlbFrontDoor);
    expect(topology.nlbFrontDoor).toBeUndefined();
    expect(topology.monitoring).toBeInstanceOf(TopologyMonitoring);
    expect([
      topology.vpc, topology.flowLogGroup!, topology.cluster!, topology.services.orders, topology.services.users,
      topology.grpcServices.directory, topology.translators.directory, topology.restGateway!, topology.albFrontDoor!, topology.monitoring!,
    ].map((c) => c.node.path)).toEqual([
      'Stack/Edge/Vpc', 'Stack/Edge/FlowLogGroup', 'Stack/Edge/Cluster', 'Stack/Edge/Services/orders', 'Stack/Edge/Services/users',
      'Stack/Edge/GrpcServices/directory', 'Stack/Edge/Translators/directory', 'Stack/Edge/Gateway', 'Stack/Edge/FrontDoor', 'Stack/Edge/Monitoring',
    ]);
  });

  test('services are named by their key', () => {
    // THEN
    expect(topology.services.orders.backendName).toBe('orders');
    expect(topology.grpcServices.directory.backendName).toBe('directory');
  });
});

describe('GatewayTopology: the VPC', () => {
  test('a created VPC has 2 AZs, 1 NAT gateway and flow logs to a log group with retention', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', { ...baseProps(), gateway: TopologyGateway.http({ defaultAuthorization: JWT }) });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    expect(topology.vpc.availabilityZones).toHaveLength(2);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: stack.resolve(topology.vpc.vpcId),
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: stack.resolve(topology.flowLogGroup!.logGroupName),
    });
  });

  test('a given VPC and cluster are used, and none is created', () => {
    // GIVEN
    const stack = topologyStack();
    const vpc = new ec2.Vpc(stack, 'Shared', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(stack, 'SharedCluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', { ...baseProps(), vpc, cluster, gateway: TopologyGateway.http({ defaultAuthorization: JWT }) });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    expect(topology.vpc).toBe(vpc);
    expect(topology.cluster).toBe(cluster);
    expect(topology.flowLogGroup).toBeUndefined();
    expect(topology.services.orders.cluster).toBe(cluster);
  });

  test('no cluster is created when there are no services', () => {
    // GIVEN
    const stack = topologyStack();
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:111122223333:function:hello');
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      gateway: TopologyGateway.http(),
      extraRoutes: [{ method: HttpMethod.GET, path: '/hello', target: RouteTarget.lambda(fn), authorization: JWT }],
    });
    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 0);
    expect(topology.cluster).toBeUndefined();
    expect(topology.services).toEqual({});
  });
});

describe('GatewayTopology: HTTP API without a front door', () => {
  let stack: Stack;
  let topology: GatewayTopology;
  let template: Template;

  beforeAll(() => {
    // GIVEN
    stack = topologyStack();
    // WHEN
    topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      grpcServices: GRPC_SERVICES,
      gateway: TopologyGateway.http({ defaultAuthorization: JWT, apiName: 'edge-http' }),
    });
    template = Template.fromStack(stack);
  });

  test('builds an HTTP API with the given options and no REST API', () => {
    // THEN
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'edge-http', ProtocolType: 'HTTP' });
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    expect(topology.httpGateway).toBeInstanceOf(HttpGateway);
    expect(topology.restGateway).toBeUndefined();
  });

  test('creates no front door: no internet-facing load balancer and no VPC endpoint', () => {
    // THEN
    expect(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((lb) => lb.props.Scheme))
      .toEqual(['internal', 'internal']);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(topology.albFrontDoor).toBeUndefined();
    expect(topology.nlbFrontDoor).toBeUndefined();
  });

  test('every service route and the translator route is an HTTP API route', () => {
    // THEN
    const keys = resourcesOf(template, 'AWS::ApiGatewayV2::Route').map((r) => r.props.RouteKey).sort();
    expect(keys).toEqual(['GET /api/v1/users/{userId}', 'GET /health', 'GET /orders', 'GET /orders/{orderId}', 'GET /users/{userId}']);
  });

  test('both services share one VPC link v2', () => {
    // THEN
    template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ConnectionType: 'VPC_LINK', IntegrationUri: stack.resolve(topology.services.users.listenerArn),
    });
  });

  test('the monitoring watches the HTTP API', () => {
    // THEN
    expect(topology.monitoring!.serverErrorRateAlarms).toHaveLength(1);
    expect(topology.monitoring!.throttlesAlarms).toHaveLength(1);
    expect(topology.monitoring!.unhealthyTargetsAlarms).toHaveLength(2);
  });
});

describe('GatewayTopology: REST endpoints without a front door', () => {
  test('the REST API is REGIONAL by default', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    new GatewayTopology(stack, 'Edge', { ...baseProps(), gateway: TopologyGateway.rest({ defaultAuthorization: JWT }) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });

  test('the REST API is PRIVATE in the topology\'s VPC when the spec says so', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT, endpointType: RestEndpointType.PRIVATE, privateDnsEnabled: true }),
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: Match.objectLike({ Types: ['PRIVATE'] }) });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcId: stack.resolve(topology.vpc.vpcId), PrivateDnsEnabled: true });
  });
});

describe('GatewayTopology: NLB front door', () => {
  test('builds an internet-facing NLB with a TLS listener in front of a private REST API', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.nlb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    });
    // THEN
    const template = Template.fromStack(stack);
    expect(topology.nlbFrontDoor).toBeInstanceOf(NlbFrontDoor);
    expect(topology.albFrontDoor).toBeUndefined();
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: Match.objectLike({ Types: ['PRIVATE'] }) });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing', Type: 'network' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      LoadBalancerArn: stack.resolve(topology.nlbFrontDoor!.loadBalancer.loadBalancerArn), Port: 443, Protocol: 'TLS',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 443, Protocol: 'TLS', TargetType: 'ip' });
  });

  test('the monitoring watches the NLB and its target group', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.nlb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    });
    // THEN
    const titles = dashboardWidgets(Template.fromStack(stack)).map((w) => w.properties.title ?? '');
    expect(titles).toEqual(expect.arrayContaining(['Edge/FrontDoor/LoadBalancer: flows', 'Edge/FrontDoor/TargetGroup: target health']));
    expect(topology.monitoring!.unhealthyTargetsAlarms).toHaveLength(3);
  });
});

describe('GatewayTopology: monitoring options', () => {
  test('monitoring is on by default, with one dashboard', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    new GatewayTopology(stack, 'Edge', { ...baseProps(), gateway: TopologyGateway.http({ defaultAuthorization: JWT }) });
    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('the options reach the dashboard and alarms', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      monitoring: { dashboardName: 'edge-dev', latencyAlarm: { enabled: false } },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'edge-dev' });
    expect(topology.monitoring!.latencyAlarms).toHaveLength(0);
  });

  test('the target group of a gRPC service behind an internal ALB is watched', () => {
    // GIVEN
    const stack = topologyStack();
    const discovery = GrpcDiscovery.internalAlb({ certificate: certificateOf(stack), domainName: 'directory.grpc.example.internal' });
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      grpcServices: { directory: { ...GRPC_SERVICES.directory, discovery } },
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
    });
    // THEN
    const titles = dashboardWidgets(Template.fromStack(stack)).map((w) => w.properties.title ?? '');
    expect(titles).toContain('Edge/GrpcServices/directory/TargetGroup: target health');
    expect(topology.monitoring!.unhealthyTargetsAlarms).toHaveLength(1);
  });

  test('enabled: false creates no dashboard and no alarms', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      monitoring: { enabled: false },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(topology.monitoring).toBeUndefined();
  });
});

describe('GatewayTopology: routes with other targets and routes added later', () => {
  test('extraRoutes join the gateway after the service routes', () => {
    // GIVEN
    const stack = topologyStack();
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:111122223333:function:hello');
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      extraRoutes: [{ method: HttpMethod.POST, path: '/hello', target: RouteTarget.lambda(fn) }],
    });
    // THEN
    expect(topology.routes[topology.routes.length - 1].path).toBe('/hello');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /hello' });
  });

  test('addServiceRoutes adds routes to a service by its name', () => {
    // GIVEN
    const stack = topologyStack();
    const topology = new GatewayTopology(stack, 'Edge', { ...baseProps(), gateway: TopologyGateway.http({ defaultAuthorization: JWT }) });
    // WHEN
    topology.addServiceRoutes([{ method: HttpMethod.DELETE, path: '/orders/{orderId}', service: 'orders' }]);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'DELETE /orders/{orderId}' });
    expect(topology.routes.map((r) => `${r.method} ${r.path}`)).toContain('DELETE /orders/{orderId}');
  });

  test('addRoutes adds routes with any target to a REST API', () => {
    // GIVEN
    const stack = topologyStack();
    const topology = new GatewayTopology(stack, 'Edge', { ...baseProps(), gateway: TopologyGateway.rest({ defaultAuthorization: JWT }) });
    // WHEN
    topology.addRoutes([{
      method: HttpMethod.GET, path: '/status', target: RouteTarget.httpUrl('https://status.example.com/'),
      authorization: Authorization.none('a public status page'),
    }]);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'status' });
  });
});

describe('GatewayTopology: what clients call', () => {
  test('url is the front door\'s domain and base path', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.alb({ domainName: DOMAIN, certificate: certificateOf(stack), basePath: 'v1' }),
    });
    // THEN
    expect(topology.url).toBe(`https://${DOMAIN}/v1/`);
  });

  test('url is the gateway\'s stage URL without a front door', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', { ...baseProps(), gateway: TopologyGateway.rest({ defaultAuthorization: JWT }) });
    // THEN
    const url = JSON.stringify(stack.resolve(topology.url));
    expect(url).toContain('.execute-api.');
    expect(url).toContain(stack.resolve(topology.restGateway!.restApi.restApiId).Ref);
    expect(url).toContain(stack.resolve(topology.restGateway!.stage.stageName).Ref);
  });

  test('REST consumer plans pass through to the gateway', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      services: SERVICES,
      routes: [{ method: HttpMethod.GET, path: '/orders', service: 'orders', apiKeyRequired: true }],
      gateway: TopologyGateway.rest({
        defaultAuthorization: JWT,
        consumers: { tiers: [{ name: 'standard', rateLimit: 10, burstLimit: 20 }], consumers: [{ name: 'acme', tier: 'standard' }] },
      }),
    });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    expect(topology.restGateway!.consumerPlans).toBeDefined();
  });

  test('a gRPC service named in camel case gets a kebab-case backend name', () => {
    // GIVEN
    const stack = topologyStack();
    // WHEN
    const topology = new GatewayTopology(stack, 'Edge', {
      grpcServices: { userDirectory: GRPC_SERVICES.directory },
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
    });
    // THEN
    expect(topology.grpcServices.userDirectory.backendName).toBe('user-directory');
    Template.fromStack(stack).hasResourceProperties('AWS::ServiceDiscovery::Service', { Name: 'user-directory' });
  });
});
