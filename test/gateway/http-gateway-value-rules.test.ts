import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway, HttpGatewayProps } from '../../lib/gateway/http-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { testFunction } from './http-gateway.fixtures';
import { errorOf } from '../helpers/validation-error';

// The HTTP API's values against the AWS rules (lib/private/aws-rules): each prop that takes
// a rule fails past it with our error, accepts its edge, and accepts a token. Gateways throw
// at construction, so no test synthesizes more than the one template it inspects.

const PUBLIC = Authorization.none('public test route');
const num = (value: number) => Token.asNumber(Lazy.number({ produce: () => value }));
const str = (value: string) => Lazy.string({ produce: () => value });

function urlRoute(extra: Partial<Route> = {}, timeout?: Duration): Route {
  return {
    method: HttpMethod.GET, path: '/items', authorization: PUBLIC,
    target: RouteTarget.httpUrl('https://backend.example.com/items', { timeout }), ...extra,
  };
}

function build(props: Partial<HttpGatewayProps> = {}, routes: Route[] = [urlRoute()]): { stack: Stack; gateway: HttpGateway } {
  const stack = new Stack(new App(), 'Stack');
  return { stack, gateway: new HttpGateway(stack, 'Gateway', { routes, ...props }) };
}

describe('HttpGateway value rules', () => {
  test.each<[string, Partial<HttpGatewayProps>, RegExp]>([
    ['the API name is empty', { apiName: '' }, /invalid apiName: an HTTP API name must not be empty \(received ""\)/],
    ['the API name is longer than 128 characters', { apiName: 'a'.repeat(129) }, /invalid apiName: an HTTP API name must be at most 128 characters long \(this one has 129\)/],
    ['the description is longer than 1024 characters', { description: 'd'.repeat(1025) }, /invalid description: an HTTP API description must be at most 1024 characters/],
    ['the stage name is empty', { stageName: '' }, /invalid stageName: an HTTP API stage name must not be empty/],
    ['the stage name holds a space', { stageName: 'my stage' }, /invalid stageName: an HTTP API stage name may hold only letters, digits, "-" and "_", or exactly "\$default"/],
    ['the stage name is a $ name other than $default', { stageName: '$prod' }, /invalid stageName:.*received "\$prod"/],
    ['the CORS max age is past a day', { cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.seconds(86_401) } },
      /invalid cors\.maxAge: a CORS preflight max age must be at most 86400 seconds/],
    ['the CORS max age is not whole seconds', { cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.millis(1500) } },
      /invalid cors\.maxAge: a CORS preflight max age must be a whole number of seconds \(received "1 second 500 millis"\)/],
    ['the stage rate limit is NaN', { throttle: { rateLimit: NaN } }, /invalid throttle\.rateLimit: a throttling rate limit must be a number, not NaN/],
    ['the stage burst limit is Infinity', { throttle: { burstLimit: Infinity } }, /invalid throttle\.burstLimit: a throttling burst limit must be finite \(received Infinity\)/],
  ])('fails when %s', (_name, props, message) => {
    expect(errorOf(() => build(props)).message).toMatch(message);
  });

  test('the message names the construct path and the page of the rule', () => {
    const error = errorOf(() => build({ apiName: 'a'.repeat(129) }));
    expect(error.constructPath).toBe('Stack/Gateway');
    expect(error.prop).toBe('apiName');
    expect(error.fix).toContain('https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html');
  });

  test('accepts the edges: a 128-character name, a 1024-character or empty description, $default, a day of CORS max age, a fractional rate', () => {
    expect(() => build({
      apiName: 'a'.repeat(128),
      description: 'd'.repeat(1024),
      stageName: '$default',
      cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.days(1) },
      throttle: { rateLimit: 0.5, burstLimit: 0 },
    })).not.toThrow();
    expect(() => build({ description: '', stageName: 'v1_beta-2', cors: { allowOrigins: ['*'], maxAge: Duration.seconds(0) } })).not.toThrow();
  });

  test('accepts tokens', () => {
    expect(() => build({
      apiName: str(''),
      description: str('d'.repeat(2000)),
      stageName: str('bad name'),
      cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.seconds(num(1_000_000)) },
      throttle: { rateLimit: num(-1), burstLimit: num(1.5) },
    })).not.toThrow();
  });

  test('a named stage is the stage the gateway builds', () => {
    const { stack } = build({ stageName: 'v1' });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'v1' });
  });
});

describe('HttpGateway route values', () => {
  test.each<[string, Partial<Route>, Duration | undefined, RegExp]>([
    ['a route rate limit is negative', { throttle: { rateLimit: -0.5 } }, undefined, /invalid routes\[0\]\.throttle\.rateLimit: a throttling rate limit must be at least 0/],
    ['a route burst limit is fractional', { throttle: { burstLimit: 2.5 } }, undefined, /invalid routes\[0\]\.throttle\.burstLimit: a throttling burst limit must be a whole number/],
    ['an integration timeout is under 50 ms', {}, Duration.millis(49), /invalid routes\[0\]\.target\.timeout: an HTTP API integration timeout must be at least 50 milliseconds \(received "49 millis"\)/],
    ['an integration timeout is a fraction of a millisecond', {}, Duration.millis(100.5), /invalid routes\[0\]\.target\.timeout: an HTTP API integration timeout must be a whole number of milliseconds/],
    ['an integration timeout is past 30 seconds', {}, Duration.millis(30_001), /an HTTP API integration timeout must be at most 30000 milliseconds/],
    ['a deploy-time timeout is in seconds', {}, Duration.seconds(num(10)), /must be given in milliseconds, the unit AWS takes.*Duration\.millis\(token\)/],
  ])('fails when %s', (_name, extra, timeout, message) => {
    expect(errorOf(() => build({}, [urlRoute(extra, timeout)])).message).toMatch(message);
  });

  test('accepts a 30-second timeout, which CDK\'s HttpIntegration would refuse, and writes it on the integration', () => {
    const { stack } = build({}, [urlRoute({}, Duration.seconds(30))]);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { TimeoutInMillis: 30_000 });
  });

  test('accepts the 50 ms edge, a fractional route rate and tokens', () => {
    expect(() => build({}, [urlRoute({ throttle: { rateLimit: 0.25, burstLimit: 0 } }, Duration.millis(50))])).not.toThrow();
    expect(() => build({}, [urlRoute({ throttle: { rateLimit: num(-1), burstLimit: num(-1) } }, Duration.millis(num(1)))])).not.toThrow();
  });
});

describe('HttpGateway authorizer cache', () => {
  function withLambdaAuthorizer(options: Parameters<typeof Authorization.lambda>[1]) {
    const stack = new Stack(new App(), 'Stack');
    const fn = testFunction(stack, 'Authorizer');
    return () => new HttpGateway(stack, 'Gateway', { routes: [urlRoute({ authorization: Authorization.lambda(fn, options) })] });
  }

  test('fails when the results cache TTL is not whole seconds', () => {
    expect(errorOf(withLambdaAuthorizer({ resultsCacheTtl: Duration.millis(1500) })).message)
      .toMatch(/invalid routes\[0\]\.authorization\.resultsCacheTtl: an authorizer results cache TTL must be a whole number of seconds/);
  });

  test('fails when the results cache TTL is past an hour', () => {
    expect(errorOf(withLambdaAuthorizer({ resultsCacheTtl: Duration.seconds(3601) })).message)
      .toMatch(/an authorizer results cache TTL must be at most 3600 seconds/);
  });

  test('fails when a caching authorizer has no identity sources', () => {
    expect(errorOf(withLambdaAuthorizer({ identitySources: [] })).message)
      .toMatch(/invalid routes\[0\]\.authorization\.identitySources: a Lambda authorizer that caches its answers \(resultsCacheTtl 5 minutes, the default\) needs at least one identity source/);
  });

  test('accepts the edges, no identity sources without caching, and a token TTL', () => {
    expect(withLambdaAuthorizer({ resultsCacheTtl: Duration.hours(1) })).not.toThrow();
    expect(withLambdaAuthorizer({ resultsCacheTtl: Duration.seconds(0), identitySources: [] })).not.toThrow();
    expect(withLambdaAuthorizer({ resultsCacheTtl: Duration.seconds(num(7200)) })).not.toThrow();
  });
});
