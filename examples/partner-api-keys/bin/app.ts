#!/usr/bin/env node
// A partner API sold in tiers: each partner gets an API key on its tier's usage plan
// (rate, burst and a quota), partners authenticate with JWTs verified by the bundled
// authorizer, and only premium partners may create orders.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  Authorization, HttpMethod, LoadBalancerType, RestGateway, RouteTarget, ServiceBackend,
} from 'cdk-gateway-topology';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const stack = new Stack(app, 'PartnerApiKeys');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
vpc.addFlowLog('FlowLog', {
  destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogGroup', { retention: logs.RetentionDays.ONE_MONTH })),
});

const orders = new ServiceBackend(stack, 'Orders', {
  vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  loadBalancerType: LoadBalancerType.NLB,
});
const target = RouteTarget.service(orders);

new RestGateway(stack, 'PartnerApi', {
  // RestGateway verifies JWTs with the bundled authorizer, which also enforces requiredRoles.
  defaultAuthorization: Authorization.jwt('https://partners.example.com/', ['partner-api']),
  throttle: { rateLimit: 200, burstLimit: 400 },
  routes: [
    { method: HttpMethod.GET, path: '/v1/orders', target, apiKeyRequired: true },
    { method: HttpMethod.GET, path: '/v1/orders/{orderId}', target, apiKeyRequired: true },
    { method: HttpMethod.POST, path: '/v1/orders', target, apiKeyRequired: true,
      operationName: 'CreateOrder', requiredRoles: ['premium-tier'],
      requestSchema: {
        type: 'object', required: ['sku', 'quantity'],
        properties: { sku: { type: 'string', minLength: 1 }, quantity: { type: 'integer', minimum: 1, maximum: 1000 } },
        additionalProperties: false,
      } },
  ],
  consumers: {
    tiers: [
      { name: 'free', rateLimit: 2, burstLimit: 5, quota: { limit: 1000, period: apigw.Period.DAY } },
      { name: 'standard', rateLimit: 20, burstLimit: 40, quota: { limit: 100000, period: apigw.Period.MONTH } },
      { name: 'premium', rateLimit: 100, burstLimit: 200,
        routeThrottles: { 'POST /v1/orders': { rateLimit: 20, burstLimit: 40 } } },
    ],
    consumers: [
      { name: 'acme', tier: 'premium' },
      { name: 'globex', tier: 'standard' },
      { name: 'initech', tier: 'free' },
    ],
  },
});
