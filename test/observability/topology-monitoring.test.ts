import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ServiceBackend } from '../../lib/backends/service-backend';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { TopologyValidationError } from '../../lib/errors';
import { THROTTLED_REQUEST_PATTERN, TOPOLOGY_METRIC_NAMESPACE } from '../../lib/observability/metrics';
import { TopologyMonitoring, TopologyMonitoringProps } from '../../lib/observability/topology-monitoring';
import { testFunction } from '../gateway/http-gateway.fixtures';
import { dashboardWidgets, isMetric, metricOptions, widgetMetrics } from './dashboard-body';
import { alarmTopic, frontDoorAlb, frontDoorNlb, httpGateway, monitoringStack, restGateway } from './fixtures';

type Parts = (stack: Stack, vpc: ec2.Vpc) => TopologyMonitoringProps;

/** A stack with whatever `parts` builds, monitored by a TopologyMonitoring. */
function givenMonitoring(parts: Parts) {
  const { stack, vpc } = monitoringStack();
  const props = parts(stack, vpc);
  const monitoring = new TopologyMonitoring(stack, 'Monitoring', props);
  return { stack, vpc, monitoring, template: Template.fromStack(stack) };
}

function expectValidationError(build: () => void, ...fragments: string[]): void {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TopologyValidationError);
  for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
}

/** The alarms of a template whose metrics name `metricName`. */
function alarmsOn(template: Template, metricName: string): Array<Record<string, any>> {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .map((r) => r.Properties)
    .filter((p) => JSON.stringify(p).includes(`"MetricName":"${metricName}"`));
}

/** The `Metrics` of an alarm on one metric: CDK writes labelled metrics in this form. */
function onMetric(namespace: string, metricName: string, stat: string, dimensions?: unknown) {
  return {
    Metrics: [Match.objectLike({
      MetricStat: Match.objectLike({
        Stat: stat,
        Metric: Match.objectLike({ Namespace: namespace, MetricName: metricName, ...(dimensions ? { Dimensions: dimensions } : {}) }),
      }),
    })],
  };
}

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');

describe('dashboard', () => {
  test('graphs a REST gateway\'s count, 4xx, 5xx, latency and integration latency p50/p99 by ApiName and Stage', () => {
    // GIVEN / WHEN
    const { template, stack } = givenMonitoring((s) => ({ restGateways: [restGateway(s, 'Orders', 'live')] }));
    // THEN
    const widgets = dashboardWidgets(template);
    const dims = { ApiName: 'Orders-api', Stage: `\${${stack.getLogicalId((stack.node.findChild('Orders') as any).stage.node.defaultChild)}}` };
    expect(widgetMetrics(widgets, 'Orders (REST): requests').some((m) => isMetric(m, 'AWS/ApiGateway', 'Count', dims))).toBe(true);
    const errors = widgetMetrics(widgets, 'Orders (REST): 4xx / 5xx');
    expect(errors.some((m) => isMetric(m, 'AWS/ApiGateway', '4XXError', dims))).toBe(true);
    expect(errors.some((m) => isMetric(m, 'AWS/ApiGateway', '5XXError', dims))).toBe(true);
    const latency = widgetMetrics(widgets, 'Orders (REST): latency (ms)');
    const stats = (name: string) => latency.filter((m) => isMetric(m, 'AWS/ApiGateway', name, dims)).map((m) => metricOptions(m).stat);
    expect(stats('Latency').sort()).toEqual(['p50', 'p99']);
    expect(stats('IntegrationLatency').sort()).toEqual(['p50', 'p99']);
  });

  test('graphs an HTTP gateway\'s metrics by ApiId and the $default stage, with its 5xx rate', () => {
    // GIVEN / WHEN
    const { template, stack } = givenMonitoring((s) => ({ httpGateways: [httpGateway(s, 'Public')] }));
    // THEN
    const widgets = dashboardWidgets(template);
    const dims = { ApiId: `\${${stack.getLogicalId((stack.node.findChild('Public') as any).httpApi.node.defaultChild)}}`, Stage: '$default' };
    const errors = widgetMetrics(widgets, 'Public (HTTP): 4xx / 5xx');
    expect(errors.some((m) => isMetric(m, 'AWS/ApiGateway', '4xx', dims))).toBe(true);
    expect(errors.some((m) => isMetric(m, 'AWS/ApiGateway', '5xx', dims))).toBe(true);
    expect(errors.some((m) => (m[0] as any)?.expression === '100 * FILL(errors, 0) / requests')).toBe(true);
    const latency = widgetMetrics(widgets, 'Public (HTTP): latency (ms)');
    expect(latency.filter((m) => isMetric(m, 'AWS/ApiGateway', 'IntegrationLatency', dims))).toHaveLength(2);
  });

  test('graphs the front-door ALB\'s requests and its ELB and target 4xx/5xx', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s, vpc) => ({ applicationLoadBalancers: [frontDoorAlb(s, vpc).loadBalancer] }));
    // THEN
    const widgets = dashboardWidgets(template);
    expect(widgetMetrics(widgets, 'FrontDoorAlb: requests').some((m) => isMetric(m, 'AWS/ApplicationELB', 'RequestCount'))).toBe(true);
    const codes = widgetMetrics(widgets, 'FrontDoorAlb: 4xx / 5xx (ELB and target)').map((m) => m[1]);
    expect(codes).toEqual(['HTTPCode_ELB_4XX_Count', 'HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count']);
  });

  test('graphs the front-door NLB\'s flows and TCP resets', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s, vpc) => ({ networkLoadBalancers: [frontDoorNlb(s, vpc).loadBalancer] }));
    // THEN
    const widgets = dashboardWidgets(template);
    expect(widgetMetrics(widgets, 'EdgeNlb: flows').map((m) => m[1])).toEqual(['NewFlowCount', 'ActiveFlowCount']);
    expect(widgetMetrics(widgets, 'EdgeNlb: TCP resets (ELB and target)').map((m) => m[1])).toEqual(['TCP_ELB_Reset_Count', 'TCP_Target_Reset_Count']);
  });

  test('graphs healthy and unhealthy hosts of each target group, by target group and load balancer', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s, vpc) => ({
      applicationTargetGroups: [frontDoorAlb(s, vpc).targetGroup],
      networkTargetGroups: [frontDoorNlb(s, vpc).targetGroup],
    }));
    // THEN
    const widgets = dashboardWidgets(template);
    const alb = widgetMetrics(widgets, 'FrontDoorTargets: target health');
    expect(alb.map((m) => [m[0], m[1], metricOptions(m).stat])).toEqual([
      ['AWS/ApplicationELB', 'HealthyHostCount', 'Minimum'], ['AWS/ApplicationELB', 'UnHealthyHostCount', 'Maximum'],
    ]);
    expect(alb.every((m) => m.includes('TargetGroup') && m.includes('LoadBalancer'))).toBe(true);
    const nlb = widgetMetrics(widgets, 'EdgeTargets: target health');
    expect(nlb.map((m) => [m[0], m[1]])).toEqual([['AWS/NetworkELB', 'HealthyHostCount'], ['AWS/NetworkELB', 'UnHealthyHostCount']]);
  });

  test('graphs the translator\'s invocations, errors, throttles and duration p50/p99', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ translatorFunctions: [testFunction(s, 'Translator')] }));
    // THEN
    const widgets = dashboardWidgets(template);
    expect(widgetMetrics(widgets, 'Translator: invocations, errors, throttles').map((m) => m[1])).toEqual(['Invocations', 'Errors', 'Throttles']);
    expect(widgetMetrics(widgets, 'Translator: duration (ms)').map((m) => metricOptions(m).stat)).toEqual(['p50', 'p99']);
  });

  test('graphs each service\'s CPU and memory and its target group\'s health', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s, vpc) => ({
      services: [
        new ServiceBackend(s, 'Orders', { vpc, image: IMAGE }),
        new ServiceBackend(s, 'Users', { vpc, image: IMAGE, loadBalancerType: LoadBalancerType.NLB }),
      ],
    }));
    // THEN
    const widgets = dashboardWidgets(template);
    for (const name of ['orders', 'users']) {
      const usage = widgetMetrics(widgets, `${name}: CPU and memory (%)`);
      expect(usage.map((m) => [m[0], m[1]])).toEqual([['AWS/ECS', 'CPUUtilization'], ['AWS/ECS', 'MemoryUtilization']]);
    }
    expect(widgetMetrics(widgets, 'orders: target health')[0][0]).toBe('AWS/ApplicationELB');
    expect(widgetMetrics(widgets, 'users: target health')[0][0]).toBe('AWS/NetworkELB');
  });

  test('shows every alarm in one alarm status widget', () => {
    // GIVEN / WHEN
    const { template, monitoring, stack } = givenMonitoring((s) => ({ restGateways: [restGateway(s)], translatorFunctions: [testFunction(s, 'Fn')] }));
    // THEN
    const status = dashboardWidgets(template).find((w) => w.type === 'alarm');
    const arns = monitoring.alarms.map((a) => `\${${stack.getLogicalId(a.node.defaultChild as any)}.Arn}`);
    expect(status?.properties.alarms?.sort()).toEqual(arns.sort());
    expect(arns).toHaveLength(4); // 5xx rate, p99 latency, throttles, translator errors
  });

  test('draws the p99 latency threshold on the latency graph', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ restGateways: [restGateway(s)], latencyAlarm: { threshold: Duration.millis(750) } }));
    // THEN
    const latency = dashboardWidgets(template).find((w) => w.properties.title === 'Rest (REST): latency (ms)');
    expect(latency?.properties.annotations?.horizontal).toEqual([expect.objectContaining({ value: 750 })]);
  });

  test('is named after the construct path by default, or as given', () => {
    // GIVEN / WHEN
    const byDefault = givenMonitoring((s) => ({ restGateways: [restGateway(s)] }));
    const named = givenMonitoring((s) => ({ restGateways: [restGateway(s)], dashboardName: 'orders-prod' }));
    // THEN
    byDefault.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: Match.stringLikeRegexp('^Stack-Monitoring-[A-Za-z0-9]+$') });
    named.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'orders-prod' });
  });

  test('uses the given period for every graphed and alarmed metric', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ restGateways: [restGateway(s)], period: Duration.minutes(1) }));
    // THEN
    const metrics = dashboardWidgets(template).flatMap((w) => w.properties.metrics ?? []);
    expect(metrics.length).toBeGreaterThan(5);
    for (const m of metrics) {
      if (typeof m[0] === 'string' && metricOptions(m).visible !== false) expect(metricOptions(m).period).toBe(60);
    }
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      for (const q of alarm.Properties.Metrics.filter((x: any) => x.MetricStat)) expect(q.MetricStat.Period).toBe(60);
    }
  });
});

describe('throttles', () => {
  test('are counted by a metric filter on each gateway\'s access log matching status 429', () => {
    // GIVEN / WHEN
    const { template, stack, monitoring } = givenMonitoring((s) => ({ restGateways: [restGateway(s)], httpGateways: [httpGateway(s)] }));
    // THEN
    template.resourceCountIs('AWS::Logs::MetricFilter', 2);
    for (const id of ['Rest', 'Http']) {
      const gateway = stack.node.findChild(id) as any;
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: THROTTLED_REQUEST_PATTERN,
        LogGroupName: stack.resolve(gateway.logGroup.logGroupName),
        MetricTransformations: [Match.objectLike({ MetricNamespace: TOPOLOGY_METRIC_NAMESPACE, MetricValue: '1', DefaultValue: 0 })],
      });
    }
    expect(monitoring.throttleMetricFilters).toHaveLength(2);
  });

  test('alarm on more than 10 throttled requests in a period by default, from the filter\'s metric', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ restGateways: [restGateway(s)] }));
    // THEN
    const filter = Object.values(template.findResources('AWS::Logs::MetricFilter'))[0];
    const metricName = filter.Properties.MetricTransformations[0].MetricName;
    expect(metricName).toMatch(/ThrottledRequests$/);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...onMetric(TOPOLOGY_METRIC_NAMESPACE, metricName, 'Sum'),
      Threshold: 10, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  test('alarm thresholds and periods are configurable', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ httpGateways: [httpGateway(s)], throttlesAlarm: { threshold: 100, evaluationPeriods: 3, datapointsToAlarm: 2 } }));
    // THEN
    const throttles = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((r) => r.Properties).filter((p) => JSON.stringify(p).includes(TOPOLOGY_METRIC_NAMESPACE));
    expect(throttles).toEqual([expect.objectContaining({ Threshold: 100, EvaluationPeriods: 3, DatapointsToAlarm: 2 })]);
  });

  test('give each gateway its own metric', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ restGateways: [restGateway(s, 'A'), restGateway(s, 'B')] }));
    // THEN
    const names = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((f) => f.Properties.MetricTransformations[0].MetricName);
    expect(new Set(names).size).toBe(2);
  });
});

describe('alarms', () => {
  test('5xx rate: 100 × 5XXError / Count of the REST stage above 1 % in 3 periods', () => {
    // GIVEN / WHEN
    const { template, monitoring } = givenMonitoring((s) => ({ restGateways: [restGateway(s, 'Orders', 'live')] }));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1, EvaluationPeriods: 3, DatapointsToAlarm: 3, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * FILL(errors, 0) / requests', ReturnData: true }),
        Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Stat: 'Sum', Metric: Match.objectLike({ MetricName: '5XXError', Namespace: 'AWS/ApiGateway' }) }) }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Stat: 'Sum', Metric: Match.objectLike({ MetricName: 'Count' }) }) }),
      ]),
    });
    const [rate] = alarmsOn(template, '5XXError');
    const dims = rate.Metrics.find((q: any) => q.Id === 'errors').MetricStat.Metric.Dimensions;
    expect(dims).toEqual([{ Name: 'ApiName', Value: 'Orders-api' }, { Name: 'Stage', Value: expect.anything() }]);
    expect(monitoring.serverErrorRateAlarms).toHaveLength(1);
  });

  test('5xx rate of an HTTP gateway uses 5xx and Count by ApiId and Stage', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ httpGateways: [httpGateway(s)] }));
    // THEN
    const [rate] = alarmsOn(template, '5xx');
    const dims = rate.Metrics.find((q: any) => q.Id === 'errors').MetricStat.Metric.Dimensions;
    expect(dims.map((d: any) => d.Name)).toEqual(['ApiId', 'Stage']);
    expect(dims[1].Value).toBe('$default');
  });

  test('p99 latency above 2 s (2000 ms) in 3 periods by default', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ restGateways: [restGateway(s)] }));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [Match.objectLike({ MetricStat: Match.objectLike({ Stat: 'p99', Metric: Match.objectLike({ MetricName: 'Latency' }) }) })],
      Threshold: 2000, EvaluationPeriods: 3,
    });
  });

  test('the rate and latency thresholds are configurable', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({
      restGateways: [restGateway(s)],
      serverErrorRateAlarm: { thresholdPercent: 5, evaluationPeriods: 5, datapointsToAlarm: 3 },
      latencyAlarm: { threshold: Duration.millis(800), evaluationPeriods: 2 },
    }));
    // THEN
    expect(alarmsOn(template, '5XXError')[0]).toMatchObject({ Threshold: 5, EvaluationPeriods: 5, DatapointsToAlarm: 3 });
    expect(alarmsOn(template, 'Latency')[0]).toMatchObject({ Threshold: 800, EvaluationPeriods: 2, DatapointsToAlarm: 2 });
  });

  test('unhealthy targets: UnHealthyHostCount maximum above 0 in 2 periods, per target group', () => {
    // GIVEN / WHEN
    const { template, monitoring } = givenMonitoring((s, vpc) => ({
      applicationTargetGroups: [frontDoorAlb(s, vpc).targetGroup],
      networkTargetGroups: [frontDoorNlb(s, vpc).targetGroup],
    }));
    // THEN
    const alarms = alarmsOn(template, 'UnHealthyHostCount');
    expect(alarms.map((a) => a.Namespace ?? a.Metrics?.[0].MetricStat.Metric.Namespace).sort()).toEqual(['AWS/ApplicationELB', 'AWS/NetworkELB']);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ Threshold: 0, EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarm.Statistic ?? alarm.Metrics[0].MetricStat.Stat).toBe('Maximum');
    }
    expect(monitoring.unhealthyTargetsAlarms).toHaveLength(2);
  });

  test('unhealthy targets alarm is configurable and covers the services\' target groups', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s, vpc) => ({
      services: [new ServiceBackend(s, 'Orders', { vpc, image: IMAGE })],
      unhealthyTargetsAlarm: { threshold: 1, evaluationPeriods: 4 },
    }));
    // THEN
    expect(alarmsOn(template, 'UnHealthyHostCount')).toEqual([expect.objectContaining({ Threshold: 1, EvaluationPeriods: 4 })]);
  });

  test('translator errors: any function error in a period by default, configurable', () => {
    // GIVEN / WHEN
    const byDefault = givenMonitoring((s) => ({ translatorFunctions: [testFunction(s, 'Translator')] }));
    const configured = givenMonitoring((s) => ({ translatorFunctions: [testFunction(s, 'Translator')], translatorErrorsAlarm: { threshold: 5, evaluationPeriods: 2 } }));
    // THEN
    byDefault.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...onMetric('AWS/Lambda', 'Errors', 'Sum', [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^Translator') } }]),
      Threshold: 0, EvaluationPeriods: 1,
    });
    configured.template.hasResourceProperties('AWS::CloudWatch::Alarm', { ...onMetric('AWS/Lambda', 'Errors', 'Sum'), Threshold: 5, EvaluationPeriods: 2 });
  });

  test('each alarm can be turned off', () => {
    // GIVEN / WHEN
    const { template, monitoring } = givenMonitoring((s, vpc) => ({
      restGateways: [restGateway(s)],
      applicationTargetGroups: [frontDoorAlb(s, vpc).targetGroup],
      translatorFunctions: [testFunction(s, 'Translator')],
      serverErrorRateAlarm: { enabled: false },
      latencyAlarm: { enabled: false },
      throttlesAlarm: { enabled: false },
      unhealthyTargetsAlarm: { enabled: false },
      translatorErrorsAlarm: { enabled: false },
    }));
    // THEN
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(monitoring.alarms).toEqual([]);
    expect(dashboardWidgets(template).some((w) => w.type === 'alarm')).toBe(false);
  });

  test('turning one alarm off keeps the others', () => {
    // GIVEN / WHEN
    const { monitoring } = givenMonitoring((s) => ({ restGateways: [restGateway(s)], latencyAlarm: { enabled: false } }));
    // THEN
    expect(monitoring.latencyAlarms).toHaveLength(0);
    expect(monitoring.serverErrorRateAlarms).toHaveLength(1);
    expect(monitoring.throttlesAlarms).toHaveLength(1);
  });

  test('notify the alarm topic when they fire and when they return to OK', () => {
    // GIVEN / WHEN
    const { template, stack, monitoring } = givenMonitoring((s, vpc) => ({
      restGateways: [restGateway(s)], applicationTargetGroups: [frontDoorAlb(s, vpc).targetGroup],
      translatorFunctions: [testFunction(s, 'Translator')], alarmTopic: alarmTopic(s),
    }));
    // THEN
    const topic = stack.resolve((stack.node.findChild('Alarms') as any).topicArn);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(monitoring.alarms.length);
    expect(alarms).toHaveLength(5);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
    }
  });

  test('notify nobody without a topic', () => {
    // GIVEN / WHEN
    const { template } = givenMonitoring((s) => ({ restGateways: [restGateway(s)] }));
    // THEN
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent(), OKActions: Match.absent() });
  });
});

describe('validation', () => {
  const gw = (s: Stack) => ({ restGateways: [restGateway(s)] });

  test('fails when there is nothing to monitor', () => {
    expectValidationError(() => givenMonitoring(() => ({})), 'Stack/Monitoring', 'nothing to monitor', 'give at least one of restGateways');
  });

  test('fails when every list is empty', () => {
    expectValidationError(() => givenMonitoring(() => ({ restGateways: [], services: [] })), 'nothing to monitor', '["restGateways","services"]');
  });

  test.each([-1, 100.5, 250])('fails when the 5xx rate threshold is %p, outside 0–100', (thresholdPercent) => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), serverErrorRateAlarm: { thresholdPercent } })),
      'serverErrorRateAlarm.thresholdPercent', `received ${thresholdPercent}`, 'from 0 to 100',
    );
  });

  test.each(['throttlesAlarm', 'unhealthyTargetsAlarm', 'translatorErrorsAlarm'] as const)('fails when the %s threshold is negative', (name) => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), [name]: { threshold: -1 } })),
      `${name}.threshold`, 'received -1', 'must be at least 0',
    );
  });

  test.each([[Infinity, 'must be finite'], [NaN, 'not NaN']])('fails when a count threshold is %p, saying so', (threshold, problem) => {
    expectValidationError(() => givenMonitoring((s) => ({ ...gw(s), throttlesAlarm: { threshold } })), 'throttlesAlarm.threshold', problem);
    expect(() => givenMonitoring((s) => ({ ...gw(s), throttlesAlarm: { threshold } }))).not.toThrow(/negative|at least/);
  });

  test('fails when the evaluation window of a sub-hour period exceeds one day, and accepts one day', () => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), latencyAlarm: { evaluationPeriods: 289 } })),
      'latencyAlarm.evaluationPeriods', 'received 289', 'at most one day (86400 seconds)', 'at most 288', 'API_PutMetricAlarm.html',
    );
    expect(() => givenMonitoring((s) => ({ ...gw(s), latencyAlarm: { evaluationPeriods: 288 } }))).not.toThrow();
  });

  test('fails when the evaluation window of an hourly period exceeds seven days, and accepts seven days', () => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), period: Duration.hours(1), throttlesAlarm: { evaluationPeriods: 169 } })),
      'throttlesAlarm.evaluationPeriods', 'at most seven days (604800 seconds)', 'at most 168',
    );
    expect(() => givenMonitoring((s) => ({ ...gw(s), period: Duration.hours(1), throttlesAlarm: { evaluationPeriods: 168 } }))).not.toThrow();
  });

  test('checks the default evaluation periods against a long period, unless the alarm is off', () => {
    const off = { enabled: false };
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), period: Duration.days(3) })),
      'serverErrorRateAlarm.evaluationPeriods', 'received 3', 'at most 2',
    );
    expect(() => givenMonitoring((s) => ({
      ...gw(s), period: Duration.days(3), serverErrorRateAlarm: off, latencyAlarm: off, unhealthyTargetsAlarm: off,
    }))).not.toThrow();
  });

  test.each([0, -2, 1.5])('fails when evaluation periods are %p', (evaluationPeriods) => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), latencyAlarm: { evaluationPeriods } })),
      'latencyAlarm.evaluationPeriods', `received ${evaluationPeriods}`, 'whole number of 1 or more',
    );
  });

  test('fails when datapoints to alarm exceed the evaluation periods', () => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), serverErrorRateAlarm: { evaluationPeriods: 2, datapointsToAlarm: 3 } })),
      'serverErrorRateAlarm.datapointsToAlarm', 'received 3', '(2)',
    );
  });

  test('fails when datapoints to alarm exceed the default evaluation periods', () => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), throttlesAlarm: { datapointsToAlarm: 2 } })),
      'throttlesAlarm.datapointsToAlarm', 'received 2', '(1)',
    );
  });

  test('fails when the latency threshold is zero', () => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), latencyAlarm: { threshold: Duration.millis(0) } })),
      'latencyAlarm.threshold', 'at least 1 millisecond', 'Duration.millis(1)',
    );
  });

  test.each([Duration.seconds(30), Duration.seconds(90)])('fails when the period is not whole minutes (%p)', (period) => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), period })),
      'invalid period', 'whole number of minutes', 'Duration.minutes(1)', 'API_PutMetricAlarm.html',
    );
  });

  test('accepts a period of one minute', () => {
    expect(() => givenMonitoring((s) => ({ ...gw(s), period: Duration.minutes(1) }))).not.toThrow();
  });

  test('fails when the dashboard name has characters CloudWatch refuses', () => {
    expectValidationError(
      () => givenMonitoring((s) => ({ ...gw(s), dashboardName: 'orders prod!' })),
      'dashboardName', 'received "orders prod!"', 'letters, digits',
    );
  });

  test('fails when a part is listed twice', () => {
    expectValidationError(
      () => givenMonitoring((s) => {
        const fn = testFunction(s, 'Translator');
        return { translatorFunctions: [fn, fn] };
      }),
      'translatorFunctions[1]', 'construct Stack/Translator', 'listed twice',
    );
  });

  test('fails when a target group is not attached to a load balancer', () => {
    expectValidationError(
      () => givenMonitoring((s, vpc) => ({
        applicationTargetGroups: [new elbv2.ApplicationTargetGroup(s, 'Loose', { vpc, port: 443, targetType: elbv2.TargetType.IP })],
      })),
      'applicationTargetGroups[0]', 'construct Stack/Loose', 'attach the target group to a listener',
    );
  });

  test('accepts tokens where numbers are checked', () => {
    // GIVEN
    const { stack, vpc } = monitoringStack();
    const threshold = new CfnParameter(stack, 'Threshold', { type: 'Number' }).valueAsNumber;
    const periods = new CfnParameter(stack, 'Periods', { type: 'Number' }).valueAsNumber;
    // WHEN
    new TopologyMonitoring(stack, 'Monitoring', {
      restGateways: [restGateway(stack)],
      applicationTargetGroups: [frontDoorAlb(stack, vpc).targetGroup],
      serverErrorRateAlarm: { thresholdPercent: threshold, evaluationPeriods: periods, datapointsToAlarm: periods },
      unhealthyTargetsAlarm: { threshold },
      latencyAlarm: { threshold: Duration.millis(threshold) },
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: { Ref: 'Threshold' }, EvaluationPeriods: { Ref: 'Periods' },
    });
  });
});
