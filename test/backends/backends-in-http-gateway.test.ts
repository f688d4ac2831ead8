import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Authorization } from '../../lib/auth/authorization';
import { ServiceBackend } from '../../lib/backends/service-backend';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { checkedApp, synthChecked } from '../helpers/checked-app';

/** Both ServiceBackend flavours behind one HttpGateway: the IServiceBackend contract end to end. */
function givenTopology() {
  const app = checkedApp();
  const stack = new Stack(app, 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'test VPC; flow logs belong to the VPC owner' });
  const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');
  const orders = new ServiceBackend(stack, 'Orders', { vpc, image });
  const users = new ServiceBackend(stack, 'Users', { vpc, image, loadBalancerType: LoadBalancerType.NLB, listenerPort: 8081 });
  new HttpGateway(stack, 'Api', {
    defaultAuthorization: Authorization.jwt('https://issuer.example.com', ['api']),
    routes: [
      { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) },
      { method: HttpMethod.GET, path: '/users/{id}', target: RouteTarget.service(users) },
    ],
  });
  return { app, stack, orders, users };
}

test('the gateway integrates with each backend\'s listener', () => {
  const { stack, orders, users } = givenTopology();
  const template = Template.fromStack(stack);
  for (const backend of [orders, users]) {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ConnectionType: 'VPC_LINK', IntegrationUri: stack.resolve(backend.listenerArn),
    });
  }
});

test('each load balancer admits only the gateway\'s VPC link, on its listener port', () => {
  const { stack, orders, users } = givenTopology();
  const ingress = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
  for (const backend of [orders, users]) {
    const rules = ingress.filter((p) => JSON.stringify(p.GroupId) === JSON.stringify(stack.resolve(backend.securityGroups.loadBalancer.securityGroupId)));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ FromPort: backend.listenerPort, ToPort: backend.listenerPort, IpProtocol: 'tcp' });
    expect(rules[0].SourceSecurityGroupId).toBeDefined();
  }
});

test('passes cdk-nag AwsSolutions and cfn-lint', () => {
  const { app } = givenTopology();
  expect(() => synthChecked(app)).not.toThrow();
});
