import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct, IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { checkChoice, checkNumber, QUOTA_LIMIT, QUOTA_OFFSET, QUOTA_PERIOD } from '../private/aws-rules';
import { HttpMethod } from '../routes/http-method';
import type { RouteThrottle } from '../routes/route';
import { parseRoutePath } from '../routes/route-path';
import { validateThrottle } from '../routes/validate-routes';
import { Consumer, ConsumerTier } from './consumer-tier';

/** Props of {@link ConsumerPlans}. */
export interface ConsumerPlansProps {
  /** The REST API the plans meter. */
  readonly restApi: apigw.IRestApi;
  /** The stage of `restApi` the plans apply to. */
  readonly stage: apigw.IStage;
  /** The tiers; each becomes a usage plan. */
  readonly tiers: ConsumerTier[];
  /** The consumers; each gets an API key on its tier's plan. */
  readonly consumers: Consumer[];
  /**
   * Per-route throttles inside every plan, keyed `"METHOD /resource/{param}"` (a tier's own
   * `routeThrottles` win for the same route). Each limit applies per consumer.
   * @default - routes are throttled by the plan's rate and burst only
   */
  readonly routeThrottles?: { readonly [routeKey: string]: RouteThrottle };
}

/** Tier and consumer names become construct ids: keep them short and id-safe. */
const SAFE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Consumer tiers and API keys for a REST API stage: one usage plan per tier (throttle,
 * quota, per-route throttles) and one API key per consumer, attached to its tier's plan.
 *
 * API Gateway generates each key's value, so no key appears in a template; read one with
 * `aws apigateway get-api-key --include-value`. Construct ids come from the names, never
 * positions, so adding or removing a consumer leaves the other keys untouched.
 *
 * @example
 * // RestGateway builds these from its `consumers` prop; on their own:
 * new ConsumerPlans(stack, 'Plans', {
 *   restApi: api,
 *   stage: api.deploymentStage,
 *   tiers: [{ name: 'standard', rateLimit: 20, burstLimit: 40 }],
 *   consumers: [{ name: 'acme', tier: 'standard' }],
 * });
 */
export class ConsumerPlans extends Construct {
  /** The usage plans, by tier name. */
  public readonly usagePlans: { readonly [tier: string]: apigw.UsagePlan };
  /** The API keys, by consumer name. */
  public readonly apiKeys: { readonly [consumer: string]: apigw.ApiKey };
  /** The attachments of keys to plans, by consumer name. */
  public readonly usagePlanKeys: { readonly [consumer: string]: apigw.CfnUsagePlanKey };

  constructor(scope: Construct, id: string, props: ConsumerPlansProps) {
    super(scope, id);
    validateStage(this, props);
    const commonThrottles = validateRouteThrottles(this, 'routeThrottles', props.routeThrottles ?? {});
    const tiers = validateTiers(this, props.tiers);
    validateConsumers(this, props.consumers, tiers);

    const usagePlans: Record<string, apigw.UsagePlan> = {};
    for (const [index, tier] of props.tiers.entries()) {
      const tierThrottles = validateRouteThrottles(this, `tiers[${index}].routeThrottles`, tier.routeThrottles ?? {});
      const plan = new apigw.UsagePlan(this, `Tier-${tier.name}`, {
        name: tier.name,
        description: tier.description ?? `Consumer tier "${tier.name}"`,
        throttle: { rateLimit: tier.rateLimit, burstLimit: tier.burstLimit },
        quota: tier.quota ? { limit: tier.quota.limit, period: tier.quota.period, offset: tier.quota.offset } : undefined,
      });
      // The L2's per-method throttles need apigw.Method objects, which an IRestApi does not
      // offer; the usage plan's own key format ("/path/METHOD") is written directly.
      const throttles = { ...commonThrottles, ...tierThrottles };
      const cfnPlan = plan.node.defaultChild as apigw.CfnUsagePlan;
      // The L2 drops a quota limit of 0 (valid: the tier is suspended), leaving the plan unmetered.
      if (tier.quota) cfnPlan.quota = { limit: tier.quota.limit, period: tier.quota.period, offset: tier.quota.offset };
      cfnPlan.apiStages = [{
        apiId: props.restApi.restApiId,
        stage: props.stage.stageName,
        throttle: Object.keys(throttles).length > 0 ? throttles : undefined,
      }];
      usagePlans[tier.name] = plan;
    }

    const apiKeys: Record<string, apigw.ApiKey> = {};
    const usagePlanKeys: Record<string, apigw.CfnUsagePlanKey> = {};
    for (const consumer of props.consumers) {
      // No value: API Gateway generates it, so it is never in a template or the repository.
      const key = new apigw.ApiKey(this, `Key-${consumer.name}`, {
        description: `API key of consumer "${consumer.name}"`,
        enabled: consumer.enabled ?? true,
      });
      // Our own CfnUsagePlanKey rather than UsagePlan.addApiKey, whose logical id depends on
      // the order keys were added unless a feature flag is set: removing the first consumer
      // would then replace the next consumer's attachment.
      usagePlanKeys[consumer.name] = new apigw.CfnUsagePlanKey(this, `PlanKey-${consumer.name}`, {
        keyId: key.keyId,
        keyType: 'API_KEY',
        usagePlanId: usagePlans[consumer.tier].usagePlanId,
      });
      apiKeys[consumer.name] = key;
    }

    this.usagePlans = usagePlans;
    this.apiKeys = apiKeys;
    this.usagePlanKeys = usagePlanKeys;
  }
}

function validateStage(scope: IConstruct, props: ConsumerPlansProps): void {
  const stageApi = props.stage?.restApi;
  if (stageApi && stageApi !== props.restApi && stageApi.restApiId !== props.restApi.restApiId) {
    throw new TopologyValidationError(scope, {
      prop: 'stage', received: props.stage,
      problem: 'the stage belongs to another REST API than restApi',
      fix: 'pass the stage of the same API, for example restApi.deploymentStage',
    });
  }
}

function validateTiers(scope: IConstruct, tiers: ConsumerTier[]): Set<string> {
  if (!Array.isArray(tiers) || tiers.length === 0) {
    throw new TopologyValidationError(scope, {
      prop: 'tiers', received: tiers,
      problem: Array.isArray(tiers) ? 'at least one tier is needed: consumers get their limits from a tier' : 'the tiers must be a list',
      fix: 'declare a tier, for example { name: "standard", rateLimit: 10, burstLimit: 20 }',
    });
  }
  const names = new Set<string>();
  tiers.forEach((tier, i) => {
    const at = `tiers[${i}]`;
    requireObject(scope, at, tier, '{ name: "gold", rateLimit: 100, burstLimit: 200 }');
    requireSafeName(scope, `${at}.name`, tier.name, 'gold');
    if (names.has(tier.name)) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.name`, received: tier.name,
        problem: 'two tiers have this name; each tier is one usage plan',
        fix: 'give each tier its own name, or merge the two',
      });
    }
    names.add(tier.name);
    for (const field of ['rateLimit', 'burstLimit'] as const) {
      if (tier[field] === undefined) {
        throw new TopologyValidationError(scope, {
          prop: `${at}.${field}`, received: undefined,
          problem: `a tier needs a ${field === 'rateLimit' ? 'steady-state rate limit' : 'burst limit'}: its usage plan would otherwise not throttle`,
          fix: `set ${field}, for example { rateLimit: 10, burstLimit: 20 }`,
        });
      }
    }
    validateThrottle(scope, at, { rateLimit: tier.rateLimit, burstLimit: tier.burstLimit });
    if (tier.quota !== undefined) validateQuota(scope, `${at}.quota`, tier.quota);
  });
  return names;
}

function validateQuota(scope: IConstruct, at: string, quota: Partial<ConsumerTier['quota']>): void {
  if (typeof quota !== 'object' || quota === null) {
    throw new TopologyValidationError(scope, {
      prop: at, received: quota,
      problem: 'a quota is an object of limit and period',
      fix: 'write it as { limit: 10000, period: Period.DAY }, or drop the quota',
    });
  }
  if (quota.limit === undefined) {
    throw new TopologyValidationError(scope, {
      prop: `${at}.limit`, received: quota,
      problem: 'a quota needs a limit: the number of requests allowed per period',
      fix: 'add a limit, for example { limit: 10000, period: Period.DAY }, or drop the quota',
    });
  }
  checkNumber(scope, `${at}.limit`, quota.limit, QUOTA_LIMIT);
  if (quota.period === undefined) {
    throw new TopologyValidationError(scope, {
      prop: `${at}.period`, received: quota.period,
      problem: 'a quota needs the period its limit counts over',
      fix: `add a period: ${QUOTA_PERIOD.values.map((p) => `Period.${p}`).join(', ')}`,
    });
  }
  checkChoice(scope, `${at}.period`, quota.period as string, QUOTA_PERIOD);
  checkNumber(scope, `${at}.offset`, quota.offset, QUOTA_OFFSET);
}

function validateConsumers(scope: IConstruct, consumers: Consumer[], tiers: Set<string>): void {
  if (!Array.isArray(consumers)) {
    throw new TopologyValidationError(scope, {
      prop: 'consumers', received: consumers,
      problem: 'consumers must be a list', fix: 'pass [] for a plan without consumers yet',
    });
  }
  const names = new Set<string>();
  consumers.forEach((consumer, i) => {
    const at = `consumers[${i}]`;
    requireObject(scope, at, consumer, '{ name: "acme-corp", tier: "gold" }');
    if (consumer.enabled !== undefined && typeof consumer.enabled !== 'boolean') {
      throw new TopologyValidationError(scope, {
        prop: `${at}.enabled`, received: consumer.enabled,
        problem: 'enabled is true or false', fix: 'set enabled: false to turn the consumer\'s key off, or leave it out',
      });
    }
    requireSafeName(scope, `${at}.name`, consumer.name, 'acme-corp');
    if (names.has(consumer.name)) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.name`, received: consumer.name,
        problem: 'two consumers have this name; each consumer is one API key',
        fix: 'give each consumer its own name',
      });
    }
    names.add(consumer.name);
    if (!tiers.has(consumer.tier)) {
      throw new TopologyValidationError(scope, {
        prop: `${at}.tier`, received: consumer.tier,
        problem: 'the consumer names a tier that is not declared',
        fix: `use one of the declared tiers (${[...tiers].map((t) => JSON.stringify(t)).join(', ')}) or declare the tier`,
      });
    }
  });
}

/** Validates per-route throttles and renders them in the usage plan's `"/path/METHOD"` form. */
function validateRouteThrottles(
  scope: IConstruct, prop: string, throttles: { readonly [routeKey: string]: RouteThrottle },
): Record<string, apigw.CfnUsagePlan.ThrottleSettingsProperty> {
  const methods = Object.values(HttpMethod) as string[];
  const out: Record<string, apigw.CfnUsagePlan.ThrottleSettingsProperty> = {};
  for (const [routeKey, throttle] of Object.entries(throttles)) {
    const at = `${prop}["${routeKey}"]`;
    const match = /^([A-Z]+) (\S+)$/.exec(routeKey);
    if (!match || !methods.includes(match[1])) {
      throw new TopologyValidationError(scope, {
        prop, received: routeKey,
        problem: 'a route key is an HTTP method and a path separated by one space',
        fix: `write it as the route declares it, for example "POST /orders/{orderId}" (methods: ${methods.join(', ')})`,
      });
    }
    const parsed = parseRoutePath(match[2]);
    if (!('segments' in parsed)) {
      throw new TopologyValidationError(scope, { prop, received: routeKey, problem: parsed.problem, fix: parsed.fix });
    }
    if (throttle?.rateLimit === undefined && throttle?.burstLimit === undefined) {
      throw new TopologyValidationError(scope, {
        prop: at, received: throttle,
        problem: 'a route throttle sets neither rateLimit nor burstLimit',
        fix: 'set a rateLimit and burstLimit, or remove the entry',
      });
    }
    validateThrottle(scope, at, throttle);
    out[`${match[2]}/${match[1]}`] = { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit };
  }
  return out;
}

function requireSafeName(scope: IConstruct, prop: string, name: unknown, example: string): void {
  if (typeof name !== 'string' || !SAFE_NAME.test(name)) {
    throw new TopologyValidationError(scope, {
      prop, received: name,
      problem: 'a name becomes a construct id and must be 1-64 letters, digits, "-" or "_", starting with a letter',
      fix: `use a name such as "${example}"`,
    });
  }
}

function requireObject(scope: IConstruct, prop: string, value: unknown, example: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TopologyValidationError(scope, { prop, received: value, problem: 'not an object', fix: `write it as ${example}` });
  }
}
