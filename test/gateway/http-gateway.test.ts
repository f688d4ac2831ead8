import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Authorization } from '../../lib/auth/authorization';
import { JwtAuthorizerFunction } from '../../lib/auth/jwt-authorizer-function';
import { DEFAULT_HTTP_GATEWAY_THROTTLE, HttpGateway, HttpGatewayProps, ROUTES_METADATA_KEY } from '../../lib/gateway/http-gateway';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { albBackend, gatewayStack, nlbBackend, testFunction } from './http-gateway.fixtures';

const ISSUER = 'https://auth.example.com/';
const jwt = Authorization.jwt(ISSUER, ['orders-api']);

function build(routes: (ctx: ReturnType<typeof setup>) => Route[], props: Partial<HttpGatewayProps> = {}) {
  const ctx = setup();
  const gateway = new HttpGateway(ctx.stack, 'Gateway', { defaultAuthorization: jwt, ...props, routes: routes(ctx) });
  // Synthesized on first use, so a test may still add routes before reading the template.
  return { ...ctx, gateway, get template() { return Template.fromStack(ctx.stack); } };
}

function setup() {
  const { stack, vpc } = gatewayStack();
  const orders = albBackend(stack, 'orders', vpc);
  const users = nlbBackend(stack, 'users', vpc);
  return { stack, vpc, orders, users };
}

function integrationFor(template: Template, routeKey: string): Record<string, any> {
  const route = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }))[0] as any;
  const target: string = route.Properties.Target['Fn::Join'][1][1].Ref;
  return template.toJSON().Resources[target].Properties;
}

describe('HttpGateway API and stage', () => {
  test('creates one HTTP API with its name and description and no implicit stage', () => {
    // GIVEN / WHEN
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }],
      { apiName: 'orders-api', description: 'Orders' });
    // THEN
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'orders-api', Description: 'Orders', ProtocolType: 'HTTP' });
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true });
  });

  test('applies the secure default stage throttle and detailed metrics', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: {
        ThrottlingRateLimit: DEFAULT_HTTP_GATEWAY_THROTTLE.rateLimit,
        ThrottlingBurstLimit: DEFAULT_HTTP_GATEWAY_THROTTLE.burstLimit,
        DetailedMetricsEnabled: true,
      },
    });
  });

  test('applies a given stage throttle', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }],
      { throttle: { rateLimit: 50, burstLimit: 75 } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 75 }),
    });
  });

  test('throttles a route through stage route settings keyed by route key, after the route exists', () => {
    const { template, gateway, stack } = build(({ orders }) => [
      { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(orders), throttle: { rateLimit: 10 } },
      { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) },
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: {
        'POST /orders': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: DEFAULT_HTTP_GATEWAY_THROTTLE.burstLimit, DetailedMetricsEnabled: true },
      },
    });
    const routeId = stack.getLogicalId(gateway.routes[0].httpRoute.node.defaultChild as apigwv2.CfnRoute);
    const otherId = stack.getLogicalId(gateway.routes[1].httpRoute.node.defaultChild as apigwv2.CfnRoute);
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as any;
    expect(stage.DependsOn).toContain(routeId);
    expect(stage.DependsOn ?? []).not.toContain(otherId);
  });

  test('writes JSON access logs with the agreed fields to a KMS-encrypted log group kept one year', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }]);
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as any;
    // Numeric fields are unquoted $context variables until API Gateway fills them in.
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format.replace(/:(\$context\.[A-Za-z.]+)/g, ':"$1"'));
    for (const field of ['requestId', 'ip', 'user', 'tenant', 'routeKey', 'status', 'latency', 'integrationLatency', 'errorMessage']) {
      expect(format).toHaveProperty(field);
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('GatewayAccessLogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('admits CloudWatch Logs to the new key for this log group only, without wildcard actions', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }]);
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0] as any;
    const statement = key.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsForTheAccessLogGroup');
    expect(statement.Action.every((a: string) => !a.includes('*'))).toBe(true);
    expect(JSON.stringify(statement.Principal)).toContain('logs.');
    const arn = JSON.stringify(statement.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']);
    const logGroup = Object.values(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/apigateway/') } }))[0] as any;
    expect(arn).toContain(logGroup.Properties.LogGroupName);
  });

  test('uses a given retention and a given key', () => {
    const ctx = setup();
    const key = new kms.Key(ctx.stack, 'MyKey', { enableKeyRotation: true });
    new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: jwt,
      routes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(ctx.orders) }],
      accessLogRetention: logs.RetentionDays.THREE_MONTHS,
      accessLogEncryptionKey: key,
    });
    const template = Template.fromStack(ctx.stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 90,
      KmsKeyId: { 'Fn::GetAtt': [ctx.stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
    });
  });

  test('configures CORS on the API', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }],
      { cors: { allowOrigins: ['https://app.example.com'], allowMethods: [apigwv2.CorsHttpMethod.GET] } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET'] },
    });
  });

  test('maps a custom domain with TLS 1.2 and the certificate', () => {
    const ctx = setup();
    const certificate = acm.Certificate.fromCertificateArn(ctx.stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    const gateway = new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: jwt,
      routes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(ctx.orders) }],
      customDomain: { domainName: 'api.example.com', certificate, mappingKey: 'v1' },
    });
    const template = Template.fromStack(ctx.stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificate.certificateArn, SecurityPolicy: 'TLS_1_2' })],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'v1', Stage: Match.anyValue() });
    expect(gateway.domainName).toBeDefined();
    expect(gateway.url).toBe('https://api.example.com/v1/');
  });

  test('has no custom domain unless asked', () => {
    const { template, gateway } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }]);
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    expect(gateway.domainName).toBeUndefined();
  });
});

describe('HttpGateway authorizers', () => {
  test('shares one JWT authorizer per issuer and audiences and puts scopes on the route', () => {
    const { template } = build(({ orders }) => [
      { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) },
      { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(orders), authorization: Authorization.jwt(ISSUER, ['orders-api'], ['orders:write']) },
      { method: HttpMethod.GET, path: '/admin', target: RouteTarget.service(orders), authorization: Authorization.jwt(ISSUER, ['admin-api']) },
    ]);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: ISSUER, Audience: ['orders-api'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /orders', AuthorizationType: 'JWT', AuthorizationScopes: ['orders:write'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /orders', AuthorizationType: 'JWT', AuthorizationScopes: Match.absent() });
  });

  test('verifies Cognito tokens as JWTs from the pool issuer with the clients as audiences', () => {
    const ctx = setup();
    const pool = new cognito.UserPool(ctx.stack, 'Pool');
    const client = pool.addClient('Client');
    new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: Authorization.cognito(pool, { userPoolClients: [client], scopes: ['orders/read'] }),
      routes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(ctx.orders) }],
    });
    const template = Template.fromStack(ctx.stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: [{ Ref: ctx.stack.getLogicalId(client.node.defaultChild as cognito.CfnUserPoolClient) }],
        Issuer: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('cognito-idp')])]) }),
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationScopes: ['orders/read'] });
  });

  test('builds a REQUEST Lambda authorizer with IAM policy responses, its identity sources and cache TTL', () => {
    const ctx = setup();
    const fn = testFunction(ctx.stack, 'AuthFn');
    new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: Authorization.lambda(fn, { identitySources: ['$request.header.X-Token'], resultsCacheTtl: Duration.minutes(2) }),
      routes: [
        { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(ctx.orders) },
        { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(ctx.orders) },
      ],
    });
    const template = Template.fromStack(ctx.stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.X-Token'],
      AuthorizerResultTtlInSeconds: 120,
      // Absent means false: the function answers with IAM policies, as REST APIs require.
      EnableSimpleResponses: Match.absent(),
      AuthorizerPayloadFormatVersion: '1.0',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith([Match.stringLikeRegexp('AuthFn')]) }),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'CUSTOM' });
  });

  test('marks IAM routes AWS_IAM and public routes NONE', () => {
    const { template } = build(({ orders }) => [
      { method: HttpMethod.GET, path: '/internal', target: RouteTarget.service(orders), authorization: Authorization.iam() },
      { method: HttpMethod.GET, path: '/health', target: RouteTarget.service(orders), authorization: Authorization.none('load balancer health check') },
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /internal', AuthorizationType: 'AWS_IAM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  test('registers required roles with a JwtAuthorizerFunction and keys its cache by route', () => {
    const ctx = setup();
    const authorizer = new JwtAuthorizerFunction(ctx.stack, 'JwtAuth', { issuer: ISSUER, audiences: ['orders-api'] });
    new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: authorizer.authorization(),
      routes: [{ method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(ctx.orders), requiredRoles: ['premium-tier'] }],
    });
    expect(authorizer.requiredRoles['POST /orders']).toEqual(['premium-tier']);
    Template.fromStack(ctx.stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      IdentitySource: Match.arrayWith(['$context.routeKey']),
    });
  });

  test('warns when a roles-carrying authorizer cannot take route roles', () => {
    const ctx = setup();
    const fn = testFunction(ctx.stack, 'AuthFn');
    new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: Authorization.lambda(fn, { rolesKey: 'roles' }),
      routes: [{ method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(ctx.orders), requiredRoles: ['admin'] }],
    });
    Annotations.fromStack(ctx.stack).hasWarning('/Stack/Gateway', Match.stringLikeRegexp('POST /orders requires roles \\[admin\\]'));
  });
});

describe('HttpGateway integrations', () => {
  test('reaches ALB and NLB listeners through one VPC link per VPC, admitted on the listener port', () => {
    const { template, gateway, orders, users, stack } = build(({ orders: o, users: u }) => [
      { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(o) },
      { method: HttpMethod.GET, path: '/users', target: RouteTarget.service(u) },
    ]);
    template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    expect(gateway.vpcLinks).toHaveLength(1);
    const linkSg = stack.resolve(gateway.vpcLinks[0].securityGroup.securityGroupId);
    for (const [backend, key] of [[orders, 'GET /orders'], [users, 'GET /users']] as const) {
      const integration = integrationFor(template, key);
      expect(integration).toMatchObject({ IntegrationType: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', IntegrationMethod: 'ANY' });
      expect(integration.IntegrationUri).toEqual(stack.resolve(backend.listenerArn));
      expect(integration.ConnectionId).toEqual(stack.resolve(gateway.vpcLinks[0].vpcLink.vpcLinkId));
    }
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 80, ToPort: 80, SourceSecurityGroupId: linkSg });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: linkSg });
  });

  test('creates a VPC link per VPC when backends live in two VPCs', () => {
    const ctx = setup();
    const other = new ec2.Vpc(ctx.stack, 'OtherVpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const billing = albBackend(ctx.stack, 'billing', other);
    const gateway = new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: jwt,
      routes: [
        { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(ctx.orders) },
        { method: HttpMethod.GET, path: '/billing', target: RouteTarget.service(billing) },
      ],
    });
    Template.fromStack(ctx.stack).resourceCountIs('AWS::ApiGatewayV2::VpcLink', 2);
    expect(gateway.vpcLinks).toHaveLength(2);
  });

  test('rewrites the path to the backend path with the route parameters', () => {
    const { template } = build(({ orders }) => [
      { method: HttpMethod.GET, path: '/api/v2/orders/{orderId}/{proxy+}', target: RouteTarget.service(orders, { backendPath: '/orders/{orderId}/{proxy+}' }) },
    ]);
    expect(integrationFor(template, 'GET /api/v2/orders/{orderId}/{proxy+}').RequestParameters).toMatchObject({
      'overwrite:path': '/orders/${request.path.orderId}/${request.path.proxy}',
    });
  });

  test('passes the path through when no backend path is given', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }]);
    expect(integrationFor(template, 'GET /orders').RequestParameters['overwrite:path']).toBeUndefined();
  });

  test('sets the integration timeout', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders, { timeout: Duration.seconds(5) }) }]);
    expect(integrationFor(template, 'GET /orders').TimeoutInMillis).toBe(5000);
  });

  test('shares one integration per target, backend path and headers', () => {
    const { template, gateway } = build(({ orders }) => [
      { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) },
      { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(orders) },
      { method: HttpMethod.GET, path: '/orders/{id}', target: RouteTarget.service(orders, { backendPath: '/v1/orders/{id}' }) },
      { method: HttpMethod.GET, path: '/health', target: RouteTarget.service(orders), authorization: Authorization.none('health check') },
    ]);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
    expect(gateway.integrations).toHaveLength(3);
  });

  test('keeps a shared integration\'s logical id when the first route using it is removed', () => {
    const both = build(({ orders }) => [
      { method: HttpMethod.GET, path: '/a', target: RouteTarget.service(orders) },
      { method: HttpMethod.GET, path: '/b', target: RouteTarget.service(orders) },
    ]).template;
    const secondOnly = build(({ orders }) => [{ method: HttpMethod.GET, path: '/b', target: RouteTarget.service(orders) }]).template;
    expect(Object.keys(secondOnly.findResources('AWS::ApiGatewayV2::Integration')))
      .toEqual(Object.keys(both.findResources('AWS::ApiGatewayV2::Integration')));
  });

  test('costs one resource per route plus shared integrations', () => {
    const ctx = setup();
    const routes: Route[] = Array.from({ length: 40 }, (_, i) => ({ method: HttpMethod.GET, path: `/r${i}`, target: RouteTarget.service(ctx.orders) }));
    new HttpGateway(ctx.stack, 'Gateway', { defaultAuthorization: jwt, routes });
    const template = Template.fromStack(ctx.stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 40);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
  });

  test('invokes a Lambda target as a payload 2.0 proxy with one permission per function', () => {
    const ctx = setup();
    const fn = testFunction(ctx.stack, 'OrdersFn');
    new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: jwt,
      routes: [
        { method: HttpMethod.GET, path: '/a', target: RouteTarget.lambda(fn, { timeout: Duration.seconds(10) }), requestSchema: { type: 'object' } },
        { method: HttpMethod.GET, path: '/b', target: RouteTarget.lambda(fn, { timeout: Duration.seconds(10) }) },
      ],
    });
    const template = Template.fromStack(ctx.stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', TimeoutInMillis: 10000, RequestParameters: Match.absent(),
    });
    template.resourceCountIs('AWS::Lambda::Permission', 1);
  });

  test('proxies an HTTP URL target with identity headers', () => {
    const { template } = build(() => [{ method: HttpMethod.GET, path: '/status/{proxy+}', target: RouteTarget.httpUrl('https://status.example.com/{proxy}') }]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://status.example.com/{proxy}',
      IntegrationMethod: 'ANY',
      RequestParameters: Match.objectLike({ 'overwrite:header.x-user-id': '$context.authorizer.claims.sub' }),
    });
  });
});

describe('HttpGateway identity headers', () => {
  test('overwrites identity headers on every non-public route and removes them on public ones', () => {
    const ctx = setup();
    const fn = testFunction(ctx.stack, 'AuthFn');
    const gateway = new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: jwt,
      routes: [
        { method: HttpMethod.GET, path: '/jwt', target: RouteTarget.service(ctx.orders) },
        { method: HttpMethod.GET, path: '/lambda', target: RouteTarget.service(ctx.orders), authorization: Authorization.lambda(fn) },
        { method: HttpMethod.GET, path: '/iam', target: RouteTarget.service(ctx.users), authorization: Authorization.iam() },
        { method: HttpMethod.GET, path: '/public', target: RouteTarget.service(ctx.orders), authorization: Authorization.none('status page') },
      ],
    });
    const template = Template.fromStack(ctx.stack);
    for (const { route, authorization } of gateway.routes) {
      const params = integrationFor(template, `${route.method} ${route.path}`).RequestParameters as Record<string, string>;
      expect(Object.keys(params).some((k) => k.startsWith('append:'))).toBe(false);
      expect(params['overwrite:header.x-request-id']).toBe('$context.requestId');
      if (authorization.type === 'NONE') {
        expect(params).toMatchObject({ 'remove:header.x-user-id': "''", 'remove:header.x-tenant-id': "''" });
        expect(params['overwrite:header.x-user-id']).toBeUndefined();
      } else {
        expect(params['overwrite:header.x-user-id']).toMatch(/^\$context\./);
      }
    }
    expect(integrationFor(template, 'GET /jwt').RequestParameters).toMatchObject({
      'overwrite:header.x-user-id': '$context.authorizer.claims.sub', 'overwrite:header.x-tenant-id': '$context.authorizer.claims.tenant_id',
    });
    expect(integrationFor(template, 'GET /lambda').RequestParameters).toMatchObject({
      'overwrite:header.x-user-id': '$context.authorizer.userId', 'overwrite:header.x-tenant-id': '$context.authorizer.tenantId',
    });
  });

  test('reads the tenant from the configured claim into the configured header', () => {
    const { template } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }],
      { identityHeaders: { tenantIdClaim: 'org.id_2', tenantIdHeader: 'X-Org' } });
    expect(integrationFor(template, 'GET /orders').RequestParameters).toMatchObject({ 'overwrite:header.x-org': '$context.authorizer.claims.org.id_2' });
  });

  test('merges route headers over the identity headers, case-insensitively', () => {
    const { template } = build(({ orders }) => [{
      method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders),
      injectHeaders: { 'x-user-id': HeaderValue.claim('email'), 'X-Caller-Tier': HeaderValue.literal('gold') },
    }]);
    expect(integrationFor(template, 'GET /orders').RequestParameters).toMatchObject({
      'overwrite:header.x-user-id': '$context.authorizer.claims.email',
      'overwrite:header.x-caller-tier': 'gold',
    });
  });
});

describe('HttpGateway routes and exposure', () => {
  test('records every route, including added ones, in the construct metadata', () => {
    const { gateway, orders } = build(({ orders: o }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(o) }]);
    gateway.addRoute({ method: HttpMethod.GET, path: '/health', target: RouteTarget.service(orders), authorization: Authorization.none('health') });
    const entry = gateway.node.metadata.find((m) => m.type === ROUTES_METADATA_KEY)!;
    expect(entry.data).toEqual([
      { method: 'GET', path: '/orders', target: 'service:orders', authorization: jwt.describe() },
      { method: 'GET', path: '/health', target: 'service:orders', authorization: 'none: health' },
    ]);
  });

  test('adds a route after construction', () => {
    const { gateway, orders, stack } = build(({ orders: o }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(o) }]);
    const route = gateway.addRoute({ method: HttpMethod.DELETE, path: '/orders/{id}', target: RouteTarget.service(orders), throttle: { rateLimit: 5 } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'DELETE /orders/{id}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { RouteSettings: { 'DELETE /orders/{id}': Match.objectLike({ ThrottlingRateLimit: 5 }) } });
    expect(gateway.routes.map((r) => r.httpRoute)).toContain(route);
  });

  test('serves the API root and ANY routes', () => {
    const { template } = build(({ orders }) => [
      { method: HttpMethod.GET, path: '/', target: RouteTarget.service(orders) },
      { method: HttpMethod.ANY, path: '/{proxy+}', target: RouteTarget.service(orders) },
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /{proxy+}' });
  });

  test('exposes the resources it creates', () => {
    const { gateway } = build(({ orders }) => [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }]);
    expect(gateway.httpApi).toBeInstanceOf(apigwv2.HttpApi);
    expect(gateway.node.defaultChild).toBe(gateway.httpApi);
    expect(gateway.stage).toBeInstanceOf(apigwv2.HttpStage);
    expect(gateway.logGroup).toBeInstanceOf(logs.LogGroup);
    expect(gateway.encryptionKey).toBeInstanceOf(kms.Key);
    expect(gateway.authorizers).toHaveLength(1);
    expect(gateway.integrations).toHaveLength(1);
    expect(gateway.routes).toHaveLength(1);
    expect(Stack.of(gateway).resolve(gateway.url)).toBeDefined();
  });

  test('accepts tokens where values are checked', () => {
    const ctx = setup();
    const issuer = new CfnParameter(ctx.stack, 'Issuer').valueAsString;
    const rate = new CfnParameter(ctx.stack, 'Rate', { type: 'Number' }).valueAsNumber;
    const domain = new CfnParameter(ctx.stack, 'Domain').valueAsString;
    const certificate = acm.Certificate.fromCertificateArn(ctx.stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    new HttpGateway(ctx.stack, 'Gateway', {
      defaultAuthorization: Authorization.jwt(issuer, ['orders-api']),
      throttle: { rateLimit: rate },
      customDomain: { domainName: domain, certificate },
      routes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(ctx.orders), throttle: { burstLimit: rate } }],
    });
    const template = Template.fromStack(ctx.stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { JwtConfiguration: Match.objectLike({ Issuer: { Ref: 'Issuer' } }) });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: { Ref: 'Rate' } }) });
  });
});
