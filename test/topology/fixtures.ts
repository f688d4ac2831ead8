import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Authorization } from '../../lib/auth/authorization';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { HttpMethod } from '../../lib/routes/http-method';
import { FieldTransform, GrpcTranslatorRoute } from '../../lib/transform/grpc-translator';
import { GatewayTopologyProps } from '../../lib/topology/gateway-topology';
import { TopologyGrpcServiceOptions, TopologyRoute, TopologyServiceOptions } from '../../lib/topology/topology-options';
import { STRICT_CONTEXT } from '../helpers/checked-app';

/** The region and account of every test stack. */
export const ENV = { account: '111122223333', region: 'eu-west-1' };
/** The issuer of the test JWT authorization. */
export const ISSUER = 'https://auth.example.com/';
/** The host name of the front doors. */
export const DOMAIN = 'api.example.com';

const PROTO_ROOT = path.join(__dirname, '..', 'transform', 'fixtures');

/** A stack in a fixed environment of a strict app. */
export function topologyStack(app: App = new App({ context: STRICT_CONTEXT })): Stack {
  return new Stack(app, 'Stack', { env: ENV });
}

/** An imported certificate: front doors then create none. */
export function certificateOf(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Certificate',
    'arn:aws:acm:eu-west-1:111122223333:certificate/11111111-2222-3333-4444-555555555555');
}

/** Two HTTP services: orders behind an ALB, users behind an NLB. */
export const SERVICES: { [name: string]: TopologyServiceOptions } = {
  orders: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
  users: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), loadBalancerType: LoadBalancerType.NLB },
};

/** Routes to both services, one public health route among them. */
export const ROUTES: TopologyRoute[] = [
  { method: HttpMethod.GET, path: '/orders', service: 'orders' },
  { method: HttpMethod.GET, path: '/orders/{orderId}', service: 'orders', backendPath: '/v1/orders/{orderId}' },
  { method: HttpMethod.GET, path: '/users/{userId}', service: 'users' },
  { method: HttpMethod.GET, path: '/health', service: 'orders',
    authorization: Authorization.none('the load balancer and uptime checks call it without a token') },
];

/** GetUser through the translator. */
export const GET_USER: GrpcTranslatorRoute = {
  method: HttpMethod.GET,
  path: '/api/v1/users/{userId}',
  grpcMethod: 'users.v1.UserService/GetUser',
  requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
  responseMapping: [
    { from: 'response.user.id', to: 'id' },
    { from: 'response.user.created_at', to: 'createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
  ],
};

/** A gRPC user directory found through Cloud Map, with its translator. */
export const GRPC_SERVICES: { [name: string]: TopologyGrpcServiceOptions } = {
  directory: {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/user-directory-grpc:1.0.0'),
    translator: {
      protos: { files: [path.join(PROTO_ROOT, 'users', 'v1', 'users.proto')], includeDirs: [PROTO_ROOT] },
      routes: [GET_USER],
    },
  },
};

/** The props every test starts from: services and routes; the test adds gateway and front door. */
export function baseProps(): Omit<GatewayTopologyProps, 'gateway'> {
  return { services: SERVICES, routes: ROUTES };
}

/** The default authorization of the test gateways. */
export const JWT = Authorization.jwt(ISSUER, ['edge-api']);
