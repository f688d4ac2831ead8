import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  Authorization, FieldTransform, GrpcDiscovery, GrpcServiceBackend, GrpcTranslator, HttpGateway, HttpMethod,
  JwtAuthorizerFunction, LoadBalancerType, RestEndpoint, RestGateway, RouteTarget, ServiceBackend,
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
  /** The gRPC user directory, found through Cloud Map. */
  public readonly userDirectory: GrpcServiceBackend;
  /** The REST→gRPC translator in front of the user directory. */
  public readonly translator: GrpcTranslator;
  /** The public HTTP API. */
  public readonly httpApi: HttpGateway;
  /** The partner REST API with consumer plans and API keys. */
  public readonly partnerApi: RestGateway;

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

    this.userDirectory = new GrpcServiceBackend(this, 'UserDirectory', {
      vpc: this.vpc,
      cluster: this.orders.cluster,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/user-directory-grpc:1.0.0'),
      backendName: 'user-directory',
      discovery: GrpcDiscovery.cloudMap(),
    });
    const protos = path.join(__dirname, 'protos');
    this.translator = new GrpcTranslator(this, 'UserDirectoryTranslator', {
      vpc: this.vpc,
      backend: this.userDirectory,
      protos: { files: [path.join(protos, 'users', 'v1', 'users.proto')], includeDirs: [protos] },
      routes: [
        {
          method: HttpMethod.GET,
          path: '/api/v1/users/{userId}',
          grpcMethod: 'users.v1.UserService/GetUser',
          idempotent: true,
          requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
          responseMapping: [
            { from: 'response.user.id', to: 'id' },
            { from: 'response.user.email', to: 'email' },
            { from: 'response.user.name', to: 'name' },
            { from: 'response.user.created_at', to: 'createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
          ],
        },
        {
          method: HttpMethod.POST,
          path: '/api/v1/users',
          grpcMethod: 'users.v1.UserService/CreateUser',
          requestSchema: {
            type: 'object',
            required: ['email', 'name'],
            properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 1 } },
          },
          requestMapping: [
            { from: 'body.email', to: 'request.email' },
            { from: 'body.name', to: 'request.name' },
            // The HTTP API verifies the JWT itself: identity.* reads its claims, never client headers.
            { from: 'identity.tenant_id', to: 'request.tenant_id' },
          ],
          responseMapping: [
            { from: 'response.user.id', to: 'user.id' },
            { from: 'response.user.created_at', to: 'user.createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
            { from: 'response.created', to: 'created' },
          ],
          successStatus: 201,
        },
      ],
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
        ...this.translator.routes(),
      ],
    });

    // Partners call a REST API with API keys and a usage plan per tier; the bundled JWT
    // authorizer enforces per-route roles (only premium partners may create orders).
    const partnerAuthorizer = new JwtAuthorizerFunction(this, 'PartnerAuthorizer', {
      issuer: ISSUER,
      audiences: ['partner-api'],
    });
    this.partnerApi = new RestGateway(this, 'PartnerApi', {
      apiName: 'edge-partners',
      endpoint: RestEndpoint.regional(),
      defaultAuthorization: partnerAuthorizer.authorization(),
      routes: [
        { method: HttpMethod.GET, path: '/partner/v1/orders/{orderId}', target: orders, apiKeyRequired: true },
        { method: HttpMethod.POST, path: '/partner/v1/orders', target: orders, apiKeyRequired: true,
          operationName: 'CreateOrder', requiredRoles: ['premium-tier'],
          requestSchema: {
            type: 'object',
            required: ['sku', 'quantity'],
            properties: { sku: { type: 'string', minLength: 1 }, quantity: { type: 'integer', minimum: 1 } },
          } },
        { method: HttpMethod.GET, path: '/partner/v1/users/{userId}', target: users, apiKeyRequired: true },
      ],
      consumers: {
        tiers: [
          { name: 'standard', rateLimit: 10, burstLimit: 20, quota: { limit: 10000, period: apigw.Period.DAY } },
          { name: 'premium', rateLimit: 100, burstLimit: 200, quota: { limit: 1000000, period: apigw.Period.MONTH } },
        ],
        consumers: [
          { name: 'acme', tier: 'premium' },
          { name: 'globex', tier: 'standard' },
        ],
      },
    });
  }
}

/** Adds the default environment to an app. */
export function defaultEnvironment(app: App): DefaultEnvironmentStack {
  return new DefaultEnvironmentStack(app, 'GatewayTopologyDev', {
    description: 'cdk-gateway-topology default environment',
  });
}
