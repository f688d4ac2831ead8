import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { displayName, TopologyMetricFactory } from '../../lib/observability/metrics';
import { testFunction } from '../gateway/http-gateway.fixtures';
import { frontDoorAlb, frontDoorNlb, httpGateway, monitoringStack, restGateway } from './fixtures';

/** The resolved config of a plain metric. */
function metricConfig(stack: Stack, metric: cloudwatch.IMetric) {
  const config = metric.toMetricConfig();
  const stat = config.metricStat!;
  return {
    namespace: stat.namespace,
    metricName: stat.metricName,
    statistic: stat.statistic,
    period: stat.period.toSeconds(),
    dimensions: Object.fromEntries((stat.dimensions ?? []).map((d) => [d.name, stack.resolve(d.value)])),
    label: config.renderingProperties?.label,
  };
}

describe('displayName', () => {
  test('is the path within the stack, without a trailing Resource', () => {
    // GIVEN
    const { stack } = monitoringStack();
    const translator = new Construct(new Construct(stack, 'Users'), 'Translator');
    // WHEN
    const fn = testFunction(translator, 'Resource');
    // THEN
    expect(displayName(fn)).toBe('Users/Translator');
    expect(displayName(translator)).toBe('Users/Translator');
  });
});

describe('TopologyMetricFactory', () => {
  test('uses a five-minute period by default', () => {
    // GIVEN / WHEN
    const factory = new TopologyMetricFactory();
    // THEN
    expect(factory.period.toMinutes()).toBe(5);
  });

  test('REST gateway metrics are the stage\'s, by ApiName and Stage, with sums and percentiles', () => {
    // GIVEN
    const { stack } = monitoringStack();
    const gateway = restGateway(stack, 'Orders', 'live');
    // WHEN
    const m = new TopologyMetricFactory(Duration.minutes(1)).restGateway(gateway);
    // THEN
    const dims = { ApiName: 'Orders-api', Stage: stack.resolve(gateway.stage.stageName) };
    expect(metricConfig(stack, m.requests)).toEqual({ namespace: 'AWS/ApiGateway', metricName: 'Count', statistic: 'Sum', period: 60, dimensions: dims, label: 'Orders requests' });
    expect(metricConfig(stack, m.clientErrors)).toMatchObject({ metricName: '4XXError', statistic: 'Sum', dimensions: dims });
    expect(metricConfig(stack, m.serverErrors)).toMatchObject({ metricName: '5XXError', statistic: 'Sum', dimensions: dims });
    expect(metricConfig(stack, m.latencyP50)).toMatchObject({ metricName: 'Latency', statistic: 'p50' });
    expect(metricConfig(stack, m.latencyP99)).toMatchObject({ metricName: 'Latency', statistic: 'p99' });
    expect(metricConfig(stack, m.integrationLatencyP50)).toMatchObject({ metricName: 'IntegrationLatency', statistic: 'p50' });
    expect(metricConfig(stack, m.integrationLatencyP99)).toMatchObject({ metricName: 'IntegrationLatency', statistic: 'p99', period: 60 });
  });

  test('HTTP gateway metrics use the v2 names by ApiId and Stage', () => {
    // GIVEN
    const { stack } = monitoringStack();
    const gateway = httpGateway(stack, 'Public');
    // WHEN
    const m = new TopologyMetricFactory().httpGateway(gateway, 'public api');
    // THEN
    const dims = { ApiId: stack.resolve(gateway.httpApi.apiId), Stage: '$default' };
    expect(metricConfig(stack, m.clientErrors)).toMatchObject({ metricName: '4xx', dimensions: dims, label: 'public api 4xx' });
    expect(metricConfig(stack, m.serverErrors)).toMatchObject({ metricName: '5xx', dimensions: dims, period: 300 });
  });

  test('the 5xx rate is a percentage of requests, filling missing 5xx with zero', () => {
    // GIVEN
    const { stack } = monitoringStack();
    const m = new TopologyMetricFactory().restGateway(restGateway(stack));
    // WHEN
    const config = m.serverErrorRate.toMetricConfig().mathExpression!;
    // THEN
    expect(config.expression).toBe('100 * FILL(errors, 0) / requests');
    expect(config.usingMetrics.errors).toBe(m.serverErrors);
    expect(config.usingMetrics.requests).toBe(m.requests);
  });

  test('throttled requests read the access-log metric by namespace and name', () => {
    // GIVEN
    const { stack } = monitoringStack();
    // WHEN
    const metric = new TopologyMetricFactory(Duration.minutes(2)).throttledRequests('Ns', 'Name', 'api');
    // THEN
    expect(metricConfig(stack, metric)).toEqual({ namespace: 'Ns', metricName: 'Name', statistic: 'Sum', period: 120, dimensions: {}, label: 'api throttled (429)' });
  });

  test('load balancer and target group metrics', () => {
    // GIVEN
    const { stack, vpc } = monitoringStack();
    const alb = frontDoorAlb(stack, vpc);
    const nlb = frontDoorNlb(stack, vpc);
    const factory = new TopologyMetricFactory();
    // WHEN
    const a = factory.applicationLoadBalancer(alb.loadBalancer);
    const n = factory.networkLoadBalancer(nlb.loadBalancer);
    const at = factory.applicationTargetGroup(alb.targetGroup);
    const nt = factory.networkTargetGroup(nlb.targetGroup);
    // THEN
    expect(metricConfig(stack, a.elb5xx)).toMatchObject({ namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_ELB_5XX_Count', statistic: 'Sum' });
    expect(metricConfig(stack, a.target5xx)).toMatchObject({ metricName: 'HTTPCode_Target_5XX_Count' });
    expect(metricConfig(stack, a.targetResponseTimeP99)).toMatchObject({ metricName: 'TargetResponseTime', statistic: 'p99' });
    expect(metricConfig(stack, n.newFlows)).toMatchObject({ namespace: 'AWS/NetworkELB', metricName: 'NewFlowCount', statistic: 'Sum' });
    expect(metricConfig(stack, at.unhealthyHosts)).toMatchObject({ metricName: 'UnHealthyHostCount', statistic: 'Maximum' });
    expect(metricConfig(stack, at.healthyHosts)).toMatchObject({ metricName: 'HealthyHostCount', statistic: 'Minimum' });
    expect(Object.keys(metricConfig(stack, nt.unhealthyHosts).dimensions).sort()).toEqual(['LoadBalancer', 'TargetGroup']);
  });

  test('function metrics: errors, throttles and duration percentiles', () => {
    // GIVEN
    const { stack } = monitoringStack();
    const fn = testFunction(stack, 'Translator');
    // WHEN
    const m = new TopologyMetricFactory().function(fn);
    // THEN
    expect(metricConfig(stack, m.errors)).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', dimensions: { FunctionName: stack.resolve(fn.functionName) } });
    expect(metricConfig(stack, m.throttles)).toMatchObject({ metricName: 'Throttles' });
    expect(metricConfig(stack, m.durationP99)).toMatchObject({ metricName: 'Duration', statistic: 'p99' });
  });
});
