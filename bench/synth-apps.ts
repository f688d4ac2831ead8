// The apps the synth bench builds: ours (HttpGateway / RestGateway over a ServiceBackend) and
// the anchor, the same routes written with plain aws-cdk-lib L2s. Both sides get the same VPC,
// a Fargate service behind an internal load balancer reached through a VPC link, one shared
// integration and a JWT authorizer, so the ratio shows what the library adds per route.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpAlbIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as Lib from '../lib';

/** The API flavour of a case. */
export type Flavour = 'http' | 'rest';

const ROOT = path.join(__dirname, '..');
const IMAGE = 'public.ecr.aws/nginx/nginx:stable';
const ISSUER = 'https://auth.example.com/';
const AUDIENCE = 'bench';
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

/** Route i of a table of N: four methods per resource, each resource with a path parameter. */
function route(i: number): { method: (typeof METHODS)[number]; path: string } {
  return { method: METHODS[i % METHODS.length], path: `/api/v1/resource${Math.floor(i / METHODS.length)}/{id}` };
}

/**
 * An app as a user's `cdk synth` builds it: no context, so CDK's validation runs as
 * configured by default; the assembly goes to a fresh temporary folder.
 */
function newApp(): { app: App; stack: Stack } {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'bench-synth-')) });
  return { app, stack: new Stack(app, 'Bench') };
}

/**
 * The library as a user installs it: the compiled `dist/lib`, not the TypeScript sources.
 * Loaded only by the processes that build our app, so the anchor's figures do not carry it.
 */
export function loadLibrary(): typeof Lib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'dist', 'lib'));
}

/** Ours: HttpGateway or RestGateway over a ServiceBackend, every route to the one service. */
export function gatewayApp(flavour: Flavour, routes: number): App {
  const lib = loadLibrary();
  const { app, stack } = newApp();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const backend = new lib.ServiceBackend(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(IMAGE) });
  const target = lib.RouteTarget.service(backend);
  const props = {
    defaultAuthorization: lib.Authorization.jwt(ISSUER, [AUDIENCE]),
    routes: Array.from({ length: routes }, (_, i) => {
      const { method, path: routePath } = route(i);
      return { method: lib.HttpMethod[method], path: routePath, target };
    }),
  };
  if (flavour === 'http') new lib.HttpGateway(stack, 'Api', props);
  else new lib.RestGateway(stack, 'Api', props);
  return app;
}

/**
 * The anchor: plain aws-cdk-lib. HTTP: an `HttpApi` with an ALB integration through a VPC
 * link and API Gateway's native JWT authorizer, as HttpGateway uses. REST: a `RestApi` with
 * an HTTP_PROXY integration through a VPC link to an internal NLB (the L2 VPC link targets
 * NLBs only) and a TOKEN authorizer Lambda with the same bundled code RestGateway ships.
 */
export function anchorApp(flavour: Flavour, routes: number): App {
  const { app, stack } = newApp();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskImageOptions = { image: ecs.ContainerImage.fromRegistry(IMAGE) };
  if (flavour === 'http') {
    const service = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', { cluster, publicLoadBalancer: false, taskImageOptions });
    const vpcLink = new apigwv2.VpcLink(stack, 'VpcLink', { vpc });
    const integration = new HttpAlbIntegration('Service', service.listener, { vpcLink });
    const authorizer = new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: [AUDIENCE] });
    const api = new apigwv2.HttpApi(stack, 'Api');
    for (let i = 0; i < routes; i++) {
      const { method, path: routePath } = route(i);
      api.addRoutes({ path: routePath, methods: [apigwv2.HttpMethod[method]], integration, authorizer });
    }
  } else {
    const service = new ecsPatterns.NetworkLoadBalancedFargateService(stack, 'Service', { cluster, publicLoadBalancer: false, taskImageOptions });
    const vpcLink = new apigw.VpcLink(stack, 'VpcLink', { targets: [service.loadBalancer] });
    const integration = new apigw.HttpIntegration(`http://${service.loadBalancer.loadBalancerDnsName}`, {
      httpMethod: 'ANY',
      options: { connectionType: apigw.ConnectionType.VPC_LINK, vpcLink },
    });
    const handler = new lambda.Function(stack, 'AuthorizerFunction', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(ROOT, 'assets', 'lambda', 'jwt-authorizer')),
    });
    const authorizer = new apigw.TokenAuthorizer(stack, 'Jwt', { handler });
    const api = new apigw.RestApi(stack, 'Api');
    for (let i = 0; i < routes; i++) {
      const { method, path: routePath } = route(i);
      api.root.resourceForPath(routePath).addMethod(method, integration, { authorizer });
    }
  }
  return app;
}
