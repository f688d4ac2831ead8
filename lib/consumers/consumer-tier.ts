import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { RouteThrottle } from '../routes/route';

/** How many requests a consumer of a tier may make per period. */
export interface ConsumerQuota {
  /** Requests allowed per period; a whole number, 0 or more. */
  readonly limit: number;
  /** The period the limit counts over: DAY, WEEK or MONTH. */
  readonly period: apigw.Period;
  /**
   * Requests subtracted from the limit in the first period; a whole number, 0 or more.
   * @default - none: the first period allows the whole limit
   */
  readonly offset?: number;
}

/** A consumer tier: the throttle and quota every consumer of the tier gets (one usage plan). */
export interface ConsumerTier {
  /** The tier's name (`gold`); letters, digits, `-` and `_`, starting with a letter. It names the usage plan's construct id. */
  readonly name: string;
  /** Steady-state requests per second per consumer; 0 or more, fractions allowed (0.5 is one request every two seconds). */
  readonly rateLimit: number;
  /** Burst capacity in requests per consumer; a whole number, 0 or more. */
  readonly burstLimit: number;
  /**
   * A quota per day, week or month.
   * @default - no quota, only the throttle
   */
  readonly quota?: ConsumerQuota;
  /**
   * Per-route throttles inside this tier's plan, keyed `"METHOD /resource/{param}"`; they
   * override the plans' common `routeThrottles` for the same route.
   * @default - the common `routeThrottles` only
   */
  readonly routeThrottles?: { readonly [routeKey: string]: RouteThrottle };
  /**
   * A description of the usage plan.
   * @default - names the tier
   */
  readonly description?: string;
}

/** A consumer of the API: one API key, attached to its tier's usage plan. */
export interface Consumer {
  /** The consumer's name (`acme-corp`); letters, digits, `-` and `_`, starting with a letter. It names the key's construct id. */
  readonly name: string;
  /** The name of the consumer's tier, one of the declared tiers. */
  readonly tier: string;
  /**
   * Whether the key is enabled; disable a key to cut a consumer off without deleting it.
   * @default true
   */
  readonly enabled?: boolean;
}
