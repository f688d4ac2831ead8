import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ConsumerPlans } from '../../lib/consumers/consumer-plans';
import { ConsumerTier } from '../../lib/consumers/consumer-tier';
import { TopologyValidationError } from '../../lib/errors';
import { minimalRestApi } from './fixtures';

// Tier throttles, quotas and plan route throttles against the API Gateway rules: the same
// rate (a Double) and burst (an Integer) rules as the gateways' own throttles.

const num = (value: number) => Token.asNumber(Lazy.number({ produce: () => value }));

function plans(tiers: ConsumerTier[], routeThrottles?: ConstructorParameters<typeof ConsumerPlans>[2]['routeThrottles']): () => ConsumerPlans {
  return () => {
    const stack = new Stack(new App(), 'Stack');
    const api = minimalRestApi(stack);
    return new ConsumerPlans(stack, 'Plans', { restApi: api, stage: api.deploymentStage, tiers, consumers: [], routeThrottles });
  };
}

const tier = (extra: Partial<ConsumerTier> = {}): ConsumerTier => ({ name: 'gold', rateLimit: 10, burstLimit: 20, ...extra });

describe('ConsumerPlans value rules', () => {
  test.each<[string, () => ConsumerPlans, RegExp]>([
    ['a tier rate is NaN', plans([tier({ rateLimit: NaN })]), /invalid tiers\[0\]\.rateLimit: a throttling rate limit must be a number, not NaN/],
    ['a tier burst is Infinity', plans([tier({ burstLimit: Infinity })]), /invalid tiers\[0\]\.burstLimit: a throttling burst limit must be finite/],
    ['a tier has no burst', plans([tier({ burstLimit: undefined as unknown as number })]), /invalid tiers\[0\]\.burstLimit: a tier needs a burst limit/],
    ['a quota offset is negative', plans([tier({ quota: { limit: 10, period: apigw.Period.DAY, offset: -1 } })]),
      /invalid tiers\[0\]\.quota\.offset: a usage plan quota offset must be at least 0 requests/],
    ['a quota limit is Infinity', plans([tier({ quota: { limit: Infinity, period: apigw.Period.DAY } })]), /invalid tiers\[0\]\.quota\.limit: a usage plan quota limit must be finite/],
    ['a quota period is unknown', plans([tier({ quota: { limit: 10, period: 'YEAR' as apigw.Period } })]),
      /invalid tiers\[0\]\.quota\.period: not a usage plan quota period \(received "YEAR"\)\. Fix: use one of DAY, WEEK, MONTH/],
    ['a plan route burst is fractional', plans([tier()], { 'GET /orders': { burstLimit: 1.5 } }),
      /invalid routeThrottles\["GET \/orders"\]\.burstLimit: a throttling burst limit must be a whole number/],
  ])('fails when %s', (_name, make, message) => {
    expect(make).toThrow(TopologyValidationError);
    expect(make).toThrow(message);
  });

  test('a missing quota period is called missing', () => {
    expect(plans([tier({ quota: { limit: 10 } as ConsumerTier['quota'] })])).toThrow(/invalid tiers\[0\]\.quota\.period: a quota needs the period its limit counts over/);
  });

  test('accepts the edges: fractional and zero rates, zero bursts, quotas and offsets', () => {
    expect(plans([tier({ rateLimit: 0.5, burstLimit: 0, quota: { limit: 0, period: apigw.Period.MONTH, offset: 0 } })], { 'GET /orders': { rateLimit: 0 } })).not.toThrow();
  });

  test('accepts tokens', () => {
    expect(plans([tier({ rateLimit: num(-1), burstLimit: num(-1), quota: { limit: num(-1), period: apigw.Period.DAY, offset: num(-1) } })],
      { 'GET /orders': { rateLimit: num(-1), burstLimit: num(0.5) } })).not.toThrow();
  });
});
