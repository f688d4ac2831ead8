import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ServiceBackend } from '../../lib/backends/service-backend';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { TopologyMonitoring } from '../../lib/observability/topology-monitoring';
import { cdkValidation, checkedApp, synthChecked } from '../helpers/checked-app';
import { testFunction } from '../gateway/http-gateway.fixtures';
import { alarmTopic, frontDoorAlb, frontDoorNlb, httpGateway, monitoringStack, restGateway } from './fixtures';

// These synths check that CDK's CloudFormation validation passes, with its errors fatal.
cdkValidation();

describe('TopologyMonitoring checked synthesis', () => {
  test('passes cdk-nag AwsSolutions, CDK validation and cfn-lint monitoring every kind of part', () => {
    // GIVEN
    const app = checkedApp();
    const { stack, vpc } = monitoringStack(app);
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');
    const alb = frontDoorAlb(stack, vpc);
    const nlb = frontDoorNlb(stack, vpc);

    // WHEN
    const monitoring = new TopologyMonitoring(stack, 'Monitoring', {
      restGateways: [restGateway(stack)],
      httpGateways: [httpGateway(stack)],
      applicationLoadBalancers: [alb.loadBalancer],
      networkLoadBalancers: [nlb.loadBalancer],
      applicationTargetGroups: [alb.targetGroup],
      networkTargetGroups: [nlb.targetGroup],
      translatorFunctions: [testFunction(stack, 'Translator')],
      services: [
        new ServiceBackend(stack, 'Orders', { vpc, image }),
        new ServiceBackend(stack, 'Users', { vpc, image, loadBalancerType: LoadBalancerType.NLB }),
      ],
      alarmTopic: alarmTopic(stack),
    });

    // THEN
    expect(() => synthChecked(app)).not.toThrow();
    // 2 gateways × 3, 4 target groups, 1 translator
    expect(monitoring.alarms).toHaveLength(11);
  });
});
