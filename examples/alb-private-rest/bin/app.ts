#!/usr/bin/env node
// The headline topology: an internet-facing ALB (HTTPS, WAF, access logs) in front of a
// PRIVATE REST API, reached through the API's execute-api VPC endpoint and a private custom
// domain; the API reaches a Fargate service behind an internal ALB through a VPC link.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  AlbFrontDoor, Authorization, HttpMethod, RestEndpoint, RestGateway, RouteTarget, ServiceBackend,
} from 'cdk-gateway-topology';

const app = new App();
// What only the deployer knows comes from context (-c issuer=... -c hostedZoneId=...); the placeholders synthesize.
const issuer: string = app.node.tryGetContext('issuer') ?? 'https://auth.example.com/';
const zoneName: string = app.node.tryGetContext('zoneName') ?? 'example.com';
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
// A region but no account: the access-log bucket policy names the region's log delivery.
const stack = new Stack(app, 'AlbPrivateRest', { env: { region: 'eu-west-1' } });

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
vpc.addFlowLog('FlowLog', {
  destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogGroup', { retention: logs.RetentionDays.ONE_MONTH })),
});

const orders = new ServiceBackend(stack, 'Orders', {
  vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  containerPort: 8080,
  autoScaling: { minCapacity: 2, maxCapacity: 6 },
});

const target = RouteTarget.service(orders);
const api = new RestGateway(stack, 'Api', {
  endpoint: RestEndpoint.private({ vpc }),
  defaultAuthorization: Authorization.jwt(issuer, ['orders-api']),
  routes: [
    { method: HttpMethod.GET, path: '/orders', target },
    { method: HttpMethod.GET, path: '/orders/{orderId}', target },
    { method: HttpMethod.POST, path: '/orders', target, throttle: { rateLimit: 20, burstLimit: 40 } },
    { method: HttpMethod.GET, path: '/health', target,
      authorization: Authorization.none('the load balancer and uptime checks call it without a token') },
  ],
});

// The zone is imported by id: no lookup, so the app synthesizes without an AWS account.
const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
  hostedZoneId: app.node.tryGetContext('hostedZoneId') ?? 'Z0123456789EXAMPLE',
  zoneName,
});

new AlbFrontDoor(stack, 'FrontDoor', {
  gateway: api,
  vpc,
  domainName: app.node.tryGetContext('domainName') ?? `api.${zoneName}`,
  hostedZone: zone,
  aliasRecord: { zone },
  waf: { rateLimitPerFiveMinutes: 1000 },
});
