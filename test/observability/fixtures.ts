import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { STRICT_CONTEXT } from '../helpers/checked-app';
import { gatewayStack } from '../gateway/http-gateway.fixtures';

/** A public route to an HTTPS URL, enough for a gateway to exist. */
export const urlRoute = (path = '/items'): Route => ({
  method: HttpMethod.GET, path, target: RouteTarget.httpUrl('https://backend.example.com/items'),
  authorization: Authorization.none('public test route'),
});

/** A REST gateway with one route. */
export function restGateway(stack: Stack, id = 'Rest', stageName?: string): RestGateway {
  return new RestGateway(stack, id, { routes: [urlRoute()], stageName, apiName: `${id}-api` });
}

/** An HTTP gateway with one route. */
export function httpGateway(stack: Stack, id = 'Http'): HttpGateway {
  return new HttpGateway(stack, id, { routes: [urlRoute()] });
}

/** An ALB standing in for a front door, with an HTTPS-speaking IP target group behind a listener. */
export function frontDoorAlb(stack: Stack, vpc: ec2.IVpc, id = 'FrontDoor') {
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, `${id}Alb`, { vpc, internetFacing: false });
  Validations.of(loadBalancer).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'Test fixture standing in for a front door; never deployed.' });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, `${id}Targets`, {
    vpc, port: 443, protocol: elbv2.ApplicationProtocol.HTTPS, targetType: elbv2.TargetType.IP,
  });
  loadBalancer.addListener('Listener', {
    port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [targetGroup],
  });
  return { loadBalancer, targetGroup };
}

/** An NLB standing in for a front door, with a TCP IP target group behind a listener. */
export function frontDoorNlb(stack: Stack, vpc: ec2.IVpc, id = 'Edge') {
  const securityGroup = new ec2.SecurityGroup(stack, `${id}SecurityGroup`, { vpc, allowAllOutbound: false, description: `${id} NLB` });
  const loadBalancer = new elbv2.NetworkLoadBalancer(stack, `${id}Nlb`, { vpc, internetFacing: false, securityGroups: [securityGroup] });
  Validations.of(loadBalancer).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'Test fixture standing in for a front door; never deployed.' });
  const targetGroup = new elbv2.NetworkTargetGroup(stack, `${id}Targets`, {
    vpc, port: 443, protocol: elbv2.Protocol.TCP, targetType: elbv2.TargetType.IP,
  });
  loadBalancer.addListener('Listener', { port: 443, protocol: elbv2.Protocol.TCP, defaultTargetGroups: [targetGroup] });
  return { loadBalancer, targetGroup };
}

/** An encrypted SNS topic that only admits TLS publishers, for alarm notifications. */
export function alarmTopic(stack: Stack): sns.Topic {
  const masterKey = new kms.Key(stack, 'AlarmKey', { enableKeyRotation: true });
  return new sns.Topic(stack, 'Alarms', { masterKey, enforceSSL: true });
}

/** A fresh stack with a VPC for monitoring tests. */
export function monitoringStack(app: App = new App({ context: STRICT_CONTEXT })): { stack: Stack; vpc: ec2.Vpc } {
  return gatewayStack(app);
}
