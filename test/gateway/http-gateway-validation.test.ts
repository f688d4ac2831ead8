import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Authorization, LambdaAuthorizerType } from '../../lib/auth/authorization';
import { TopologyValidationError } from '../../lib/errors';
import { HttpGateway, HttpGatewayProps } from '../../lib/gateway/http-gateway';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { albBackend, gatewayStack, testFunction } from './http-gateway.fixtures';

const jwt = Authorization.jwt('https://auth.example.com/', ['orders-api']);

function setup() {
  const { stack, vpc } = gatewayStack();
  const orders = albBackend(stack, 'orders', vpc);
  return { stack, vpc, orders };
}

/** Builds a gateway and returns the error it throws. */
function errorOf(make: (ctx: ReturnType<typeof setup>) => Partial<HttpGatewayProps> & { routes: Route[] }): TopologyValidationError {
  const ctx = setup();
  try {
    new HttpGateway(ctx.stack, 'Gateway', { defaultAuthorization: jwt, ...make(ctx) });
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyValidationError);
    return e as TopologyValidationError;
  }
  throw new Error('expected a TopologyValidationError');
}

function route(ctx: ReturnType<typeof setup>, extra: Partial<Route> = {}): Route {
  return { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(ctx.orders), ...extra };
}

describe('HttpGateway validation', () => {
  test('fails when the route list is empty', () => {
    const error = errorOf(() => ({ routes: [] }));
    expect(error.message).toMatch(/^Stack\/Gateway: invalid routes: a gateway needs at least one route \(received \[\]\)\. Fix: declare the routes/);
  });

  test('fails when a path has no leading slash', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { path: 'orders' })] }));
    expect(error.message).toContain('Stack/Gateway: invalid routes[0].path: a route path must start with "/" (received "orders")');
  });

  test('fails when a path has empty braces', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { path: '/orders/{}' })] }));
    expect(error.message).toContain('invalid routes[0].path: segment "{}" has an empty parameter name');
  });

  test('fails when a path has unbalanced braces', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { path: '/orders/{id' })] }));
    expect(error.message).toContain('invalid routes[0].path: segment "{id" has unbalanced braces');
  });

  test('fails when {proxy+} is not the last segment', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { path: '/files/{proxy+}/meta' })] }));
    expect(error.message).toContain('greedy parameter "{proxy+}" must be the last segment');
  });

  test('fails when the same method and path are declared twice', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { path: '/orders/{a}' }), route(ctx, { path: '/orders/{b}' })] }));
    expect(error.message).toContain('invalid routes[1].path: the same method and path are already declared at routes[0]');
  });

  test('fails when addRoute repeats a declared route', () => {
    const ctx = setup();
    const gateway = new HttpGateway(ctx.stack, 'Gateway', { defaultAuthorization: jwt, routes: [route(ctx)] });
    expect(() => gateway.addRoute(route(ctx))).toThrow(/invalid addRoute\(route\)\[0\]\.path: the same method and path are already declared/);
  });

  test('fails when a route throttle is negative', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { throttle: { rateLimit: -1 } })] }));
    expect(error.message).toContain('invalid routes[0].throttle.rateLimit: a throttling rate limit must be at least 0 requests per second (received -1)');
  });

  test('fails when the stage throttle is not an integer', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx)], throttle: { burstLimit: 2.5 } }));
    expect(error.message).toContain('invalid throttle.burstLimit: a throttling burst limit must be a whole number (received 2.5)');
  });

  test('fails when a JWT issuer is not https', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx)], defaultAuthorization: Authorization.jwt('http://auth.example.com', ['a']) }));
    expect(error.message).toContain('invalid defaultAuthorization.issuer: a JWT issuer must be an https URL');
    expect(error.message).toContain('received "http://auth.example.com"');
  });

  test('fails when a route is public without a reason', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { authorization: Authorization.none('  ') })] }));
    expect(error.message).toContain('invalid routes[0].authorization.reason: a public route needs a written reason');
  });

  test('fails when a route has no authorization and there is no default', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx)], defaultAuthorization: undefined }));
    expect(error.message).toContain('invalid routes[0].authorization: route GET /orders has no authorization and the gateway has no defaultAuthorization');
    expect(error.message).toContain('Fix: set defaultAuthorization on the gateway, give the route its own authorization, or make it public with Authorization.none(');
  });

  test('fails when the backend VPC has no private subnets, through the VPC link', () => {
    const error = errorOf((ctx) => {
      const publicOnly = new ec2.Vpc(ctx.stack, 'PublicVpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
      const backend = {
        ...ctx.orders, node: ctx.orders.node, backendName: 'public', vpc: publicOnly, connections: ctx.orders.connections,
      } as typeof ctx.orders;
      return { routes: [route(ctx, { target: RouteTarget.service(backend) })] };
    });
    expect(error.message).toContain('invalid routes[0].target.backend.vpc: the VPC has no private subnets');
  });

  test('fails when a custom domain has no certificate', () => {
    const error = errorOf((ctx) => ({
      routes: [route(ctx)],
      customDomain: { domainName: 'api.example.com', certificate: undefined as unknown as acm.ICertificate },
    }));
    expect(error.message).toContain('invalid customDomain.certificate: a custom domain needs an ACM certificate');
  });

  test('fails when a custom domain name is not a domain name', () => {
    const error = errorOf((ctx) => ({
      routes: [route(ctx)],
      customDomain: { domainName: 'not a domain', certificate: acm.Certificate.fromCertificateArn(ctx.stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc') },
    }));
    expect(error.message).toContain('invalid customDomain.domainName: a domain name needs at least two labels (received "not a domain")');
  });

  test('fails when a Lambda authorizer is of TOKEN type, pointing at RestGateway', () => {
    const error = errorOf((ctx) => ({
      routes: [route(ctx)],
      defaultAuthorization: Authorization.lambda(testFunction(ctx.stack, 'Auth'), { type: LambdaAuthorizerType.TOKEN }),
    }));
    expect(error.message).toContain('invalid defaultAuthorization.type: HTTP APIs have no TOKEN Lambda authorizers');
    expect(error.message).toContain('RestGateway');
  });

  test('fails when a route requires an API key, pointing at RestGateway', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { apiKeyRequired: true })] }));
    expect(error.message).toContain('invalid routes[0].apiKeyRequired: HTTP APIs have no API keys or usage plans');
    expect(error.message).toContain('RestGateway');
  });

  test('fails when a SERVICE route has a request schema, pointing at RestGateway', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { requestSchema: { type: 'object' } })] }));
    expect(error.message).toContain('invalid routes[0].requestSchema: HTTP APIs cannot validate request bodies for SERVICE targets');
    expect(error.message).toContain('RestGateway');
  });

  test('fails when an HTTP_URL route has a request schema', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { target: RouteTarget.httpUrl('https://example.com'), requestSchema: { type: 'object' } })] }));
    expect(error.message).toContain('cannot validate request bodies for HTTP_URL targets');
  });

  test('fails when an HTTP URL target is not https', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { target: RouteTarget.httpUrl('http://status.example.com') })] }));
    expect(error.message).toContain('invalid routes[0].target.url: an HTTP URL target must be an https URL');
    expect(error.message).toContain('received "http://status.example.com"');
  });

  test('fails when a route requires roles its authorizer does not carry', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { requiredRoles: ['premium-tier'] })] }));
    expect(error.message).toContain('invalid routes[0].requiredRoles: the route\'s authorization (jwt(https://auth.example.com/)) carries no roles');
  });

  test('fails when a Lambda authorizer without rolesKey meets required roles', () => {
    const error = errorOf((ctx) => ({
      routes: [route(ctx, { requiredRoles: ['admin'] })],
      defaultAuthorization: Authorization.lambda(testFunction(ctx.stack, 'Auth')),
    }));
    expect(error.message).toContain('carries no roles');
  });

  test('fails when a Cognito authorization has no app clients', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx)], defaultAuthorization: Authorization.cognito(new cognito.UserPool(ctx.stack, 'Pool')) }));
    expect(error.message).toContain('invalid defaultAuthorization.userPoolClients: HTTP APIs verify Cognito tokens as JWTs');
  });

  test('fails when an integration timeout exceeds 30 seconds', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx, { target: RouteTarget.service(ctx.orders, { timeout: Duration.seconds(31) }) })] }));
    expect(error.message).toContain('invalid routes[0].target.timeout: an HTTP API integration timeout must be at most 30000 milliseconds (received "31 seconds")');
  });

  test('fails when a Lambda target asks for injected headers', () => {
    const error = errorOf((ctx) => ({
      routes: [route(ctx, { target: RouteTarget.lambda(testFunction(ctx.stack, 'Fn')), injectHeaders: { 'X-Tier': HeaderValue.literal('gold') } })],
    }));
    expect(error.message).toContain('invalid routes[0].injectHeaders: a Lambda proxy integration receives the client\'s request as sent');
  });

  test('fails when an identity header name is not a header name', () => {
    const error = errorOf((ctx) => ({ routes: [route(ctx)], identityHeaders: { userIdHeader: 'X User' } }));
    expect(error.message).toContain('invalid identityHeaders.userIdHeader: not a valid HTTP header name (received "X User")');
  });

  test('fails when a Lambda authorizer caches longer than an hour', () => {
    const error = errorOf((ctx) => ({
      routes: [route(ctx)],
      defaultAuthorization: Authorization.lambda(testFunction(ctx.stack, 'Auth'), { resultsCacheTtl: Duration.hours(2) }),
    }));
    expect(error.message).toContain('invalid defaultAuthorization.resultsCacheTtl');
  });
});
