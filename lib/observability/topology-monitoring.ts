import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import type { ServiceBackend } from '../backends/service-backend';
import { TopologyValidationError } from '../errors';
import {
  checkAlarmWindow, checkDuration, checkNumber, checkText, COUNT_ALARM_THRESHOLD, DASHBOARD_NAME, LATENCY_ALARM_THRESHOLD,
  PERCENT_ALARM_THRESHOLD, STANDARD_RESOLUTION_ALARM_PERIOD,
} from '../private/aws-rules';
import type { HttpGateway } from '../gateway/http-gateway';
import type { RestGateway } from '../gateway/rest-gateway';
import {
  displayName, GatewayMetrics, TargetHealthMetrics, THROTTLED_REQUEST_PATTERN, TOPOLOGY_METRIC_NAMESPACE, TopologyMetricFactory,
} from './metrics';

/** An alarm on a percentage of requests. */
export interface RateAlarmOptions {
  /**
   * Whether the alarm is created.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The alarm fires when the rate exceeds this percentage (0–100).
   * @default 1
   */
  readonly thresholdPercent?: number;
  /**
   * The number of periods compared with the threshold.
   * @default 3
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of the evaluated periods must breach to fire the alarm.
   * @default - every evaluated period
   */
  readonly datapointsToAlarm?: number;
}

/** An alarm on a latency percentile. */
export interface LatencyAlarmOptions {
  /**
   * Whether the alarm is created.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The alarm fires when the p99 latency exceeds this. From a token, give it with `Duration.millis()`.
   * @default Duration.seconds(2)
   */
  readonly threshold?: Duration;
  /**
   * The number of periods compared with the threshold.
   * @default 3
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of the evaluated periods must breach to fire the alarm.
   * @default - every evaluated period
   */
  readonly datapointsToAlarm?: number;
}

/** An alarm on a count: it fires when the count exceeds the threshold. */
export interface CountAlarmOptions {
  /**
   * Whether the alarm is created.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The alarm fires when the count in a period exceeds this.
   * @default - given by the prop that takes these options
   */
  readonly threshold?: number;
  /**
   * The number of periods compared with the threshold.
   * @default - given by the prop that takes these options
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of the evaluated periods must breach to fire the alarm.
   * @default - every evaluated period
   */
  readonly datapointsToAlarm?: number;
}

/** The settings of a {@link TopologyMonitoring} dashboard and its alarms, apart from the parts it watches. */
export interface TopologyMonitoringSettings {
  /**
   * The dashboard's name: letters, digits, `-` and `_`, at most 255.
   * @default - derived from the construct path
   */
  readonly dashboardName?: string;
  /**
   * The period of every graphed and alarmed metric: whole minutes.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
  /**
   * The SNS topic every alarm notifies when it fires and when it returns to OK.
   * @default - alarms notify nobody
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Each gateway's 5xx responses as a percentage of its requests (metric math on the
   * stage's 5xx and Count sums). With little traffic one error is a large share: raise
   * `datapointsToAlarm` or the threshold for quiet APIs.
   * @default - more than 1 % in each of 3 periods
   */
  readonly serverErrorRateAlarm?: RateAlarmOptions;
  /**
   * Each gateway's p99 latency.
   * @default - more than 2 s in each of 3 periods
   */
  readonly latencyAlarm?: LatencyAlarmOptions;
  /**
   * Each gateway's throttled requests (429), counted from its access log. Usage-plan
   * limits answer 429 too, so one consumer over its tier counts.
   * @default - more than 10 in 1 period
   */
  readonly throttlesAlarm?: CountAlarmOptions;
  /**
   * Each target group's unhealthy targets (the maximum in a period).
   * @default - more than 0 in each of 2 periods
   */
  readonly unhealthyTargetsAlarm?: CountAlarmOptions;
  /**
   * Each translator function's errors: the translator answers gRPC failures with HTTP
   * statuses, so a function error is a crash or a timeout.
   * @default - more than 0 in 1 period
   */
  readonly translatorErrorsAlarm?: CountAlarmOptions;
}

/** Props of {@link TopologyMonitoring}: what to monitor, and the alarms' settings. */
export interface TopologyMonitoringProps extends TopologyMonitoringSettings {
  /**
   * REST gateways: requests, 4xx, 5xx, latency and integration latency by ApiName and
   * Stage, and throttles counted from the access log.
   * @default - none
   */
  readonly restGateways?: RestGateway[];
  /**
   * HTTP gateways: requests, 4xx, 5xx, latency and integration latency by ApiId and
   * Stage, and throttles counted from the access log.
   * @default - none
   */
  readonly httpGateways?: HttpGateway[];
  /**
   * Application Load Balancers in front of the gateway: requests, ELB and target 4xx/5xx,
   * target response time.
   * @default - none
   */
  readonly applicationLoadBalancers?: elbv2.IApplicationLoadBalancer[];
  /**
   * Network Load Balancers in front of the gateway: flows and resets.
   * @default - none
   */
  readonly networkLoadBalancers?: elbv2.INetworkLoadBalancer[];
  /**
   * ALB target groups whose health is graphed and alarmed on; each must be attached to a
   * load balancer (imported ones with `loadBalancerArns`).
   * @default - none
   */
  readonly applicationTargetGroups?: elbv2.IApplicationTargetGroup[];
  /**
   * NLB target groups whose health is graphed and alarmed on; each must be attached to a
   * load balancer (imported ones with `loadBalancerArns`).
   * @default - none
   */
  readonly networkTargetGroups?: elbv2.INetworkTargetGroup[];
  /**
   * gRPC translator functions (`GrpcTranslator.function`): invocations, errors,
   * throttles and duration.
   * @default - none
   */
  readonly translatorFunctions?: lambda.IFunction[];
  /**
   * Fargate service backends: CPU and memory, and the health of their target groups.
   * @default - none
   */
  readonly services?: ServiceBackend[];
}

/** The gateway flavours, as named in labels and alarm descriptions. */
type Flavour = 'REST' | 'HTTP';

/** The default evaluation periods of each alarm. */
const DEFAULT_EVALUATION_PERIODS = {
  serverErrorRateAlarm: 3,
  latencyAlarm: 3,
  throttlesAlarm: 1,
  unhealthyTargetsAlarm: 2,
  translatorErrorsAlarm: 1,
} as const;

/** The default thresholds of the count alarms. */
const DEFAULT_COUNT_THRESHOLDS = {
  throttlesAlarm: 10,
  unhealthyTargetsAlarm: 0,
  translatorErrorsAlarm: 0,
} as const;

type AlarmProp = keyof typeof DEFAULT_EVALUATION_PERIODS;
const GRAPH_HEIGHT = 6;

/**
 * One CloudWatch dashboard and a set of alarms for a gateway topology: the front door's
 * load balancers and target health, each gateway's traffic, errors, latency and
 * throttles, the gRPC translator and the Fargate services.
 *
 * Neither REST nor HTTP APIs publish a throttle metric (REST counts 429s inside
 * `4XXError`, mixed with auth failures and bad requests), so each gateway's throttles are
 * counted by a metric filter on its access log matching `status = 429`, in the
 * `CdkGatewayTopology` namespace.
 *
 * @example
 * new TopologyMonitoring(stack, 'Monitoring', {
 *   httpGateways: [api],
 *   services: [orders],
 *   translatorFunctions: [translator.function],
 * });
 */
export class TopologyMonitoring extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The metric factory every widget and alarm uses. */
  public readonly metrics: TopologyMetricFactory;
  /** One 5xx-rate alarm per gateway. */
  public readonly serverErrorRateAlarms: cloudwatch.Alarm[] = [];
  /** One p99-latency alarm per gateway. */
  public readonly latencyAlarms: cloudwatch.Alarm[] = [];
  /** One throttled-requests alarm per gateway. */
  public readonly throttlesAlarms: cloudwatch.Alarm[] = [];
  /** One unhealthy-targets alarm per target group. */
  public readonly unhealthyTargetsAlarms: cloudwatch.Alarm[] = [];
  /** One errors alarm per translator function. */
  public readonly translatorErrorsAlarms: cloudwatch.Alarm[] = [];
  /** The access-log metric filters counting each gateway's throttled requests. */
  public readonly throttleMetricFilters: logs.MetricFilter[] = [];

  private readonly props: TopologyMonitoringProps;
  private readonly rows: cloudwatch.IWidget[][] = [];

  constructor(scope: Construct, id: string, props: TopologyMonitoringProps) {
    super(scope, id);
    this.props = props;
    this.validate(props);
    this.metrics = new TopologyMetricFactory(props.period ?? Duration.minutes(5));

    for (const alb of props.applicationLoadBalancers ?? []) this.monitorApplicationLoadBalancer(alb);
    for (const nlb of props.networkLoadBalancers ?? []) this.monitorNetworkLoadBalancer(nlb);
    const health: cloudwatch.IWidget[] = [];
    for (const [i, tg] of (props.applicationTargetGroups ?? []).entries()) {
      health.push(this.monitorTargetHealth(tg, displayName(tg), () => this.metrics.applicationTargetGroup(tg), `applicationTargetGroups[${i}]`));
    }
    for (const [i, tg] of (props.networkTargetGroups ?? []).entries()) {
      health.push(this.monitorTargetHealth(tg, displayName(tg), () => this.metrics.networkTargetGroup(tg), `networkTargetGroups[${i}]`));
    }
    for (const [i, service] of (props.services ?? []).entries()) {
      const tg = service.targetGroup;
      health.push(this.monitorTargetHealth(tg, service.backendName, () => (tg instanceof elbv2.ApplicationTargetGroup
        ? this.metrics.applicationTargetGroup(tg, service.backendName)
        : this.metrics.networkTargetGroup(tg, service.backendName)), `services[${i}].targetGroup`));
    }
    if (health.length > 0) this.rows.push(health);
    for (const gateway of props.restGateways ?? []) {
      this.monitorGateway(gateway, 'REST', this.metrics.restGateway(gateway), gateway.logGroup);
    }
    for (const gateway of props.httpGateways ?? []) {
      this.monitorGateway(gateway, 'HTTP', this.metrics.httpGateway(gateway), gateway.logGroup);
    }
    for (const fn of props.translatorFunctions ?? []) this.monitorTranslator(fn);
    if ((props.services ?? []).length > 0) this.rows.push(props.services!.map((s) => this.serviceWidget(s)));

    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName ?? Names.uniqueResourceName(this, { maxLength: 255, separator: '-' }),
    });
    this.dashboard.addWidgets(new cloudwatch.TextWidget({
      markdown: `# Gateway topology ${this.node.path}\nFront door → gateway → translator and services. Period: ${this.metrics.period.toHumanString()}.`,
      width: 24, height: 2,
    }));
    if (this.alarms.length > 0) {
      this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({
        title: 'Alarms', alarms: this.alarms, width: 24, height: Math.min(2 + Math.ceil(this.alarms.length / 4), 8),
      }));
    }
    for (const row of this.rows) this.dashboard.addWidgets(...row);
  }

  /** Every alarm: unhealthy targets, 5xx rate, latency, throttles, translator errors. */
  public get alarms(): cloudwatch.Alarm[] {
    return [
      ...this.unhealthyTargetsAlarms, ...this.serverErrorRateAlarms, ...this.latencyAlarms,
      ...this.throttlesAlarms, ...this.translatorErrorsAlarms,
    ];
  }

  private monitorApplicationLoadBalancer(alb: elbv2.IApplicationLoadBalancer): void {
    const m = this.metrics.applicationLoadBalancer(alb);
    const name = displayName(alb);
    this.rows.push([
      this.graph(`${name}: requests`, [m.requests], 8),
      this.graph(`${name}: 4xx / 5xx (ELB and target)`, [m.elb4xx, m.elb5xx, m.target4xx, m.target5xx], 8),
      this.graph(`${name}: target response time p99 (s)`, [m.targetResponseTimeP99], 8),
    ]);
  }

  private monitorNetworkLoadBalancer(nlb: elbv2.INetworkLoadBalancer): void {
    const m = this.metrics.networkLoadBalancer(nlb);
    const name = displayName(nlb);
    this.rows.push([
      this.graph(`${name}: flows`, [m.newFlows, m.activeFlows], 12),
      this.graph(`${name}: TCP resets (ELB and target)`, [m.elbResets, m.targetResets], 12),
    ]);
  }

  private monitorTargetHealth(targetGroup: IConstruct, label: string, metrics: () => TargetHealthMetrics, prop: string): cloudwatch.IWidget {
    let m: TargetHealthMetrics;
    try {
      m = metrics();
    } catch (e) {
      // aws-cdk-lib needs the load balancer's name for target-group metrics.
      throw new TopologyValidationError(this, {
        prop, received: targetGroup,
        problem: `the target group's health metrics need its load balancer, and it has none (${(e as Error).message})`,
        fix: 'attach the target group to a listener first, or import it with loadBalancerArns',
      });
    }
    const options = this.countOptions('unhealthyTargetsAlarm');
    if (options) {
      const alarm = this.alarm(targetGroup, 'UnhealthyTargets', m.unhealthyHosts, {
        ...options,
        description: `Unhealthy targets in ${targetGroup.node.path} exceeded ${options.threshold}. `
          + 'Check the health check path and the targets\' logs.',
      });
      this.unhealthyTargetsAlarms.push(alarm);
    }
    return this.graph(`${label}: target health`, [m.healthyHosts, m.unhealthyHosts], 6);
  }

  private monitorGateway(gateway: Construct, flavour: Flavour, m: GatewayMetrics, logGroup: logs.ILogGroup): void {
    const name = displayName(gateway);
    const filter = new logs.MetricFilter(this, `${Names.nodeUniqueId(gateway.node)}ThrottleFilter`, {
      logGroup,
      filterPattern: logs.FilterPattern.literal(THROTTLED_REQUEST_PATTERN),
      metricNamespace: TOPOLOGY_METRIC_NAMESPACE,
      metricName: `${Names.uniqueResourceName(gateway, { maxLength: 200, separator: '-' })}-ThrottledRequests`,
      metricValue: '1',
      defaultValue: 0,
    });
    this.throttleMetricFilters.push(filter);
    const throttles = this.metrics.throttledRequests(TOPOLOGY_METRIC_NAMESPACE, filter.metric().metricName, name);

    const rate = this.props.serverErrorRateAlarm ?? {};
    if (rate.enabled ?? true) {
      const threshold = rate.thresholdPercent ?? 1;
      this.serverErrorRateAlarms.push(this.alarm(gateway, 'ServerErrorRate', m.serverErrorRate, {
        threshold,
        evaluationPeriods: rate.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS.serverErrorRateAlarm,
        datapointsToAlarm: rate.datapointsToAlarm,
        description: `${flavour} gateway ${gateway.node.path}: 5xx responses exceeded ${threshold}% of requests. `
          + 'Check the integration targets and the access log\'s errorMessage.',
      }));
    }
    const latency = this.props.latencyAlarm ?? {};
    const latencyThreshold = latency.threshold ?? Duration.seconds(2);
    if (latency.enabled ?? true) {
      this.latencyAlarms.push(this.alarm(gateway, 'LatencyP99', m.latencyP99, {
        threshold: latencyThreshold.toMilliseconds(),
        evaluationPeriods: latency.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS.latencyAlarm,
        datapointsToAlarm: latency.datapointsToAlarm,
        description: `${flavour} gateway ${gateway.node.path}: p99 latency exceeded ${latencyThreshold.toHumanString()}. `
          + 'Compare with the integration latency to see whether the backends are slow.',
      }));
    }
    const throttleOptions = this.countOptions('throttlesAlarm');
    if (throttleOptions) {
      this.throttlesAlarms.push(this.alarm(gateway, 'Throttles', throttles, {
        ...throttleOptions,
        description: `${flavour} gateway ${gateway.node.path}: more than ${throttleOptions.threshold} requests throttled (429) in a period. `
          + 'Check the stage, route and usage-plan limits against the traffic.',
      }));
    }

    const latencyAnnotations = (latency.enabled ?? true)
      ? [{ value: latencyThreshold.toMilliseconds(), label: 'p99 alarm' }] : [];
    this.rows.push([
      this.graph(`${name} (${flavour}): requests`, [m.requests], 6),
      this.graph(`${name} (${flavour}): 4xx / 5xx`, [m.clientErrors, m.serverErrors], 6, [m.serverErrorRate]),
      this.graph(`${name} (${flavour}): latency (ms)`, [m.latencyP50, m.latencyP99, m.integrationLatencyP50, m.integrationLatencyP99], 6, [], latencyAnnotations),
      this.graph(`${name} (${flavour}): throttled (429)`, [throttles], 6),
    ]);
  }

  private monitorTranslator(fn: lambda.IFunction): void {
    const m = this.metrics.function(fn);
    const options = this.countOptions('translatorErrorsAlarm');
    if (options) {
      this.translatorErrorsAlarms.push(this.alarm(fn, 'Errors', m.errors, {
        ...options,
        description: `Translator ${fn.node.path}: more than ${options.threshold} function errors (crashes or timeouts) in a period. `
          + 'Check the function\'s log group.',
      }));
    }
    const name = displayName(fn);
    this.rows.push([
      this.graph(`${name}: invocations, errors, throttles`, [m.invocations, m.errors, m.throttles], 12),
      this.graph(`${name}: duration (ms)`, [m.durationP50, m.durationP99], 12),
    ]);
  }

  private serviceWidget(service: ServiceBackend): cloudwatch.IWidget {
    const m = this.metrics.service(service.service, service.backendName);
    return this.graph(`${service.backendName}: CPU and memory (%)`, [m.cpuUtilization, m.memoryUtilization], 8);
  }

  private countOptions(name: keyof typeof DEFAULT_COUNT_THRESHOLDS) {
    const options = this.props[name];
    if (options?.enabled === false) return undefined;
    return {
      threshold: options?.threshold ?? DEFAULT_COUNT_THRESHOLDS[name],
      evaluationPeriods: options?.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS[name],
      datapointsToAlarm: options?.datapointsToAlarm,
    };
  }

  private alarm(
    subject: IConstruct, kind: string, metric: cloudwatch.IMetric,
    options: { threshold: number; evaluationPeriods: number; datapointsToAlarm?: number; description: string },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${Names.nodeUniqueId(subject.node)}${kind}`, {
      metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No traffic is no evidence of a fault.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    if (this.props.alarmTopic) {
      const action = new cwActions.SnsAction(this.props.alarmTopic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarm;
  }

  private graph(
    title: string, left: cloudwatch.IMetric[], width: number, right: cloudwatch.IMetric[] = [],
    leftAnnotations: cloudwatch.HorizontalAnnotation[] = [],
  ): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({
      title, left, right, width, height: GRAPH_HEIGHT, leftAnnotations,
      leftYAxis: { min: 0 }, ...(right.length > 0 ? { rightYAxis: { min: 0 } } : {}),
    });
  }

  private validate(props: TopologyMonitoringProps): void {
    const listProps = ['restGateways', 'httpGateways', 'applicationLoadBalancers', 'networkLoadBalancers',
      'applicationTargetGroups', 'networkTargetGroups', 'translatorFunctions', 'services'] as const;
    for (const name of listProps) {
      const list: unknown = props[name];
      if (list !== undefined && !Array.isArray(list)) {
        throw new TopologyValidationError(this, {
          prop: name, received: list,
          problem: `${name} must be a list`,
          fix: `wrap it in a list: ${name}: [${name === 'services' ? 'backend' : 'it'}]`,
        });
      }
      ((list ?? []) as unknown[]).forEach((item, i) => {
        if (item === null || typeof item !== 'object') {
          throw new TopologyValidationError(this, {
            prop: `${name}[${i}]`, received: item,
            problem: 'not a construct to monitor', fix: `remove it from ${name}, or pass the construct itself`,
          });
        }
      });
    }
    const monitored = [
      props.restGateways, props.httpGateways, props.applicationLoadBalancers, props.networkLoadBalancers,
      props.applicationTargetGroups, props.networkTargetGroups, props.translatorFunctions, props.services,
    ].some((list) => (list ?? []).length > 0);
    if (!monitored) {
      throw new TopologyValidationError(this, {
        prop: 'props', received: Object.keys(props).filter((k) => Array.isArray((props as Record<string, unknown>)[k])),
        problem: 'nothing to monitor: no gateway, load balancer, target group, translator function or service was given',
        fix: 'give at least one of restGateways, httpGateways, applicationLoadBalancers, networkLoadBalancers, '
          + 'applicationTargetGroups, networkTargetGroups, translatorFunctions or services',
      });
    }
    const lists = {
      restGateways: props.restGateways, httpGateways: props.httpGateways,
      applicationLoadBalancers: props.applicationLoadBalancers, networkLoadBalancers: props.networkLoadBalancers,
      applicationTargetGroups: props.applicationTargetGroups, networkTargetGroups: props.networkTargetGroups,
      translatorFunctions: props.translatorFunctions, services: props.services,
    };
    for (const [name, list] of Object.entries(lists)) {
      const items: IConstruct[] = list ?? [];
      const repeated = items.findIndex((item, i) => items.indexOf(item) !== i);
      if (repeated >= 0) {
        throw new TopologyValidationError(this, {
          prop: `${name}[${repeated}]`, received: items[repeated],
          problem: 'listed twice: each part is monitored once',
          fix: `remove the repeated entry from ${name}`,
        });
      }
    }
    checkText(this, 'dashboardName', props.dashboardName, DASHBOARD_NAME);
    const period = props.period ?? Duration.minutes(5);
    checkDuration(this, 'period', period, STANDARD_RESOLUTION_ALARM_PERIOD);
    const rate = props.serverErrorRateAlarm;
    checkNumber(this, 'serverErrorRateAlarm.thresholdPercent', rate?.thresholdPercent, PERCENT_ALARM_THRESHOLD);
    this.validateWindow('serverErrorRateAlarm', period, rate);
    const latency = props.latencyAlarm;
    checkDuration(this, 'latencyAlarm.threshold', latency?.threshold, LATENCY_ALARM_THRESHOLD);
    this.validateWindow('latencyAlarm', period, latency);
    for (const name of ['throttlesAlarm', 'unhealthyTargetsAlarm', 'translatorErrorsAlarm'] as const) {
      const options = props[name];
      checkNumber(this, `${name}.threshold`, options?.threshold, COUNT_ALARM_THRESHOLD);
      this.validateWindow(name, period, options);
    }
  }

  private validateWindow(name: AlarmProp, period: Duration, options?: { enabled?: boolean; evaluationPeriods?: number; datapointsToAlarm?: number }): void {
    // A default window is checked too: a long period can push the default past the limit.
    if (options?.enabled === false) return;
    checkAlarmWindow(this, {
      period, periodProp: 'period',
      evaluationPeriods: options?.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS[name], evaluationPeriodsProp: `${name}.evaluationPeriods`,
      datapointsToAlarm: options?.datapointsToAlarm, datapointsToAlarmProp: `${name}.datapointsToAlarm`,
    });
  }
}
