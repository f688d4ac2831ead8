import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  Authorization, HttpGateway, HttpMethod, LoadBalancerType, RouteTarget, ServiceBackend,
} from '../lib';

/** The issuer the default environment's tokens come from (a placeholder). */
const ISSUER = 'https://auth.example.com/';

/**
 * The default environment: the topology a platform team starts from, with placeholder
 * container images. Synthesized by `npm run synth` with no AWS account.
 */
export class DefaultEnvironmentStack extends Stack {
  /** The VPC everything runs in. */
  public readonly vpc: ec2.Vpc;
  /** The orders service, behind an internal ALB. */
  public readonly orders: ServiceBackend;
  /** The users service, behind an internal NLB. */
  public readonly users: ServiceBackend;
  /** The public HTTP API. */
  public readonly httpApi: HttpGateway;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogGroup', {
        retention: logs.RetentionDays.THREE_MONTHS,
      })),
    });

    this.orders = new ServiceBackend(this, 'Orders', {
      vpc: this.vpc,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      loadBalancerType: LoadBalancerType.ALB,
      healthCheckPath: '/health',
    });
    this.users = new ServiceBackend(this, 'Users', {
      vpc: this.vpc,
      cluster: this.orders.cluster,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      loadBalancerType: LoadBalancerType.NLB,
      healthCheckPath: '/health',
    });

    const orders = RouteTarget.service(this.orders);
    const users = RouteTarget.service(this.users);
    this.httpApi = new HttpGateway(this, 'HttpApi', {
      apiName: 'edge-http',
      defaultAuthorization: Authorization.jwt(ISSUER, ['edge-api']),
      identityHeaders: { tenantIdClaim: 'tenant_id' },
      throttle: { rateLimit: 500, burstLimit: 1000 },
      routes: [
        { method: HttpMethod.GET, path: '/api/v2/orders', target: orders },
        { method: HttpMethod.POST, path: '/api/v2/orders', target: orders, throttle: { rateLimit: 50, burstLimit: 100 } },
        { method: HttpMethod.GET, path: '/api/v2/orders/{orderId}', target: orders },
        { method: HttpMethod.DELETE, path: '/api/v2/orders/{orderId}', target: orders,
          authorization: Authorization.jwt(ISSUER, ['edge-api'], ['orders:admin']) },
        { method: HttpMethod.GET, path: '/api/v2/users/{userId}', target: users },
        { method: HttpMethod.PATCH, path: '/api/v2/users/{userId}', target: users },
        { method: HttpMethod.ANY, path: '/api/v2/users/{userId}/preferences/{proxy+}', target: users },
        { method: HttpMethod.GET, path: '/health', target: RouteTarget.service(this.orders, { backendPath: '/health' }),
          authorization: Authorization.none('load balancer and uptime checks call it without a token') },
      ],
    });
  }
}

/** Adds the default environment to an app. */
export function defaultEnvironment(app: App): DefaultEnvironmentStack {
  return new DefaultEnvironmentStack(app, 'GatewayTopologyDev', {
    description: 'cdk-gateway-topology default environment',
  });
}
