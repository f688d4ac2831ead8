import { Aws, CfnCondition, CfnMapping, Fn, ICfnConditionExpression, Resource, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';

const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';
const ELB_ACCOUNTS_MAPPING = 'CdkGatewayTopologyElbLogAccounts';
const ELB_ACCOUNT_REGION_CONDITION = 'CdkGatewayTopologyElbLogAccountRegion';

/**
 * Turns on ALB access logs to `bucket` under `prefix`.
 *
 * aws-cdk-lib's `logAccessLogs` needs a concrete region to pick the log writer (an ELB
 * account in regions opened before August 2022, a service principal in later ones). In an
 * environment-agnostic stack we pick it at deploy time instead, so logs stay on there too.
 */
export function logAlbAccessLogs(alb: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(alb);
  if (!Token.isUnresolved(stack.region)) {
    alb.logAccessLogs(bucket, prefix);
    return;
  }
  alb.setAttribute('access_logs.s3.enabled', 'true');
  alb.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  alb.setAttribute('access_logs.s3.prefix', prefix);
  // An imported bucket's policy is its owner's: it must already admit the ELB log writer.
  if (!Resource.isOwnedResource(bucket)) return;
  const result = bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new RegionalElbLogWriter(stack)],
    resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`)],
  }));
  // The ALB validates bucket access when it is created: the policy must exist first.
  if (result.policyDependable) alb.node.addDependency(result.policyDependable);
}

/** The ELB log writer of the deployment region, chosen by CloudFormation conditions. */
class RegionalElbLogWriter extends iam.PrincipalBase {
  private readonly conditionId: string;
  private readonly accountArn: string;

  constructor(stack: Stack) {
    super();
    const accounts: Record<string, Record<string, string>> = {};
    for (const region of RegionInfo.regions) {
      const account = region.elbv2Account;
      if (account) accounts[region.name] = { account };
    }
    // One mapping and one condition per stack, shared by every load balancer in it.
    const mapping = (stack.node.tryFindChild(ELB_ACCOUNTS_MAPPING) as CfnMapping | undefined)
      ?? new CfnMapping(stack, ELB_ACCOUNTS_MAPPING, { mapping: accounts });
    const condition = (stack.node.tryFindChild(ELB_ACCOUNT_REGION_CONDITION) as CfnCondition | undefined)
      ?? new CfnCondition(stack, ELB_ACCOUNT_REGION_CONDITION, { expression: anyOf(Object.keys(accounts).map((r) => Fn.conditionEquals(Aws.REGION, r))) });
    this.conditionId = condition.logicalId;
    this.accountArn = `arn:${Aws.PARTITION}:iam::${mapping.findInMap(Aws.REGION, 'account')}:root`;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.PrincipalPolicyFragment({
      AWS: [Token.asString(Fn.conditionIf(this.conditionId, this.accountArn, Aws.NO_VALUE))],
      Service: [Token.asString(Fn.conditionIf(this.conditionId, Aws.NO_VALUE, ELB_LOG_DELIVERY_SERVICE))],
    });
  }

  public dedupeString(): string | undefined {
    return `RegionalElbLogWriter:${this.conditionId}`;
  }

  public toString(): string {
    return 'RegionalElbLogWriter';
  }
}

/** Fn::Or takes 2 to 10 conditions: nest larger lists. */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) return conditions[0];
  if (conditions.length <= 10) return Fn.conditionOr(...conditions);
  const groups: ICfnConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += 10) groups.push(anyOf(conditions.slice(i, i + 10)));
  return anyOf(groups);
}
