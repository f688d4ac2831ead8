import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, CfnElement, Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway, HttpGatewayProps } from '../../lib/gateway/http-gateway';
import { defaultBucketCount, homeBucket, planRouteShards, ShardPlanner } from '../../lib/gateway/http/route-shards';
import { httpGatewayManifest } from '../../lib/manifest/http-gateway-manifest';
import { RouteManifest } from '../../lib/manifest/route-manifest';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route, routeKey } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { cfnLintAsync } from '../helpers/checked-app';
import { albBackend, gatewayStack, testFunction } from './http-gateway.fixtures';

const JWT = Authorization.jwt('https://auth.example.com/', ['orders-api']);
const url = (p: string, method = HttpMethod.GET, extra: Partial<Route> = {}): Route => ({
  method, path: p, target: RouteTarget.httpUrl('https://backend.example.com/x'), ...extra,
});
/** An app for tests that read templates only: CDK's CloudFormation validation is left to the 1000-route test's cfn-lint. */
const fastApp = () => new App({ builtinCloudFormationValidation: false });
const many = (n: number, prefix = '/r') => Array.from({ length: n }, (_, i) => url(`${prefix}${i}`));

describe('route placement', () => {
  test('a route key always hashes to the same bucket, within range', () => {
    // GIVEN / WHEN
    const buckets = Array.from({ length: 200 }, (_, i) => homeBucket(`GET /r${i}`, 7));
    // THEN
    expect(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < 7)).toBe(true);
    expect(Array.from({ length: 200 }, (_, i) => homeBucket(`GET /r${i}`, 7))).toEqual(buckets);
    expect(new Set(buckets).size).toBe(7);
  });

  test('one more bucket moves only about one route in n + 1', () => {
    // GIVEN
    const keys = Array.from({ length: 3000 }, (_, i) => `GET /api/v1/items${i}`);
    // WHEN: 10 buckets become 11
    const moved = keys.filter((k) => homeBucket(k, 10) !== homeBucket(k, 11)).length;
    // THEN: 1/11 of 3000 is 273; a modulo would move about 10/11 of them
    expect(moved).toBeGreaterThan(150);
    expect(moved).toBeLessThan(400);
    for (const k of keys) if (homeBucket(k, 10) !== homeBucket(k, 11)) expect(homeBucket(k, 11)).toBe(10);
  });

  test('keeps each bucket within its routes and its parameter budget', () => {
    // GIVEN: 60 routes, each with an integration of its own
    const routes = Array.from({ length: 60 }, (_, i) => ({ key: `GET /r${i}`, references: [`integration${i}`, 'authorizer'] }));
    const planner = new ShardPlanner(4, 20, 16);
    // WHEN
    const plan = planRouteShards(routes, planner);
    // THEN: at most 15 integrations + the authorizer per bucket, so 60 routes fit in 4 buckets of 16 references
    expect('buckets' in plan).toBe(true);
    expect(planner.bucketLoads.reduce((a, b) => a + b, 0)).toBe(60);
    expect(Math.max(...planner.bucketLoads)).toBeLessThanOrEqual(15);
  });

  test('reports the first route no bucket has room for', () => {
    // GIVEN
    const routes = Array.from({ length: 5 }, (_, i) => ({ key: `GET /r${i}`, references: ['i'] }));
    // WHEN
    const plan = planRouteShards(routes, new ShardPlanner(2, 2));
    // THEN
    expect(plan).toEqual({ full: 'GET /r4' });
  });

  test('does not depend on the order routes are declared in', () => {
    // GIVEN
    const routes = Array.from({ length: 50 }, (_, i) => ({ key: `GET /r${i}`, references: [`i${i % 3}`] }));
    // WHEN
    const forward = planRouteShards(routes, new ShardPlanner(3, 20));
    const backward = planRouteShards([...routes].reverse(), new ShardPlanner(3, 20));
    // THEN
    expect(forward).toEqual(backward);
  });

  test('by default fills buckets to two thirds', () => {
    expect([defaultBucketCount(301, 400), defaultBucketCount(1000, 400), defaultBucketCount(3000, 400)]).toEqual([2, 4, 12]);
  });
});

describe('a sharded HttpGateway', () => {
  const sharded = (routes: Route[], extra: Partial<HttpGatewayProps> = {}) => {
    const app = fastApp();
    const { stack } = gatewayStack(app);
    const gw = new HttpGateway(stack, 'Gateway', {
      routes, defaultAuthorization: JWT, sharding: { threshold: 4, resourcesPerShard: 4, shardCount: 5 }, ...extra,
    });
    return { stack, gw };
  };
  /** Where each route was built: its nested stack's construct id and its logical id there. */
  const placement = (gw: HttpGateway) => new Map(gw.routes.map(({ route, httpRoute }) => {
    const cfn = httpRoute.node.defaultChild as CfnElement;
    return [routeKey(route), `${Stack.of(cfn).node.id} ${Stack.of(cfn).resolve(cfn.logicalId)}`] as const;
  }));
  const routes = [
    url('/orders'), url('/orders', HttpMethod.POST, { throttle: { rateLimit: 5, burstLimit: 10 } }),
    url('/orders/{id}'), url('/users/{id}', HttpMethod.GET, { throttle: { rateLimit: 7 } }),
    url('/health', HttpMethod.GET, { authorization: Authorization.none('uptime checks') }), url('/users'),
  ];

  test('builds the routes in nested stacks on an imported view of the API', () => {
    // GIVEN / WHEN
    const { stack, gw } = sharded(routes);
    // THEN
    expect(gw.shards.length).toBeGreaterThan(1);
    for (const shard of gw.shards) expect(shard).toBeInstanceOf(NestedStack);
    const parent = Template.fromStack(stack);
    parent.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    parent.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    // One integration for the JWT routes, one for the public route (which removes identity headers).
    parent.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
    parent.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    parent.resourceCountIs('AWS::CloudFormation::Stack', gw.shards.length);
    const apiRef = { Ref: stack.resolve((gw.httpApi.node.defaultChild as CfnElement).logicalId) };
    let built = 0;
    for (const shard of gw.shards) {
      const nested = Template.fromStack(shard);
      const inShard = Object.values(nested.findResources('AWS::ApiGatewayV2::Route')) as any[];
      built += inShard.length;
      expect(Object.keys(nested.toJSON().Resources)).toHaveLength(inShard.length);
      // Only ids cross the boundary: the API's, the integration's and the authorizer's.
      const [apiParam] = Object.entries<any>(parent.findResources('AWS::CloudFormation::Stack')
        [stack.resolve(shard.nestedStackResource!.logicalId)].Properties.Parameters).find(([, v]) => JSON.stringify(v) === JSON.stringify(apiRef))!;
      for (const r of inShard) expect(r.Properties.ApiId).toEqual({ Ref: apiParam });
    }
    expect(built).toBe(routes.length);
  });

  test('routes of one authorization share one authorizer in the gateway\'s stack, whichever shard they are in', () => {
    // GIVEN
    const app = fastApp();
    const { stack } = gatewayStack(app);
    const fn = testFunction(stack, 'Authorizer');
    // WHEN
    const gw = new HttpGateway(stack, 'Gateway', {
      routes: many(12), defaultAuthorization: Authorization.lambda(fn), sharding: { threshold: 1, resourcesPerShard: 5 },
    });
    // THEN
    const parent = Template.fromStack(stack);
    parent.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    parent.resourceCountIs('AWS::Lambda::Permission', 1);
    const [authorizerId] = Object.keys(parent.findResources('AWS::ApiGatewayV2::Authorizer'));
    for (const shard of gw.shards) {
      const params = parent.toJSON().Resources[stack.resolve(shard.nestedStackResource!.logicalId)].Properties.Parameters;
      const [param] = Object.entries<any>(params).find(([, v]) => v.Ref === authorizerId)!;
      for (const r of Object.values<any>(Template.fromStack(shard).findResources('AWS::ApiGatewayV2::Route'))) {
        expect(r.Properties).toEqual(expect.objectContaining({ AuthorizerId: { Ref: param }, AuthorizationType: 'CUSTOM' }));
      }
    }
  });

  test('the stage throttles every throttled route and waits for the shards holding them', () => {
    // GIVEN / WHEN
    const { stack, gw } = sharded(routes);
    // THEN
    const parent = Template.fromStack(stack);
    parent.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: {
        'POST /orders': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10, DetailedMetricsEnabled: true },
        'GET /users/{id}': { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 2000, DetailedMetricsEnabled: true },
      },
    });
    const [stage] = Object.values(parent.findResources('AWS::ApiGatewayV2::Stage')) as any[];
    const holders = ['POST /orders', 'GET /users/{id}'].map((key) => {
      const { httpRoute } = gw.routes.find((r) => routeKey(r.route) === key)!;
      return stack.resolve((Stack.of(httpRoute) as NestedStack).nestedStackResource!.logicalId);
    });
    expect(stage.DependsOn).toEqual(expect.arrayContaining(holders));
  });

  test('adding or removing a route keeps every other route in its stack with its logical id', () => {
    // GIVEN
    const base = many(40);
    const options = { sharding: { threshold: 10, resourcesPerShard: 20, shardCount: 4 } };
    const before = placement(sharded(base, options).gw);
    // WHEN
    const added = placement(sharded([url('/r5/child'), ...base], options).gw);
    const removed = placement(sharded(base.filter((_, i) => i !== 7), options).gw);
    // THEN
    expect(new Set(before.values()).size).toBe(40);
    for (const [key, where] of before) {
      expect({ key, where: added.get(key) }).toEqual({ key, where });
      if (key !== 'GET /r7') expect({ key, where: removed.get(key) }).toEqual({ key, where });
    }
    expect(added.get('GET /r5/child')).toMatch(/^Shard\d /);
  });

  test('addRoute builds the route in the shard its key hashes to', () => {
    // GIVEN
    const { gw } = sharded(routes);
    const expected = `Shard${homeBucket('DELETE /orders/{id}', 5) + 1}`;
    // WHEN
    const added = gw.addRoute(url('/orders/{id}', HttpMethod.DELETE));
    // THEN
    expect(Stack.of(added).node.id).toBe(expected);
    expect(Template.fromStack(Stack.of(added)).findResources('AWS::ApiGatewayV2::Route', {
      Properties: { RouteKey: 'DELETE /orders/{id}' },
    })).not.toEqual({});
  });

  test('stays in one stack up to the threshold', () => {
    // GIVEN / WHEN
    const { stack, gw } = sharded(routes.slice(0, 4));
    // THEN
    expect(gw.shards).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Route', 4);
  });

  test('suggests pinning the shard count it chose', () => {
    // GIVEN / WHEN
    const { stack } = sharded(many(10), { sharding: { threshold: 4, resourcesPerShard: 3 } });
    // THEN
    Annotations.fromStack(stack).hasInfo('/Stack/Gateway', Match.stringLikeRegexp('spreads its 10 routes over 5 nested stacks; pin sharding.shardCount'));
  });

  test('fails when the pinned shards cannot hold the routes', () => {
    expect(() => sharded(routes, { sharding: { threshold: 4, resourcesPerShard: 2, shardCount: 2 } }))
      .toThrow(/invalid sharding\.shardCount: 6 routes do not fit in 2 nested stacks of at most 2 routes/);
  });

  test('fails when addRoute finds every shard full', () => {
    // GIVEN
    const { gw } = sharded(many(4), { sharding: { threshold: 0, resourcesPerShard: 2, shardCount: 2 } });
    // WHEN / THEN
    expect(() => gw.addRoute(url('/one-too-many'))).toThrow(/invalid addRoute\(route\): 5 routes do not fit in 2 nested stacks/);
  });

  test.each([
    ['resourcesPerShard', { resourcesPerShard: 900 }, /invalid sharding\.resourcesPerShard: a number of resources per shard must be at most 490 resources \(received 900\)/],
    ['shardCount', { shardCount: 0 }, /invalid sharding\.shardCount: a shard count must be at least 1 shard \(received 0\)/],
    ['threshold', { threshold: 2.5 }, /invalid sharding\.threshold: a sharding threshold must be a whole number/],
  ])('fails when %s is out of range', (_name, sharding, message) => {
    expect(() => sharded(routes, { sharding })).toThrow(message);
  });

  test('the route manifest is the same whether the routes are sharded or not', () => {
    // GIVEN
    const all = [...routes, url('/slow', HttpMethod.GET, { target: RouteTarget.httpUrl('https://backend.example.com/x', { timeout: Duration.seconds(30) }) })];
    // WHEN
    const { gw: inShards } = sharded(all);
    const { gw: inOne } = sharded(all, { sharding: { threshold: 100 } });
    // THEN
    expect(inShards.shards.length).toBeGreaterThan(0);
    const { routes: shardedRoutes, authorizers } = httpGatewayManifest(inShards);
    expect(shardedRoutes).toEqual(httpGatewayManifest(inOne).routes);
    expect(authorizers).toHaveLength(1);
    expect(shardedRoutes.find((r) => r.routeKey === 'POST /orders')).toEqual(expect.objectContaining({
      throttle: { rateLimit: 5, burstLimit: 10 },
      authorization: expect.objectContaining({ authorizationType: 'JWT', authorizer: authorizers[0].name }),
      headers: expect.objectContaining({ 'x-user-id': '$context.authorizer.claims.sub' }),
    }));
  });
});

describe('1000 routes', () => {
  // 25 services × 10 collections × 4 routes, over ALB services, a Lambda and a URL, behind a
  // JWT and a Lambda authorizer, one route in four throttled; synthesized once, with cdk-nag
  // and cfn-lint over every template.
  let assembly: CloudAssembly;
  let gw: HttpGateway;
  let routes: Route[];
  beforeAll(async () => {
    // cdk-nag and cfn-lint check every template; CDK's own CloudFormation validation, which
    // cfn-lint covers, is left out because loading it costs more than the gateway's synth.
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cdk-gt-http-1000-')), builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const { stack, vpc } = gatewayStack(app);
    const fn = testFunction(stack, 'Fn');
    const backends = [albBackend(stack, 'orders', vpc), albBackend(stack, 'users', vpc)];
    const lambdaAuth = Authorization.lambda(testFunction(stack, 'Auth'));
    routes = [];
    for (let s = 0; s < 25; s++) {
      for (let c = 0; c < 10; c++) {
        const base = `/api/v1/service${s}/collection${c}`;
        const target = c % 3 === 0 ? RouteTarget.lambda(fn) : c % 3 === 1 ? RouteTarget.service(backends[s % 2]) : RouteTarget.httpUrl('https://backend.example.com/');
        const authorization = s % 2 === 0 ? undefined : lambdaAuth;
        routes.push(
          { method: HttpMethod.GET, path: base, target, authorization, throttle: { rateLimit: 10 + s, burstLimit: 20 + c } },
          { method: HttpMethod.POST, path: base, target, authorization },
          { method: HttpMethod.GET, path: `${base}/{id}`, target, authorization },
          { method: HttpMethod.DELETE, path: `${base}/{id}`, target, authorization },
        );
      }
    }
    gw = new HttpGateway(stack, 'Gateway', { routes, defaultAuthorization: JWT });
    assembly = app.synth();
    await cfnLintAsync(assembly.directory);
  });

  test('synthesize with every stack under 500 resources and every template under 1 MB', () => {
    expect(routes).toHaveLength(1000);
    expect(gw.shards.length).toBe(4);
    const templates = readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json'));
    expect(templates).toHaveLength(gw.shards.length + 1);
    let built = 0;
    for (const file of templates) {
      const full = path.join(assembly.directory, file);
      const template = JSON.parse(readFileSync(full, 'utf8'));
      const resources = Object.values(template.Resources) as any[];
      expect({ file, resources: resources.length < 500 }).toEqual({ file, resources: true });
      expect({ file, bytes: statSync(full).size < 1024 * 1024 }).toEqual({ file, bytes: true });
      expect({ file, parameters: Object.keys(template.Parameters ?? {}).length <= 200 }).toEqual({ file, parameters: true });
      built += resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').length;
    }
    expect(built).toBe(1000);
  });

  test('keep integrations shared, beside the API', () => {
    const parent = Template.fromStack(Stack.of(gw));
    // One per target and header set (the two authorizations inject different headers).
    expect(Object.keys(parent.findResources('AWS::ApiGatewayV2::Integration')).length).toBeLessThanOrEqual(8);
    expect(gw.integrations.every((i) => Stack.of(i) === Stack.of(gw))).toBe(true);
    parent.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
  });

  test('throttle every throttled route on the stage', () => {
    const [stage] = Object.values(Template.fromStack(Stack.of(gw)).findResources('AWS::ApiGatewayV2::Stage')) as any[];
    const throttled = routes.filter((r) => r.throttle).map(routeKey);
    expect(throttled).toHaveLength(250);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(throttled.sort());
  });

  test('warn past the adjustable routes quota, naming it', () => {
    const warnings = assembly.getStackByName('Stack').messages.filter((m) => m.level === 'warning' && m.id === '/Stack/Gateway');
    expect(warnings.map((w) => String(w.entry.data))).toEqual(expect.arrayContaining([expect.stringMatching(/has 1000 routes, .*"Routes per API"/)]));
  });

  test('appear in the route manifest with their authorizers, headers and throttles', () => {
    const file = readdirSync(assembly.directory).find((f) => f.endsWith('.routes.json'))!;
    const manifest: RouteManifest = JSON.parse(readFileSync(path.join(assembly.directory, file), 'utf8'));
    const [entry] = manifest.gateways;
    expect(entry.nestedStacks).toBeUndefined();
    expect(entry.routes).toHaveLength(1000);
    const names = new Set(entry.authorizers.map((a) => a.name));
    expect(entry.routes.every((r) => r.authorization.authorizer !== undefined && names.has(r.authorization.authorizer))).toBe(true);
    expect(entry.routes.filter((r) => r.throttle)).toHaveLength(250);
    const service = entry.routes.find((r) => r.target.kind === 'SERVICE')!;
    expect(service.headers['x-request-id']).toBe('$context.requestId');
  });
});

test('an unsharded gateway keeps its routes on the API itself', () => {
  // GIVEN / WHEN
  const { stack } = gatewayStack(fastApp());
  const gw = new HttpGateway(stack, 'Api', { routes: many(3), defaultAuthorization: JWT });
  // THEN
  expect(gw.shards).toEqual([]);
  expect(gw.routes.every(({ httpRoute }) => httpRoute.httpApi === gw.httpApi)).toBe(true);
  expect(gw.routes[0].httpRoute).toBeInstanceOf(apigwv2.HttpRoute);
});
