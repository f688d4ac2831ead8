import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** A CloudWatch-visible rule or ACL configuration, sampled. */
function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

function managed(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}

/**
 * A regional web ACL for a REST stage: AWS managed common rules, known bad inputs and a
 * per-IP rate-based rule. Allow by default: the rules block, the API authorizes.
 */
export function createRestWebAcl(scope: Construct, id: string, metricPrefix: string, ratePerFiveMinutes: number): wafv2.CfnWebACL {
  return new wafv2.CfnWebACL(scope, id, {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility(`${metricPrefix}WebAcl`),
    rules: [
      managed('AWSManagedRulesCommonRuleSet', 0),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
      {
        name: 'RateLimitPerIp',
        priority: 2,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: ratePerFiveMinutes, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility(`${metricPrefix}RateLimitPerIp`),
      },
    ],
  });
}
