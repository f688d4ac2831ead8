import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import {
  Authorization, FieldTransform, GatewayTopology, GrpcDiscovery, HttpGateway, HttpMethod, LoadBalancerType,
  RouteTarget, TopologyFrontDoor, TopologyGateway,
} from '../lib';
import { containerImage, DefaultEnvironmentSettings, PLACEHOLDER_SETTINGS } from './environment-context';

/** Props of the {@link DefaultEnvironmentStack}. */
export interface DefaultEnvironmentStackProps extends StackProps {
  /**
   * Domain, zone, issuer and images (bin/app.ts reads them from CDK context).
   * @default PLACEHOLDER_SETTINGS: the environment synthesizes, and deploys once real values replace them
   */
  readonly settings?: DefaultEnvironmentSettings;
}

/**
 * The default environment: the topology a platform team starts from.
 *
 * - T1: an internet-facing ALB (HTTPS, WAF, access logs) in front of a private REST API,
 *   reached through the execute-api VPC endpoint and a private custom domain;
 * - T2: the REST API, and a public HTTP API, reach the orders service (internal ALB) and the
 *   users service (internal NLB) through VPC links;
 * - T3: REST routes translated to gRPC calls on the user directory (Cloud Map).
 *
 * Partners call the REST API with API keys on tiered usage plans. Synthesized by
 * `npm run synth` with no AWS account.
 */
export class DefaultEnvironmentStack extends Stack {
  /** The topology: front door, private REST API, services, translator, monitoring. */
  public readonly edge: GatewayTopology;
  /** The public HTTP API over the same services. */
  public readonly httpApi: HttpGateway;
  /** The zone the front door's certificate is validated in and its alias lives in. */
  public readonly zone: route53.IHostedZone;

  constructor(scope: Construct, id: string, props: DefaultEnvironmentStackProps = {}) {
    super(scope, id, props);
    const settings = props.settings ?? PLACEHOLDER_SETTINGS;
    const { issuer, audience } = settings;

    // Imported by id: no lookup, so the app synthesizes without an AWS account.
    this.zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: settings.hostedZoneId,
      zoneName: settings.zoneName,
    });

    const protos = path.join(__dirname, 'protos');
    this.edge = new GatewayTopology(this, 'Edge', {
      services: {
        orders: { image: containerImage(this, 'OrdersImage', settings.ordersImage), loadBalancerType: LoadBalancerType.ALB, autoScaling: { minCapacity: 2, maxCapacity: 8 } },
        users: { image: containerImage(this, 'UsersImage', settings.usersImage), loadBalancerType: LoadBalancerType.NLB },
      },
      grpcServices: {
        userDirectory: {
          image: containerImage(this, 'UserDirectoryImage', settings.userDirectoryImage),
          discovery: GrpcDiscovery.cloudMap(),
          translator: {
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
                  // response.user.internal_notes is not mapped: it never leaves the VPC.
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
                  // From the bundled JWT authorizer's context, never from a client header.
                  { from: 'identity.tenantId', to: 'request.tenant_id' },
                ],
                responseMapping: [
                  { from: 'response.user.id', to: 'user.id' },
                  { from: 'response.user.created_at', to: 'user.createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
                  { from: 'response.created', to: 'created' },
                ],
                successStatus: 201,
              },
            ],
          },
        },
      },
      gateway: TopologyGateway.rest({
        apiName: 'edge-rest',
        defaultAuthorization: Authorization.jwt(issuer, [audience]),
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
      }),
      frontDoor: TopologyFrontDoor.alb({
        domainName: settings.domainName,
        hostedZone: this.zone,
        aliasRecord: { zone: this.zone },
      }),
      routes: [
        { method: HttpMethod.GET, path: '/api/v2/orders', service: 'orders' },
        { method: HttpMethod.GET, path: '/api/v2/orders/{orderId}', service: 'orders' },
        { method: HttpMethod.GET, path: '/api/v2/users/{userId}', service: 'users' },
        // Partners: an API key on their tier's plan, and only premium partners may create orders.
        { method: HttpMethod.GET, path: '/partner/v1/orders/{orderId}', service: 'orders', backendPath: '/api/v2/orders/{orderId}',
          apiKeyRequired: true },
        { method: HttpMethod.POST, path: '/partner/v1/orders', service: 'orders', backendPath: '/api/v2/orders',
          apiKeyRequired: true, operationName: 'CreateOrder', requiredRoles: ['premium-tier'],
          requestSchema: {
            type: 'object',
            required: ['sku', 'quantity'],
            properties: { sku: { type: 'string', minLength: 1 }, quantity: { type: 'integer', minimum: 1 } },
          } },
        { method: HttpMethod.GET, path: '/health', service: 'orders',
          authorization: Authorization.none('the front door and uptime checks call it without a token') },
      ],
    });

    const orders = RouteTarget.service(this.edge.services.orders);
    const users = RouteTarget.service(this.edge.services.users);
    this.httpApi = new HttpGateway(this, 'HttpApi', {
      apiName: 'edge-http',
      defaultAuthorization: Authorization.jwt(issuer, [audience]),
      identityHeaders: { tenantIdClaim: 'tenant_id' },
      throttle: { rateLimit: 500, burstLimit: 1000 },
      routes: [
        { method: HttpMethod.GET, path: '/api/v2/orders', target: orders },
        { method: HttpMethod.POST, path: '/api/v2/orders', target: orders, throttle: { rateLimit: 50, burstLimit: 100 } },
        { method: HttpMethod.GET, path: '/api/v2/orders/{orderId}', target: orders },
        { method: HttpMethod.DELETE, path: '/api/v2/orders/{orderId}', target: orders,
          authorization: Authorization.jwt(issuer, [audience], ['orders:admin']) },
        { method: HttpMethod.GET, path: '/api/v2/users/{userId}', target: users },
        { method: HttpMethod.PATCH, path: '/api/v2/users/{userId}', target: users },
        { method: HttpMethod.ANY, path: '/api/v2/users/{userId}/preferences/{proxy+}', target: users },
        { method: HttpMethod.GET, path: '/health', target: RouteTarget.service(this.edge.services.orders, { backendPath: '/health' }),
          authorization: Authorization.none('uptime checks call it without a token') },
      ],
    });
  }
}

/** Adds the default environment to an app. */
export function defaultEnvironment(app: App, settings: DefaultEnvironmentSettings = PLACEHOLDER_SETTINGS): DefaultEnvironmentStack {
  return new DefaultEnvironmentStack(app, 'GatewayTopologyDev', {
    description: 'cdk-gateway-topology default environment',
    // A region, and an account only when context gives one: templates name the region's log
    // writers directly (the constructs also work region-agnostic), and synth needs no credentials.
    env: { region: settings.region, ...(settings.account ? { account: settings.account } : {}) },
    settings,
  });
}
