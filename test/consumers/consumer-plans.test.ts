import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ConsumerPlans, ConsumerPlansProps } from '../../lib/consumers/consumer-plans';
import { Consumer, ConsumerTier } from '../../lib/consumers/consumer-tier';
import { checkedApp, STRICT_CONTEXT, synthChecked } from '../helpers/checked-app';
import { minimalRestApi } from './fixtures';

const GOLD: ConsumerTier = { name: 'gold', rateLimit: 100, burstLimit: 200, quota: { limit: 100000, period: apigw.Period.MONTH } };
const FREE: ConsumerTier = { name: 'free', rateLimit: 5, burstLimit: 10, quota: { limit: 1000, period: apigw.Period.DAY } };
const CONSUMERS: Consumer[] = [
  { name: 'acme', tier: 'gold' },
  { name: 'globex', tier: 'gold' },
  { name: 'hobbyist', tier: 'free' },
];

function setup(props: Partial<Omit<ConsumerPlansProps, 'restApi' | 'stage'>> = {}) {
  const app = new App({ context: STRICT_CONTEXT });
  const stack = new Stack(app, 'Stack');
  const api = minimalRestApi(stack);
  const plans = new ConsumerPlans(stack, 'Plans', {
    restApi: api, stage: api.deploymentStage, tiers: [GOLD, FREE], consumers: CONSUMERS, ...props,
  });
  return { stack, api, plans, template: () => Template.fromStack(stack) };
}

/** Builds plans with props a TypeScript caller could not write (as from JSON or JavaScript). */
function setupUnchecked(props: Record<string, unknown>) {
  return setup(props as Partial<ConsumerPlansProps>);
}

describe('ConsumerPlans usage plans', () => {
  test('creates one usage plan per tier', () => {
    setup().template().resourceCountIs('AWS::ApiGateway::UsagePlan', 2);
  });

  test('gives a plan its tier\'s throttle and quota', () => {
    setup().template().hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'gold',
      Throttle: { RateLimit: 100, BurstLimit: 200 },
      Quota: { Limit: 100000, Period: 'MONTH' },
    });
  });

  test('leaves the quota out for a tier without one', () => {
    setup({ tiers: [{ name: 'internal', rateLimit: 50, burstLimit: 50 }], consumers: [] }).template()
      .hasResourceProperties('AWS::ApiGateway::UsagePlan', { UsagePlanName: 'internal', Quota: Match.absent() });
  });

  test('applies the plan to the given stage of the API', () => {
    const { template, api } = setup();
    const stack = Stack.of(api);
    template().hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      ApiStages: [{
        ApiId: stack.resolve(api.restApiId),
        Stage: stack.resolve(api.deploymentStage.stageName),
        Throttle: Match.absent(),
      }],
    });
  });

  test('puts per-route throttles in every plan, keyed by resource path and method', () => {
    setup({ routeThrottles: { 'POST /orders/{orderId}': { rateLimit: 2, burstLimit: 4 } } }).template()
      .allResourcesProperties('AWS::ApiGateway::UsagePlan', {
        ApiStages: [Match.objectLike({ Throttle: { '/orders/{orderId}/POST': { RateLimit: 2, BurstLimit: 4 } } })],
      });
  });

  test('lets a tier override the common per-route throttle inside its own plan', () => {
    // GIVEN
    const gold = { ...GOLD, routeThrottles: { 'POST /orders/{orderId}': { rateLimit: 50, burstLimit: 50 } } };
    // WHEN
    const { template } = setup({ tiers: [gold, FREE], routeThrottles: { 'POST /orders/{orderId}': { rateLimit: 2, burstLimit: 4 } } });
    // THEN
    template().hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'gold',
      ApiStages: [Match.objectLike({ Throttle: { '/orders/{orderId}/POST': { RateLimit: 50, BurstLimit: 50 } } })],
    });
    template().hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'free',
      ApiStages: [Match.objectLike({ Throttle: { '/orders/{orderId}/POST': { RateLimit: 2, BurstLimit: 4 } } })],
    });
  });

  test('keys the root path as the usage plan API expects', () => {
    setup({ routeThrottles: { 'GET /': { rateLimit: 1 } } }).template()
      .hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        ApiStages: [Match.objectLike({ Throttle: { '//GET': { RateLimit: 1 } } })],
      });
  });

  test('exposes the plans by tier name', () => {
    const { plans } = setup();
    expect(Object.keys(plans.usagePlans).sort()).toEqual(['free', 'gold']);
    expect(plans.usagePlans.gold).toBeInstanceOf(apigw.UsagePlan);
  });
});

describe('ConsumerPlans API keys', () => {
  test('creates one enabled API key per consumer without a value in the template', () => {
    const { template } = setup();
    template().resourceCountIs('AWS::ApiGateway::ApiKey', 3);
    template().allResourcesProperties('AWS::ApiGateway::ApiKey', { Enabled: true, Value: Match.absent() });
  });

  test('disables the key of a disabled consumer', () => {
    setup({ consumers: [{ name: 'suspended', tier: 'free', enabled: false }] }).template()
      .hasResourceProperties('AWS::ApiGateway::ApiKey', { Enabled: false });
  });

  test('attaches each key to its tier\'s plan', () => {
    // GIVEN
    const { stack, plans, template } = setup();
    // THEN
    for (const consumer of CONSUMERS) {
      template().hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
        KeyId: stack.resolve(plans.apiKeys[consumer.name].keyId),
        KeyType: 'API_KEY',
        UsagePlanId: stack.resolve(plans.usagePlans[consumer.tier].usagePlanId),
      });
    }
    template().resourceCountIs('AWS::ApiGateway::UsagePlanKey', 3);
  });

  test('exposes keys and attachments by consumer name', () => {
    const { plans } = setup();
    expect(Object.keys(plans.apiKeys).sort()).toEqual(['acme', 'globex', 'hobbyist']);
    expect(Object.keys(plans.usagePlanKeys).sort()).toEqual(['acme', 'globex', 'hobbyist']);
  });

  test('keeps the other consumers\' keys identical when one consumer is removed', () => {
    // GIVEN a synthesized set of consumers
    const before = setup().template().toJSON().Resources as Record<string, unknown>;
    // WHEN the first consumer is removed and the app synthesized again
    const after = setup({ consumers: CONSUMERS.slice(1) }).template().toJSON().Resources as Record<string, unknown>;
    // THEN every remaining key and attachment has the same logical id and properties
    const keyResources = (resources: Record<string, unknown>) => Object.fromEntries(Object.entries(resources)
      .filter(([, r]) => ['AWS::ApiGateway::ApiKey', 'AWS::ApiGateway::UsagePlanKey'].includes((r as { Type: string }).Type)));
    const beforeKeys = keyResources(before);
    const afterKeys = keyResources(after);
    expect(Object.keys(afterKeys)).toHaveLength(4);
    for (const [logicalId, resource] of Object.entries(afterKeys)) expect(beforeKeys[logicalId]).toEqual(resource);
    expect(Object.keys(beforeKeys).filter((id) => !(id in afterKeys))).toHaveLength(2);
  });

  test('keeps existing keys identical when a consumer is added in front', () => {
    const before = setup().template().toJSON().Resources as Record<string, { Type: string }>;
    const after = setup({ consumers: [{ name: 'initech', tier: 'free' }, ...CONSUMERS] }).template().toJSON().Resources as Record<string, { Type: string }>;
    for (const [logicalId, resource] of Object.entries(before)) {
      if (resource.Type === 'AWS::ApiGateway::ApiKey' || resource.Type === 'AWS::ApiGateway::UsagePlanKey') {
        expect(after[logicalId]).toEqual(resource);
      }
    }
  });

  test('passes cdk-nag and cfn-lint', () => {
    // GIVEN
    const app = checkedApp();
    const stack = new Stack(app, 'Checked');
    const api = minimalRestApi(stack);
    new ConsumerPlans(stack, 'Plans', {
      restApi: api, stage: api.deploymentStage, tiers: [GOLD, FREE], consumers: CONSUMERS,
      routeThrottles: { 'POST /orders/{orderId}': { rateLimit: 2, burstLimit: 4 } },
    });
    // WHEN / THEN
    expect(() => synthChecked(app)).not.toThrow();
  });
});

describe('ConsumerPlans validation', () => {
  test('fails when a quota has no period', () => {
    expect(() => setupUnchecked({ tiers: [{ ...GOLD, quota: { limit: 10 } }], consumers: [] }))
      .toThrow(/Stack\/Plans: invalid tiers\[0\]\.quota\.period: a quota needs the period its limit counts over \(received undefined\)\. Fix: add a period: Period\.DAY, Period\.WEEK, Period\.MONTH/);
  });

  test('fails when a quota has a period but no limit', () => {
    expect(() => setupUnchecked({ tiers: [{ ...GOLD, quota: { period: apigw.Period.DAY } }], consumers: [] }))
      .toThrow(/invalid tiers\[0\]\.quota\.limit: a quota needs a limit/);
  });

  test('fails when a quota limit is negative or not a whole number', () => {
    expect(() => setup({ tiers: [{ ...GOLD, quota: { limit: -1, period: apigw.Period.DAY } }], consumers: [] }))
      .toThrow(/invalid tiers\[0\]\.quota\.limit: a usage plan quota limit must be at least 0 requests \(received -1\)/);
    expect(() => setup({ tiers: [{ ...GOLD, quota: { limit: 10.5, period: apigw.Period.DAY } }], consumers: [] }))
      .toThrow(/received 10\.5/);
  });

  test('fails when a consumer names an undeclared tier', () => {
    expect(() => setup({ consumers: [{ name: 'acme', tier: 'platinum' }] }))
      .toThrow(/invalid consumers\[0\]\.tier: the consumer names a tier that is not declared \(received "platinum"\)\. Fix: use one of the declared tiers \("gold", "free"\)/);
  });

  test('fails when two consumers have one name', () => {
    expect(() => setup({ consumers: [{ name: 'acme', tier: 'gold' }, { name: 'acme', tier: 'free' }] }))
      .toThrow(/invalid consumers\[1\]\.name: two consumers have this name.*received "acme"/);
  });

  test('fails when two tiers have one name', () => {
    expect(() => setup({ tiers: [GOLD, { ...FREE, name: 'gold' }], consumers: [] }))
      .toThrow(/invalid tiers\[1\]\.name: two tiers have this name.*received "gold"/);
  });

  test('fails when a rate is negative', () => {
    expect(() => setup({ tiers: [{ ...GOLD, rateLimit: -1 }], consumers: [] }))
      .toThrow(/invalid tiers\[0\]\.rateLimit: a throttling rate limit must be at least 0 requests per second \(received -1\)/);
  });

  test('fails when a burst is not an integer', () => {
    expect(() => setup({ tiers: [{ ...GOLD, burstLimit: 2.5 }], consumers: [] }))
      .toThrow(/invalid tiers\[0\]\.burstLimit: a throttling burst limit must be a whole number \(received 2\.5\)/);
  });

  test('fails when a route throttle rate is negative', () => {
    expect(() => setup({ routeThrottles: { 'GET /orders': { rateLimit: -5 } } }))
      .toThrow(/invalid routeThrottles\["GET \/orders"\]\.rateLimit: a throttling rate limit must be at least 0/);
  });

  test('fails when a tier name is not a safe id', () => {
    expect(() => setup({ tiers: [{ ...GOLD, name: 'gold tier!' }], consumers: [] }))
      .toThrow(/invalid tiers\[0\]\.name: a name becomes a construct id and must be 1-64 letters.*received "gold tier!"/);
  });

  test('fails when a consumer name is not a safe id', () => {
    expect(() => setup({ consumers: [{ name: '../acme', tier: 'gold' }] }))
      .toThrow(/invalid consumers\[0\]\.name: a name becomes a construct id.*received "..\/acme"/);
  });

  test('fails when there is no tier', () => {
    expect(() => setup({ tiers: [], consumers: [] })).toThrow(/invalid tiers: at least one tier is needed/);
  });

  test('fails when a route throttle key has no method', () => {
    expect(() => setup({ routeThrottles: { '/orders': { rateLimit: 1 } } }))
      .toThrow(/invalid routeThrottles: a route key is an HTTP method and a path.*received "\/orders"/);
  });

  test('fails when a route throttle sets no limit', () => {
    expect(() => setup({ routeThrottles: { 'GET /orders': {} } }))
      .toThrow(/invalid routeThrottles\["GET \/orders"\]: a route throttle sets neither rateLimit nor burstLimit/);
  });

  test('fails when the stage belongs to another API', () => {
    const app = new App({ context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Stack');
    const api = minimalRestApi(stack, 'Api');
    const other = minimalRestApi(stack, 'Other');
    expect(() => new ConsumerPlans(stack, 'Plans', { restApi: api, stage: other.deploymentStage, tiers: [GOLD], consumers: [] }))
      .toThrow(/invalid stage: the stage belongs to another REST API than restApi/);
  });
});
