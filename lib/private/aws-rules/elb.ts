import { Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';
import { checkDuration, checkNumber, checkText, DurationRule, NumberRule, TextRule } from './rule';

const CREATE_LOAD_BALANCER = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html';
const CREATE_TARGET_GROUP = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html';
const MATCHER = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html';
const LOAD_BALANCER_ATTRIBUTE = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html';
const TARGET_GROUP_ATTRIBUTE = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html';

/**
 * A load balancer name (CreateLoadBalancer `Name`): "a maximum of 32 characters, must contain
 * only alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not
 * begin with "internal-"".
 */
export const LOAD_BALANCER_NAME: TextRule = {
  subject: 'a load balancer name', maxLength: 32,
  pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  grammar: 'letters, digits and hyphens, not starting or ending with a hyphen nor starting with "internal-"',
  example: 'api-front-door', source: CREATE_LOAD_BALANCER,
};

/**
 * A target group name (CreateTargetGroup `Name`): "a maximum of 32 characters, must contain
 * only alphanumeric characters or hyphens, and must not begin or end with a hyphen".
 */
export const TARGET_GROUP_NAME: TextRule = {
  subject: 'a target group name', maxLength: 32,
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  grammar: 'letters, digits and hyphens, not starting or ending with a hyphen',
  example: 'orders-tasks', source: CREATE_TARGET_GROUP,
};

/** The port of a listener or target group (CreateTargetGroup `Port`: 1-65535). */
export const PORT: NumberRule = {
  subject: 'a port', unit: '', min: 1, max: 65535, integer: true, source: CREATE_TARGET_GROUP,
};

/** `HealthCheckIntervalSeconds`: "The range is 5-300." */
export const HEALTH_CHECK_INTERVAL: DurationRule = {
  subject: 'a health check interval', unit: 'seconds', min: 5, max: 300, source: CREATE_TARGET_GROUP,
};

/** `HealthCheckTimeoutSeconds`: "The range is 2–120 seconds." */
export const HEALTH_CHECK_TIMEOUT: DurationRule = {
  subject: 'a health check timeout', unit: 'seconds', min: 2, max: 120, source: CREATE_TARGET_GROUP,
};

/** `HealthyThresholdCount` and `UnhealthyThresholdCount`: "The range is 2-10." */
export const HEALTH_CHECK_THRESHOLD: NumberRule = {
  subject: 'a health check threshold count', unit: 'checks', min: 2, max: 10, integer: true, source: CREATE_TARGET_GROUP,
};

/** `HealthCheckPath` of an HTTP/1.1 or HTTP/2 health check: a path of 1-1024 characters. */
export const HEALTH_CHECK_PATH: TextRule = {
  subject: 'a health check path', maxLength: 1024, pattern: /^\/[!-~]*$/,
  grammar: 'a URL path that starts with "/" and has no spaces', example: '/health', source: CREATE_TARGET_GROUP,
};

/** `HealthCheckPath` of a gRPC health check: "a custom health check method with the format /package.service/method". */
export const GRPC_HEALTH_CHECK_PATH: TextRule = {
  subject: 'a gRPC health check path', maxLength: 1024, pattern: /^\/[^/\s]+\/[^/\s]+$/,
  grammar: 'a gRPC method path "/package.Service/Method"', example: '/grpc.health.v1.Health/Check', source: CREATE_TARGET_GROUP,
};

/** The ALB connection idle timeout (`idle_timeout.timeout_seconds`): "The valid range is 1-4000 seconds." */
export const ALB_IDLE_TIMEOUT: DurationRule = {
  subject: 'an Application Load Balancer idle timeout', unit: 'seconds', min: 1, max: 4000, source: LOAD_BALANCER_ATTRIBUTE,
};

/** `deregistration_delay.timeout_seconds`: "The range is 0-3600 seconds." */
export const DEREGISTRATION_DELAY: DurationRule = {
  subject: 'a deregistration delay', unit: 'seconds', min: 0, max: 3600, source: TARGET_GROUP_ATTRIBUTE,
};

/** A rule on the success codes of a health check matcher: values, lists ("200,202") and ranges ("200-299"). */
export interface MatcherCodesRule {
  /** What the codes are: "ALB HTTP success codes". */
  readonly subject: string;
  /** The lowest code AWS accepts. */
  readonly min: number;
  /** The highest code AWS accepts. */
  readonly max: number;
  /** A value that passes, for the fix. */
  readonly example: string;
  /** The AWS documentation page that states the rule. */
  readonly source: string;
}

/** Matcher `HttpCode` on an Application Load Balancer: "values between 200 and 499". */
export const ALB_HTTP_CODES: MatcherCodesRule = {
  subject: 'Application Load Balancer HTTP success codes', min: 200, max: 499, example: '200-299', source: MATCHER,
};

/** Matcher `HttpCode` on a Network Load Balancer: "values between 200 and 599". */
export const NLB_HTTP_CODES: MatcherCodesRule = {
  subject: 'Network Load Balancer HTTP success codes', min: 200, max: 599, example: '200-399', source: MATCHER,
};

/** Matcher `GrpcCode`: "values between 0 and 99". */
export const GRPC_CODES: MatcherCodesRule = {
  subject: 'gRPC success codes', min: 0, max: 99, example: '0-5', source: MATCHER,
};

/** Refuses matcher codes AWS would refuse: malformed lists, reversed ranges, codes out of range. */
export function checkMatcherCodes(scope: IConstruct | string, prop: string, value: string | undefined, rule: MatcherCodesRule): void {
  if (value === undefined || (typeof value === 'string' && Token.isUnresolved(value))) return;
  const fix = `set ${prop} to codes from ${rule.min} to ${rule.max}: one ("${rule.min}"), a list ("${rule.min},${rule.min + 1}") or a range ("${rule.example}") (${rule.source})`;
  const refuse = (problem: string): never => {
    throw new TopologyValidationError(scope, { prop, received: value, problem, fix });
  };
  if (typeof value !== 'string') refuse(`${rule.subject} must be a string`);
  if (value.length === 0) refuse(`${rule.subject} must not be empty`);
  for (const part of value.split(',')) {
    const match = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part);
    if (!match) refuse(`"${part}" is not a code or a range of codes`);
    const from = Number(match![1]);
    const to = match![2] === undefined ? from : Number(match![2]);
    if (from > to) refuse(`the range "${part}" runs backwards`);
    if (from < rule.min || to > rule.max) refuse(`${rule.subject} are from ${rule.min} to ${rule.max}; "${part}" is outside`);
  }
}

/** Which load balancer a health check belongs to, for its matcher range. */
export type HealthCheckFlavour = 'ALB' | 'NLB';

/**
 * Checks every field of an `elbv2.HealthCheck` a user passes through: interval, timeout,
 * thresholds, path, port and matcher codes, with the timeout no longer than the interval
 * (Elastic Load Balancing refuses a check that could not finish before the next one starts).
 */
export function checkHealthCheck(scope: IConstruct | string, prop: string, healthCheck: elbv2.HealthCheck | undefined, flavour: HealthCheckFlavour): void {
  if (healthCheck === undefined) return;
  checkDuration(scope, `${prop}.interval`, healthCheck.interval, HEALTH_CHECK_INTERVAL);
  checkDuration(scope, `${prop}.timeout`, healthCheck.timeout, HEALTH_CHECK_TIMEOUT);
  const { interval, timeout } = healthCheck;
  if (interval && timeout && !interval.isUnresolved() && !timeout.isUnresolved() && timeout.toMilliseconds() > interval.toMilliseconds()) {
    throw new TopologyValidationError(scope, {
      prop: `${prop}.timeout`, received: timeout.toHumanString(),
      problem: `the health check timeout is longer than its interval (${interval.toHumanString()})`,
      fix: `set ${prop}.timeout at most ${prop}.interval (${CREATE_TARGET_GROUP})`,
    });
  }
  checkNumber(scope, `${prop}.healthyThresholdCount`, healthCheck.healthyThresholdCount, HEALTH_CHECK_THRESHOLD);
  checkNumber(scope, `${prop}.unhealthyThresholdCount`, healthCheck.unhealthyThresholdCount, HEALTH_CHECK_THRESHOLD);
  checkText(scope, `${prop}.path`, healthCheck.path, HEALTH_CHECK_PATH);
  const port = healthCheck.port;
  if (port !== undefined && port !== 'traffic-port' && !Token.isUnresolved(port)) {
    const asNumber = /^\d+$/.test(port) ? Number(port) : NaN;
    if (Number.isNaN(asNumber)) {
      throw new TopologyValidationError(scope, {
        prop: `${prop}.port`, received: port,
        problem: 'a health check port is "traffic-port" or a port number',
        fix: `set ${prop}.port to "traffic-port" or a port such as "443" (${CREATE_TARGET_GROUP})`,
      });
    }
    checkNumber(scope, `${prop}.port`, asNumber, PORT);
  }
  checkMatcherCodes(scope, `${prop}.healthyHttpCodes`, healthCheck.healthyHttpCodes, flavour === 'ALB' ? ALB_HTTP_CODES : NLB_HTTP_CODES);
  if (healthCheck.healthyGrpcCodes !== undefined) {
    if (flavour === 'NLB') {
      throw new TopologyValidationError(scope, {
        prop: `${prop}.healthyGrpcCodes`, received: healthCheck.healthyGrpcCodes,
        problem: 'gRPC success codes apply to gRPC target groups of Application Load Balancers; this is a Network Load Balancer target group',
        fix: `remove ${prop}.healthyGrpcCodes (${MATCHER})`,
      });
    }
    checkMatcherCodes(scope, `${prop}.healthyGrpcCodes`, healthCheck.healthyGrpcCodes, GRPC_CODES);
  }
}
