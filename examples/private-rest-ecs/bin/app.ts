#!/usr/bin/env node
// A private REST API, reachable only through an execute-api VPC endpoint, in front of two
// Fargate services: inventory behind an internal NLB (VPC link v1) and billing behind an
// internal ALB (VPC link v2). Callers inside the VPC sign in with Cognito; only workloads in
// the callers' security group may reach the endpoint, not the whole VPC.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  Authorization, HttpMethod, LoadBalancerType, RestEndpoint, RestGateway, RouteTarget, ServiceBackend,
} from 'cdk-gateway-topology';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const stack = new Stack(app, 'PrivateRestEcs');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
vpc.addFlowLog('FlowLog', {
  destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogGroup', { retention: logs.RetentionDays.ONE_MONTH })),
});

const inventory = new ServiceBackend(stack, 'Inventory', {
  vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  loadBalancerType: LoadBalancerType.NLB,
});
const billing = new ServiceBackend(stack, 'Billing', {
  vpc,
  cluster: inventory.cluster,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  loadBalancerType: LoadBalancerType.ALB,
});

const userPool = new cognito.UserPool(stack, 'Staff', {
  standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
  featurePlan: cognito.FeaturePlan.PLUS,
  mfa: cognito.Mfa.REQUIRED,
  mfaSecondFactor: { sms: false, otp: true },
  passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
});

// Attach this group to the workloads that call the API (tasks, functions, instances).
const callers = new ec2.SecurityGroup(stack, 'ApiCallers', { vpc, description: 'Workloads that call the private API' });

new RestGateway(stack, 'Api', {
  endpoint: RestEndpoint.private({ vpc, clients: [callers] }),
  defaultAuthorization: Authorization.cognito(userPool),
  routes: [
    { method: HttpMethod.GET, path: '/inventory/{sku}', target: RouteTarget.service(inventory) },
    { method: HttpMethod.PUT, path: '/inventory/{sku}', target: RouteTarget.service(inventory),
      requestSchema: {
        type: 'object', required: ['quantity'],
        properties: { quantity: { type: 'integer', minimum: 0 } },
      } },
    { method: HttpMethod.GET, path: '/invoices/{invoiceId}', target: RouteTarget.service(billing) },
    { method: HttpMethod.POST, path: '/invoices', target: RouteTarget.service(billing), throttle: { rateLimit: 20, burstLimit: 40 } },
  ],
});
