import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Template } from 'aws-cdk-lib/assertions';
import { Authorization } from '../../lib/auth/authorization';
import { ConsumerTier } from '../../lib/consumers/consumer-tier';
import { RestGateway, RestGatewayProps } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { errorOf } from '../helpers/validation-error';

// The REST API's values against the AWS rules (lib/private/aws-rules): each prop that takes
// a rule fails past it with our error, accepts its edge, and accepts a token. The gateway
// throws at construction, so only the tests that inspect a template synthesize one.

const PUBLIC = Authorization.none('public test route');
const num = (value: number) => Token.asNumber(Lazy.number({ produce: () => value }));
const str = (value: string) => Lazy.string({ produce: () => value });
const GOLD: ConsumerTier = { name: 'gold', rateLimit: 10, burstLimit: 20 };

function urlRoute(path = '/items', timeout?: Duration): Route {
  return {
    method: HttpMethod.GET, path, authorization: PUBLIC,
    target: RouteTarget.httpUrl('https://backend.example.com/items', { timeout }),
  };
}

function build(props: Partial<RestGatewayProps> = {}, routes: Route[] = [urlRoute()]): { stack: Stack; gateway: RestGateway } {
  const stack = new Stack(new App(), 'Stack');
  return { stack, gateway: new RestGateway(stack, 'Gateway', { routes, ...props }) };
}

describe('RestGateway value rules', () => {
  test.each<[string, Partial<RestGatewayProps>, RegExp]>([
    ['the stage name is empty, instead of turning it into "prod"', { stageName: '' }, /invalid stageName: a REST API stage name must not be empty \(received ""\)/],
    ['the stage name is $default, which only HTTP APIs take', { stageName: '$default' }, /invalid stageName: a REST API stage name may hold only letters, digits, "-" and "_"/],
    ['the stage name is longer than 128 characters', { stageName: 's'.repeat(129) }, /invalid stageName: a REST API stage name must be at most 128 characters long/],
    ['the API name is empty', { apiName: '' }, /invalid apiName: a REST API name must not be empty/],
    ['the cache TTL is past an hour', { cache: { routes: ['GET /items'], ttl: Duration.seconds(3601) } }, /invalid cache\.ttl: a response cache TTL must be at most 3600 seconds/],
    ['the cache TTL is not whole seconds', { cache: { routes: ['GET /items'], ttl: Duration.millis(2500) } }, /invalid cache\.ttl: a response cache TTL must be a whole number of seconds/],
    ['the cache cluster size is not one API Gateway offers', { cache: { routes: ['GET /items'], clusterSize: '1' } },
      /invalid cache\.clusterSize: not a cache cluster size \(received "1"\)\. Fix: use one of 0\.5, 1\.6, 6\.1, 13\.5, 28\.4, 58\.2, 118, 237/],
    ['the cache names no route, dropping its ttl and size', { cache: { routes: [], ttl: Duration.minutes(1) } }, /invalid cache\.routes: a cache with no routes caches nothing/],
    ['the canary share is NaN', { canary: { percentTraffic: NaN } }, /invalid canary\.percentTraffic: a canary share of traffic must be a number, not NaN/],
    ['the canary share is negative', { canary: { percentTraffic: -1 } }, /invalid canary\.percentTraffic: a canary share of traffic must be at least 0 percent/],
    ['a canary stage variable name holds a hyphen', { canary: { percentTraffic: 10, stageVariableOverrides: { 'backend-url': 'v2' } } },
      /invalid canary\.stageVariableOverrides: a stage variable name may hold only letters, digits and "_" \(received "backend-url"\)/],
    ['a canary stage variable value holds a space', { canary: { percentTraffic: 10, stageVariableOverrides: { backend: 'two words' } } },
      /invalid canary\.stageVariableOverrides\.backend: a stage variable value may hold only/],
    ['the CORS max age is past a day', { cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.days(2) } }, /invalid cors\.maxAge: a CORS preflight max age must be at most 86400 seconds/],
    ['the stage rate limit is Infinity', { throttle: { rateLimit: Infinity } }, /invalid throttle\.rateLimit: a throttling rate limit must be finite/],
    ['the stage burst limit is fractional', { throttle: { burstLimit: 0.5 } }, /invalid throttle\.burstLimit: a throttling burst limit must be a whole number/],
    ['the shard count is 0', { sharding: { shardCount: 0 } }, /invalid sharding\.shardCount: a shard count must be at least 1 shard\b/],
    ['the sharding threshold is NaN', { sharding: { threshold: NaN } }, /invalid sharding\.threshold: a sharding threshold must be a number, not NaN/],
    ['the raised timeout limit is under 50 ms', { maxIntegrationTimeout: Duration.millis(10) }, /invalid maxIntegrationTimeout: a REST API integration timeout quota must be at least 50 milliseconds/],
  ])('fails when %s', (_name, props, message) => {
    expect(errorOf(() => build(props)).message).toMatch(message);
  });

  test('accepts the edges', () => {
    expect(() => build({
      apiName: 'a',
      stageName: 's'.repeat(128),
      cache: { routes: ['GET /items'], ttl: Duration.hours(1), clusterSize: '237' },
      canary: { percentTraffic: 100, stageVariableOverrides: { backend_version: 'https://v2.example.com/a?b=c' } },
      cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.days(1) },
      throttle: { rateLimit: 0.5, burstLimit: 0 },
      sharding: { threshold: 0, resourcesPerShard: 490, shardCount: 100 },
    })).not.toThrow();
    expect(() => build({ cache: { routes: ['GET /items'], ttl: Duration.seconds(0), clusterSize: '0.5' }, canary: { percentTraffic: 0.5 } })).not.toThrow();
  });

  test('accepts tokens', () => {
    expect(() => build({
      apiName: str(''),
      stageName: str('not a stage'),
      cache: { routes: ['GET /items'], ttl: Duration.seconds(num(99_999)), clusterSize: str('1') },
      canary: { percentTraffic: num(500) },
      throttle: { rateLimit: num(-1), burstLimit: num(-1) },
      maxIntegrationTimeout: Duration.millis(num(1)),
    })).not.toThrow();
  });
});

describe('RestGateway integration timeouts', () => {
  test('fails when a timeout is under 50 ms, with our error before CDK\'s', () => {
    expect(errorOf(() => build({}, [urlRoute('/items', Duration.millis(20))])).message)
      .toMatch(/invalid routes\[0\]\.target\.timeout: a REST API integration timeout must be at least 50 milliseconds \(received "20 millis"\)/);
  });

  test('fails when a timeout is a fraction of a millisecond', () => {
    expect(errorOf(() => build({}, [urlRoute('/items', Duration.millis(60.5))])).message)
      .toMatch(/a REST API integration timeout must be a whole number of milliseconds/);
  });

  test('fails past 29 seconds, naming the quota that raises the limit', () => {
    const error = errorOf(() => build({}, [urlRoute('/items', Duration.seconds(30))]));
    expect(error.message).toMatch(/invalid routes\[0\]\.target\.timeout: a REST API integration timeout must be at most 29000 milliseconds \(received "30 seconds"\)/);
    expect(error.fix).toMatch(/"Maximum integration timeout in milliseconds" quota and set the gateway's maxIntegrationTimeout/);
  });

  test('fails past a raised limit, in addRoute too', () => {
    const { gateway } = build({ maxIntegrationTimeout: Duration.minutes(2) });
    expect(errorOf(() => gateway.addRoute(urlRoute('/slow', Duration.millis(120_001)))).message)
      .toMatch(/invalid addRoute\(route\)\.target\.timeout: .*at most 120000 milliseconds \(the gateway's maxIntegrationTimeout\)/);
  });

  test('accepts the edges: 50 ms, 29 s, and a raised limit that it writes into the method', () => {
    expect(() => build({}, [urlRoute('/a', Duration.millis(50)), urlRoute('/b', Duration.seconds(29))])).not.toThrow();
    const { stack } = build({ maxIntegrationTimeout: Duration.minutes(2) }, [urlRoute('/items', Duration.minutes(2))]);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { Integration: { TimeoutInMillis: 120_000 } });
  });

  test('accepts a token timeout in milliseconds', () => {
    expect(() => build({}, [urlRoute('/items', Duration.millis(num(100_000)))])).not.toThrow();
  });
});

describe('RestGateway consumers', () => {
  test('fails when a plan route throttle names no route of the gateway', () => {
    const error = errorOf(() => build({ consumers: { tiers: [GOLD], consumers: [], routeThrottles: { 'GET /nowhere': { rateLimit: 1 } } } }));
    expect(error.message).toMatch(/invalid consumers\.routeThrottles: the usage plan route throttle names no route of this gateway, so it would throttle nothing \(received "GET \/nowhere"\)\. Fix: .*GET \/items/);
  });

  test('fails when a tier\'s own route throttle names no route of the gateway', () => {
    const tier: ConsumerTier = { ...GOLD, routeThrottles: { 'POST /items': { burstLimit: 1 } } };
    expect(errorOf(() => build({ consumers: { tiers: [tier], consumers: [] } })).message)
      .toMatch(/invalid consumers\.tiers\[0\]\.routeThrottles: the usage plan route throttle names no route/);
  });

  test('fails when a quota period is not one API Gateway knows, saying so rather than "missing"', () => {
    const tier = { ...GOLD, quota: { limit: 100, period: 'YEAR' as apigw.Period } };
    const error = errorOf(() => build({ consumers: { tiers: [tier], consumers: [] } }));
    expect(error.message).toMatch(/invalid tiers\[0\]\.quota\.period: not a usage plan quota period \(received "YEAR"\)\. Fix: use one of DAY, WEEK, MONTH/);
    expect(error.message).not.toMatch(/needs the period/);
  });

  test('accepts a declared route, fractional tier rates, a zero quota and an offset, written into the plan', () => {
    const tier: ConsumerTier = { ...GOLD, rateLimit: 0.5, quota: { limit: 0, period: apigw.Period.WEEK, offset: 0 } };
    const { stack } = build({ consumers: { tiers: [tier], consumers: [], routeThrottles: { 'GET /items': { rateLimit: 2.5, burstLimit: 5 } } } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 0.5, BurstLimit: 20 },
      Quota: { Limit: 0, Period: 'WEEK', Offset: 0 },
    });
  });
});

describe('RestGateway WAF', () => {
  test('fails when the rate limit is under WAF\'s minimum, with the shared WAF rule', () => {
    expect(errorOf(() => build({ waf: { rateLimitPerFiveMinutes: 9 } })).message)
      .toMatch(/invalid waf\.rateLimitPerFiveMinutes: a WAF rate-based rule limit must be at least 10/);
  });

  test('accepts the edges and a token', () => {
    expect(() => build({ waf: { rateLimitPerFiveMinutes: 10 } })).not.toThrow();
    expect(() => build({ waf: { rateLimitPerFiveMinutes: 2_000_000_000 } })).not.toThrow();
    expect(() => build({ waf: { rateLimitPerFiveMinutes: num(1) } })).not.toThrow();
  });
});
