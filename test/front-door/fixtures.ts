import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Authorization } from '../../lib/auth/authorization';
import { RestEndpoint } from '../../lib/gateway/rest-endpoint';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { STRICT_CONTEXT } from '../helpers/checked-app';

/** Everything a front door stands on: a VPC, a private REST API, a zone and a certificate. */
export interface FrontDoorFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly gateway: RestGateway;
  readonly zone: route53.HostedZone;
  readonly certificate: acm.ICertificate;
}

/** The test domain of every front door. */
export const DOMAIN = 'api.example.com';

/**
 * A stack with a two-AZ VPC, a private REST API with one route, a hosted zone and an imported
 * certificate. `regional` makes the API regional; `agnostic` leaves the stack without account and region.
 */
export function frontDoorFixture(app: App = new App({ context: STRICT_CONTEXT }), options: { regional?: boolean; agnostic?: boolean } = {}): FrontDoorFixture {
  const stack = new Stack(app, 'Stack', { env: options.agnostic ? undefined : { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog('FlowLog');
  const gateway = new RestGateway(stack, 'Gateway', {
    endpoint: options.regional ? RestEndpoint.regional() : RestEndpoint.private({ vpc }),
    routes: [{
      method: HttpMethod.GET, path: '/items',
      target: RouteTarget.httpUrl('https://backend.example.com/items'),
      authorization: Authorization.none('public test route'),
    }],
  });
  const zone = new route53.HostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate',
    'arn:aws:acm:eu-west-1:111122223333:certificate/11111111-2222-3333-4444-555555555555');
  return { app, stack, vpc, gateway, zone, certificate };
}

/** All resources of one type in a template. */
export function resourcesOf(template: Template, type: string): Array<{ id: string; props: any }> {
  return Object.entries(template.findResources(type)).map(([id, r]) => ({ id, props: (r as any).Properties ?? {} }));
}
