import { Annotations, Aws, Duration, Lazy, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { Authorization, AuthorizationType, LambdaAuthorizerType } from '../auth/authorization';
import { registerRouteRoles } from '../auth/route-roles';
import {
  identityHeaders, IdentityHeadersOptions, validateIdentityClaims, validateIdentityHeaders, validateInjectedClaims,
} from '../auth/identity-headers';
import { JwtAuthorizerFunction } from '../auth/jwt-authorizer-function';
import { validateAuthorization } from '../auth/validate-authorization';
import { IServiceBackend, LoadBalancerType } from '../backends/service-backend-interface';
import { ConsumerPlans } from '../consumers/consumer-plans';
import { Consumer, ConsumerTier } from '../consumers/consumer-tier';
import { TopologyValidationError } from '../errors';
import { restGatewayManifest } from '../manifest/rest-gateway-manifest';
import { recordRouteManifest } from '../manifest/route-manifest-writer';
import { translatorSendsLifecycleHeaders } from '../manifest/route-contract';
import { checkRouteLifecycle, warnLifecycleHeadersNotSent } from './http/lifecycle-responses';
import { restGatewayTopology } from '../manifest/topology-parts';
import { recordTopology } from '../manifest/topology-recorder';
import { encryptedAccessLogGroup } from '../private/access-log-group';
import { restResourceCount, warnPastAdjustableQuota } from './quota-warnings';
import {
  CACHE_CLUSTER_SIZE, CACHE_TTL, CANARY_PERCENT_TRAFFIC, checkChoice, checkCorsLists, checkDuration, checkIntegrationTimeout, checkNumber, checkText,
  checkUnique, METHOD_LOGGING_LEVEL,
  CORS_MAX_AGE, REST_API_NAME, REST_INTEGRATION_TIMEOUT_QUOTA, REST_STAGE_NAME, SHARD_COUNT, SHARD_RESOURCES, SHARDING_THRESHOLD,
  DEPLOYMENT_ID, REST_API_RESOURCES_QUOTA, STAGE_VARIABLE_NAME, STAGE_VARIABLE_VALUE, WAF_RATE_LIMIT,
} from '../private/aws-rules';
import { accessLogFormat } from '../observability/access-log-format';
import { HeaderValueType } from '../routes/header-value';
import { HttpMethod } from '../routes/http-method';
import { Route, RouteThrottle, routeKey } from '../routes/route';
import { parseRoutePath } from '../routes/route-path';
import { RouteTargetType } from '../routes/route-target';
import { validateRoutes, validateThrottle } from '../routes/validate-routes';
import { addGatewayResponses } from './rest/gateway-responses';
import { privateApiPolicy, privateEndpoint } from './rest/private-endpoint';
import {
  headerRequestParameters, mergeHeaderSets, pathRequestParameters, restIdentitySource, restUriPath,
} from './rest/request-parameters';
import { safeId, shortHash } from './rest/ids';
import { RestAuthorizers } from './rest/rest-authorizers';
import { RestRouteShard } from './rest/route-shard';
import { buildResourceTree, planShards, ResourceNode, subtreeNodes } from './rest/route-shards';
import { createRestWebAcl } from './rest/web-acl';
import { RestEndpoint, RestEndpointType } from './rest-endpoint';
import { sharedVpcLink } from './shared-vpc-link';

/** CORS for a {@link RestGateway}: preflight methods and CORS headers on gateway errors. */
export interface RestCorsOptions {
  /**
   * Origins allowed to call the API (`https://app.example.com`, or `*`). Gateway error
   * responses carry the first one as `Access-Control-Allow-Origin`.
   */
  readonly allowOrigins: string[];
  /**
   * Request headers a browser may send.
   * @default - Content-Type, Authorization, X-Api-Key, X-Amz-Date, X-Amz-Security-Token
   */
  readonly allowHeaders?: string[];
  /**
   * Methods a browser may use.
   * @default - every method
   */
  readonly allowMethods?: string[];
  /**
   * Whether browsers may send credentials.
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * How long browsers cache a preflight answer: whole seconds, at most one day.
   * @default - the browser's default
   */
  readonly maxAge?: Duration;
}

/** Canary settings of a {@link RestGateway}'s stage. */
export interface RestCanaryOptions {
  /** The share of requests the canary serves, a percentage from 0 to 100 (fractions allowed). */
  readonly percentTraffic: number;
  /**
   * Stage variables that differ for canary requests (point them at a new backend version).
   * @default - the stage's variables
   */
  readonly stageVariableOverrides?: { readonly [name: string]: string };
  /**
   * Whether canary requests may be answered from the stage cache.
   * @default false
   */
  readonly useStageCache?: boolean;
  /**
   * The deployment the rest of the traffic keeps using (the id of the previous release,
   * `RestGateway.deployment.deploymentId` of the last deploy). The new deployment then
   * serves only `percentTraffic`; promote it by dropping the canary.
   * @default - the new deployment serves all traffic; canary requests differ only by their
   * stage-variable overrides
   */
  readonly stableDeploymentId?: string;
}

/** Response caching of chosen routes of a {@link RestGateway}. */
export interface RestCacheOptions {
  /** The routes to cache, as route keys (`GET /orders/{orderId}`); at least one. */
  readonly routes: string[];
  /**
   * How long a response stays cached: whole seconds, at most one hour.
   * @default Duration.minutes(5)
   */
  readonly ttl?: Duration;
  /**
   * The cache cluster size in GB, as API Gateway names it: '0.5', '1.6', '6.1', '13.5',
   * '28.4', '58.2', '118' or '237'.
   * @default '0.5'
   */
  readonly clusterSize?: string;
}

/** The WAFv2 web ACL of a {@link RestGateway}'s stage. */
export interface RestWafOptions {
  /**
   * Requests per five minutes one IP address may send before WAF blocks it.
   * @default 2000
   */
  readonly rateLimitPerFiveMinutes?: number;
}

/** Consumers of a {@link RestGateway}: tiers become usage plans, consumers API keys. */
export interface RestConsumersOptions {
  /** The tiers. */
  readonly tiers: ConsumerTier[];
  /** The consumers, each on one tier. */
  readonly consumers: Consumer[];
  /**
   * Per-route throttles inside every plan, keyed by route key (`GET /orders/{orderId}`). Each
   * key must be a route declared in `routes` (as must the keys of a tier's own
   * `routeThrottles`); routes added later with `addRoute` cannot be named here.
   * @default - plans throttle by their rate and burst only
   */
  readonly routeThrottles?: { readonly [routeKey: string]: RouteThrottle };
}

/** The options of a {@link RestGateway} but its routes and endpoint. */
export interface RestGatewayOptions {
  /**
   * The authorization of every route without its own.
   * @default - every route must declare its own
   */
  readonly defaultAuthorization?: Authorization;
  /**
   * The API's name.
   * @default - a name unique in the stack, derived from the construct path
   */
  readonly apiName?: string;
  /**
   * The API's description.
   * @default - none
   */
  readonly description?: string;
  /**
   * The stage name: letters, digits, "-" and "_", at most 128 characters.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * The longest integration timeout a route may set. API Gateway allows 29 seconds; Regional
   * and private REST APIs may go longer once the account's "Maximum integration timeout in
   * milliseconds" quota is raised (which may lower the account's throttle quota): set this to
   * the raised quota.
   * @default Duration.seconds(29)
   */
  readonly maxIntegrationTimeout?: Duration;
  /**
   * The stage's default throttle; routes' own throttles override it.
   * @default DEFAULT_REST_GATEWAY_THROTTLE (1000 requests per second, burst 2000), well under the account limit so one API cannot starve the others
   */
  readonly throttle?: RouteThrottle;
  /**
   * Names and sources of the identity headers written into backend requests.
   * @default - X-User-ID, X-Tenant-ID, X-Request-ID from the authorizer and the request id
   */
  readonly identityHeaders?: IdentityHeadersOptions;
  /**
   * CORS.
   * @default - no CORS: no preflight methods and no CORS headers on errors
   */
  readonly cors?: RestCorsOptions;
  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * The KMS key encrypting the access logs. The gateway adds a statement admitting
   * CloudWatch Logs for its log group; for an imported key that statement cannot be added
   * and the key's policy must already admit it.
   * @default - a new key with rotation, whose policy admits CloudWatch Logs for this log group only
   */
  readonly accessLogEncryptionKey?: kms.IKey;
  /**
   * The execution log level of every method.
   * @default apigw.MethodLoggingLevel.ERROR
   */
  readonly loggingLevel?: apigw.MethodLoggingLevel;
  /**
   * X-Ray tracing of the stage.
   * @default true
   */
  readonly tracing?: boolean;
  /**
   * Per-method CloudWatch metrics.
   * @default true
   */
  readonly detailedMetrics?: boolean;
  /**
   * Whether the construct sets the account's API Gateway CloudWatch role, which execution
   * logging needs. Turn it off when the account already has one set elsewhere.
   * @default true
   */
  readonly cloudWatchRole?: boolean;
  /**
   * A canary on the stage.
   * @default - no canary
   */
  readonly canary?: RestCanaryOptions;
  /**
   * Response caching of chosen routes (a cache cluster on the stage).
   * @default - no cache
   */
  readonly cache?: RestCacheOptions;
  /**
   * Consumer tiers and API keys (usage plans on the stage). Routes that need a key say so
   * with `apiKeyRequired`.
   * @default - no usage plans or API keys
   */
  readonly consumers?: RestConsumersOptions;
  /**
   * A WAFv2 web ACL on the stage.
   * @default - no web ACL
   */
  readonly waf?: RestWafOptions;
  /**
   * The estimated resources above which routes are sharded into nested stacks, and the
   * estimated resources of one shard.
   * @default - shard past 300 estimated resources, 400 per shard
   */
  readonly sharding?: RestShardingOptions;
}

/** Props of {@link RestGateway}. */
export interface RestGatewayProps extends RestGatewayOptions {
  /** The routes. */
  readonly routes: Route[];
  /**
   * Regional or private.
   * @default RestEndpoint.regional()
   */
  readonly endpoint?: RestEndpoint;
}

/** When and how a {@link RestGateway} spreads its routes over nested stacks. */
export interface RestShardingOptions {
  /**
   * Estimated resources (REST resources, methods, models, preflights) above which routes
   * move into nested stacks.
   * @default 300
   */
  readonly threshold?: number;
  /**
   * Estimated resources per nested stack; CloudFormation allows 500.
   * @default 400
   */
  readonly resourcesPerShard?: number;
  /**
   * The number of shard buckets. Each subtree of routes lives in the bucket its path
   * hashes to, so adding routes does not move other subtrees between nested stacks; pin
   * this once an API is sharded, because changing it moves subtrees (deploy that change
   * on its own, with no other route changes).
   * @default - enough buckets to fill each to two thirds of `resourcesPerShard`
   */
  readonly shardCount?: number;
}

/** One route as the gateway built it. */
interface BuiltRoute {
  readonly route: Route;
  readonly auth: Authorization;
}

/** Where a part of the resource tree is built. */
interface BuildContext {
  readonly scope: Construct;
  readonly api: apigw.IRestApi;
  readonly resources: Map<string, apigw.IResource>;
  readonly methods: apigw.Method[];
}


/** The stage throttle of a RestGateway that declares none. */
export const DEFAULT_REST_GATEWAY_THROTTLE: Required<RouteThrottle> = { rateLimit: 1000, burstLimit: 2000 };
const DEFAULT_CORS_HEADERS = ['Content-Type', 'Authorization', 'X-Api-Key', 'X-Amz-Date', 'X-Amz-Security-Token'];

/**
 * A REST API (API Gateway v1) built from the library's route model: regional or private
 * (VPC endpoint + resource policy), integrations to ALB services (VPC link v2), NLB
 * services (VPC link v1), Lambda functions and HTTP URLs; Cognito, Lambda, IAM and bundled
 * JWT authorizers; identity headers injected from the authorizer; JSON-schema request
 * validation; one JSON error shape for every gateway response; a logged, traced and
 * throttled stage; and automatic sharding of large APIs into nested stacks.
 *
 * Lambda targets are proxy integrations: they read the caller's identity from
 * `requestContext.authorizer`, which the client cannot forge, not from headers.
 *
 * @example
 * new RestGateway(stack, 'Api', {
 *   endpoint: RestEndpoint.private({ vpc }),
 *   defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']),
 *   routes: [
 *     { method: HttpMethod.GET, path: '/orders/{orderId}', target: RouteTarget.service(orders), apiKeyRequired: true },
 *   ],
 *   consumers: {
 *     tiers: [{ name: 'standard', rateLimit: 20, burstLimit: 40 }],
 *     consumers: [{ name: 'acme', tier: 'standard' }],
 *   },
 * });
 */
export class RestGateway extends Construct {
  /** The REST API. */
  public readonly restApi: apigw.RestApi;
  /** The deployment, whose logical id changes whenever a route or its integration does. */
  public readonly deployment: apigw.Deployment;
  /** The stage. */
  public readonly stage: apigw.Stage;
  /** The access log group. */
  public readonly logGroup: logs.LogGroup;
  /** The key encrypting the access logs. */
  public readonly encryptionKey: kms.IKey;
  /** The execute-api VPC endpoint of a private API. */
  public readonly vpcEndpoint?: ec2.IInterfaceVpcEndpoint;
  /** The VPC links the API integrates through (v1 for NLBs, the shared v2 for ALBs). */
  public readonly vpcLinks: Array<apigw.VpcLink | apigwv2.VpcLink> = [];
  /** The authorizers, in creation order. */
  public readonly authorizers: apigw.Authorizer[];
  /** The bundled JWT authorizer functions, one per issuer and audiences. */
  public readonly jwtAuthorizers: JwtAuthorizerFunction[] = [];
  /** The request body models of routes with a JSON schema. */
  public readonly models: apigw.CfnModel[] = [];
  /** The request validators. */
  public readonly validators: apigw.RequestValidator[] = [];
  /** The gateway responses. */
  public readonly gatewayResponses: apigw.GatewayResponse[];
  /** The WAF web ACL, when one was asked for. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The usage plans and API keys, when consumers were declared. */
  public readonly consumerPlans?: ConsumerPlans;
  /** The nested stacks holding routes of a large API (empty for a small one). */
  public readonly shards: RestRouteShard[] = [];
  /** The methods, in route order. */
  public readonly methods: apigw.Method[] = [];

  private readonly props: RestGatewayProps;
  private readonly requestValidator: apigw.RequestValidator;
  private readonly authorizerRegistry: RestAuthorizers;
  private readonly jwtCache = new Map<string, JwtAuthorizerFunction>();
  private readonly lambdaPermissions = new Set<string>();
  private readonly admitted = new Set<string>();
  private readonly cachedRouteKeys: Set<string>;
  private readonly vpcLinkTargets = new Set<elbv2.INetworkLoadBalancer>();
  private vpcLinkV1?: apigw.VpcLink;
  /** Every route built so far, in order (props first, then addRoute). */
  private readonly built: BuiltRoute[] = [];
  /** The route summaries recorded as metadata; later routes join the same array. */
  private readonly summaries: Array<{ method: string; path: string; target: string; authorization: string }> = [];
  /** Which build context created each resource path. */
  private readonly resourceCtx = new Map<string, BuildContext>();
  /** Resource paths that have a CORS preflight. */
  private readonly preflights = new Set<string>();
  /** Method settings of routes added after the stage was created. */
  private readonly laterMethodSettings: apigw.CfnStage.MethodSettingProperty[] = [];
  private parentCtx!: BuildContext;

  constructor(scope: Construct, id: string, props: RestGatewayProps) {
    super(scope, id);
    this.props = props;
    const endpoint = props.endpoint ?? RestEndpoint.regional();
    this.validateProps(props, endpoint);
    this.cachedRouteKeys = new Set(props.cache?.routes ?? []);

    const built = props.routes.map((route) => ({ route, auth: this.resolveAuthorization(route) }));
    this.built.push(...built);

    const accessLogs = encryptedAccessLogGroup(this, props.accessLogEncryptionKey, props.accessLogRetention);
    this.encryptionKey = accessLogs.encryptionKey;
    this.logGroup = accessLogs.logGroup;

    let policy: iam.PolicyDocument | undefined;
    if (endpoint.type === RestEndpointType.PRIVATE) {
      this.vpcEndpoint = privateEndpoint(this, 'VpcEndpoint', endpoint);
      policy = privateApiPolicy(this.vpcEndpoint.vpcEndpointId);
    }

    const cloudWatchRole = props.cloudWatchRole ?? true;
    this.restApi = new apigw.RestApi(this, 'Resource', {
      restApiName: props.apiName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: props.description,
      deploy: false,
      cloudWatchRole,
      endpointConfiguration: this.vpcEndpoint
        ? { types: [apigw.EndpointType.PRIVATE], vpcEndpoints: [this.vpcEndpoint] }
        : { types: [apigw.EndpointType.REGIONAL] },
      policy,
    });
    if (cloudWatchRole) {
      Validations.of(this.restApi).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-wide API Gateway logging role needs exactly this AWS-maintained policy; it grants log writes only',
      });
    }

    this.authorizerRegistry = new RestAuthorizers(this, this.restApi);
    this.authorizers = this.authorizerRegistry.authorizers;
    this.gatewayResponses = addGatewayResponses(this.restApi, props.cors?.allowOrigins[0]);
    // Always present so every API has request validation available (cdk-nag APIG2); routes
    // with a JSON schema use it for body and parameters.
    this.requestValidator = new apigw.RequestValidator(this, 'RequestValidator', {
      restApi: this.restApi,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    this.validators.push(this.requestValidator);

    this.buildRoutes(built);

    this.deployment = new apigw.Deployment(this, 'Deployment', {
      api: this.restApi,
      description: 'Deployed by cdk-gateway-topology; the logical id follows the routes',
    });
    this.deployment.addToLogicalId(this.deploymentFingerprint(built));
    for (const method of this.methods) {
      if (Stack.of(method) === Stack.of(this)) this.deployment.node.addDependency(method);
    }
    for (const shard of this.shards) this.deployment.node.addDependency(shard);
    this.deployment.node.addDependency(...this.gatewayResponses);

    this.stage = this.createStage(built);
    this.restApi.deploymentStage = this.stage;

    if (props.consumers) {
      this.consumerPlans = new ConsumerPlans(this, 'Consumers', {
        restApi: this.restApi,
        stage: this.stage,
        tiers: props.consumers.tiers,
        consumers: props.consumers.consumers,
        routeThrottles: props.consumers.routeThrottles,
      });
    }

    if (props.waf) {
      this.webAcl = createRestWebAcl(this, 'WebAcl', this.node.id.replace(/[^A-Za-z0-9]/g, ''), props.waf.rateLimitPerFiveMinutes ?? 2000);
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.stage.stageArn,
        webAclArn: this.webAcl.attrArn,
      });
    } else {
      Validations.of(this.stage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: 'WAF is opt-in (RestGateway props.waf); a private API is reached only through its VPC endpoint and the front door load balancer carries its own web ACL',
      });
    }

    this.summaries.push(...built.map((entry) => summary(entry, entry.route.authorization ?? this.props.defaultAuthorization ?? entry.auth)));
    this.node.addMetadata('cdk-gateway-topology:routes', this.summaries);
    // The route manifest is read at synth, when every route (addRoute too) is built.
    warnPastAdjustableQuota(this, REST_API_RESOURCES_QUOTA, () => restResourceCount(this.built.map((entry) => entry.route.path)));
    recordTopology(this, () => restGatewayTopology(this, this.built, this.props.endpoint));
    recordRouteManifest(this, () => restGatewayManifest(this, this.built.map((entry, i) => ({
      route: entry.route,
      declared: entry.route.authorization ?? this.props.defaultAuthorization ?? entry.auth,
      method: this.methods[i],
      authorizer: this.authorizerRegistry.methodAuthorization(entry.auth).authorizer,
    })), this.props.cors !== undefined));
  }

  /**
   * Adds a route, validated like the routes given in the props. It is built in the stack
   * (gateway or shard) that holds its nearest existing parent resource, and the deployment
   * follows it. Routes added this way cannot be named in `cache.routes`.
   */
  public addRoute(route: Route): apigw.Method {
    const at = 'addRoute(route)';
    validateRoutes(this, at, [route], this.built.map((b) => b.route), 'REST');
    this.validateRoute(at, route);
    const entry: BuiltRoute = { route, auth: this.resolveAuthorization(route) };
    const tree = this.resourceTree([...this.built, entry], at);

    let node = tree.root;
    for (const segment of restSegments(route.path)) node = node.children.get(segment)!;
    const chain: ResourceNode[] = [];
    let ancestor: ResourceNode = node;
    while (!this.resourceCtx.has(ancestor.path)) {
      chain.unshift(ancestor);
      ancestor = ancestor.parent!;
    }
    const ctx = this.resourceCtx.get(ancestor.path)!;
    let resource = ctx.resources.get(ancestor.path) ?? this.resourceFor(ctx, ancestor, this.parentCtx);
    for (const link of chain) resource = this.resourceFor(ctx, link, this.parentCtx);

    const method = this.buildMethod(ctx, resource, entry);
    if (this.props.cors && route.method !== HttpMethod.OPTIONS && !this.preflights.has(node.path)) this.addPreflight(node.path, resource, this.props.cors);
    if (ctx === this.parentCtx) {
      this.deployment.node.addDependency(method);
    } else {
      this.restApi._attachMethod(method);
    }
    this.deployment.addToLogicalId(this.deploymentFingerprint([entry]));
    const setting = this.methodSetting(route);
    if (setting) this.laterMethodSettings.push(setting);
    this.built.push(entry);
    this.methods.push(method);
    this.summaries.push(summary(entry, entry.route.authorization ?? this.props.defaultAuthorization ?? entry.auth));
    return method;
  }

  /** The URL of the stage, for a path (`/orders`). */
  public urlForPath(path: string = '/'): string {
    return this.stage.urlForPath(path);
  }

  // ---------------------------------------------------------------- validation

  private validateProps(props: RestGatewayProps, endpoint: RestEndpoint): void {
    if (endpoint.type === RestEndpointType.PRIVATE && !endpoint.vpc) {
      throw new TopologyValidationError(this, {
        prop: 'endpoint.vpc', received: endpoint.vpc,
        problem: 'a private REST API is reached through an execute-api VPC endpoint, which lives in a VPC',
        fix: 'pass RestEndpoint.private({ vpc }) with the VPC of the callers and front door',
      });
    }
    validateRoutes(this, 'routes', props.routes, [], 'REST');
    if (props.defaultAuthorization) validateAuthorization(this, 'defaultAuthorization', props.defaultAuthorization, 'REST');
    validateIdentityHeaders(this, props.identityHeaders ?? {}, 'REST');
    if (props.throttle) validateThrottle(this, 'throttle', props.throttle);

    props.routes.forEach((route, i) => this.validateRoute(`routes[${i}]`, route));

    const keys = new Set(props.routes.map(routeKey));
    if (props.cache && !Array.isArray(props.cache.routes)) {
      throw new TopologyValidationError(this, {
        prop: 'cache.routes', received: props.cache.routes,
        problem: 'the cached routes must be a list of route keys',
        fix: 'list the route keys to cache, for example ["GET /orders/{orderId}"]',
      });
    }
    checkUnique(this, 'cache.routes', props.cache?.routes, 'a cached route');
    (props.cache?.routes ?? []).forEach((key, i) => {
      if (!keys.has(key)) {
        throw new TopologyValidationError(this, {
          prop: `cache.routes[${i}]`, received: key,
          problem: 'not the key of a declared route',
          fix: `write the route key as "METHOD /path", one of: ${[...keys].slice(0, 5).join(', ')}${keys.size > 5 ? ', ...' : ''}`,
        });
      }
    });
    this.validateRestValues(props);
    const consumers: unknown = props.consumers;
    if (consumers !== undefined && (typeof consumers !== 'object' || consumers === null || Array.isArray(consumers))) {
      throw new TopologyValidationError(this, {
        prop: 'consumers', received: consumers,
        problem: 'consumers is an object of tiers, consumers and route throttles',
        fix: 'write it as { tiers: [{ name: "gold", rateLimit: 100, burstLimit: 200 }], consumers: [{ name: "acme", tier: "gold" }] }',
      });
    }
    if (props.cors && (!Array.isArray(props.cors.allowOrigins) || props.cors.allowOrigins.length === 0)) {
      throw new TopologyValidationError(this, {
        prop: 'cors.allowOrigins', received: props.cors.allowOrigins,
        problem: Array.isArray(props.cors.allowOrigins) ? 'CORS needs at least one allowed origin' : 'the allowed origins must be a list',
        fix: 'list the browser origins, for example ["https://app.example.com"]',
      });
    }
  }

  /** The REST API's own names and numbers, each against its AWS rule. */
  private validateRestValues(props: RestGatewayProps): void {
    checkText(this, 'apiName', props.apiName, REST_API_NAME);
    checkText(this, 'stageName', props.stageName, REST_STAGE_NAME);
    checkDuration(this, 'maxIntegrationTimeout', props.maxIntegrationTimeout, REST_INTEGRATION_TIMEOUT_QUOTA);
    checkDuration(this, 'cors.maxAge', props.cors?.maxAge, CORS_MAX_AGE);
    checkCorsLists(this, 'cors', props.cors, 'REST');
    checkChoice<string>(this, 'loggingLevel', props.loggingLevel, METHOD_LOGGING_LEVEL);
    checkText(this, 'canary.stableDeploymentId', props.canary?.stableDeploymentId, DEPLOYMENT_ID);
    if (props.cache) {
      if (!Array.isArray(props.cache.routes) || props.cache.routes.length === 0) {
        throw new TopologyValidationError(this, {
          prop: 'cache.routes', received: props.cache.routes,
          problem: 'a cache with no routes caches nothing, and its ttl and clusterSize would be dropped',
          fix: 'list the route keys to cache, for example ["GET /orders/{orderId}"], or remove cache',
        });
      }
      checkDuration(this, 'cache.ttl', props.cache.ttl, CACHE_TTL);
      checkChoice(this, 'cache.clusterSize', props.cache.clusterSize, CACHE_CLUSTER_SIZE);
    }
    if (props.canary) {
      checkNumber(this, 'canary.percentTraffic', props.canary.percentTraffic, CANARY_PERCENT_TRAFFIC);
      const overrides: unknown = props.canary.stageVariableOverrides;
      if (overrides !== undefined && (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))) {
        throw new TopologyValidationError(this, {
          prop: 'canary.stageVariableOverrides', received: overrides,
          problem: 'stage variable overrides are an object of variable names to values',
          fix: 'write them as { backendVersion: "v2" }',
        });
      }
      for (const [name, value] of Object.entries(props.canary.stageVariableOverrides ?? {})) {
        checkText(this, 'canary.stageVariableOverrides', name, STAGE_VARIABLE_NAME);
        checkText(this, `canary.stageVariableOverrides.${name}`, value, STAGE_VARIABLE_VALUE);
      }
    }
    checkNumber(this, 'waf.rateLimitPerFiveMinutes', props.waf?.rateLimitPerFiveMinutes, WAF_RATE_LIMIT);
    checkNumber(this, 'sharding.threshold', props.sharding?.threshold, SHARDING_THRESHOLD);
    checkNumber(this, 'sharding.resourcesPerShard', props.sharding?.resourcesPerShard, SHARD_RESOURCES);
    checkNumber(this, 'sharding.shardCount', props.sharding?.shardCount, SHARD_COUNT);
    if (props.consumers) this.validatePlanRouteThrottles(props);
  }

  /**
   * Usage plans name routes by key; a key naming no route of the gateway would be written into
   * the plan and throttle nothing, so it fails here.
   */
  private validatePlanRouteThrottles(props: RestGatewayProps): void {
    const keys = new Set(props.routes.map(routeKey));
    const consumers = props.consumers!;
    const sets: Array<[string, { readonly [routeKey: string]: RouteThrottle } | undefined]> = [
      ['consumers.routeThrottles', consumers.routeThrottles],
      ...(Array.isArray(consumers.tiers) ? consumers.tiers : [])
        .map((tier, i): [string, { readonly [routeKey: string]: RouteThrottle } | undefined] => [`consumers.tiers[${i}].routeThrottles`, tier?.routeThrottles]),
    ];
    for (const [prop, throttles] of sets) {
      for (const key of Object.keys(throttles ?? {})) {
        if (keys.has(key)) continue;
        throw new TopologyValidationError(this, {
          prop, received: key,
          problem: 'the usage plan route throttle names no route of this gateway, so it would throttle nothing',
          fix: `write the key as a declared route's "METHOD /path", one of: ${[...keys].slice(0, 5).join(', ')}${keys.size > 5 ? ', ...' : ''}; or remove the entry`,
        });
      }
    }
  }

  /** REST-specific checks of one route (validateRoutes has done the shared ones). */
  private validateRoute(at: string, route: Route): void {
    const props = this.props;
    const auth = route.authorization ?? props.defaultAuthorization;
    if (!auth) {
      throw new TopologyValidationError(this, {
        prop: `${at}.authorization`, received: undefined,
        problem: `route "${routeKey(route)}" has no authorization and the gateway has no defaultAuthorization`,
        fix: 'set defaultAuthorization on the gateway, the route\'s authorization, or Authorization.none("why it is public")',
      });
    }
    const authProp = route.authorization ? `${at}.authorization` : 'defaultAuthorization';
    validateAuthorization(this, authProp, auth, 'REST');
    checkIntegrationTimeout(this, `${at}.target.timeout`, route.target.timeout, 'REST', props.maxIntegrationTimeout);
    validateIdentityClaims(this, props.identityHeaders ?? {}, auth, 'REST');
    validateInjectedClaims(this, at, route, auth, 'REST');
    this.validateRestAuthorization(authProp, auth);
    if (route.requiredRoles !== undefined) this.validateRoles(at, route, auth);
    checkRouteLifecycle(this, at, route);
    // REST proxy integrations pass the backend's answer through untouched: "to use parameter mapping
    // for an integration response, you need a non-proxy integration"
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-parameter-mapping.html).
    if (!translatorSendsLifecycleHeaders(route)) {
      warnLifecycleHeadersNotSent(this, at, route, 'a REST API proxy integration cannot add response headers',
        'send them from the backend, target the gRPC translator with the route\'s lifecycle (it adds them itself), or declare the route on an HttpGateway, whose integration adds them');
    }
    for (const [header, value] of Object.entries(route.injectHeaders ?? {})) {
      if (value.type === HeaderValueType.LITERAL && (Token.isUnresolved(value.value) || /['\r\n]/.test(value.value))) {
        throw new TopologyValidationError(this, {
          prop: `${at}.injectHeaders.${header}`, received: value.value,
          problem: 'REST writes a literal header value as a quoted static value, which cannot hold quotes, line breaks or deploy-time tokens',
          fix: 'use a plain value without \' or line breaks',
        });
      }
    }
    if (route.target.type === RouteTargetType.SERVICE && route.target.backend?.loadBalancerType === LoadBalancerType.NLB
      && !route.target.backend.networkLoadBalancer) {
      throw new TopologyValidationError(this, {
        prop: `${at}.target`, received: route.target.description,
        problem: 'REST APIs reach NLB services through VPC link v1, which needs the network load balancer itself',
        fix: 'give a backend whose networkLoadBalancer is set, or put the service behind an ALB (reached through VPC link v2)',
      });
    }
  }

  /**
   * REST-only constraints of an authorization: TOKEN authorizers read exactly one header, and
   * Cognito authorizers cannot restrict app clients. The identity sources' grammar was checked
   * by validateAuthorization.
   */
  private validateRestAuthorization(prop: string, auth: Authorization): void {
    if (auth.type === AuthorizationType.LAMBDA) {
      const type = auth.lambdaOptions?.type ?? LambdaAuthorizerType.REQUEST;
      const sources = auth.lambdaOptions?.identitySources ?? ['$request.header.Authorization'];
      const first = sources.length === 1 && !Token.isUnresolved(sources[0]) ? restIdentitySource(sources[0]) : undefined;
      const unresolved = Token.isUnresolved(sources) || (sources.length === 1 && Token.isUnresolved(sources[0]));
      if (type === LambdaAuthorizerType.TOKEN && !unresolved && !first?.startsWith('method.request.header.')) {
        throw new TopologyValidationError(this, {
          prop: `${prop}.identitySources`, received: sources,
          problem: 'a TOKEN authorizer reads exactly one request header',
          fix: 'give one header, for example ["$request.header.Authorization"], or use LambdaAuthorizerType.REQUEST',
        });
      }
    }
    if (auth.type === AuthorizationType.COGNITO && auth.userPoolClients && auth.userPoolClients.length > 0) {
      // An error, not a warning: a REST Cognito authorizer (AWS::ApiGateway::Authorizer
      // COGNITO_USER_POOLS) takes user pools only and accepts tokens of every app client, so the
      // prop could not be honoured and a warning would leave the API open to other clients.
      throw new TopologyValidationError(this, {
        prop: `${prop}.userPoolClients`, received: auth.userPoolClients.map((c) => c.node.path),
        problem: 'a REST API\'s Cognito authorizer accepts tokens of every app client of the user pool and cannot be restricted to some',
        fix: 'on a RestGateway leave userPoolClients out and narrow callers with scopes (Authorization.cognito(pool, { scopes: ["orders/read"] })), '
          + 'or declare the routes on an HttpGateway, which checks the clients as token audiences',
      });
    }
  }

  private validateRoles(at: string, route: Route, auth: Authorization): void {
    if (auth.type === AuthorizationType.JWT) return;
    if (auth.type === AuthorizationType.LAMBDA && auth.lambdaOptions?.rolesKey !== undefined) return;
    throw new TopologyValidationError(this, {
      prop: `${at}.requiredRoles`, received: route.requiredRoles,
      problem: `route "${routeKey(route)}" requires roles, but its authorization (${auth.type}) carries no roles`,
      fix: 'authorize the route with Authorization.jwt(...), a JwtAuthorizerFunction\'s authorization(), or a Lambda authorizer with rolesKey, or drop requiredRoles',
    });
  }

  // ---------------------------------------------------------------- authorization

  /** The route's authorization, with JWT turned into the bundled authorizer's Lambda authorization. */
  private resolveAuthorization(route: Route): Authorization {
    const auth = (route.authorization ?? this.props.defaultAuthorization)!;
    if (auth.type !== AuthorizationType.JWT) {
      if (route.requiredRoles && auth.type === AuthorizationType.LAMBDA) registerRouteRoles(this, route, auth);
      return auth;
    }
    // Scopes are checked by the function, so each scope set needs its own authorizer.
    const scopes = [...(auth.scopes ?? [])].sort();
    const key = `${auth.issuer}|${[...auth.audiences!].sort().join(',')}${scopes.length > 0 ? `|${scopes.join(',')}` : ''}`;
    let fn = this.jwtCache.get(key);
    if (!fn) {
      fn = new JwtAuthorizerFunction(this, `JwtAuthorizer${shortHash(key)}`, {
        issuer: auth.issuer!,
        audiences: auth.audiences!,
        // The REST header mapping reads context.authorizer.userId / tenantId: the function fills them from these claims.
        userIdClaim: this.props.identityHeaders?.userIdClaim,
        tenantIdClaim: this.props.identityHeaders?.tenantIdClaim,
        ...(scopes.length > 0 ? { requiredScopes: scopes } : {}),
      });
      this.jwtCache.set(key, fn);
      this.jwtAuthorizers.push(fn);
    }
    if (route.requiredRoles) fn.addRouteRoles(routeKey(route), route.requiredRoles);
    return fn.authorization();
  }

  // ---------------------------------------------------------------- routes

  private buildRoutes(built: BuiltRoute[]): void {
    const cors = this.props.cors;
    const tree = this.resourceTree(built, 'routes');
    const threshold = this.props.sharding?.threshold ?? 300;
    const capacity = this.props.sharding?.resourcesPerShard ?? 400;
    const plan = planShards(tree.root, threshold, capacity, this.props.sharding?.shardCount);
    const overfull = plan.shardCosts.findIndex((cost) => cost > capacity);
    if (overfull >= 0) {
      throw new TopologyValidationError(this, {
        prop: 'sharding.shardCount', received: this.props.sharding?.shardCount,
        problem: `the routes need about ${plan.shardCosts.reduce((a, b) => a + b, 0)} resources, more than the shards hold at ${capacity} each`,
        fix: 'raise sharding.shardCount (adding shards moves subtrees between nested stacks once; deploy that change on its own)',
      });
    }

    const parent: BuildContext = { scope: this, api: this.restApi, resources: new Map([['/', this.restApi.root]]), methods: [] };
    this.parentCtx = parent;
    this.resourceCtx.set('/', parent);
    const methodByRoute = new Map<number, apigw.Method>();
    const buildNode = (ctx: BuildContext, node: ResourceNode) => {
      const resource = this.resourceFor(ctx, node, parent);
      for (const i of node.routes) methodByRoute.set(i, this.buildMethod(ctx, resource, built[i]));
      if (cors && node.routes.length > 0 && !node.routes.some((i) => built[i].route.method === HttpMethod.OPTIONS)) {
        this.addPreflight(node.path, resource, cors);
      }
    };
    buildNode(parent, tree.root);
    for (const node of plan.parentNodes) buildNode(parent, node);

    if (plan.shards.length > 0 && this.props.sharding?.shardCount === undefined) {
      Annotations.of(this).addInfo(`${this.node.path} spreads its routes over ${plan.shards.length} nested stacks in ${plan.bucketCount} buckets; `
        + 'pin sharding.shardCount to that bucket count so that growth never moves routes between stacks');
    }
    plan.shards.forEach((units, s) => {
      const shard = new RestRouteShard(this, `Shard${plan.shardBuckets[s] + 1}`, {
        restApi: this.restApi,
        description: shardDescription(this.node.path, units.map((u) => u.path)),
      });
      this.shards.push(shard);
      const ctx: BuildContext = { scope: shard, api: shard.restApi, resources: new Map([['/', shard.restApi.root]]), methods: [] };
      for (const unit of units) for (const node of subtreeNodes(unit)) buildNode(ctx, node);
      // Methods on the imported view are unknown to the RestApi, which refuses to synthesize
      // without methods; register them so it sees the whole API.
      for (const method of ctx.methods) this.restApi._attachMethod(method);
    });
    built.forEach((_, i) => this.methods.push(methodByRoute.get(i)!));
  }

  /** The resource tree of routes; two parameter names at one position fail, naming `prop`. */
  private resourceTree(built: BuiltRoute[], prop: string): { root: ResourceNode } {
    const cors = this.props.cors;
    const perRoute = built.map(({ route }) => ({ path: route.path, cost: 1 + (route.requestSchema ? 1 : 0) }));
    const tree = buildResourceTree(perRoute, (node) => (cors && node.routes.length > 0 ? 1 : 0));
    if ('conflict' in tree) {
      const c = tree.conflict;
      const isNew = c.routeIndex >= this.props.routes.length;
      throw new TopologyValidationError(this, {
        prop: isNew ? `${prop}.path` : `routes[${c.routeIndex}].path`, received: built[c.routeIndex].route.path,
        problem: `parameter "${c.received}" sits where another route declared "${c.existing}" (${c.existingPath}); a REST resource has one parameter name`,
        fix: `name the parameter "${c.existing}" in every route under that position`,
      });
    }
    return tree;
  }

  /** The resource of a node in a context, importing a parent built in the gateway's own stack. */
  private resourceFor(ctx: BuildContext, node: ResourceNode, parent: BuildContext): apigw.IResource {
    const existing = ctx.resources.get(node.path);
    if (existing) return existing;
    const parentNode = node.parent!;
    let parentResource = ctx.resources.get(parentNode.path);
    if (!parentResource) {
      const built = parent.resources.get(parentNode.path);
      if (!built) throw new Error(`unreachable: the parent ${parentNode.path} of ${node.path} was not built`);
      parentResource = apigw.Resource.fromResourceAttributes(ctx.scope, `Parent${shortHash(parentNode.path)}`, {
        restApi: ctx.api,
        resourceId: built.resourceId,
        path: parentNode.path,
      });
      ctx.resources.set(parentNode.path, parentResource);
    }
    const resource = parentResource.addResource(node.segment);
    ctx.resources.set(node.path, resource);
    this.resourceCtx.set(node.path, ctx);
    return resource;
  }

  private addPreflight(path: string, resource: apigw.IResource, cors: RestCorsOptions): void {
    this.preflights.add(path);
    const preflight = resource.addCorsPreflight({
      allowOrigins: cors.allowOrigins,
      allowHeaders: cors.allowHeaders ?? DEFAULT_CORS_HEADERS,
      allowMethods: cors.allowMethods,
      allowCredentials: cors.allowCredentials,
      maxAge: cors.maxAge,
    });
    Validations.of(preflight).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: 'CORS preflight (OPTIONS, MOCK integration): browsers send it without credentials by design' },
      { id: 'AwsSolutions-COG4', reason: 'CORS preflight (OPTIONS, MOCK integration): browsers send it without credentials by design' },
    );
  }

  private buildMethod(ctx: BuildContext, resource: apigw.IResource, { route, auth }: BuiltRoute): apigw.Method {
    const key = routeKey(route);
    const { authorizer, authorizationType, scopes } = this.authorizerRegistry.methodAuthorization(auth);
    const paths = pathRequestParameters(route.path);
    const headers = mergeHeaderSets(identityHeaders(auth, this.props.identityHeaders), route.injectHeaders);
    const cached = this.cachedRouteKeys.has(key);
    const timeout = route.target.timeout;
    const common: apigw.IntegrationOptions = {
      timeout,
      cacheKeyParameters: cached ? Object.keys(paths.method) : undefined,
      cacheNamespace: cached ? `${route.method}${route.path}` : undefined,
    };

    let integration: apigw.Integration;
    let albTarget: { linkId: string; loadBalancerArn: string } | undefined;
    const target = route.target;
    switch (target.type) {
      case RouteTargetType.LAMBDA: {
        const fn = target.function!;
        this.grantInvoke(fn);
        integration = new apigw.Integration({
          type: apigw.IntegrationType.AWS_PROXY,
          integrationHttpMethod: 'POST',
          uri: `arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
          options: common,
        });
        break;
      }
      case RouteTargetType.HTTP_URL:
        integration = new apigw.Integration({
          type: apigw.IntegrationType.HTTP_PROXY,
          integrationHttpMethod: route.method,
          uri: restUriPath(target.url!),
          options: { ...common, requestParameters: { ...paths.integration, ...headerRequestParameters(headers) } },
        });
        break;
      case RouteTargetType.SERVICE: {
        const backend = target.backend!;
        const uri = `http://${backend.loadBalancerDnsName}:${backend.listenerPort}${restUriPath(target.backendPath ?? route.path)}`;
        const requestParameters = { ...paths.integration, ...headerRequestParameters(headers) };
        if (backend.loadBalancerType === LoadBalancerType.NLB) {
          const link = this.nlbVpcLink(backend.networkLoadBalancer!);
          // No ingress rule: VPC link v1 traffic is PrivateLink traffic (see reachableByVpcLinkV1).
          if (this.admit(backend)) this.reachableByVpcLinkV1(backend, this.routePropOf(route));
          integration = new apigw.Integration({
            type: apigw.IntegrationType.HTTP_PROXY,
            integrationHttpMethod: route.method,
            uri,
            options: { ...common, connectionType: apigw.ConnectionType.VPC_LINK, vpcLink: link, requestParameters },
          });
        } else {
          const index = this.props.routes.indexOf(route);
          const shared = sharedVpcLink(this, `${index >= 0 ? `routes[${index}]` : 'addRoute(route)'}.target.backend.vpc`, backend.vpc);
          if (!this.vpcLinks.includes(shared.vpcLink)) this.vpcLinks.push(shared.vpcLink);
          if (this.admit(backend)) {
            backend.connections.allowFrom(shared.securityGroup, ec2.Port.tcp(backend.listenerPort), `API Gateway VPC link to ${backend.backendName}`);
          }
          // The L2 Integration knows only VPC link v1; the connection to the v2 link is set
          // on the L1 method below, whose IntegrationTarget aws-cdk-lib 2.276 supports. The
          // target is the load balancer's ARN (as in API Gateway's put-integration guide for
          // VPC links v2); the URI's port picks the listener and its host is the Host header.
          integration = new apigw.Integration({
            type: apigw.IntegrationType.HTTP_PROXY,
            integrationHttpMethod: route.method,
            uri,
            options: { ...common, requestParameters },
          });
          albTarget = { linkId: shared.vpcLink.vpcLinkId, loadBalancerArn: backend.loadBalancerArn };
        }
        break;
      }
    }

    let requestModels: Record<string, apigw.IModel> | undefined;
    if (route.requestSchema) {
      const model = new apigw.CfnModel(ctx.scope, `Model${safeId(route.operationName ?? '')}${shortHash(key)}`, {
        restApiId: ctx.api.restApiId,
        contentType: 'application/json',
        description: `Request body of ${key}`,
        schema: { $schema: 'http://json-schema.org/draft-04/schema#', ...route.requestSchema },
      });
      this.models.push(model);
      requestModels = { 'application/json': { modelId: model.ref } };
    }

    const method = resource.addMethod(route.method, integration, {
      authorizer,
      authorizationType,
      authorizationScopes: scopes && scopes.length > 0 ? scopes : undefined,
      apiKeyRequired: route.apiKeyRequired ?? false,
      requestParameters: Object.keys(paths.method).length > 0 ? paths.method : undefined,
      requestValidator: requestModels ? this.requestValidator : undefined,
      requestModels,
      operationName: route.operationName,
    });
    if (albTarget) {
      const cfn = method.node.defaultChild as apigw.CfnMethod;
      cfn.integration = {
        ...(cfn.integration as apigw.CfnMethod.IntegrationProperty),
        connectionType: 'VPC_LINK',
        connectionId: albTarget.linkId,
        integrationTarget: albTarget.loadBalancerArn,
      };
    }
    if (authorizationType === apigw.AuthorizationType.NONE) {
      Validations.of(method).acknowledge(
        { id: 'AwsSolutions-APIG4', reason: `Public route by declaration: ${auth.reason}` },
        { id: 'AwsSolutions-COG4', reason: `Public route by declaration: ${auth.reason}` },
      );
    } else if (authorizationType !== apigw.AuthorizationType.COGNITO) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: `Authorized by ${auth.type === AuthorizationType.IAM ? 'IAM (SigV4)' : 'a Lambda authorizer'} instead of a Cognito user pool`,
      });
    }
    ctx.methods.push(method);
    return method;
  }

  /**
   * Checks that a REST API's VPC link (v1) can reach the NLB, and writes no ingress rule for it.
   *
   * A VPC link v1 is an endpoint service (PrivateLink) on the NLB, run by API Gateway: its
   * traffic arrives as PrivateLink traffic from API Gateway's own addresses, outside the VPC,
   * which AWS says never to depend on. So no security group rule can name it, and a rule for
   * the VPC's CIDR would neither admit it nor be needed: it would only let every workload in
   * the VPC call the service around the gateway. AWS's setup for VPC
   * links turns off `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic` instead, so
   * PrivateLink traffic skips the NLB's inbound rules while every other source stays subject
   * to them ("Set up a Network Load Balancer for API Gateway private integrations",
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-nlb-for-vpclink-using-console.html;
   * "Update the security settings",
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html).
   * The NLB then forwards to its IP targets from its own private addresses, so the targets
   * admit the NLB's security group alone.
   *
   * An NLB created in this app with security groups that enforces the rules on PrivateLink
   * traffic (on is AWS's default) would drop every request: refused at synth. An imported NLB
   * cannot be inspected; it needs the setting off, or no security groups.
   */
  private reachableByVpcLinkV1(backend: IServiceBackend, prop: string): void {
    const nlb = backend.networkLoadBalancer;
    if (!(nlb instanceof elbv2.NetworkLoadBalancer)) return;
    if ((nlb.securityGroups ?? []).length === 0 || nlb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic === 'off') return;
    throw new TopologyValidationError(this, {
      prop, received: backend.networkLoadBalancer,
      problem: `the NLB of ${backend.backendName} applies its security group inbound rules to PrivateLink traffic, and the REST API's VPC link (v1) reaches it as PrivateLink traffic from API Gateway's own addresses, which no rule can name: every request would be dropped`,
      fix: 'create the NLB with enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false (ServiceBackend does so by default), or put the service behind an ALB, which REST APIs reach through VPC link v2 and its security group',
    });
  }

  /** The route's place in the props, for error messages. */
  private routePropOf(route: Route): string {
    const index = this.props.routes.indexOf(route);
    return `${index >= 0 ? `routes[${index}]` : 'addRoute(route)'}.target.backend`;
  }

  /** True the first time a backend is seen: its security groups are opened once. */
  private admit(backend: { node: { path: string } }): boolean {
    if (this.admitted.has(backend.node.path)) return false;
    this.admitted.add(backend.node.path);
    return true;
  }

  /** The gateway's one VPC link v1, created on first use; every NLB backend joins it. */
  private nlbVpcLink(nlb: elbv2.INetworkLoadBalancer): apigw.VpcLink {
    if (!this.vpcLinkV1) {
      this.vpcLinkV1 = new apigw.VpcLink(this, 'VpcLink', { description: `NLB backends of ${this.node.path}` });
      this.vpcLinks.push(this.vpcLinkV1);
    }
    if (!this.vpcLinkTargets.has(nlb)) {
      this.vpcLinkTargets.add(nlb);
      this.vpcLinkV1.addTargets(nlb);
    }
    return this.vpcLinkV1;
  }

  /** One invoke permission per function, for any method of this API's stages. */
  private grantInvoke(fn: lambda.IFunction): void {
    const key = fn.node.path;
    if (this.lambdaPermissions.has(key)) return;
    this.lambdaPermissions.add(key);
    new lambda.CfnPermission(this, `Invoke${safeId(fn.node.id)}${shortHash(key)}`, {
      action: 'lambda:InvokeFunction',
      functionName: fn.functionArn,
      principal: 'apigateway.amazonaws.com',
      sourceArn: this.restApi.arnForExecuteApi('*', '/*', '*'),
    });
  }

  // ---------------------------------------------------------------- stage

  /** A route's stage method setting (its throttle, its cache), if it needs one. */
  private methodSetting(route: Route): apigw.CfnStage.MethodSettingProperty | undefined {
    const cached = this.cachedRouteKeys.has(routeKey(route));
    if (!route.throttle && !cached) return undefined;
    const throttle = this.props.throttle ?? DEFAULT_REST_GATEWAY_THROTTLE;
    return {
      httpMethod: route.method === HttpMethod.ANY ? '*' : route.method,
      // Method settings escape the path's slashes as ~1; the root is "/".
      resourcePath: route.path === '/' ? '/' : `/${route.path.replace(/\//g, '~1')}`,
      throttlingRateLimit: route.throttle?.rateLimit ?? throttle.rateLimit ?? DEFAULT_REST_GATEWAY_THROTTLE.rateLimit,
      throttlingBurstLimit: route.throttle?.burstLimit ?? throttle.burstLimit ?? DEFAULT_REST_GATEWAY_THROTTLE.burstLimit,
      // A method setting overrides the stage's; request bodies never go to execution logs.
      dataTraceEnabled: false,
      ...(cached ? { cachingEnabled: true, cacheTtlInSeconds: (this.props.cache?.ttl ?? Duration.minutes(5)).toSeconds(), cacheDataEncrypted: true } : {}),
    };
  }

  private createStage(built: BuiltRoute[]): apigw.Stage {
    const props = this.props;
    const throttle = props.throttle ?? DEFAULT_REST_GATEWAY_THROTTLE;
    const caching = this.cachedRouteKeys.size > 0;
    const stage = new apigw.Stage(this, 'Stage', {
      deployment: this.deployment,
      stageName: props.stageName ?? 'prod',
      accessLogDestination: new apigw.LogGroupLogDestination(this.logGroup),
      accessLogFormat: accessLogFormat('REST'),
      tracingEnabled: props.tracing ?? true,
      metricsEnabled: props.detailedMetrics ?? true,
      loggingLevel: props.loggingLevel ?? apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      throttlingRateLimit: throttle.rateLimit ?? DEFAULT_REST_GATEWAY_THROTTLE.rateLimit,
      throttlingBurstLimit: throttle.burstLimit ?? DEFAULT_REST_GATEWAY_THROTTLE.burstLimit,
      cacheClusterEnabled: caching ? true : undefined,
      cacheClusterSize: caching ? (props.cache?.clusterSize ?? '0.5') : undefined,
    });
    // The L2 renders its common /*/* setting; route settings (and routes added later) join it.
    const cfnStage = stage.node.defaultChild as apigw.CfnStage;
    const common = (cfnStage.methodSettings ?? []) as apigw.CfnStage.MethodSettingProperty[];
    const routeSettings = built.map(({ route }) => this.methodSetting(route)).filter((x): x is apigw.CfnStage.MethodSettingProperty => x !== undefined);
    cfnStage.methodSettings = Lazy.any({ produce: () => [...common, ...routeSettings, ...this.laterMethodSettings] });
    if (props.canary) {
      if (props.canary.stableDeploymentId) cfnStage.deploymentId = props.canary.stableDeploymentId;
      cfnStage.canarySetting = {
        deploymentId: this.deployment.deploymentId,
        percentTraffic: props.canary.percentTraffic,
        stageVariableOverrides: props.canary.stageVariableOverrides,
        useStageCache: props.canary.useStageCache ?? false,
      };
    }
    return stage;
  }

  /**
   * Everything a deployment snapshots: when any of it changes the deployment's logical id
   * does, so CloudFormation creates a new deployment and the stage serves the change.
   * Methods in nested stacks are otherwise invisible to the parent's deployment.
   */
  private deploymentFingerprint(built: BuiltRoute[]): Record<string, unknown> {
    return {
      routes: built.map(({ route, auth }) => ({
        key: routeKey(route),
        target: route.target.description,
        type: route.target.type,
        // Construct paths, not tokens: swapping a backend or function for another redeploys.
        backend: route.target.backend?.node.path,
        function: route.target.function?.node.path,
        authorizer: auth.handler?.node.path ?? auth.userPool?.node.path,
        authorizerOptions: auth.lambdaOptions ? {
          ...auth.lambdaOptions, resultsCacheTtl: auth.lambdaOptions.resultsCacheTtl?.toSeconds(),
        } : undefined,
        backendPath: route.target.backendPath,
        url: route.target.url,
        timeout: route.target.timeout?.toMilliseconds(),
        auth: auth.describe(),
        scopes: auth.scopes,
        apiKeyRequired: route.apiKeyRequired ?? false,
        schema: route.requestSchema,
        headers: Object.fromEntries(Object.entries(route.injectHeaders ?? {}).map(([k, v]) => [k, `${v.type}:${v.value}`])),
        roles: route.requiredRoles,
        operationName: route.operationName,
      })),
      identityHeaders: this.props.identityHeaders,
      cors: this.props.cors ? { ...this.props.cors, maxAge: this.props.cors.maxAge?.toSeconds() } : undefined,
      cache: this.props.cache?.routes,
    };
  }
}

/**
 * The route summary recorded as metadata for the synth summary. It names the authorization
 * as declared (a JWT, not the bundled authorizer function that verifies it).
 */
function summary({ route }: BuiltRoute, declared: Authorization): { method: string; path: string; target: string; authorization: string } {
  const extras = [
    ...(route.requiredRoles ? [`roles=${route.requiredRoles.join(',')}`] : []),
    ...(route.apiKeyRequired ? ['api key'] : []),
  ];
  return {
    method: route.method, path: route.path, target: route.target.description,
    authorization: [declared.describe(), ...extras].join(' '),
  };
}

/** The tree keys of a path's segments (parameters by position, as the resource tree keys them). */
function restSegments(path: string): string[] {
  const parsed = parseRoutePath(path);
  if (!('segments' in parsed)) return [];
  return parsed.segments.map((seg) => (seg.parameter === undefined ? seg.text : seg.greedy ? '{+}' : '{}'));
}

/** CDK refuses stack descriptions over 512 characters, so long subtree lists are cut. */
function shardDescription(gatewayPath: string, subtrees: string[]): string {
  const text = `Routes of ${gatewayPath} under ${subtrees.join(', ')}`;
  return text.length <= 512 ? text : `${text.slice(0, 509)}...`;
}
