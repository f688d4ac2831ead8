import { Template } from 'aws-cdk-lib/assertions';
import { AlbFrontDoor } from '../../lib/front-door/alb-front-door';
import { NlbFrontDoor } from '../../lib/front-door/nlb-front-door';
import { TopologyMonitoring } from '../../lib/observability/topology-monitoring';
import { DOMAIN, frontDoorFixture } from '../front-door/fixtures';
import { dashboardWidgets, widgetMetrics } from './dashboard-body';

describe('TopologyMonitoring over the front doors', () => {
  test('monitors an ALB front door and its private REST API', () => {
    // GIVEN
    const f = frontDoorFixture();
    const door = new AlbFrontDoor(f.stack, 'FrontDoor', { gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate });
    // WHEN
    const monitoring = new TopologyMonitoring(f.stack, 'Monitoring', {
      restGateways: [f.gateway],
      applicationLoadBalancers: [door.loadBalancer],
      applicationTargetGroups: [door.targetGroup],
    });
    // THEN
    const widgets = dashboardWidgets(Template.fromStack(f.stack));
    expect(widgetMetrics(widgets, 'FrontDoor/LoadBalancer: requests')[0][1]).toBe('RequestCount');
    expect(widgetMetrics(widgets, 'FrontDoor/TargetGroup: target health').map((m) => m[1])).toEqual(['HealthyHostCount', 'UnHealthyHostCount']);
    expect(monitoring.unhealthyTargetsAlarms).toHaveLength(1);
    expect(monitoring.serverErrorRateAlarms).toHaveLength(1);
  });

  test('monitors an NLB front door', () => {
    // GIVEN
    const f = frontDoorFixture();
    const door = new NlbFrontDoor(f.stack, 'FrontDoor', { gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate });
    // WHEN
    const monitoring = new TopologyMonitoring(f.stack, 'Monitoring', {
      networkLoadBalancers: [door.loadBalancer],
      networkTargetGroups: [door.targetGroup],
    });
    // THEN
    const widgets = dashboardWidgets(Template.fromStack(f.stack));
    expect(widgetMetrics(widgets, 'FrontDoor/LoadBalancer: flows')[0][0]).toBe('AWS/NetworkELB');
    expect(monitoring.unhealthyTargetsAlarms).toHaveLength(1);
  });
});
