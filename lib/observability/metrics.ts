import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import type { HttpGateway } from '../gateway/http-gateway';
import type { RestGateway } from '../gateway/rest-gateway';

/** The CloudWatch namespace of the metrics the library derives from access logs. */
export const TOPOLOGY_METRIC_NAMESPACE = 'CdkGatewayTopology';

/**
 * The metric filter pattern that counts throttled requests in a gateway's access log.
 * API Gateway answers every throttle (stage, route, usage plan, account) with 429, and both
 * flavours write `status` as a JSON string (see `accessLogFormat`: every field is quoted so a
 * "-" keeps the line JSON). A JSON filter matches a string field with a quoted value
 * (`{ $.eventType = "UpdateTrail" }`) and keeps unquoted values and `>`/`<` for numeric fields,
 * so the 429 is quoted here:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export const THROTTLED_REQUEST_PATTERN = '{ $.status = "429" }';

/**
 * A construct's name in graph titles and legends: its path within its stack, without a
 * trailing `Resource` (a translator's function is `Users/Translator`, not `Resource`).
 */
export function displayName(construct: IConstruct): string {
  const path = Names.stackRelativeConstructPath(construct).replace(/\/(Resource|Default)$/, '');
  return path === '' ? construct.node.id : path;
}

/** The metrics of one gateway stage, whichever the API flavour. */
export interface GatewayMetrics {
  /** Requests (Sum). */
  readonly requests: cloudwatch.IMetric;
  /** Responses with a 4xx status (Sum). */
  readonly clientErrors: cloudwatch.IMetric;
  /** Responses with a 5xx status (Sum). */
  readonly serverErrors: cloudwatch.IMetric;
  /** 5xx responses as a percentage of requests. */
  readonly serverErrorRate: cloudwatch.IMetric;
  /** Latency, median (ms). */
  readonly latencyP50: cloudwatch.IMetric;
  /** Latency, 99th percentile (ms). */
  readonly latencyP99: cloudwatch.IMetric;
  /** Integration latency, median (ms). */
  readonly integrationLatencyP50: cloudwatch.IMetric;
  /** Integration latency, 99th percentile (ms). */
  readonly integrationLatencyP99: cloudwatch.IMetric;
}

/** The metrics of an internet-facing or internal Application Load Balancer. */
export interface ApplicationLoadBalancerMetrics {
  /** Requests (Sum). */
  readonly requests: cloudwatch.IMetric;
  /** 4xx responses the load balancer generated itself (Sum). */
  readonly elb4xx: cloudwatch.IMetric;
  /** 5xx responses the load balancer generated itself (Sum). */
  readonly elb5xx: cloudwatch.IMetric;
  /** 4xx responses from the targets (Sum). */
  readonly target4xx: cloudwatch.IMetric;
  /** 5xx responses from the targets (Sum). */
  readonly target5xx: cloudwatch.IMetric;
  /** Target response time, 99th percentile (seconds). */
  readonly targetResponseTimeP99: cloudwatch.IMetric;
}

/** The metrics of a Network Load Balancer (no HTTP statuses: flows and resets). */
export interface NetworkLoadBalancerMetrics {
  /** New flows (Sum): the NLB's closest equivalent of requests. */
  readonly newFlows: cloudwatch.IMetric;
  /** Active flows (Average). */
  readonly activeFlows: cloudwatch.IMetric;
  /** Resets sent by the load balancer (Sum). */
  readonly elbResets: cloudwatch.IMetric;
  /** Resets sent by the targets (Sum). */
  readonly targetResets: cloudwatch.IMetric;
}

/** The health of one target group. */
export interface TargetHealthMetrics {
  /** Healthy targets (Minimum over the period, so a dip shows). */
  readonly healthyHosts: cloudwatch.IMetric;
  /** Unhealthy targets (Maximum over the period, so a spike shows). */
  readonly unhealthyHosts: cloudwatch.IMetric;
}

/** The metrics of a Lambda function such as the gRPC translator. */
export interface FunctionMetrics {
  /** Invocations (Sum). */
  readonly invocations: cloudwatch.IMetric;
  /** Function errors: unhandled exceptions and timeouts (Sum). */
  readonly errors: cloudwatch.IMetric;
  /** Throttled invocations (Sum). */
  readonly throttles: cloudwatch.IMetric;
  /** Duration, median (ms). */
  readonly durationP50: cloudwatch.IMetric;
  /** Duration, 99th percentile (ms). */
  readonly durationP99: cloudwatch.IMetric;
}

/** The resource use of an ECS service. */
export interface ServiceMetrics {
  /** CPU utilization, percent (Average). */
  readonly cpuUtilization: cloudwatch.IMetric;
  /** Memory utilization, percent (Average). */
  readonly memoryUtilization: cloudwatch.IMetric;
}

/**
 * Builds the metrics of every part of a topology with one period and consistent
 * statistics and labels, apart from the dashboards and alarms that use them.
 *
 * It creates no resources; metrics derived from logs (throttles) need the metric filter
 * that `TopologyMonitoring` creates, and are built from its namespace and name.
 */
export class TopologyMetricFactory {
  /** The period of every metric. */
  public readonly period: Duration;

  constructor(period: Duration = Duration.minutes(5)) {
    this.period = period;
  }

  /** The metrics of a REST gateway's stage, by ApiName and Stage. */
  public restGateway(gateway: RestGateway, label: string = displayName(gateway)): GatewayMetrics {
    const stage = gateway.stage;
    return this.gatewayMetrics(label, {
      requests: (o) => stage.metricCount(o),
      clientErrors: (o) => stage.metricClientError(o),
      serverErrors: (o) => stage.metricServerError(o),
      latency: (o) => stage.metricLatency(o),
      integrationLatency: (o) => stage.metricIntegrationLatency(o),
    });
  }

  /** The metrics of an HTTP gateway's stage, by ApiId and Stage. */
  public httpGateway(gateway: HttpGateway, label: string = displayName(gateway)): GatewayMetrics {
    const stage = gateway.stage;
    return this.gatewayMetrics(label, {
      requests: (o) => stage.metricCount(o),
      clientErrors: (o) => stage.metricClientError(o),
      serverErrors: (o) => stage.metricServerError(o),
      latency: (o) => stage.metricLatency(o),
      integrationLatency: (o) => stage.metricIntegrationLatency(o),
    });
  }

  /** The throttled requests counted by an access-log metric filter (Sum). */
  public throttledRequests(namespace: string, metricName: string, label: string): cloudwatch.IMetric {
    return new cloudwatch.Metric({
      namespace, metricName, statistic: cloudwatch.Stats.SUM, period: this.period, label: `${label} throttled (429)`,
    });
  }

  /** The metrics of an Application Load Balancer. */
  public applicationLoadBalancer(loadBalancer: elbv2.IApplicationLoadBalancer, label: string = displayName(loadBalancer)): ApplicationLoadBalancerMetrics {
    const m = loadBalancer.metrics;
    const sum = (text: string) => ({ period: this.period, statistic: cloudwatch.Stats.SUM, label: `${label} ${text}` });
    return {
      requests: m.requestCount(sum('requests')),
      elb4xx: m.httpCodeElb(elbv2.HttpCodeElb.ELB_4XX_COUNT, sum('ELB 4xx')),
      elb5xx: m.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum('ELB 5xx')),
      target4xx: m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_4XX_COUNT, sum('target 4xx')),
      target5xx: m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum('target 5xx')),
      targetResponseTimeP99: m.targetResponseTime({ period: this.period, statistic: cloudwatch.Stats.p(99), label: `${label} target response time p99` }),
    };
  }

  /** The metrics of a Network Load Balancer. */
  public networkLoadBalancer(loadBalancer: elbv2.INetworkLoadBalancer, label: string = displayName(loadBalancer)): NetworkLoadBalancerMetrics {
    const m = loadBalancer.metrics;
    const sum = (text: string) => ({ period: this.period, statistic: cloudwatch.Stats.SUM, label: `${label} ${text}` });
    return {
      newFlows: m.newFlowCount(sum('new flows')),
      activeFlows: m.activeFlowCount({ period: this.period, statistic: cloudwatch.Stats.AVERAGE, label: `${label} active flows` }),
      elbResets: m.tcpElbResetCount(sum('ELB resets')),
      targetResets: m.tcpTargetResetCount(sum('target resets')),
    };
  }

  /**
   * The health of an ALB target group. Throws aws-cdk-lib's error when the target group
   * is not attached to a load balancer (the metrics need the load balancer's name).
   */
  public applicationTargetGroup(targetGroup: elbv2.IApplicationTargetGroup, label: string = displayName(targetGroup)): TargetHealthMetrics {
    const m = targetGroup.metrics;
    return {
      healthyHosts: m.healthyHostCount(this.hostOptions(label, 'healthy', cloudwatch.Stats.MINIMUM)),
      unhealthyHosts: m.unhealthyHostCount(this.hostOptions(label, 'unhealthy', cloudwatch.Stats.MAXIMUM)),
    };
  }

  /** The health of an NLB target group; throws like {@link applicationTargetGroup}. */
  public networkTargetGroup(targetGroup: elbv2.INetworkTargetGroup, label: string = displayName(targetGroup)): TargetHealthMetrics {
    const m = targetGroup.metrics;
    return {
      healthyHosts: m.healthyHostCount(this.hostOptions(label, 'healthy', cloudwatch.Stats.MINIMUM)),
      unhealthyHosts: m.unHealthyHostCount(this.hostOptions(label, 'unhealthy', cloudwatch.Stats.MAXIMUM)),
    };
  }

  /** The metrics of a Lambda function. */
  public function(fn: lambda.IFunction, label: string = displayName(fn)): FunctionMetrics {
    const sum = (text: string) => ({ period: this.period, statistic: cloudwatch.Stats.SUM, label: `${label} ${text}` });
    return {
      invocations: fn.metricInvocations(sum('invocations')),
      errors: fn.metricErrors(sum('errors')),
      throttles: fn.metricThrottles(sum('throttles')),
      durationP50: fn.metricDuration({ period: this.period, statistic: cloudwatch.Stats.p(50), label: `${label} duration p50` }),
      durationP99: fn.metricDuration({ period: this.period, statistic: cloudwatch.Stats.p(99), label: `${label} duration p99` }),
    };
  }

  /** The CPU and memory use of an ECS service. */
  public service(service: ecs.BaseService, label: string = displayName(service)): ServiceMetrics {
    return {
      cpuUtilization: service.metricCpuUtilization({ period: this.period, statistic: cloudwatch.Stats.AVERAGE, label: `${label} CPU %` }),
      memoryUtilization: service.metricMemoryUtilization({ period: this.period, statistic: cloudwatch.Stats.AVERAGE, label: `${label} memory %` }),
    };
  }

  private hostOptions(label: string, text: string, statistic: string): cloudwatch.MetricOptions {
    return { period: this.period, statistic, label: `${label} ${text} targets` };
  }

  private gatewayMetrics(label: string, source: GatewayMetricSource): GatewayMetrics {
    const sum = (text: string) => ({ period: this.period, statistic: cloudwatch.Stats.SUM, label: `${label} ${text}` });
    const pct = (p: number, text: string) => ({ period: this.period, statistic: cloudwatch.Stats.p(p), label: `${label} ${text} p${p}` });
    const requests = source.requests(sum('requests'));
    const serverErrors = source.serverErrors(sum('5xx'));
    return {
      requests,
      clientErrors: source.clientErrors(sum('4xx')),
      serverErrors,
      // A period without 5xx data but with requests is 0 %; one without requests has no value.
      serverErrorRate: new cloudwatch.MathExpression({
        expression: '100 * FILL(errors, 0) / requests',
        usingMetrics: { errors: serverErrors, requests },
        period: this.period,
        label: `${label} 5xx rate (%)`,
      }),
      latencyP50: source.latency(pct(50, 'latency')),
      latencyP99: source.latency(pct(99, 'latency')),
      integrationLatencyP50: source.integrationLatency(pct(50, 'integration latency')),
      integrationLatencyP99: source.integrationLatency(pct(99, 'integration latency')),
    };
  }
}

/** How one flavour's stage builds each gateway metric. */
interface GatewayMetricSource {
  readonly requests: (options: cloudwatch.MetricOptions) => cloudwatch.Metric;
  readonly clientErrors: (options: cloudwatch.MetricOptions) => cloudwatch.Metric;
  readonly serverErrors: (options: cloudwatch.MetricOptions) => cloudwatch.Metric;
  readonly latency: (options: cloudwatch.MetricOptions) => cloudwatch.Metric;
  readonly integrationLatency: (options: cloudwatch.MetricOptions) => cloudwatch.Metric;
}
