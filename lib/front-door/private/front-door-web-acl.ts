import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The rules of a front door's web ACL. */
export interface FrontDoorWebAclRules {
  /** Prefix of the CloudWatch metric names. */
  readonly metricPrefix: string;
  /** AWSManagedRulesCommonRuleSet. */
  readonly commonRuleSet: boolean;
  /** AWSManagedRulesKnownBadInputsRuleSet. */
  readonly knownBadInputsRuleSet: boolean;
  /** AWSManagedRulesAmazonIpReputationList. */
  readonly ipReputationList: boolean;
  /** The per-IP limit per five minutes; no rate-based rule when undefined. */
  readonly rateLimitPerFiveMinutes?: number;
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * A regional web ACL for a front door load balancer. Allow by default: the managed rule
 * groups and the rate-based rule block, and the API behind authorizes.
 */
export function createFrontDoorWebAcl(scope: Construct, id: string, rules: FrontDoorWebAclRules): wafv2.CfnWebACL {
  const managed = [
    rules.ipReputationList ? 'AWSManagedRulesAmazonIpReputationList' : undefined,
    rules.commonRuleSet ? 'AWSManagedRulesCommonRuleSet' : undefined,
    rules.knownBadInputsRuleSet ? 'AWSManagedRulesKnownBadInputsRuleSet' : undefined,
  ].filter((name): name is string => name !== undefined);
  const list: wafv2.CfnWebACL.RuleProperty[] = [];
  // The rate rule goes first: a flood is cut before the managed groups spend WCUs on it.
  if (rules.rateLimitPerFiveMinutes !== undefined) {
    list.push({
      name: 'RateLimitPerIp',
      priority: 0,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: rules.rateLimitPerFiveMinutes, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility(`${rules.metricPrefix}RateLimitPerIp`),
    });
  }
  for (const name of managed) {
    list.push({
      name,
      priority: list.length,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(`${rules.metricPrefix}${name}`),
    });
  }
  return new wafv2.CfnWebACL(scope, id, {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility(`${rules.metricPrefix}WebAcl`),
    rules: list,
  });
}
