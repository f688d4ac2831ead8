import { App, CfnParameter, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Authorization, LambdaAuthorizerType } from '../../lib/auth/authorization';
import { ListenerBackend } from '../../lib/backends/listener-backend';
import { RestEndpoint } from '../../lib/gateway/rest-endpoint';
import { RestGateway, RestGatewayProps } from '../../lib/gateway/rest-gateway';
import { REST_GATEWAY_RESPONSES } from '../../lib/gateway/rest/gateway-responses';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { checkedApp, STRICT_CONTEXT, synthChecked } from '../helpers/checked-app';
import { albBackend, gatewayStack, nlbBackend, testFunction } from './http-gateway.fixtures';

const PUBLIC = Authorization.none('public test route');

function userPool(stack: Stack): cognito.UserPool {
  const pool = new cognito.UserPool(stack, 'Pool', {
    passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { sms: false, otp: true },
  });
  Validations.of(pool).acknowledge(
    { id: 'AwsSolutions-COG8', reason: 'Test fixture user pool; the feature plan is the user\'s choice.' },
  );
  return pool;
}

/** A gateway in a fresh stack; `routes` gets a stack and VPC to build targets with. */
function gateway(
  routes: (stack: Stack, vpc: ec2.Vpc) => Route[],
  props: (stack: Stack, vpc: ec2.Vpc) => Partial<RestGatewayProps> = () => ({}),
  app: App = new App({ context: STRICT_CONTEXT }),
): { stack: Stack; vpc: ec2.Vpc; gw: RestGateway; template: () => Template } {
  const { stack, vpc } = gatewayStack(app);
  const gw = new RestGateway(stack, 'Gateway', { routes: routes(stack, vpc), ...props(stack, vpc) });
  return { stack, vpc, gw, template: () => Template.fromStack(stack) };
}

const urlRoute = (path = '/items', method = HttpMethod.GET, extra: Partial<Route> = {}): Route => ({
  method, path, target: RouteTarget.httpUrl('https://backend.example.com/items'), authorization: PUBLIC, ...extra,
});

describe('endpoint', () => {
  test('is regional by default, without a resource policy', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()]);
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      Policy: Match.absent(),
    });
  });

  test('private creates an execute-api VPC endpoint with private DNS off and makes the API private to it', () => {
    // GIVEN / WHEN
    const { template, gw, stack } = gateway(() => [urlRoute()], (_s, vpc) => ({ endpoint: RestEndpoint.private({ vpc }) }));
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.execute-api'])]) }),
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: false,
    });
    t.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [stack.resolve(gw.vpcEndpoint!.vpcEndpointId)] },
    });
  });

  test('private resource policy admits execute-api:Invoke only from the VPC endpoint and denies every other source', () => {
    // GIVEN / WHEN
    const { template, gw, stack } = gateway(() => [urlRoute()], (_s, vpc) => ({ endpoint: RestEndpoint.private({ vpc }) }));
    // THEN
    const endpointId = stack.resolve(gw.vpcEndpoint!.vpcEndpointId);
    const apis = template().findResources('AWS::ApiGateway::RestApi');
    const statements = Object.values(apis)[0].Properties.Policy.Statement as any[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(allows.length).toBeGreaterThan(0);
    for (const allow of allows) {
      // Every Allow is conditioned on exactly this endpoint, whatever its principal.
      expect(allow.Condition).toEqual({ StringEquals: { 'aws:SourceVpce': endpointId } });
      expect(allow.Action).toEqual('execute-api:Invoke');
    }
    expect(denies).toEqual([expect.objectContaining({
      Action: 'execute-api:Invoke',
      Principal: { AWS: '*' },
      Resource: 'execute-api:/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': endpointId } },
    })]);
  });

  test('private with a given VPC endpoint creates none and admits the given one', () => {
    // GIVEN
    const app = new App({ context: STRICT_CONTEXT });
    const { stack, vpc } = gatewayStack(app);
    const given = vpc.addInterfaceEndpoint('Given', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    // WHEN
    new RestGateway(stack, 'Gateway', { routes: [urlRoute()], endpoint: RestEndpoint.private({ vpc, vpcEndpoint: given }) });
    // THEN
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: { Statement: Match.arrayWith([Match.objectLike({ Condition: { StringEquals: { 'aws:SourceVpce': stack.resolve(given.vpcEndpointId) } } })]) },
    });
  });

  test('private DNS on the created endpoint is opt-in', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()], (_s, vpc) => ({ endpoint: RestEndpoint.private({ vpc, privateDnsEnabled: true }) }));
    // THEN
    template().hasResourceProperties('AWS::EC2::VPCEndpoint', { PrivateDnsEnabled: true });
  });

  test('the created endpoint\'s security group admits no one by default, and never the VPC\'s CIDR', () => {
    // GIVEN / WHEN
    const { template, gw, stack } = gateway(() => [urlRoute()], (_s, vpc) => ({ endpoint: RestEndpoint.private({ vpc }) }));
    // THEN
    const t = template();
    const [sg] = gw.vpcEndpoint!.connections.securityGroups;
    const sgLogicalId = stack.resolve(sg.securityGroupId)['Fn::GetAtt'][0];
    expect(t.toJSON().Resources[sgLogicalId].Properties.SecurityGroupIngress).toBeUndefined();
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('clients are admitted to the endpoint on 443 by their security group', () => {
    // GIVEN
    const app = new App({ context: STRICT_CONTEXT });
    const { stack, vpc } = gatewayStack(app);
    const caller = new ec2.SecurityGroup(stack, 'Caller', { vpc });
    // WHEN
    const gw = new RestGateway(stack, 'Gateway', { routes: [urlRoute()], endpoint: RestEndpoint.private({ vpc, clients: [caller] }) });
    // THEN
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(gw.vpcEndpoint!.connections.securityGroups[0].securityGroupId),
      SourceSecurityGroupId: stack.resolve(caller.securityGroupId),
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
  });

  test('the created endpoint\'s policy lets callers invoke only this account\'s APIs in this region', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()], (_s, vpc) => ({ endpoint: RestEndpoint.private({ vpc }) }));
    // THEN
    template().hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'InvokeThisAccountsApisOnly',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'execute-api:Invoke',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*/*']] },
        }],
      },
    });
  });

  test('with allowedApis the endpoint\'s policy names only those APIs', () => {
    // GIVEN
    const app = new App({ context: STRICT_CONTEXT });
    const { stack, vpc } = gatewayStack(app);
    const other = apigw.RestApi.fromRestApiId(stack, 'Other', 'a1b2c3d4e5');
    // WHEN
    new RestGateway(stack, 'Gateway', { routes: [urlRoute()], endpoint: RestEndpoint.private({ vpc, allowedApis: [other] }) });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Sid: 'InvokeGivenApisOnly',
          Action: 'execute-api:Invoke',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':a1b2c3d4e5/*']] },
        })],
      },
    });
  });

  test('a given VPC endpoint keeps its own policy', () => {
    // GIVEN
    const app = new App({ context: STRICT_CONTEXT });
    const { stack, vpc } = gatewayStack(app);
    const given = vpc.addInterfaceEndpoint('Given', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    // WHEN
    new RestGateway(stack, 'Gateway', { routes: [urlRoute()], endpoint: RestEndpoint.private({ vpc, vpcEndpoint: given }) });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { PolicyDocument: Match.absent() });
  });

  test('fails when allowedApis is given with an existing VPC endpoint', () => {
    // GIVEN
    const app = new App({ context: STRICT_CONTEXT });
    const { stack, vpc } = gatewayStack(app);
    const given = vpc.addInterfaceEndpoint('Given', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    const other = apigw.RestApi.fromRestApiId(stack, 'Other', 'a1b2c3d4e5');
    // WHEN / THEN
    expect(() => new RestGateway(stack, 'Gateway', { routes: [urlRoute()], endpoint: RestEndpoint.private({ vpc, vpcEndpoint: given, allowedApis: [other] }) }))
      .toThrow(/Stack\/Gateway: invalid endpoint\.allowedApis: the policy of a given VPC endpoint is its owner's.*Fix: remove allowedApis/);
  });

  test('fails when allowedApis is empty', () => {
    expect(() => gateway(() => [urlRoute()], (_s, vpc) => ({ endpoint: RestEndpoint.private({ vpc, allowedApis: [] }) })))
      .toThrow(/Stack\/Gateway: invalid endpoint\.allowedApis: an endpoint policy without statements is no policy at all.*Fix: list at least one API/);
  });

  test('fails when a private endpoint has no VPC', () => {
    expect(() => gateway(() => [urlRoute()], () => ({ endpoint: RestEndpoint.private({ vpc: undefined as any }) })))
      .toThrow(/Stack\/Gateway: invalid endpoint\.vpc: a private REST API is reached through an execute-api VPC endpoint.*Fix: pass RestEndpoint\.private\(\{ vpc \}\)/);
  });
});

describe('integrations', () => {
  test('ALB services go through the shared VPC link v2 with the load balancer as integration target', () => {
    // GIVEN / WHEN
    let alb: any;
    const { template, stack } = gateway((s, vpc) => {
      alb = albBackend(s, 'orders', vpc);
      return [
        { method: HttpMethod.GET, path: '/orders/{orderId}', target: RouteTarget.service(alb), authorization: PUBLIC },
        { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(alb), authorization: PUBLIC },
      ];
    });
    // THEN
    const t = template();
    t.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    t.resourceCountIs('AWS::ApiGateway::VpcLink', 0);
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      Integration: Match.objectLike({
        Type: 'HTTP_PROXY',
        ConnectionType: 'VPC_LINK',
        ConnectionId: { Ref: Match.stringLikeRegexp('^VpcLinkVpc') },
        IntegrationTarget: stack.resolve(alb.loadBalancerArn),
        Uri: { 'Fn::Join': ['', ['http://', stack.resolve(alb.loadBalancerDnsName), ':80/orders/{orderId}']] },
        RequestParameters: Match.objectLike({ 'integration.request.path.orderId': 'method.request.path.orderId' }),
      }),
      RequestParameters: { 'method.request.path.orderId': true },
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 80, ToPort: 80, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcLinkVpcSecurityGroup'), 'GroupId'] },
    });
  });

  test('NLB services go through one VPC link v1 of the gateway, with no ingress rule on the NLB', () => {
    // GIVEN / WHEN
    let nlb: any;
    const { template, stack } = gateway((s, v) => {
      nlb = nlbBackend(s, 'users', v);
      return [
        { method: HttpMethod.GET, path: '/users/{userId}', target: RouteTarget.service(nlb, { backendPath: '/v1/users/{userId}' }), authorization: PUBLIC },
        { method: HttpMethod.DELETE, path: '/users/{userId}', target: RouteTarget.service(nlb), authorization: PUBLIC },
      ];
    });
    // THEN
    const t = template();
    t.resourceCountIs('AWS::ApiGateway::VpcLink', 1);
    t.hasResourceProperties('AWS::ApiGateway::VpcLink', { TargetArns: [stack.resolve(nlb.loadBalancerArn)] });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      Integration: Match.objectLike({
        ConnectionType: 'VPC_LINK',
        ConnectionId: { Ref: Match.stringLikeRegexp('^GatewayVpcLink') },
        Uri: { 'Fn::Join': ['', ['http://', stack.resolve(nlb.loadBalancerDnsName), ':8080/v1/users/{userId}']] },
      }),
    });
    // VPC link v1 traffic is PrivateLink traffic, which skips the NLB's inbound rules.
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network', EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off',
    });
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: 'users NLB', SecurityGroupIngress: Match.absent() });
  });

  test('fails when an NLB behind VPC link v1 applies its inbound rules to PrivateLink traffic', () => {
    // GIVEN
    const { stack, vpc } = gatewayStack(new App({ context: STRICT_CONTEXT }));
    const securityGroup = new ec2.SecurityGroup(stack, 'NlbSg', { vpc, allowAllOutbound: false });
    const lb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, securityGroups: [securityGroup] });
    const listener = lb.addListener('Listener', { port: 8080, defaultAction: elbv2.NetworkListenerAction.forward([
      new elbv2.NetworkTargetGroup(stack, 'Targets', { vpc, port: 8080, targetType: elbv2.TargetType.IP }),
    ]) });
    const backend = ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer: lb });
    // WHEN / THEN
    expect(() => new RestGateway(stack, 'Gateway', {
      routes: [{ method: HttpMethod.GET, path: '/users', target: RouteTarget.service(backend), authorization: PUBLIC }],
    })).toThrow(/Stack\/Gateway: invalid routes\[0\]\.target\.backend: the NLB of users applies its security group inbound rules to PrivateLink traffic.*Fix: create the NLB with enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false/);
  });

  test('accepts an NLB without security groups behind VPC link v1', () => {
    // GIVEN
    const { stack, vpc } = gatewayStack(new App({ context: STRICT_CONTEXT }));
    const lb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, disableSecurityGroups: true });
    const listener = lb.addListener('Listener', { port: 8080, defaultAction: elbv2.NetworkListenerAction.forward([
      new elbv2.NetworkTargetGroup(stack, 'Targets', { vpc, port: 8080, targetType: elbv2.TargetType.IP }),
    ]) });
    const backend = ListenerBackend.fromNetworkListener(stack, 'Users', { backendName: 'users', vpc, listener, loadBalancer: lb });
    // WHEN
    new RestGateway(stack, 'Gateway', {
      routes: [{ method: HttpMethod.GET, path: '/users', target: RouteTarget.service(backend), authorization: PUBLIC }],
    });
    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::VpcLink', 1);
  });

  test('Lambda targets are proxy integrations with one invoke permission per function', () => {
    // GIVEN / WHEN
    const { template } = gateway((s) => {
      const fn = testFunction(s, 'Fn');
      return [
        { method: HttpMethod.GET, path: '/a', target: RouteTarget.lambda(fn), authorization: PUBLIC },
        { method: HttpMethod.GET, path: '/b', target: RouteTarget.lambda(fn), authorization: PUBLIC },
      ];
    });
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' }),
    });
    t.resourceCountIs('AWS::Lambda::Permission', 1);
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Fn'), 'Arn'] },
      SourceArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['/*/*/*'])]) }),
    });
  });

  test('HTTP URL targets map path parameters, greedy ones included', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [
      { method: HttpMethod.GET, path: '/files/{bucket}/{proxy+}', target: RouteTarget.httpUrl('https://files.example.com/{bucket}/{proxy+}'), authorization: PUBLIC },
    ]);
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({
        Type: 'HTTP_PROXY',
        Uri: 'https://files.example.com/{bucket}/{proxy}',
        RequestParameters: Match.objectLike({
          'integration.request.path.bucket': 'method.request.path.bucket',
          'integration.request.path.proxy': 'method.request.path.proxy',
        }),
      }),
      RequestParameters: { 'method.request.path.bucket': true, 'method.request.path.proxy': true },
    });
  });

  test('fails when an HTTP URL names a parameter the route lacks', () => {
    expect(() => gateway(() => [{ ...urlRoute('/items/{id}'), target: RouteTarget.httpUrl('https://b.example.com/{other}') }]))
      .toThrow(/invalid routes\[0\]\.target\.url: parameter "other" is not a parameter of the route path/);
  });
});

describe('authorizers', () => {
  test('Cognito routes use a user pool authorizer with scopes and the sub claim as X-User-ID', () => {
    // GIVEN / WHEN
    const { template } = gateway((s) => [
      urlRoute('/me', HttpMethod.GET, { authorization: Authorization.cognito(userPool(s), { scopes: ['orders/read'] }) }),
    ]);
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizationScopes: ['orders/read'],
      Integration: Match.objectLike({
        RequestParameters: Match.objectLike({ 'integration.request.header.X-User-ID': 'context.authorizer.claims.sub' }),
      }),
    });
  });

  test('fails when a Cognito authorization restricts app clients, which REST cannot enforce', () => {
    // GIVEN / WHEN / THEN
    expect(() => gateway((s) => {
      const pool = userPool(s);
      return [urlRoute('/me', HttpMethod.GET, { authorization: Authorization.cognito(pool, { userPoolClients: [pool.addClient('Web')] }) })];
    })).toThrow(/Stack\/Gateway: invalid routes\[0\]\.authorization\.userPoolClients: a REST API's Cognito authorizer accepts tokens of every app client .*Fix: on a RestGateway leave userPoolClients out and narrow callers with scopes/);
  });

  test('TOKEN Lambda authorizers read one header in REST syntax with the results cache TTL', () => {
    // GIVEN / WHEN
    const { template } = gateway((s) => [urlRoute('/a', HttpMethod.GET, {
      authorization: Authorization.lambda(testFunction(s, 'Auth'), {
        type: LambdaAuthorizerType.TOKEN, identitySources: ['$request.header.X-Token'], resultsCacheTtl: Duration.minutes(10),
      }),
    })]);
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN', IdentitySource: 'method.request.header.X-Token', AuthorizerResultTtlInSeconds: 600,
    });
  });

  test('REQUEST Lambda authorizers translate identity sources and inject the context user as X-User-ID', () => {
    // GIVEN / WHEN
    const { template } = gateway((s) => [urlRoute('/a', HttpMethod.GET, {
      authorization: Authorization.lambda(testFunction(s, 'Auth'), {
        identitySources: ['$request.header.Authorization', '$request.querystring.tenant'], userIdKey: 'uid',
      }),
    })]);
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,method.request.querystring.tenant',
      AuthorizerResultTtlInSeconds: 300,
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'CUSTOM',
      Integration: Match.objectLike({ RequestParameters: Match.objectLike({ 'integration.request.header.X-User-ID': 'context.authorizer.uid' }) }),
    });
  });

  test('one authorizer serves every route with the same authorization', () => {
    // GIVEN / WHEN
    const { template } = gateway((s) => {
      const auth = Authorization.lambda(testFunction(s, 'Auth'));
      return [urlRoute('/a', HttpMethod.GET, { authorization: auth }), urlRoute('/b', HttpMethod.GET, { authorization: auth })];
    });
    // THEN
    template().resourceCountIs('AWS::ApiGateway::Authorizer', 1);
  });

  test('fails when a TOKEN authorizer has identity sources other than one header', () => {
    expect(() => gateway((s) => [urlRoute('/a', HttpMethod.GET, {
      authorization: Authorization.lambda(testFunction(s, 'Auth'), {
        type: LambdaAuthorizerType.TOKEN, identitySources: ['$request.header.A', '$request.header.B'],
      }),
    })])).toThrow(/invalid routes\[0\]\.authorization\.identitySources: a TOKEN authorizer reads exactly one request header/);
  });

  test('fails when an authorizer cache TTL is over one hour', () => {
    expect(() => gateway(() => [urlRoute('/a')], (s) => ({
      routes: [{ ...urlRoute('/a'), authorization: undefined }],
      defaultAuthorization: Authorization.lambda(testFunction(s, 'Auth'), { resultsCacheTtl: Duration.hours(2) }),
    }))).toThrow(/invalid defaultAuthorization\.resultsCacheTtl: an authorizer results cache TTL must be at most 3600 seconds/);
  });

  test('IAM routes use AWS_IAM and the caller ARN as X-User-ID', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/a', HttpMethod.GET, { authorization: Authorization.iam() })]);
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'AWS_IAM',
      Integration: Match.objectLike({ RequestParameters: Match.objectLike({ 'integration.request.header.X-User-ID': 'context.identity.userArn' }) }),
    });
  });

  test('apiKeyRequired is set per route', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/keyed', HttpMethod.GET, { apiKeyRequired: true }), urlRoute('/open')]);
    // THEN
    const t = template();
    t.resourceCountIs('AWS::ApiGateway::Method', 2);
    t.hasResourceProperties('AWS::ApiGateway::Method', { ApiKeyRequired: true, ResourceId: { Ref: Match.stringLikeRegexp('keyed') } });
    t.hasResourceProperties('AWS::ApiGateway::Method', { ApiKeyRequired: false, ResourceId: { Ref: Match.stringLikeRegexp('open') } });
  });

  test('JWT routes share one bundled JWT authorizer per issuer and audiences, which enforces required roles', () => {
    // GIVEN / WHEN
    const jwt = Authorization.jwt('https://auth.example.com/', ['orders-api']);
    const { template, gw } = gateway(() => [
      urlRoute('/orders', HttpMethod.POST, { authorization: jwt, requiredRoles: ['premium-tier'] }),
      urlRoute('/orders', HttpMethod.GET, { authorization: jwt }),
    ]);
    // THEN
    expect(gw.jwtAuthorizers).toHaveLength(1);
    expect(gw.jwtAuthorizers[0].requiredRoles).toEqual({ 'POST /orders': ['premium-tier'] });
    const t = template();
    t.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', IdentitySource: 'method.request.header.Authorization,context.httpMethod,context.resourcePath' });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'CUSTOM',
      Integration: Match.objectLike({ RequestParameters: Match.objectLike({
        'integration.request.header.X-User-ID': 'context.authorizer.userId',
        'integration.request.header.X-Tenant-ID': 'context.authorizer.tenantId',
      }) }),
    });
  });

  test('JWT scopes are enforced by the bundled authorizer, one per scope set', () => {
    // GIVEN / WHEN
    const { gw } = gateway(() => [
      urlRoute('/orders', HttpMethod.POST, { authorization: Authorization.jwt('https://auth.example.com/', ['orders-api'], ['orders:write']) }),
      urlRoute('/orders', HttpMethod.GET, { authorization: Authorization.jwt('https://auth.example.com/', ['orders-api']) }),
    ]);
    // THEN
    expect(gw.jwtAuthorizers.map((a) => a.requiredScopes).sort()).toEqual([[], ['orders:write']]);
  });

  test('fails when a route requires roles behind an authorizer that carries none', () => {
    expect(() => gateway((s) => [urlRoute('/a', HttpMethod.GET, {
      authorization: Authorization.cognito(userPool(s)), requiredRoles: ['admin'],
    })])).toThrow(/invalid routes\[0\]\.requiredRoles: route "GET \/a" requires roles, but its authorization \(COGNITO\) carries no roles/);
  });

  test('a Lambda authorizer with roles but no addRouteRoles gets a warning that it must enforce them', () => {
    // GIVEN / WHEN
    const { stack } = gateway((s) => [urlRoute('/a', HttpMethod.GET, {
      authorization: Authorization.lambda(testFunction(s, 'Auth'), { rolesKey: 'roles' }), requiredRoles: ['admin'],
    })]);
    // THEN
    Annotations.fromStack(stack).hasWarning('/Stack/Gateway', Match.stringLikeRegexp('Route GET /a requires roles \\[admin\\].*must enforce them itself'));
  });

  test('fails when a route has no authorization and the gateway no default', () => {
    expect(() => gateway(() => [{ ...urlRoute('/a'), authorization: undefined }]))
      .toThrow(/invalid routes\[0\]\.authorization: route "GET \/a" has no authorization and the gateway has no defaultAuthorization/);
  });
});

describe('identity headers', () => {
  test('public routes overwrite the identity headers with a fixed anonymous value', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/health')]);
    // THEN: a mapped header replaces the client's, so a client-sent X-User-ID never reaches the backend.
    template().hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({ RequestParameters: {
        'integration.request.header.X-User-ID': "'anonymous'",
        'integration.request.header.X-Tenant-ID': "'anonymous'",
        'integration.request.header.X-Request-ID': 'context.requestId',
      } }),
    });
  });

  test('fails when a literal header value holds a quote', () => {
    expect(() => gateway(() => [urlRoute('/a', HttpMethod.GET, { injectHeaders: { 'X-Tier': HeaderValue.literal("gold'") } })]))
      .toThrow(/invalid routes\[0\]\.injectHeaders\.X-Tier: REST writes a literal header value as a quoted static value/);
  });

  test('fails when an identity header name is not a header name', () => {
    expect(() => gateway(() => [urlRoute('/a')], () => ({ identityHeaders: { userIdHeader: 'X User' } })))
      .toThrow(/invalid identityHeaders\.userIdHeader: not a valid HTTP header name/);
  });

  test('route headers replace identity headers whatever their spelling', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/a', HttpMethod.GET, {
      injectHeaders: { 'x-tenant-id': HeaderValue.literal('acme'), 'X-Caller-Tier': HeaderValue.contextVariable('stage') },
    })], () => ({ identityHeaders: { requestIdHeader: 'X-Correlation-ID' } }));
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({ RequestParameters: {
        'integration.request.header.X-User-ID': "'anonymous'",
        'integration.request.header.x-tenant-id': "'acme'",
        'integration.request.header.X-Correlation-ID': 'context.requestId',
        'integration.request.header.X-Caller-Tier': 'context.stage',
      } }),
    });
  });
});

describe('validation', () => {
  test('a route schema becomes a draft-4 model and the body-and-parameters validator', () => {
    // GIVEN / WHEN
    const schema = { type: 'object', required: ['email'], properties: { email: { type: 'string' } } };
    const { template } = gateway(() => [urlRoute('/signup', HttpMethod.POST, { requestSchema: schema })]);
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', ...schema },
    });
    t.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('^GatewayModel') } },
      RequestValidatorId: { Ref: Match.stringLikeRegexp('^GatewayRequestValidator') },
    });
  });

  test('fails when a route schema is not valid JSON Schema draft 4', () => {
    expect(() => gateway(() => [urlRoute('/a', HttpMethod.POST, { requestSchema: { type: 'objekt' } })]))
      .toThrow(/invalid routes\[0\]\.requestSchema: not a valid JSON Schema \(draft 4\)/);
  });

  test('fails when two routes declare the same method and path', () => {
    expect(() => gateway(() => [urlRoute('/a/{x}'), urlRoute('/a/{y}')]))
      .toThrow(/invalid routes\[1\]\.path: the same method and path are already declared at routes\[0\]/);
  });

  test('fails when two routes name one parameter position differently', () => {
    expect(() => gateway(() => [urlRoute('/a/{x}'), urlRoute('/a/{y}', HttpMethod.POST)]))
      .toThrow(/invalid routes\[1\]\.path: parameter "\{y\}" sits where another route declared "\{x\}" \(\/a\/\{x\}\)/);
  });
});

describe('gateway responses', () => {
  test('every response type answers in the one error shape with its status', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()]);
    // THEN
    const responses = Object.values(template().findResources('AWS::ApiGateway::GatewayResponse')).map((r: any) => r.Properties);
    expect(responses).toHaveLength(REST_GATEWAY_RESPONSES.length);
    const types = responses.map((r) => r.ResponseType);
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED', 'ACCESS_DENIED', 'THROTTLED', 'QUOTA_EXCEEDED', 'BAD_REQUEST_BODY',
      'BAD_REQUEST_PARAMETERS', 'INTEGRATION_TIMEOUT', 'INTEGRATION_FAILURE', 'MISSING_AUTHENTICATION_TOKEN', 'EXPIRED_TOKEN',
      'INVALID_API_KEY', 'INVALID_SIGNATURE', 'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND', 'WAF_FILTERED']) {
      expect(types).toContain(type);
    }
    for (const r of responses) {
      // Render the template as API Gateway would, with quoted context values.
      const rendered = r.ResponseTemplates['application/json']
        .replace('$context.error.messageString', '"some message"')
        .replace('$context.requestId', 'req-1')
        .replace('$context.error.responseType', r.ResponseType);
      const body = JSON.parse(rendered);
      expect(body).toEqual({ error: { code: expect.stringMatching(/^[A-Z_0-9]+$/), status: Number(r.StatusCode), message: 'some message', requestId: 'req-1' } });
    }
    const byType = Object.fromEntries(responses.map((r) => [r.ResponseType, r.StatusCode]));
    expect(byType).toMatchObject({ UNAUTHORIZED: '401', ACCESS_DENIED: '403', THROTTLED: '429', QUOTA_EXCEEDED: '429', BAD_REQUEST_BODY: '400', INTEGRATION_TIMEOUT: '504', RESOURCE_NOT_FOUND: '404', REQUEST_TOO_LARGE: '413' });
  });

  test('carry the CORS origin header when CORS is on', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()], () => ({ cors: { allowOrigins: ['https://app.example.com'] } }));
    // THEN
    const responses = Object.values(template().findResources('AWS::ApiGateway::GatewayResponse')).map((r: any) => r.Properties);
    for (const r of responses) expect(r.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin']).toBe("'https://app.example.com'");
  });

  test('carry no CORS header when CORS is off', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()]);
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'UNAUTHORIZED', ResponseParameters: Match.absent() });
  });

  test('CORS adds a preflight to resources with routes', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/a/b')], () => ({ cors: { allowOrigins: ['https://app.example.com'] } }));
    // THEN: /a/b has a route, /a does not
    const t = template();
    t.resourceCountIs('AWS::ApiGateway::Method', 2);
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', Integration: Match.objectLike({ Type: 'MOCK' }) });
  });
});

describe('stage', () => {
  test('writes JSON access logs to a KMS-encrypted log group with retention, traces, and logs every method', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()]);
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayAccessLogKey'), 'Arn'] }, RetentionInDays: 365 });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowCloudWatchLogsForTheAccessLogGroup',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp(':log-group:/aws/apigateway/.*/access')])]) }) } },
      })]) },
    });
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
      MethodSettings: Match.arrayWith([Match.objectLike({
        HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', MetricsEnabled: true, DataTraceEnabled: false,
        ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000,
      })]),
    });
  });

  test('stage name, tracing, metrics, logging level and retention follow the props', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()], () => ({
      stageName: 'v1', tracing: false, detailedMetrics: false, loggingLevel: apigw.MethodLoggingLevel.INFO,
      accessLogRetention: logs.RetentionDays.ONE_MONTH, throttle: { rateLimit: 50, burstLimit: 60 },
    }));
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1', TracingEnabled: false,
      MethodSettings: Match.arrayWith([Match.objectLike({ ResourcePath: '/*', LoggingLevel: 'INFO', MetricsEnabled: false, ThrottlingRateLimit: 50, ThrottlingBurstLimit: 60 })]),
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('route throttles become method settings', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/orders/{id}', HttpMethod.GET, { throttle: { rateLimit: 5, burstLimit: 10 } })]);
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ HttpMethod: 'GET', ResourcePath: '/~1orders~1{id}', ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 })]),
    });
  });

  test('canary settings go on the stage', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()], () => ({ canary: { percentTraffic: 10, stageVariableOverrides: { backend: 'v2' } } }));
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::Stage', {
      CanarySetting: { DeploymentId: { Ref: Match.stringLikeRegexp('^GatewayDeployment') }, PercentTraffic: 10, StageVariableOverrides: { backend: 'v2' }, UseStageCache: false },
    });
  });

  test('a canary with a stable deployment keeps the rest of the traffic on it', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()], () => ({ canary: { percentTraffic: 5, stableDeploymentId: 'abc123' } }));
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::Stage', {
      DeploymentId: 'abc123',
      CanarySetting: Match.objectLike({ DeploymentId: { Ref: Match.stringLikeRegexp('^GatewayDeployment') }, PercentTraffic: 5 }),
    });
  });

  test('accepts tokens where values are checked', () => {
    // GIVEN
    const app = new App({ context: STRICT_CONTEXT });
    const { stack } = gatewayStack(app);
    const pct = new CfnParameter(stack, 'Pct', { type: 'Number' }).valueAsNumber;
    const rate = new CfnParameter(stack, 'Rate', { type: 'Number' }).valueAsNumber;
    // WHEN / THEN
    expect(() => new RestGateway(stack, 'Gateway', {
      routes: [urlRoute('/a', HttpMethod.GET, { throttle: { rateLimit: rate } })],
      canary: { percentTraffic: pct },
      throttle: { rateLimit: rate, burstLimit: rate },
    })).not.toThrow();
  });

  test('fails when the canary share is not a percentage', () => {
    expect(() => gateway(() => [urlRoute()], () => ({ canary: { percentTraffic: 150 } })))
      .toThrow(/invalid canary\.percentTraffic: a canary share of traffic must be at most 100 percent \(received 150\)/);
  });

  test('cached routes get a cache cluster, an encrypted method cache and their path parameters as cache keys', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/orders/{id}')], () => ({ cache: { routes: ['GET /orders/{id}'], ttl: Duration.minutes(1) } }));
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      CacheClusterEnabled: true, CacheClusterSize: '0.5',
      MethodSettings: Match.arrayWith([Match.objectLike({ HttpMethod: 'GET', ResourcePath: '/~1orders~1{id}', CachingEnabled: true, CacheTtlInSeconds: 60, CacheDataEncrypted: true })]),
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', { Integration: Match.objectLike({ CacheKeyParameters: ['method.request.path.id'] }) });
  });

  test('fails when a cached route is not declared', () => {
    expect(() => gateway(() => [urlRoute('/orders')], () => ({ cache: { routes: ['GET /nope'] } })))
      .toThrow(/invalid cache\.routes\[0\]: not the key of a declared route/);
  });

  test('a WAF web ACL with common rules, known bad inputs and a rate rule is associated with the stage', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute()], () => ({ waf: { rateLimitPerFiveMinutes: 500 } }));
    // THEN
    const t = template();
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: [
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } } }),
        Match.objectLike({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } } }),
      ],
    });
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayWebAcl'), 'Arn'] },
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
  });

  test('consumers become usage plans on the stage', () => {
    // GIVEN / WHEN
    const { template, gw } = gateway(() => [urlRoute('/a', HttpMethod.GET, { apiKeyRequired: true })], () => ({
      consumers: { tiers: [{ name: 'gold', rateLimit: 50, burstLimit: 100 }], consumers: [{ name: 'acme', tier: 'gold' }] },
    }));
    // THEN
    expect(gw.consumerPlans).toBeDefined();
    template().hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp('^GatewayStage') } })],
      Throttle: { RateLimit: 50, BurstLimit: 100 },
    });
  });
});

describe('deployment', () => {
  const logicalId = (routes: Route[]) => {
    const { template } = gateway(() => routes);
    return Object.keys(template().findResources('AWS::ApiGateway::Deployment'));
  };

  test('changes when a route is added', () => {
    // GIVEN
    const before = logicalId([urlRoute('/a')]);
    // WHEN
    const after = logicalId([urlRoute('/a'), urlRoute('/b')]);
    // THEN
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toEqual(before[0]);
  });

  test('changes when a route moves to another backend', () => {
    // GIVEN
    const id = (backend: string) => {
      const { template } = gateway((s, vpc) => [{ method: HttpMethod.GET, path: '/a', target: RouteTarget.service(albBackend(s, backend, vpc)), authorization: PUBLIC }]);
      return Object.keys(template().findResources('AWS::ApiGateway::Deployment'))[0];
    };
    // WHEN / THEN
    expect(id('orders')).not.toEqual(id('orders2'));
  });

  test('stays the same when nothing changes', () => {
    expect(logicalId([urlRoute('/a')])).toEqual(logicalId([urlRoute('/a')]));
  });

  test('depends on every method', () => {
    // GIVEN / WHEN
    const { template } = gateway(() => [urlRoute('/a'), urlRoute('/b')]);
    // THEN
    const [deployment] = Object.values(template().findResources('AWS::ApiGateway::Deployment')) as any[];
    const methods = Object.keys(template().findResources('AWS::ApiGateway::Method'));
    expect(deployment.DependsOn).toEqual(expect.arrayContaining(methods));
  });
});

describe('addRoute', () => {
  test('adds a method, its throttle setting and its summary, and redeploys', () => {
    // GIVEN
    const before = Object.keys(gateway(() => [urlRoute('/a')]).template().findResources('AWS::ApiGateway::Deployment'))[0];
    const { gw, template } = gateway(() => [urlRoute('/a')]);
    // WHEN
    gw.addRoute(urlRoute('/a/{id}', HttpMethod.GET, { throttle: { rateLimit: 3 } }));
    // THEN
    const t = template();
    t.resourceCountIs('AWS::ApiGateway::Method', 2);
    t.hasResourceProperties('AWS::ApiGateway::Method', { RequestParameters: { 'method.request.path.id': true } });
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ HttpMethod: 'GET', ResourcePath: '/~1a~1{id}', ThrottlingRateLimit: 3, ThrottlingBurstLimit: 2000 })]),
    });
    expect(Object.keys(t.findResources('AWS::ApiGateway::Deployment'))[0]).not.toEqual(before);
    expect(gw.node.metadata.find((m) => m.type === 'cdk-gateway-topology:routes')?.data).toHaveLength(2);
  });

  test('fails when the added route duplicates a declared one', () => {
    // GIVEN
    const { gw } = gateway(() => [urlRoute('/a/{x}')]);
    // WHEN / THEN
    expect(() => gw.addRoute(urlRoute('/a/{y}'))).toThrow(/invalid addRoute\(route\)\[0\]\.path: the same method and path are already declared/);
  });

  test('fails when the added route names a parameter position differently', () => {
    // GIVEN
    const { gw } = gateway(() => [urlRoute('/a/{x}')]);
    // WHEN / THEN
    expect(() => gw.addRoute(urlRoute('/a/{y}/b'))).toThrow(/invalid addRoute\(route\)\.path: parameter "\{y\}" sits where another route declared "\{x\}"/);
  });
});

test('records the routes as metadata for the synth summary', () => {
  // GIVEN / WHEN
  const { gw } = gateway(() => [urlRoute('/health')]);
  // THEN
  const entry = gw.node.metadata.find((m) => m.type === 'cdk-gateway-topology:routes');
  expect(entry?.data).toEqual([{ method: 'GET', path: '/health', target: 'url:https://backend.example.com/items', authorization: 'none: public test route' }]);
});

test('a private API with every integration and authorizer passes cdk-nag and cfn-lint', () => {
  // GIVEN
  const app = checkedApp();
  const { stack, vpc } = gatewayStack(app);
  const orders = albBackend(stack, 'orders', vpc);
  const users = nlbBackend(stack, 'users', vpc);
  const fn = testFunction(stack, 'Fn');
  const authFn = testFunction(stack, 'AuthFn');
  // WHEN
  const gw = new RestGateway(stack, 'Gateway', {
    endpoint: RestEndpoint.private({ vpc }),
    defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']),
    cors: { allowOrigins: ['https://app.example.com'] },
    routes: [
      { method: HttpMethod.GET, path: '/orders/{orderId}', target: RouteTarget.service(orders) },
      { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(orders), requiredRoles: ['premium-tier'], requestSchema: { type: 'object' } },
      { method: HttpMethod.GET, path: '/users/{userId}', target: RouteTarget.service(users), authorization: Authorization.cognito(userPool(stack)) },
      { method: HttpMethod.GET, path: '/fn', target: RouteTarget.lambda(fn), authorization: Authorization.lambda(authFn, { type: LambdaAuthorizerType.TOKEN }) },
      { method: HttpMethod.GET, path: '/signed/{proxy+}', target: RouteTarget.httpUrl('https://example.com/{proxy}'), authorization: Authorization.iam(), apiKeyRequired: true },
      { method: HttpMethod.GET, path: '/health', target: RouteTarget.httpUrl('https://example.com/health'), authorization: Authorization.none('load balancer health check') },
    ],
    waf: {},
    cache: { routes: ['GET /orders/{orderId}'] },
    canary: { percentTraffic: 10 },
    consumers: { tiers: [{ name: 'gold', rateLimit: 50, burstLimit: 100 }], consumers: [{ name: 'acme', tier: 'gold' }] },
  });
  // THEN
  expect(() => synthChecked(app)).not.toThrow();
  expect(gw.restApi.node.defaultChild).toBeInstanceOf(apigw.CfnRestApi);
});

test('template snapshot of a private API with an ALB service, a Lambda authorizer and a public health route', () => {
  // GIVEN / WHEN
  const { template } = gateway((s, vpc) => [
    { method: HttpMethod.GET, path: '/orders/{orderId}', target: RouteTarget.service(albBackend(s, 'orders', vpc)), throttle: { rateLimit: 10, burstLimit: 20 } },
    { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(albBackend(s, 'orders2', vpc)), requestSchema: { type: 'object' } },
    urlRoute('/health'),
  ], (s, vpc) => ({
    endpoint: RestEndpoint.private({ vpc }),
    defaultAuthorization: Authorization.lambda(testFunction(s, 'Auth')),
  }));
  // THEN
  const resources = template().toJSON().Resources as Record<string, { Type: string }>;
  const gatewayOnly = Object.fromEntries(Object.entries(resources).filter(([id]) => id.startsWith('Gateway') || id.startsWith('VpcLink')));
  expect(gatewayOnly).toMatchSnapshot();
});
