#!/usr/bin/env node
// The smallest useful topology: an HTTP API with JWT authorization in front of one Fargate
// service behind an internal ALB, reached through a VPC link.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Authorization, HttpGateway, HttpMethod, RouteTarget, ServiceBackend } from 'cdk-gateway-topology';

const app = new App();
// The token issuer comes from context (-c issuer=https://...); the placeholder synthesizes.
const issuer: string = app.node.tryGetContext('issuer') ?? 'https://auth.example.com/';
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const stack = new Stack(app, 'HttpApiEcs');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
vpc.addFlowLog('FlowLog', {
  destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogGroup', { retention: logs.RetentionDays.ONE_MONTH })),
});

const catalog = new ServiceBackend(stack, 'Catalog', {
  vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  containerPort: 8080,
  autoScaling: { minCapacity: 2, maxCapacity: 6 },
});

const target = RouteTarget.service(catalog);
new HttpGateway(stack, 'Api', {
  defaultAuthorization: Authorization.jwt(issuer, ['catalog-api']),
  cors: { allowOrigins: ['https://shop.example.com'] },
  routes: [
    { method: HttpMethod.GET, path: '/products', target },
    { method: HttpMethod.GET, path: '/products/{productId}', target },
    { method: HttpMethod.POST, path: '/products', target,
      authorization: Authorization.jwt(issuer, ['catalog-api'], ['catalog:write']),
      throttle: { rateLimit: 20, burstLimit: 40 } },
    { method: HttpMethod.GET, path: '/health', target,
      authorization: Authorization.none('uptime checks call it without a token') },
  ],
});
