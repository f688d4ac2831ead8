import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Authorization } from '../../lib/auth/authorization';
import { RestGateway, RestGatewayProps } from '../../lib/gateway/rest-gateway';
import { buildResourceTree, planShards, ResourceNode } from '../../lib/gateway/rest/route-shards';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { checkedApp, STRICT_CONTEXT, synthChecked } from '../helpers/checked-app';
import { albBackend, gatewayStack, testFunction } from './http-gateway.fixtures';

const PUBLIC = Authorization.none('public test route');
const url = (p: string, method = HttpMethod.GET): Route => ({
  method, path: p, target: RouteTarget.httpUrl('https://backend.example.com/x'), authorization: PUBLIC,
});

function tree(paths: string[], cost = 1): ResourceNode {
  const built = buildResourceTree(paths.map((p) => ({ path: p, cost })));
  if ('conflict' in built) throw new Error('conflict');
  return built.root;
}

describe('shard planning', () => {
  test('keeps everything in the parent below the threshold', () => {
    // GIVEN
    const root = tree(['/a', '/a/b', '/c']);
    // WHEN
    const plan = planShards(root, 100, 10);
    // THEN
    expect(plan.shards).toEqual([]);
    expect(plan.parentNodes.map((n) => n.path)).toEqual(['/a', '/a/b', '/c']);
  });

  test('counts a resource per segment and each route\'s cost', () => {
    // GIVEN / WHEN
    const root = tree(['/a/b/c', '/a/b'], 2);
    // THEN: 3 resources + 2 routes × 2
    expect(root.subtreeCost).toBe(7);
  });

  test('spreads whole subtrees over buckets without exceeding the capacity', () => {
    // GIVEN: twenty subtrees of cost 2 (resource + method)
    const root = tree(Array.from({ length: 20 }, (_, i) => `/r${i}`));
    // WHEN
    const plan = planShards(root, 3, 6);
    // THEN
    expect(plan.parentNodes).toEqual([]);
    expect(plan.shards.flat().map((n) => n.path).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `/r${i}`).sort());
    expect(Math.max(...plan.shardCosts)).toBeLessThanOrEqual(6);
    expect(plan.shardBuckets).toEqual([...plan.shardBuckets].sort((a, b) => a - b));
    expect(plan.bucketCount).toBe(Math.ceil(40 / 4));
  });

  test('adding a route moves no other subtree to another shard', () => {
    // GIVEN
    const paths = Array.from({ length: 30 }, (_, i) => `/r${i}`);
    const placement = (p: string[]) => {
      const plan = planShards(tree(p), 3, 12, 8);
      return new Map(plan.shards.flatMap((units, s) => units.map((u) => [u.path, plan.shardBuckets[s]] as const)));
    };
    const before = placement(paths);
    // WHEN: a route joins /r7's subtree
    const after = placement([...paths, '/r7/child']);
    // THEN
    for (const p of paths) expect({ p, bucket: after.get(p) }).toEqual({ p, bucket: before.get(p) });
  });

  test('splits a subtree larger than a shard: its resource stays in the parent, its children are planned', () => {
    // GIVEN: /api holds everything
    const root = tree(['/api/a', '/api/b', '/api/c']);
    // WHEN
    const plan = planShards(root, 3, 4);
    // THEN
    expect(plan.parentNodes.map((n) => n.path)).toEqual(['/api']);
    expect(plan.shards.flat().map((n) => n.path).sort()).toEqual(['/api/a', '/api/b', '/api/c']);
  });

  test('reports two parameter names at one position', () => {
    // GIVEN / WHEN
    const built = buildResourceTree([{ path: '/a/{x}', cost: 1 }, { path: '/a/{y}/b', cost: 1 }]);
    // THEN
    expect(built).toEqual({ conflict: { routeIndex: 1, existing: '{x}', received: '{y}', existingPath: '/a/{x}' } });
  });
});

describe('a sharded gateway', () => {
  const sharded = (routes: Route[], extra: Partial<RestGatewayProps> = {}) => {
    const app = new App({ context: STRICT_CONTEXT });
    const { stack } = gatewayStack(app);
    const gw = new RestGateway(stack, 'Gateway', { routes, sharding: { threshold: 4, resourcesPerShard: 4 }, ...extra });
    return { stack, gw };
  };
  const routes = [url('/api/a'), url('/api/a', HttpMethod.POST), url('/api/b/{id}'), url('/api/c'), url('/health')];
  // The tests that only read the gateway of `routes` share one synth.
  let base: { stack: Stack; gw: RestGateway; parent: Template };
  beforeAll(() => {
    const built = sharded(routes);
    base = { ...built, parent: Template.fromStack(built.stack) };
  });

  test('builds subtrees in nested stacks on an imported view of the API', () => {
    // GIVEN / WHEN
    const { gw, parent } = base;
    // THEN
    expect(gw.shards.length).toBeGreaterThan(1);
    for (const shard of gw.shards) expect(shard).toBeInstanceOf(NestedStack);
    parent.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    parent.resourceCountIs('AWS::CloudFormation::Stack', gw.shards.length);
    const nested = gw.shards.map((s) => Template.fromStack(s));
    const methods = nested.reduce((n, t) => n + Object.keys(t.findResources('AWS::ApiGateway::Method')).length, 0)
      + Object.keys(parent.findResources('AWS::ApiGateway::Method')).length;
    expect(methods).toBe(routes.length);
    // /api is split: built in the parent, imported by the shards that hold its children.
    parent.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'api' });
    const importsApi = nested.filter((t) => Object.keys(t.findResources('AWS::ApiGateway::Resource', {
      Properties: { ParentId: { Ref: Match.stringLikeRegexp('GatewayapiResource|Gatewayapi') } },
    })).length > 0);
    expect(importsApi.length).toBeGreaterThan(0);
  });

  test('fails when the pinned shards cannot hold the routes', () => {
    expect(() => sharded(routes, { sharding: { threshold: 4, resourcesPerShard: 2, shardCount: 1 } }))
      .toThrow(/invalid sharding\.shardCount: the routes need about \d+ resources, more than the shards hold at 2 each/);
  });

  test('fails when resourcesPerShard is beyond what a stack holds', () => {
    expect(() => sharded(routes, { sharding: { resourcesPerShard: 900 } }))
      .toThrow(/invalid sharding\.resourcesPerShard: a number of resources per shard must be at most 490 resources \(received 900\)/);
  });

  test('the deployment depends on every shard', () => {
    // GIVEN / WHEN
    const { stack, gw, parent: t } = base;
    // THEN
    const [deployment] = Object.values(t.findResources('AWS::ApiGateway::Deployment')) as any[];
    const shardIds = gw.shards.map((s) => stack.getLogicalId(s.nestedStackResource!));
    expect(deployment.DependsOn).toEqual(expect.arrayContaining(shardIds));
  });

  test('the deployment changes when a route is added to a shard', () => {
    // GIVEN
    const id = (t: Template) => Object.keys(t.findResources('AWS::ApiGateway::Deployment'))[0];
    const before = id(base.parent);
    // WHEN
    const after = id(Template.fromStack(sharded([...routes, url('/api/c', HttpMethod.DELETE)]).stack));
    // THEN
    expect(after).not.toEqual(before);
  });

  test('addRoute builds a route in the shard that holds its parent resource', () => {
    // GIVEN
    const { stack, gw } = sharded(routes);
    const holder = gw.shards.find((shard) => shard.node.findAll().some((c) => c instanceof apigw.Resource && c.path === '/api/c'))!;
    const before = holder.node.findAll().filter((c) => c instanceof apigw.Method).length;
    // WHEN
    gw.addRoute(url('/api/c/{id}'));
    // THEN
    const after = Template.fromStack(holder).findResources('AWS::ApiGateway::Method');
    expect(Object.keys(after).length).toBe(before + 1);
    Template.fromStack(holder).hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{id}' });
    expect(Template.fromStack(stack).findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: '{id}' } })).toEqual({});
  });

  test('passes cdk-nag and cfn-lint with authorizers, Lambda and ALB targets across stacks', () => {
    // GIVEN
    const app = checkedApp();
    const { stack, vpc } = gatewayStack(app);
    const fn = testFunction(stack, 'Fn');
    const orders = albBackend(stack, 'orders', vpc);
    const auth = Authorization.lambda(testFunction(stack, 'Auth'));
    // WHEN
    const gw = new RestGateway(stack, 'Gateway', {
      defaultAuthorization: auth,
      sharding: { threshold: 4, resourcesPerShard: 5 },
      routes: [
        { method: HttpMethod.GET, path: '/api/orders/{orderId}', target: RouteTarget.service(orders) },
        { method: HttpMethod.POST, path: '/api/orders', target: RouteTarget.service(orders), requestSchema: { type: 'object' } },
        { method: HttpMethod.GET, path: '/api/fn', target: RouteTarget.lambda(fn) },
        { method: HttpMethod.GET, path: '/api/users/{id}', target: RouteTarget.lambda(fn) },
        url('/health'),
      ],
    });
    // THEN
    expect(gw.shards.length).toBeGreaterThan(0);
    expect(() => synthChecked(app)).not.toThrow();
  });
});

test('1000 routes synthesize with every stack under 500 resources and every template under 1 MB', () => {
  // GIVEN: 50 services × 5 collections × 4 routes, all under /api/v1, behind one authorizer
  const app = checkedApp();
  const { stack, vpc } = gatewayStack(app);
  const fn = testFunction(stack, 'Fn');
  const orders = albBackend(stack, 'orders', vpc);
  const routes: Route[] = [];
  for (let s = 0; s < 50; s++) {
    for (let r = 0; r < 5; r++) {
      const base = `/api/v1/service${s}/collection${r}`;
      const target = (s + r) % 2 === 0 ? RouteTarget.service(orders) : RouteTarget.lambda(fn);
      routes.push(
        { method: HttpMethod.GET, path: base, target },
        { method: HttpMethod.POST, path: base, target, requestSchema: { type: 'object', required: ['name'] } },
        { method: HttpMethod.GET, path: `${base}/{id}`, target },
        { method: HttpMethod.PUT, path: `${base}/{id}`, target },
      );
    }
  }
  // WHEN
  const gw = new RestGateway(stack, 'Gateway', {
    routes,
    defaultAuthorization: Authorization.lambda(testFunction(stack, 'Auth')),
  });
  const assembly = synthChecked(app);
  // THEN
  expect(routes).toHaveLength(1000);
  expect(gw.shards.length).toBeGreaterThan(1);
  const templates = readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json'));
  expect(templates.length).toBe(gw.shards.length + 1);
  let methods = 0;
  for (const file of templates) {
    const full = path.join(assembly.directory, file);
    const template = JSON.parse(readFileSync(full, 'utf8'));
    const resources = Object.values(template.Resources) as any[];
    expect({ file, resources: resources.length < 500 }).toEqual({ file, resources: true });
    expect({ file, bytes: statSync(full).size < 1024 * 1024 }).toEqual({ file, bytes: true });
    methods += resources.filter((r) => r.Type === 'AWS::ApiGateway::Method').length;
  }
  expect(methods).toBe(1000);
  expect(Stack.of(gw.deployment)).toBe(stack);
});

test('a shard holding many long subtree paths gets a description CloudFormation accepts', () => {
  // GIVEN: 100 sibling resources with long names, sharded
  const { stack } = gatewayStack();
  const routes = Array.from({ length: 100 }, (_, i) => url(`/api/v1/a-rather-long-resource-name-${i}/{id}`));

  // WHEN
  const gateway = new RestGateway(stack, 'Api', { routes, sharding: { threshold: 50, resourcesPerShard: 120 } });

  // THEN
  expect(gateway.shards.length).toBeGreaterThan(0);
  for (const shard of gateway.shards) {
    expect(shard.templateOptions.description!.length).toBeLessThanOrEqual(512);
    expect(shard.templateOptions.description).toMatch(/^Routes of .*\/Api under \/api\/v1\/a-rather-long-resource-name-/);
  }
});
