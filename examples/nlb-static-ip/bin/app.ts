#!/usr/bin/env node
// A partner API with static addresses: an internet-facing NLB with one Elastic IP per
// availability zone (what partners put on their allow-lists) terminating TLS in front of a
// PRIVATE REST API, reached through the API's execute-api VPC endpoint.
import { App, CfnOutput, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  Authorization, HttpMethod, NlbElasticIps, NlbFrontDoor, RestEndpoint, RestGateway, RouteTarget,
} from 'cdk-gateway-topology';

const app = new App();
// What only the deployer knows comes from context (-c hostedZoneId=... -c zoneName=...); the placeholders synthesize.
const zoneName: string = app.node.tryGetContext('zoneName') ?? 'example.com';
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
// A region but no account: the access-log bucket policy names the region's log delivery.
const stack = new Stack(app, 'NlbStaticIp', { env: { region: 'eu-west-1' } });

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
vpc.addFlowLog('FlowLog', {
  destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogGroup', { retention: logs.RetentionDays.ONE_MONTH })),
});

// The quotes service answers over HTTPS; partners reach it only through the API.
const quotes = RouteTarget.httpUrl('https://quotes.internal.example.com/quotes');

const api = new RestGateway(stack, 'Api', {
  endpoint: RestEndpoint.private({ vpc }),
  defaultAuthorization: Authorization.iam(),
  routes: [
    { method: HttpMethod.GET, path: '/quotes', target: quotes },
  ],
});

const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
  hostedZoneId: app.node.tryGetContext('hostedZoneId') ?? 'Z0123456789EXAMPLE',
  zoneName,
});

const frontDoor = new NlbFrontDoor(stack, 'FrontDoor', {
  gateway: api,
  vpc,
  domainName: app.node.tryGetContext('domainName') ?? `partners.${zoneName}`,
  hostedZone: zone,
  elasticIps: NlbElasticIps.create(),
  aliasRecord: { zone },
});

// The addresses to hand to partners for their allow-lists.
new CfnOutput(stack, 'StaticAddresses', { value: Fn.join(',', frontDoor.elasticIps.map((eip) => eip.ref)) });
