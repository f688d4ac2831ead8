import * as path from 'path';
import { App, CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization } from '../../lib/auth/authorization';
import { JwtAuthorizerFunction, JwtAuthorizerFunctionProps } from '../../lib/auth/jwt-authorizer-function';
import { GrpcDiscovery, GrpcServiceBackend, GrpcServiceBackendProps } from '../../lib/backends/grpc-service-backend';
import { ServiceBackend, ServiceBackendProps } from '../../lib/backends/service-backend';
import { ConsumerPlans, ConsumerPlansProps } from '../../lib/consumers/consumer-plans';
import { TopologyValidationError } from '../../lib/errors';
import { AlbFrontDoor, AlbFrontDoorProps } from '../../lib/front-door/alb-front-door';
import { NlbElasticIps, NlbFrontDoor, NlbFrontDoorProps } from '../../lib/front-door/nlb-front-door';
import { HttpGateway, HttpGatewayProps } from '../../lib/gateway/http-gateway';
import { RestGateway, RestGatewayProps } from '../../lib/gateway/rest-gateway';
import { TopologyMonitoring, TopologyMonitoringProps } from '../../lib/observability/topology-monitoring';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { GatewayTopology, GatewayTopologyProps } from '../../lib/topology/gateway-topology';
import { TopologyGateway } from '../../lib/topology/topology-gateway';
import { GrpcTranslator, GrpcTranslatorProps, GrpcTranslatorRoute } from '../../lib/transform/grpc-translator';
import { minimalRestApi } from '../consumers/fixtures';
import { frontDoorFixture } from '../front-door/fixtures';

// A new user's mistakes, fed to every public construct at synth: each row must fail with our
// own error, naming the construct path, the prop, the value received and the fix. The table
// is the regression suite of "synth refuses what AWS would refuse".

const PROTO_ROOT = path.join(__dirname, '..', 'transform', 'fixtures');
const PROTOS = { files: [path.join(PROTO_ROOT, 'users', 'v1', 'users.proto')], includeDirs: [PROTO_ROOT] };
const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const ENV = { account: '111122223333', region: 'eu-west-1' };
/** Deliberately wrong types, as plain JavaScript or a JSON config would pass them. */
const asAny = (value: unknown): any => value;

const GET_USER: GrpcTranslatorRoute = {
  method: HttpMethod.GET,
  path: '/api/v1/users/{userId}',
  grpcMethod: 'users.v1.UserService/GetUser',
  requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
  responseMapping: [{ from: 'response.user.id', to: 'id' }],
};

function route(overrides: Partial<Route> = {}): Route {
  return {
    method: HttpMethod.GET, path: '/items', target: RouteTarget.httpUrl('https://backend.example.com/items'),
    authorization: Authorization.none('public test route'), ...overrides,
  };
}

function stackWithVpc(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  return { stack, vpc };
}

type Given<P> = Partial<P> | ((stack: Stack) => Partial<P>);
const given = <P>(props: Given<P>, stack: Stack): Partial<P> => (typeof props === 'function' ? props(stack) : props);
const http = (props: Given<HttpGatewayProps>) => () => {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  new HttpGateway(stack, 'Subject', { routes: [route()], ...given(props, stack) });
};
const rest = (props: Given<RestGatewayProps>) => () => {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  new RestGateway(stack, 'Subject', { routes: [route()], ...given(props, stack) });
};
const importedGrpc = (attrs: object) => () => {
  const { stack, vpc } = stackWithVpc();
  GrpcServiceBackend.fromGrpcServiceBackendAttributes(stack, 'Subject', { vpc, host: 'users.example.internal', port: 50051, ...attrs });
};
const authorizerFunction = (stack: Stack) => new lambda.Function(stack, 'Authorizer', {
  runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
});
const service = (props: Partial<ServiceBackendProps>) => () => {
  const { stack, vpc } = stackWithVpc();
  new ServiceBackend(stack, 'Subject', { vpc, image: IMAGE, ...props });
};
const grpc = (props: Partial<GrpcServiceBackendProps>) => () => {
  const { stack, vpc } = stackWithVpc();
  new GrpcServiceBackend(stack, 'Subject', { vpc, image: IMAGE, ...props });
};
const jwt = (props: Partial<JwtAuthorizerFunctionProps>) => () => {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  new JwtAuthorizerFunction(stack, 'Subject', { issuer: 'https://auth.example.com/', audiences: ['api'], ...props });
};
const translator = (props: Partial<GrpcTranslatorProps>) => () => {
  const { stack, vpc } = stackWithVpc();
  const backend = new GrpcServiceBackend(stack, 'Users', { vpc, image: IMAGE });
  new GrpcTranslator(stack, 'Subject', { vpc, backend, protos: PROTOS, routes: [GET_USER], ...props });
};
const plans = (props: (api: apigw.RestApi) => Partial<ConsumerPlansProps>) => () => {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const api = minimalRestApi(stack);
  new ConsumerPlans(stack, 'Subject', {
    restApi: api, stage: api.deploymentStage,
    tiers: [{ name: 'gold', rateLimit: 10, burstLimit: 20 }],
    consumers: [{ name: 'acme', tier: 'gold' }],
    ...props(api),
  });
};
const alb = (props: Partial<AlbFrontDoorProps>) => () => {
  const f = frontDoorFixture();
  new AlbFrontDoor(f.stack, 'Subject', { gateway: f.gateway, vpc: f.vpc, domainName: 'api.example.com', certificate: f.certificate, ...props });
};
const nlb = (props: Partial<NlbFrontDoorProps>) => () => {
  const f = frontDoorFixture();
  new NlbFrontDoor(f.stack, 'Subject', { gateway: f.gateway, vpc: f.vpc, domainName: 'api.example.com', certificate: f.certificate, ...props });
};
const monitoring = (props: Partial<TopologyMonitoringProps>) => () => {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const gateway = new RestGateway(stack, 'Api', { routes: [route()] });
  new TopologyMonitoring(stack, 'Subject', { restGateways: [gateway], ...props });
};
const topology = (props: Partial<GatewayTopologyProps>) => () => {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  new GatewayTopology(stack, 'Subject', {
    gateway: TopologyGateway.http(),
    services: { orders: { image: IMAGE } },
    routes: [{ method: HttpMethod.GET, path: '/orders', service: 'orders', authorization: Authorization.none('public test route') }],
    ...props,
  });
};

/** One bad prop: the construct, what is wrong, how to build it, the prop the error must name and a fragment of its problem. */
type Row = [construct: string, label: string, build: () => void, prop: string, fragment: RegExp];

const ROWS: Row[] = [
  // ---------------------------------------------------------------- HttpGateway
  ['HttpGateway', 'two identity headers of one name', http({ identityHeaders: { userIdHeader: 'X-Id', tenantIdHeader: 'x-id' } }), 'identityHeaders.tenantIdHeader', /already identityHeaders\.userIdHeader/],
  ['HttpGateway', 'an identity header named as another\'s default', http({ identityHeaders: { requestIdHeader: 'X-User-ID' } }), 'identityHeaders.requestIdHeader', /its default/],
  ['HttpGateway', 'injectHeaders of one name in two cases', http({ routes: [route({ injectHeaders: { 'X-A': HeaderValue.literal('a'), 'x-a': HeaderValue.literal('b') } })] }), 'routes[0].injectHeaders.x-a', /already injected as "X-A"/],
  ['HttpGateway', 'stageName ""', http({ stageName: '' }), 'stageName', /must not be empty/],
  ['HttpGateway', 'stageName whitespace', http({ stageName: '  ' }), 'stageName', /may hold only/],
  ['HttpGateway', 'stageName 129 characters', http({ stageName: 'a'.repeat(129) }), 'stageName', /at most 128/],
  ['HttpGateway', 'stageName a number', http({ stageName: asAny(1) }), 'stageName', /must be a string/],
  ['HttpGateway', 'apiName ""', http({ apiName: '' }), 'apiName', /must not be empty/],
  ['HttpGateway', 'apiName whitespace', http({ apiName: ' \t' }), 'apiName', /blank|whitespace/],
  ['HttpGateway', 'apiName 129 characters', http({ apiName: 'a'.repeat(129) }), 'apiName', /at most 128/],
  ['HttpGateway', 'description 1025 characters', http({ description: 'a'.repeat(1025) }), 'description', /at most 1024/],
  ['HttpGateway', 'throttle.rateLimit NaN', http({ throttle: { rateLimit: NaN } }), 'throttle.rateLimit', /NaN/],
  ['HttpGateway', 'throttle.rateLimit Infinity', http({ throttle: { rateLimit: Infinity } }), 'throttle.rateLimit', /finite/],
  ['HttpGateway', 'throttle.rateLimit -1', http({ throttle: { rateLimit: -1 } }), 'throttle.rateLimit', /at least 0/],
  ['HttpGateway', 'throttle.rateLimit a string', http({ throttle: { rateLimit: asAny('10') } }), 'throttle.rateLimit', /must be a number/],
  ['HttpGateway', 'throttle.burstLimit 1.5', http({ throttle: { burstLimit: 1.5 } }), 'throttle.burstLimit', /whole number/],
  ['HttpGateway', 'throttle.burstLimit null', http({ throttle: { burstLimit: asAny(null) } }), 'throttle.burstLimit', /must be a number/],
  ['HttpGateway', 'cors.maxAge a day and a second', http({ cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.seconds(86_401) } }), 'cors.maxAge', /at most 86400/],
  ['HttpGateway', 'cors.maxAge NaN', http({ cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.seconds(NaN) } }), 'cors.maxAge', /NaN/],
  ['HttpGateway', 'customDomain.domainName ""', http({ customDomain: asAny({ domainName: '', certificate: {} }) }), 'customDomain.domainName', /must not be empty/],
  ['HttpGateway', 'customDomain.mappingKey "/v1"', http({ customDomain: asAny({ domainName: 'api.example.com', certificate: {}, mappingKey: '/v1' }) }), 'customDomain.mappingKey', /no empty levels/],
  ['HttpGateway', 'accessLogRetention 2 days', http({ accessLogRetention: asAny(2) }), 'accessLogRetention', /not a CloudWatch Logs retention/],
  ['HttpGateway', 'routes not a list', http({ routes: asAny({ method: 'GET' }) }), 'routes', /list/],
  ['HttpGateway', 'routes null', http({ routes: asAny(null) }), 'routes', /list/],
  ['HttpGateway', 'routes[0] null', http({ routes: asAny([null]) }), 'routes[0]', /route/],
  ['HttpGateway', 'routes[0].path ""', http({ routes: [route({ path: '' })] }), 'routes[0].path', /path/],
  ['HttpGateway', 'routes[0].path whitespace', http({ routes: [route({ path: '   ' })] }), 'routes[0].path', /path/],
  ['HttpGateway', 'duplicate routes', http({ routes: [route(), route()] }), 'routes[1].path', /GET \/items/],
  ['HttpGateway', 'routes[0].throttle.rateLimit -1', http({ routes: [route({ throttle: { rateLimit: -1 } })] }), 'routes[0].throttle.rateLimit', /at least 0/],
  ['HttpGateway', 'routes[0] target timeout 30.001 s', http({ routes: [route({ target: RouteTarget.httpUrl('https://backend.example.com/items', { timeout: Duration.millis(30_001) }) })] }), 'routes[0].target.timeout', /at most 30000 milliseconds/],
  ['HttpGateway', 'routes[0] target timeout 10 ms', http({ routes: [route({ target: RouteTarget.httpUrl('https://backend.example.com/items', { timeout: Duration.millis(10) }) })] }), 'routes[0].target.timeout', /at least 50 milliseconds/],
  ['HttpGateway', '301 integrations', http({ routes: Array.from({ length: 301 }, (_, i) => route({ path: `/r${i}`, target: RouteTarget.httpUrl(`https://backend${i}.example.com/`) })) }), 'routes[300]', /at most 300/],
  ['HttpGateway', 'injectHeaders with an empty fixed value', http({ routes: [route({ injectHeaders: { 'X-Source': HeaderValue.literal('') } })] }), 'routes[0].injectHeaders.X-Source', /must not be empty or blank/],
  ['HttpGateway', 'routes[0].operationName ""', http({ routes: [route({ operationName: '' })] }), 'routes[0].operationName', /must not be empty/],
  ['HttpGateway', 'routes[0].operationName whitespace', http({ routes: [route({ operationName: '   ' })] }), 'routes[0].operationName', /blank/],
  ['HttpGateway', 'routes[0].operationName 65 characters', http({ routes: [route({ operationName: 'a'.repeat(65) })] }), 'routes[0].operationName', /at most 64/],
  ['HttpGateway', 'JWT audiences repeated', http({ routes: [route({ authorization: Authorization.jwt('https://auth.example.com/', ['api', 'api']) })] }), 'routes[0].authorization.audiences[1]', /listed twice/],
  ['HttpGateway', 'JWT scopes repeated', http({ routes: [route({ authorization: Authorization.jwt('https://auth.example.com/', ['api'], ['read', 'read']) })] }), 'routes[0].authorization.scopes[1]', /listed twice/],
  ['HttpGateway', 'Lambda identity sources repeated', http((stack) => ({ routes: [route({ authorization: Authorization.lambda(authorizerFunction(stack), { identitySources: ['$request.header.Authorization', '$request.header.authorization'] }) })] })), 'routes[0].authorization.identitySources[1]', /listed twice/],
  ['HttpGateway', 'cors.allowOrigins [""]', http({ cors: { allowOrigins: [''] } }), 'cors.allowOrigins[0]', /must not be empty/],
  ['HttpGateway', 'cors.allowOrigins repeated', http({ cors: { allowOrigins: ['https://a.example.com', 'https://a.example.com'] } }), 'cors.allowOrigins[1]', /listed twice/],
  ['HttpGateway', 'cors.allowOrigins a string', http({ cors: { allowOrigins: asAny('https://a.example.com') } }), 'cors.allowOrigins', /must be a list/],
  ['HttpGateway', 'cors.allowOrigins with a path', http({ cors: { allowOrigins: ['https://a.example.com/app'] } }), 'cors.allowOrigins[0]', /without a path/],
  ['HttpGateway', 'JWT audiences []', http({ defaultAuthorization: Authorization.jwt('https://auth.example.com/', []), routes: [route({ authorization: undefined })] }), 'defaultAuthorization.audiences', /audience/],
  ['HttpGateway', 'JWT issuer with a space', http({ defaultAuthorization: Authorization.jwt('https://auth .example.com/', ['api']), routes: [route({ authorization: undefined })] }), 'defaultAuthorization.issuer', /URL|space/],

  // ---------------------------------------------------------------- RestGateway
  ['RestGateway', 'canary.stageVariableOverrides a list', rest({ canary: { percentTraffic: 10, stageVariableOverrides: asAny(['v2']) } }), 'canary.stageVariableOverrides', /object of variable names/],
  ['RestGateway', 'consumers a string', rest({ consumers: asAny('gold') }), 'consumers', /object of tiers/],
  ['RestGateway', 'stageName ""', rest({ stageName: '' }), 'stageName', /must not be empty/],
  ['RestGateway', 'stageName "$default"', rest({ stageName: '$default' }), 'stageName', /may hold only/],
  ['RestGateway', 'apiName ""', rest({ apiName: '' }), 'apiName', /must not be empty/],
  ['RestGateway', 'apiName whitespace', rest({ apiName: '   ' }), 'apiName', /blank|whitespace/],
  ['RestGateway', 'maxIntegrationTimeout 10 ms', rest({ maxIntegrationTimeout: Duration.millis(10) }), 'maxIntegrationTimeout', /at least 50 milliseconds/],
  ['RestGateway', 'throttle.rateLimit Infinity', rest({ throttle: { rateLimit: Infinity } }), 'throttle.rateLimit', /finite/],
  ['RestGateway', 'canary.percentTraffic 101', rest({ canary: { percentTraffic: 101 } }), 'canary.percentTraffic', /at most 100 percent/],
  ['RestGateway', 'canary.percentTraffic NaN', rest({ canary: { percentTraffic: NaN } }), 'canary.percentTraffic', /NaN/],
  ['RestGateway', 'canary.stageVariableOverrides name with "-"', rest({ canary: { percentTraffic: 10, stageVariableOverrides: { 'backend-version': 'v2' } } }), 'canary.stageVariableOverrides', /stage variable name/],
  ['RestGateway', 'cache.ttl an hour and a second', rest({ cache: { routes: ['GET /items'], ttl: Duration.seconds(3601) } }), 'cache.ttl', /at most 3600 seconds/],
  ['RestGateway', 'cache.clusterSize "2"', rest({ cache: { routes: ['GET /items'], clusterSize: '2' } }), 'cache.clusterSize', /not a cache cluster size/],
  ['RestGateway', 'cache.routes a string', rest({ cache: { routes: asAny('GET /items') } }), 'cache.routes', /list/],
  ['RestGateway', 'cache.routes an unknown route', rest({ cache: { routes: ['GET /nope'] } }), 'cache.routes[0]', /GET \/nope|no route/],
  ['RestGateway', 'waf.rateLimitPerFiveMinutes 5', rest({ waf: { rateLimitPerFiveMinutes: 5 } }), 'waf.rateLimitPerFiveMinutes', /at least 10/],
  ['RestGateway', 'sharding.threshold -1', rest({ sharding: { threshold: -1 } }), 'sharding.threshold', /at least 0/],
  ['RestGateway', 'sharding.resourcesPerShard 491', rest({ sharding: { resourcesPerShard: 491 } }), 'sharding.resourcesPerShard', /at most 490/],
  ['RestGateway', 'sharding.shardCount 0', rest({ sharding: { shardCount: 0 } }), 'sharding.shardCount', /at least 1 shard\b/],
  ['RestGateway', 'cors.allowOrigins []', rest({ cors: { allowOrigins: [] } }), 'cors.allowOrigins', /origin/],
  ['RestGateway', 'cors.allowOrigins a string', rest({ cors: { allowOrigins: asAny('https://app.example.com') } }), 'cors.allowOrigins', /list/],
  ['RestGateway', 'cors.maxAge NaN', rest({ cors: { allowOrigins: ['https://app.example.com'], maxAge: Duration.seconds(NaN) } }), 'cors.maxAge', /NaN/],
  ['RestGateway', 'accessLogRetention 2 days', rest({ accessLogRetention: asAny(2) }), 'accessLogRetention', /not a CloudWatch Logs retention/],
  ['RestGateway', 'routes[0] target timeout 29.001 s', rest({ routes: [route({ target: RouteTarget.httpUrl('https://backend.example.com/items', { timeout: Duration.millis(29_001) }) })] }), 'routes[0].target.timeout', /at most 29000 milliseconds/],
  ['RestGateway', 'loggingLevel unknown', rest({ loggingLevel: asAny('DEBUG') }), 'loggingLevel', /not a method logging level/],
  ['RestGateway', 'canary.stableDeploymentId ""', rest({ canary: { percentTraffic: 10, stableDeploymentId: '' } }), 'canary.stableDeploymentId', /must not be empty/],
  ['RestGateway', 'cors.allowHeaders [""]', rest({ cors: { allowOrigins: ['https://a.example.com'], allowHeaders: [''] } }), 'cors.allowHeaders[0]', /must not be empty/],
  ['RestGateway', 'cors.allowMethods unknown', rest({ cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['FETCH'] } }), 'cors.allowMethods[0]', /not an HTTP method/],
  ['RestGateway', 'cache.routes repeated', rest({ cache: { routes: ['GET /items', 'GET /items'] } }), 'cache.routes[1]', /listed twice/],
  ['RestGateway', 'routes[0] injectHeaders with a blank fixed value', rest({ routes: [route({ injectHeaders: { 'X-Source': HeaderValue.literal(' ') } })] }), 'routes[0].injectHeaders.X-Source', /must not be empty or blank/],
  ['RestGateway', 'duplicate routes', rest({ routes: [route(), route()] }), 'routes[1].path', /GET \/items/],

  // ---------------------------------------------------------------- ServiceBackend
  ['ServiceBackend', 'autoScaling a string', service({ autoScaling: asAny('on') }), 'autoScaling', /an object of minCapacity/],
  ['ServiceBackend', 'image missing', service({ image: undefined }), 'image', /needs a container image/],
  ['ServiceBackend', 'vpc missing', service({ vpc: undefined }), 'vpc', /a VPC is required/],
  ['ServiceBackend', 'cpu 300', service({ cpu: 300 }), 'cpu', /not a Fargate task CPU size/],
  ['ServiceBackend', 'cpu NaN', service({ cpu: NaN }), 'cpu', /not a Fargate task CPU size/],
  ['ServiceBackend', 'memoryLimitMiB 4096 with 256 CPU', service({ memoryLimitMiB: 4096 }), 'memoryLimitMiB', /not a Fargate memory size/],
  ['ServiceBackend', 'containerPort 0', service({ containerPort: 0 }), 'containerPort', /at least 1\b/],
  ['ServiceBackend', 'containerPort 65536', service({ containerPort: 65536 }), 'containerPort', /at most 65535/],
  ['ServiceBackend', 'listenerPort 80.5', service({ listenerPort: 80.5 }), 'listenerPort', /whole number/],
  ['ServiceBackend', 'listenerPort a string', service({ listenerPort: asAny('80') }), 'listenerPort', /must be a number/],
  ['ServiceBackend', 'desiredCount -1', service({ desiredCount: -1 }), 'desiredCount', /at least 0 tasks/],
  ['ServiceBackend', 'desiredCount Infinity', service({ desiredCount: Infinity }), 'desiredCount', /finite/],
  ['ServiceBackend', 'healthCheckPath ""', service({ healthCheckPath: '' }), 'healthCheckPath', /must not be empty/],
  ['ServiceBackend', 'healthCheckPath without "/"', service({ healthCheckPath: 'health' }), 'healthCheckPath', /may hold only/],
  ['ServiceBackend', 'autoScaling.maxCapacity NaN', service({ autoScaling: { maxCapacity: NaN } }), 'autoScaling.maxCapacity', /NaN/],
  ['ServiceBackend', 'autoScaling.targetCpuUtilizationPercent 0', service({ autoScaling: { targetCpuUtilizationPercent: 0 } }), 'autoScaling.targetCpuUtilizationPercent', /more than 0 percent/],
  ['ServiceBackend', 'autoScaling min above max', service({ autoScaling: { minCapacity: 5, maxCapacity: 2 } }), 'autoScaling', /maxCapacity|more than/],
  ['ServiceBackend', 'backendName ""', service({ backendName: '' }), 'backendName', /must not be empty/],
  ['ServiceBackend', 'backendName whitespace', service({ backendName: '   ' }), 'backendName', /starting with a letter/],
  ['ServiceBackend', 'backendName 65 characters', service({ backendName: 'a'.repeat(65) }), 'backendName', /at most 64/],
  ['ServiceBackend', 'accessLogRetention 0 days', service({ accessLogRetention: Duration.days(0) }), 'accessLogRetention', /at least 1 day\b/],
  ['ServiceBackend', 'logRetention 2 days', service({ logRetention: asAny(2) }), 'logRetention', /not a CloudWatch Logs retention/],
  ['ServiceBackend', 'environment not an object', service({ environment: asAny(['A=1']) }), 'environment', /object|map/],
  ['ServiceBackend', 'environment value not a string', service({ environment: asAny({ A: 1 }) }), 'environment.A', /string/],
  ['ServiceBackend', 'environment name ""', service({ environment: { '': 'x' } }), 'environment[""]', /must not be empty/],
  ['ServiceBackend', 'secrets value a string', service({ secrets: asAny({ DB_PASSWORD: 'hunter2' }) }), 'secrets.DB_PASSWORD', /ecs\.Secret/],
  ['GrpcServiceBackend', 'environment not an object', grpc({ environment: asAny('A=1') }), 'environment', /object/],

  // ---------------------------------------------------------------- GrpcServiceBackend
  ['GrpcServiceBackend', 'port 0', grpc({ port: 0 }), 'port', /at least 1\b/],
  ['GrpcServiceBackend', 'port NaN', grpc({ port: NaN }), 'port', /NaN/],
  ['GrpcServiceBackend', 'cpu 128', grpc({ cpu: 128 }), 'cpu', /not a Fargate task CPU size/],
  ['GrpcServiceBackend', 'memoryLimitMiB 1536 with 512 CPU', grpc({ cpu: 512, memoryLimitMiB: 1536 }), 'memoryLimitMiB', /not a Fargate memory size/],
  ['GrpcServiceBackend', 'desiredCount 1.5', grpc({ desiredCount: 1.5 }), 'desiredCount', /whole number/],
  ['GrpcServiceBackend', 'backendName upper case', grpc({ backendName: 'Users' }), 'backendName', /DNS label/],
  ['GrpcServiceBackend', 'backendName ""', grpc({ backendName: '' }), 'backendName', /must not be empty/],
  ['GrpcServiceBackend', 'discovery.dnsTtl NaN', grpc({ discovery: GrpcDiscovery.cloudMap({ dnsTtl: Duration.seconds(NaN) }) }), 'discovery.dnsTtl', /NaN/],
  ['GrpcServiceBackend', 'discovery.serviceName ""', grpc({ discovery: GrpcDiscovery.cloudMap({ serviceName: '' }) }), 'discovery.serviceName', /must not be empty/],
  ['GrpcServiceBackend', 'discovery.domainName ""', grpc({ discovery: GrpcDiscovery.internalAlb({ certificate: asAny({ certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' }), domainName: '' }) }), 'discovery.domainName', /must not be empty/],
  ['GrpcServiceBackend', 'discovery.listenerPort 70000', grpc({ discovery: GrpcDiscovery.internalAlb({ certificate: asAny({ certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' }), domainName: 'users.grpc.example.internal', listenerPort: 70000 }) }), 'discovery.listenerPort', /at most 65535/],
  ['GrpcServiceBackend', 'discovery.healthyGrpcCodes "0-100"', grpc({ discovery: GrpcDiscovery.internalAlb({ certificate: asAny({ certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' }), domainName: 'users.grpc.example.internal', healthyGrpcCodes: '0-100' }) }), 'discovery.healthyGrpcCodes', /from 0 to 99/],
  ['GrpcServiceBackend', 'logRetention 2 days', grpc({ logRetention: asAny(2) }), 'logRetention', /not a CloudWatch Logs retention/],

  ['GrpcServiceBackend (imported)', 'tlsServerName without tls', importedGrpc({ tlsServerName: 'users.example.internal' }), 'tlsServerName', /plaintext/],
  ['GrpcServiceBackend (imported)', 'tlsServerName ""', importedGrpc({ tls: true, tlsServerName: '' }), 'tlsServerName', /must not be empty/],
  ['GrpcServiceBackend (imported)', 'backendName ""', importedGrpc({ backendName: '' }), 'backendName', /must not be empty/],
  ['GrpcServiceBackend (imported)', 'port NaN', importedGrpc({ port: NaN }), 'port', /NaN/],

  // ---------------------------------------------------------------- JwtAuthorizerFunction
  ['JwtAuthorizerFunction', 'issuer with a trailing space', jwt({ issuer: 'https://auth.example.com/ ' }), 'issuer', /must not hold spaces/],
  ['JwtAuthorizerFunction', 'audiences repeated', jwt({ audiences: ['api', 'api'] }), 'audiences[1]', /listed twice/],
  ['JwtAuthorizerFunction', 'requiredScopes repeated', jwt({ requiredScopes: ['read', 'read'] }), 'requiredScopes[1]', /listed twice/],
  ['JwtAuthorizerFunction', 'routeRoles a list', jwt({ routeRoles: asAny(['admin']) }), 'routeRoles', /object of route keys/],
  ['JwtAuthorizerFunction', 'issuer ""', jwt({ issuer: '' }), 'issuer', /URL/],
  ['JwtAuthorizerFunction', 'issuer http', jwt({ issuer: 'http://auth.example.com/' }), 'issuer', /https/],
  ['JwtAuthorizerFunction', 'issuer with a space', jwt({ issuer: 'https://auth .example.com/' }), 'issuer', /URL|space/],
  ['JwtAuthorizerFunction', 'audiences []', jwt({ audiences: [] }), 'audiences', /audience/],
  ['JwtAuthorizerFunction', 'audiences [""]', jwt({ audiences: [''] }), 'audiences', /empty/],
  ['JwtAuthorizerFunction', 'audiences a string', jwt({ audiences: asAny('api') }), 'audiences', /list/],
  ['JwtAuthorizerFunction', 'jwksUrl http', jwt({ jwksUrl: 'http://auth.example.com/jwks' }), 'jwksUrl', /https/],
  ['JwtAuthorizerFunction', 'clockSkew NaN', jwt({ clockSkew: Duration.seconds(NaN) }), 'clockSkew', /NaN/],
  ['JwtAuthorizerFunction', 'requiredScopes [""]', jwt({ requiredScopes: [''] }), 'requiredScopes', /empty|scope/],
  ['JwtAuthorizerFunction', 'requiredScopes with a space', jwt({ requiredScopes: ['read orders'] }), 'requiredScopes', /scope/],
  ['JwtAuthorizerFunction', 'userIdClaim ""', jwt({ userIdClaim: '' }), 'userIdClaim', /empty|claim/],
  ['JwtAuthorizerFunction', 'logRetention 2 days', jwt({ logRetention: asAny(2) }), 'logRetention', /not a CloudWatch Logs retention/],

  // ---------------------------------------------------------------- GrpcTranslator
  ['GrpcTranslator', 'protos.files [""]', translator({ protos: { files: [''], includeDirs: [PROTO_ROOT] } }), 'protos.files[0]', /a \.proto file name must not be empty/],
  ['GrpcTranslator', 'protos.files whitespace', translator({ protos: { files: ['  '] } }), 'protos.files[0]', /a \.proto file name must not be empty/],
  ['GrpcTranslator', 'protos.files a string', translator({ protos: asAny({ files: PROTOS.files[0] }) }), 'protos.files', /\.proto files/],
  ['GrpcTranslator', 'memorySize 64', translator({ memorySize: 64 }), 'memorySize', /at least 128 MB/],
  ['GrpcTranslator', 'memorySize NaN', translator({ memorySize: NaN }), 'memorySize', /NaN/],
  ['GrpcTranslator', 'timeout 16 minutes', translator({ timeout: Duration.minutes(16) }), 'timeout', /at most 900 seconds/],
  ['GrpcTranslator', 'maxRequestSize 0', translator({ maxRequestSize: Size.bytes(0) }), 'maxRequestSize', /between 1 byte and 6 MB/],
  ['GrpcTranslator', 'deadlineMargin a fraction of a millisecond', translator({ deadlineMargin: Duration.millis(0.5) }), 'deadlineMargin', /whole number of milliseconds/],
  ['GrpcTranslator', 'routes[0].timeout NaN', translator({ routes: [{ ...GET_USER, timeout: Duration.seconds(NaN) }] }), 'routes[0].timeout', /NaN/],
  ['GrpcTranslator', 'routes not a list', translator({ routes: asAny(GET_USER) }), 'routes', /must be a list/],
  ['GrpcTranslator', 'defaultCallTimeout NaN', translator({ defaultCallTimeout: Duration.millis(NaN) }), 'defaultCallTimeout', /NaN/],
  ['GrpcTranslator', 'routes[0].successStatus 99', translator({ routes: [{ ...GET_USER, successStatus: 99 }] }), 'routes[0].successStatus', /status/],
  ['GrpcTranslator', 'routes[0].successStatus 200.5', translator({ routes: [{ ...GET_USER, successStatus: 200.5 }] }), 'routes[0].successStatus', /status|whole/],
  ['GrpcTranslator', 'routes[0].grpcMethod ""', translator({ routes: [{ ...GET_USER, grpcMethod: '' }] }), 'routes[0].grpcMethod', /method/],
  ['GrpcTranslator', 'duplicate routes', translator({ routes: [GET_USER, GET_USER] }), 'routes[1].path', /GET \/api\/v1\/users\/\{userId\}|twice|duplicate|already/],
  ['GrpcTranslator', 'logRetention 2 days', translator({ logRetention: asAny(2) }), 'logRetention', /not a CloudWatch Logs retention/],

  ['GrpcTranslator', 'routes [null]', translator({ routes: asAny([null]) }), 'routes[0]', /must be an object/],
  ['GrpcTranslator', 'routes[0].operationName ""', translator({ routes: [{ ...GET_USER, operationName: '' }] }), 'routes[0].operationName', /must not be empty/],
  ['GrpcTranslator', 'automaticServices repeated', translator({ automatic: true, routes: undefined, automaticServices: ['users.v1.UserService', 'users.v1.UserService'] }), 'automaticServices[1]', /listed twice/],
  ['GrpcTranslator', 'routes(options).integrationTimeout NaN', () => {
    const { stack, vpc } = stackWithVpc();
    const backend = new GrpcServiceBackend(stack, 'Users', { vpc, image: IMAGE });
    new GrpcTranslator(stack, 'Subject', { vpc, backend, protos: PROTOS, routes: [GET_USER] }).routes({ integrationTimeout: Duration.millis(NaN) });
  }, 'routes(options).integrationTimeout', /NaN/],

  // ---------------------------------------------------------------- ConsumerPlans
  ['GrpcTranslator', 'internalFields a string', translator({ internalFields: asAny('users.v1.User.email') }), 'internalFields', /must be a list/],
  ['GrpcTranslator', 'internalFields repeated', translator({ internalFields: ['users.v1.User.email', 'users.v1.User.email'] }), 'internalFields[1]', /listed twice/],
  ['GrpcTranslator', 'routes[0].responseMapping a string', translator({ routes: [{ ...GET_USER, responseMapping: asAny('id') }] }), 'routes[0].responseMapping', /must be a list/],
  ['GrpcTranslator', 'routes[0].requestMapping [null]', translator({ routes: [{ ...GET_USER, requestMapping: asAny([null]) }] }), 'routes[0].requestMapping[0]', /must be an object/],
  ['ConsumerPlans', 'tiers [null]', plans(() => ({ tiers: asAny([null]) })), 'tiers[0]', /not an object/],
  ['ConsumerPlans', 'consumers [null]', plans(() => ({ consumers: asAny([null]) })), 'consumers[0]', /not an object/],
  ['ConsumerPlans', 'consumers[0].enabled "yes"', plans(() => ({ consumers: [{ name: 'acme', tier: 'gold', enabled: asAny('yes') }] })), 'consumers[0].enabled', /true or false/],
  ['ConsumerPlans', 'tiers[0].rateLimit NaN', plans(() => ({ tiers: [{ name: 'gold', rateLimit: NaN, burstLimit: 20 }] })), 'tiers[0].rateLimit', /NaN/],
  ['ConsumerPlans', 'tiers[0].burstLimit -1', plans(() => ({ tiers: [{ name: 'gold', rateLimit: 10, burstLimit: -1 }] })), 'tiers[0].burstLimit', /at least 0/],
  ['ConsumerPlans', 'tiers[0].quota.limit 1.5', plans(() => ({ tiers: [{ name: 'gold', rateLimit: 10, burstLimit: 20, quota: { limit: 1.5, period: apigw.Period.DAY } }] })), 'tiers[0].quota.limit', /whole number/],
  ['ConsumerPlans', 'tiers[0].quota.period "YEAR"', plans(() => ({ tiers: [{ name: 'gold', rateLimit: 10, burstLimit: 20, quota: { limit: 10, period: asAny('YEAR') } }] })), 'tiers[0].quota.period', /not a usage plan quota period/],
  ['ConsumerPlans', 'tiers[0].name ""', plans(() => ({ tiers: [{ name: '', rateLimit: 10, burstLimit: 20 }], consumers: [] })), 'tiers[0].name', /name/],
  ['ConsumerPlans', 'duplicate tiers', plans(() => ({ tiers: [{ name: 'gold', rateLimit: 10, burstLimit: 20 }, { name: 'gold', rateLimit: 1, burstLimit: 2 }] })), 'tiers[1].name', /gold/],
  ['ConsumerPlans', 'tiers a string', plans(() => ({ tiers: asAny('gold') })), 'tiers', /list/],
  ['ConsumerPlans', 'consumers[0].tier unknown', plans(() => ({ consumers: [{ name: 'acme', tier: 'silver' }] })), 'consumers[0].tier', /silver/],
  ['ConsumerPlans', 'duplicate consumers', plans(() => ({ consumers: [{ name: 'acme', tier: 'gold' }, { name: 'acme', tier: 'gold' }] })), 'consumers[1].name', /acme/],
  ['RestGateway', 'consumers.routeThrottles for a route that does not exist', rest({ routes: [route({ authorization: Authorization.iam() })], consumers: { tiers: [{ name: 'gold', rateLimit: 10, burstLimit: 20 }], consumers: [], routeThrottles: { 'GET /nope': { rateLimit: 1 } } } }), 'consumers.routeThrottles', /GET \/nope|not a declared route|no route/],

  // ---------------------------------------------------------------- AlbFrontDoor / NlbFrontDoor
  ['AlbFrontDoor', 'domainName ""', alb({ domainName: '' }), 'domainName', /must not be empty/],
  ['AlbFrontDoor', 'domainName a 64-character label', alb({ domainName: `${'a'.repeat(64)}.example.com` }), 'domainName', /at most 63/],
  ['AlbFrontDoor', 'basePath "/v1"', alb({ basePath: '/v1' }), 'basePath', /no empty levels/],
  ['AlbFrontDoor', 'basePath whitespace', alb({ basePath: ' ' }), 'basePath', /holds a character/],
  ['AlbFrontDoor', 'endpointZoneCount 0', alb({ endpointZoneCount: 0 }), 'endpointZoneCount', /1 to 6|at least 1/],
  ['AlbFrontDoor', 'endpointZoneCount NaN', alb({ endpointZoneCount: NaN }), 'endpointZoneCount', /NaN|1 to 6/],
  ['AlbFrontDoor', 'loadBalancerName 33 characters', alb({ loadBalancerName: 'a'.repeat(33) }), 'loadBalancerName', /at most 32/],
  ['AlbFrontDoor', 'idleTimeout 4001 seconds', alb({ idleTimeout: Duration.seconds(4001) }), 'idleTimeout', /at most 4000 seconds/],
  ['AlbFrontDoor', 'idleTimeout 0', alb({ idleTimeout: Duration.seconds(0) }), 'idleTimeout', /at least 1 second\b/],
  ['AlbFrontDoor', 'waf.rateLimitPerFiveMinutes Infinity', alb({ waf: { rateLimitPerFiveMinutes: Infinity } }), 'waf.rateLimitPerFiveMinutes', /finite/],
  ['AlbFrontDoor', 'healthCheck.healthyHttpCodes "500"', alb({ healthCheck: { healthyHttpCodes: '500' } }), 'healthCheck.healthyHttpCodes', /from 200 to 499/],
  ['AlbFrontDoor', 'healthCheck.interval 301 seconds', alb({ healthCheck: { interval: Duration.seconds(301) } }), 'healthCheck.interval', /at most 300 seconds/],
  ['AlbFrontDoor', 'accessLogRetention 0', alb({ accessLogRetention: Duration.days(0) }), 'accessLogRetention', /at least 1 day\b/],
  ['AlbFrontDoor', 'mutualTls.caCertificatesKey ""', alb({ mutualTls: asAny({ caCertificatesBucket: { bucketName: 'ca-bucket' }, caCertificatesKey: '' }) }), 'mutualTls.caCertificatesKey', /empty|key/],
  ['AlbFrontDoor', 'aliasRecord.recordName ""', alb({ aliasRecord: asAny({ zone: { zoneName: 'example.com' }, recordName: '' }) }), 'aliasRecord.recordName', /must not be empty/],
  ['AlbFrontDoor', 'allowedPeers a CIDR string', alb({ allowedPeers: asAny('0.0.0.0/0') }), 'allowedPeers', /list of ec2\.IPeer/],
  ['NlbFrontDoor', 'allowedPeers [a CIDR string]', nlb({ allowedPeers: asAny(['0.0.0.0/0']) }), 'allowedPeers', /ec2\.IPeer/],
  ['NlbFrontDoor', 'elasticIps with one allocation id twice', nlb({ internetFacing: true, elasticIps: NlbElasticIps.fromAllocationIds(['eipalloc-0a1b', 'eipalloc-0a1b']) }), 'elasticIps[1]', /listed twice/],
  ['NlbFrontDoor', 'domainName "api..example.com"', nlb({ domainName: 'api..example.com' }), 'domainName', /empty label/],
  ['NlbFrontDoor', 'basePath 301 characters', nlb({ basePath: 'a'.repeat(301) }), 'basePath', /at most 300/],
  ['NlbFrontDoor', 'healthCheck.healthyThresholdCount 11', nlb({ healthCheck: { healthyThresholdCount: 11 } }), 'healthCheck.healthyThresholdCount', /at most 10 checks/],
  ['NlbFrontDoor', 'healthCheck.healthyGrpcCodes on an NLB', nlb({ healthCheck: { healthyGrpcCodes: '0' } }), 'healthCheck.healthyGrpcCodes', /Network Load Balancer/],
  ['NlbFrontDoor', 'loadBalancerName "internal-x"', nlb({ loadBalancerName: 'internal-x' }), 'loadBalancerName', /internal-/],

  // ---------------------------------------------------------------- TopologyMonitoring
  ['TopologyMonitoring', 'period 90 seconds', monitoring({ period: Duration.seconds(90) }), 'period', /whole number of minutes/],
  ['TopologyMonitoring', 'dashboardName with a space', monitoring({ dashboardName: 'my dashboard' }), 'dashboardName', /may hold only/],
  ['TopologyMonitoring', 'dashboardName ""', monitoring({ dashboardName: '' }), 'dashboardName', /must not be empty/],
  ['TopologyMonitoring', 'serverErrorRateAlarm.thresholdPercent 101', monitoring({ serverErrorRateAlarm: { thresholdPercent: 101 } }), 'serverErrorRateAlarm.thresholdPercent', /at most 100 percent/],
  ['TopologyMonitoring', 'serverErrorRateAlarm.thresholdPercent Infinity', monitoring({ serverErrorRateAlarm: { thresholdPercent: Infinity } }), 'serverErrorRateAlarm.thresholdPercent', /finite/],
  ['TopologyMonitoring', 'serverErrorRateAlarm.evaluationPeriods 0', monitoring({ serverErrorRateAlarm: { evaluationPeriods: 0 } }), 'serverErrorRateAlarm.evaluationPeriods', /at least 1 period\b/],
  ['TopologyMonitoring', 'serverErrorRateAlarm.datapointsToAlarm above evaluationPeriods', monitoring({ serverErrorRateAlarm: { evaluationPeriods: 2, datapointsToAlarm: 3 } }), 'serverErrorRateAlarm.datapointsToAlarm', /more breaching datapoints/],
  ['TopologyMonitoring', 'evaluation window past a day', monitoring({ period: Duration.minutes(5), serverErrorRateAlarm: { evaluationPeriods: 289 } }), 'serverErrorRateAlarm.evaluationPeriods', /one day/],
  ['TopologyMonitoring', 'latencyAlarm.threshold 0', monitoring({ latencyAlarm: { threshold: Duration.millis(0) } }), 'latencyAlarm.threshold', /at least 1 millisecond\b/],
  ['TopologyMonitoring', 'unhealthyTargetsAlarm.threshold -1', monitoring({ unhealthyTargetsAlarm: { threshold: -1 } }), 'unhealthyTargetsAlarm.threshold', /at least 0/],
  ['TopologyMonitoring', 'restGateways a gateway, not a list', monitoring({ restGateways: asAny({}) }), 'restGateways', /list/],
  ['TopologyMonitoring', 'services [null]', monitoring({ services: asAny([null]) }), 'services[0]', /not a construct/],

  // ---------------------------------------------------------------- GatewayTopology
  ['GatewayTopology', 'services.orders.cpu 100', topology({ services: { orders: { image: IMAGE, cpu: 100 } } }), 'cpu', /not a Fargate task CPU size/],
  ['GatewayTopology', 'routes[0].service unknown', topology({ routes: [{ method: HttpMethod.GET, path: '/orders', service: 'nope' }] }), 'routes[0].service', /nope/],
  ['GatewayTopology', 'routes a string', topology({ routes: asAny('GET /orders') }), 'routes', /list/],
  ['GatewayTopology', 'services.orders null', topology({ services: asAny({ orders: null }) }), 'services.orders', /an object of its options/],
  ['GatewayTopology', 'monitoring.enabled "yes"', topology({ monitoring: asAny({ enabled: 'yes' }) }), 'monitoring.enabled', /true or false/],
  ['GatewayTopology', 'services a list', topology({ services: asAny([{ image: IMAGE }]), routes: [] }), 'services', /object keyed by service name/],
  ['GatewayTopology', 'gateway stageName ""', topology({ gateway: TopologyGateway.http({ stageName: '' }) }), 'stageName', /must not be empty/],
];

describe('a bad prop fails synth with TopologyValidationError', () => {
  test.each(ROWS)('%s: %s', (construct, _label, build, prop, fragment) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    if (!(error instanceof TopologyValidationError)) {
      throw new Error(`${construct}: expected TopologyValidationError for ${prop}, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
    }
    expect({ prop: error.prop, message: error.message }).toEqual({ prop, message: expect.stringMatching(fragment) });
    expect(error.message).toMatch(/^Stack\/Subject[/:]/);
    expect(error.message).toContain('(received ');
    expect(error.message).toContain('Fix: ');
  });
});

describe('tokens are never refused', () => {
  const token = () => Lazy.number({ produce: () => 1 });
  test.each<[string, () => void]>([
    ['HttpGateway throttle', http({ throttle: { rateLimit: Lazy.number({ produce: () => 10 }), burstLimit: Lazy.number({ produce: () => 20 }) } })],
    ['HttpGateway stageName', http({ stageName: Lazy.string({ produce: () => 'prod' }) })],
    ['RestGateway canary', rest({ canary: { percentTraffic: Lazy.number({ produce: () => 10 }) } })],
    ['RestGateway waf', rest({ waf: { rateLimitPerFiveMinutes: Lazy.number({ produce: () => 1000 }) } })],
    ['ServiceBackend desiredCount', service({ desiredCount: token() })],
    ['ServiceBackend ports', service({ containerPort: Lazy.number({ produce: () => 8080 }), listenerPort: Lazy.number({ produce: () => 80 }) })],
    ['AlbFrontDoor loadBalancerName', alb({ loadBalancerName: Lazy.string({ produce: () => 'front-door' }) })],
    ['TopologyMonitoring threshold', () => {
      const stack = new Stack(new App(), 'Stack', { env: ENV });
      const gateway = new RestGateway(stack, 'Api', { routes: [route()] });
      const threshold = new CfnParameter(stack, 'Threshold', { type: 'Number' }).valueAsNumber;
      new TopologyMonitoring(stack, 'Monitoring', { restGateways: [gateway], unhealthyTargetsAlarm: { threshold } });
    }],
    ['GrpcTranslator memorySize', translator({ memorySize: Lazy.number({ produce: () => 512 }) })],
  ])('%s', (_name, build) => {
    expect(build).not.toThrow();
  });
});

describe('values at the edge of AWS\'s ranges are accepted', () => {
  test.each<[string, () => void]>([
    ['HttpGateway fractional rate limit 0.5', http({ throttle: { rateLimit: 0.5, burstLimit: 0 } })],
    ['HttpGateway stageName of 128 characters', http({ stageName: 'a'.repeat(128) })],
    ['HttpGateway cors with "*" and a port', http({ cors: { allowOrigins: ['*', 'http://localhost:3000'], allowHeaders: ['*', 'Content-Type'] } })],
    ['HttpGateway operationName of 64 characters', http({ routes: [route({ operationName: 'a'.repeat(64) })] })],
    ['RestGateway cors allowMethods ANY', rest({ cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['ANY'] } })],
    ['RestGateway canary at 100 percent', rest({ canary: { percentTraffic: 100 } })],
    ['RestGateway cache TTL of an hour', rest({ cache: { routes: ['GET /items'], ttl: Duration.seconds(3600) } })],
    ['ServiceBackend port 65535', service({ containerPort: 65535 })],
    ['ServiceBackend backendName of 64 characters', service({ backendName: 'a'.repeat(64) })],
    ['GrpcServiceBackend backendName of 63 characters', grpc({ backendName: 'a'.repeat(63) })],
    ['AlbFrontDoor idleTimeout 4000 seconds', alb({ idleTimeout: Duration.seconds(4000) })],
    ['AlbFrontDoor basePath of 300 characters', alb({ basePath: 'a'.repeat(300) })],
    ['GrpcTranslator memorySize 10240', translator({ memorySize: 10240 })],
  ])('%s', (_name, build) => {
    expect(build).not.toThrow();
  });
});

