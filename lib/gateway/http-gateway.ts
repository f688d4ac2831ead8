import { createHash } from 'crypto';
import { Annotations, Duration, Lazy, Names, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Authorization, AuthorizationType, LambdaAuthorizerType } from '../auth/authorization';
import { registerRouteRoles } from '../auth/route-roles';
import {
  identityHeaders, IdentityHeadersOptions, validateIdentityClaims, validateIdentityHeaders, validateInjectedClaims,
} from '../auth/identity-headers';
import { validateAuthorization } from '../auth/validate-authorization';
import type { IServiceBackend } from '../backends/service-backend-interface';
import { TopologyValidationError } from '../errors';
import { httpGatewayManifest } from '../manifest/http-gateway-manifest';
import { recordRouteManifest } from '../manifest/route-manifest-writer';
import { httpGatewayTopology } from '../manifest/topology-parts';
import { recordTopology } from '../manifest/topology-recorder';
import { encryptedAccessLogGroup } from '../private/access-log-group';
import { warnPastAdjustableQuota } from './quota-warnings';
import {
  checkApiMappingKey, checkCorsLists, checkDomainName, CorsLists, checkDuration, checkIntegrationTimeout, checkNumber, checkText, CORS_MAX_AGE,
  HTTP_API_DESCRIPTION, HTTP_API_NAME, HTTP_API_ROUTES_QUOTA, HTTP_STAGE_NAME, SHARD_COUNT, SHARD_RESOURCES, SHARDING_THRESHOLD,
} from '../private/aws-rules';
import { accessLogFormat } from '../observability/access-log-format';
import { lifecycleHeaders, Route, RouteThrottle, routeKey } from '../routes/route';
import { RouteTargetType } from '../routes/route-target';
import { validateRoutes, validateThrottle } from '../routes/validate-routes';
import { ListenerIntegration } from './http/listener-integration';
import { backendPathMapping, headerMappings, mergeHeaders } from './http/parameter-mapping';
import { checkRouteLifecycle, lifecycleResponseParameters, warnLifecycleHeadersNotSent } from './http/lifecycle-responses';
import { HttpRouteShard } from './http/route-shard';
import { defaultBucketCount, planRouteShards, ShardPlanner } from './http/route-shards';
import { SharedAuthorizer } from './http/shared-authorizer';
import { SharedIntegration } from './http/shared-integration';
import { translatorSendsLifecycleHeaders } from '../manifest/route-contract';
import { SharedVpcLink, sharedVpcLink } from './shared-vpc-link';

/** The stage throttle an {@link HttpGateway} applies when none is given. */
export const DEFAULT_HTTP_GATEWAY_THROTTLE: Required<RouteThrottle> = { rateLimit: 1000, burstLimit: 2000 };

/** The metadata key under which a gateway records its routes for the synth summary. */
export const ROUTES_METADATA_KEY = 'cdk-gateway-topology:routes';

/** aws-cdk-lib's HttpIntegration refuses timeouts past 29 s; HTTP APIs take up to 30 s, set on the L1. */
const CDK_MAX_HTTP_INTEGRATION_TIMEOUT_MS = 29_000;

/**
 * Integrations per HTTP API: 300, a quota that cannot be increased, while "Routes per API"
 * (300) can be, per API, through Service Quotas
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
 * So routes may grow to thousands (sharded into nested stacks, with a warning naming the
 * routes quota) but integrations must not grow with them: one integration serves every
 * route with the same target, backend path, header set and timeout, and synth refuses the
 * 301st. Shared integrations are also what lets a route cost one resource.
 */
const MAX_HTTP_INTEGRATIONS = 300;

/** Routes above which an HttpGateway shards, and routes per shard, unless `sharding` says otherwise. */
const DEFAULT_SHARDING_THRESHOLD = 300;
const DEFAULT_ROUTES_PER_SHARD = 400;

/** A custom domain for an {@link HttpGateway}. */
export interface HttpGatewayCustomDomain {
  /** The domain name (`api.example.com`). */
  readonly domainName: string;
  /** An ACM certificate for the domain, in the gateway's region. */
  readonly certificate: acm.ICertificate;
  /**
   * The path under the domain the API is mapped to.
   * @default - the API answers at the domain's root
   */
  readonly mappingKey?: string;
}

/** The options of an {@link HttpGateway} but its routes. */
export interface HttpGatewayOptions {
  /**
   * The authorization of every route that declares none.
   * @default - every route must declare its own authorization
   */
  readonly defaultAuthorization?: Authorization;
  /**
   * The identity headers written into requests to SERVICE and HTTP_URL targets. The
   * tokens should carry the user and tenant claims named here: the mapping reads them
   * from the verified token, with no fallback value.
   * @default - X-User-ID from the `sub` claim, X-Tenant-ID from the `tenant_id` claim, X-Request-ID from the request id
   */
  readonly identityHeaders?: IdentityHeadersOptions;
  /**
   * The stage's name: `$default` serves the API from the root of its URL, any other name
   * becomes the URL's first path segment.
   * @default '$default'
   */
  readonly stageName?: string;
  /**
   * The stage's default throttle; routes with their own throttle override it.
   * @default DEFAULT_HTTP_GATEWAY_THROTTLE (1000 requests per second, burst 2000), well under the account limit so one API cannot starve the others
   */
  readonly throttle?: RouteThrottle;
  /**
   * CORS preflight answered by API Gateway.
   * @default - no CORS: browsers on other origins cannot call the API
   */
  readonly cors?: apigwv2.CorsPreflightOptions;
  /**
   * A custom domain with an ACM certificate (TLS 1.2).
   * @default - only the execute-api endpoint
   */
  readonly customDomain?: HttpGatewayCustomDomain;
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
   * The routes above which routes are sharded into nested stacks, and the routes of one shard.
   * @default - shard past 300 routes, 400 per shard
   */
  readonly sharding?: HttpShardingOptions;
}

/**
 * When and how an {@link HttpGateway} spreads its routes over nested stacks. The same
 * options as a RestGateway's; on an HTTP API every estimated resource is a route, because
 * integrations are shared and stay, with the API, stage and authorizers, in the gateway's stack.
 */
export interface HttpShardingOptions {
  /**
   * Estimated resources (routes) above which routes move into nested stacks. Decided when
   * the gateway is built, from the routes in its props: routes added later with `addRoute`
   * follow that decision. 0 shards from the first route, which suits an API that will grow
   * (turning sharding on later moves every route into a nested stack: deploy that change on
   * its own, after removing the routes, or API Gateway refuses the second route of each key).
   * @default 300
   */
  readonly threshold?: number;
  /**
   * Estimated resources (routes) per nested stack; CloudFormation allows 500.
   * @default 400
   */
  readonly resourcesPerShard?: number;
  /**
   * The number of shard buckets. Each route lives in the bucket its route key hashes to, so
   * adding or removing routes moves no other route between nested stacks; pin this once an
   * API is sharded, because changing it moves some routes (deploy that change on its own,
   * with no other route changes).
   * @default - enough buckets to fill each to two thirds of `resourcesPerShard`
   */
  readonly shardCount?: number;
}

/** Properties of an {@link HttpGateway}. */
export interface HttpGatewayProps extends HttpGatewayOptions {
  /** The routes of the API; at least one. More can be added with `addRoute`. */
  readonly routes: Route[];
}

/** One route of an {@link HttpGateway}, as declared and as built. */
export interface HttpGatewayRoute {
  /** The declaration. */
  readonly route: Route;
  /** The authorization in force: the route's own or the gateway default. */
  readonly authorization: Authorization;
  /** The API Gateway route. */
  readonly httpRoute: apigwv2.HttpRoute;
}

/** One route as recorded in the construct metadata for the synth summary. */
export interface RouteSummary {
  /** HTTP method. */
  readonly method: string;
  /** Route path. */
  readonly path: string;
  /** The target's description. */
  readonly target: string;
  /** The authorization's description. */
  readonly authorization: string;
}

/**
 * An API Gateway v2 HTTP API built from a route table: authorizers, integrations to
 * services (through one shared VPC link per VPC), Lambda functions and URLs, identity
 * headers injected with overwrite, per-route throttling, encrypted JSON access logs,
 * CORS and an optional custom domain.
 *
 * Identity headers reach SERVICE and HTTP_URL targets only: HTTP APIs do not map request
 * parameters into Lambda proxy integrations, so a Lambda target reads the caller's
 * identity from `requestContext.authorizer` (claims under `jwt.claims`, a Lambda
 * authorizer's context under `lambda`) instead.
 *
 * @example
 * new HttpGateway(stack, 'Api', {
 *   defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']),
 *   routes: [
 *     { method: HttpMethod.GET, path: '/orders/{orderId}', target: RouteTarget.service(orders) },
 *   ],
 * });
 */
export class HttpGateway extends Construct {
  /** The HTTP API. */
  public readonly httpApi: apigwv2.HttpApi;
  /** The stage (`$default` unless `stageName` says otherwise), auto-deployed. */
  public readonly stage: apigwv2.HttpStage;
  /** The access-log group. */
  public readonly logGroup: logs.LogGroup;
  /** The key encrypting the access logs. */
  public readonly encryptionKey: kms.IKey;
  /** The custom domain, when one is configured. */
  public readonly domainName?: apigwv2.DomainName;
  /** The mapping of the API onto the custom domain, when one is configured. */
  public readonly apiMapping?: apigwv2.ApiMapping;
  /** The gateway's default authorization, when given. */
  public readonly defaultAuthorization?: Authorization;
  /** The nested stacks holding the routes of a large API, in bucket order (empty for a small one). */
  public readonly shards: HttpRouteShard[] = [];

  private readonly customDomain?: HttpGatewayCustomDomain;
  private readonly identityOptions: IdentityHeadersOptions;
  private readonly stageThrottle: Required<RouteThrottle>;
  private readonly integrationScope: Construct;
  private readonly builtRoutes: HttpGatewayRoute[] = [];
  private readonly summaries: RouteSummary[] = [];
  private readonly routeSettings: Record<string, Record<string, unknown>> = {};
  private readonly authorizerCache = new Map<string, SharedAuthorizer>();
  private readonly integrationCache = new Map<string, SharedIntegration>();
  private readonly links = new Map<string, SharedVpcLink>();
  private readonly admitted = new Set<string>();
  /** Where routes go when the gateway is sharded; undefined while every route is in the gateway's stack. */
  private shardPlanner?: ShardPlanner;
  private readonly shardByBucket = new Map<number, HttpRouteShard>();
  private readonly throttledShards = new Set<HttpRouteShard>();

  constructor(scope: Construct, id: string, props: HttpGatewayProps) {
    super(scope, id);
    validateRoutes(this, 'routes', props.routes, [], 'HTTP');
    if (props.defaultAuthorization) validateAuthorization(this, 'defaultAuthorization', props.defaultAuthorization, 'HTTP');
    if (props.throttle) validateThrottle(this, 'throttle', props.throttle);
    validateHttpApiValues(this, props);
    validateIdentityHeaders(this, props.identityHeaders ?? {}, 'HTTP');
    validateCustomDomain(this, props.customDomain);
    checkNumber(this, 'sharding.threshold', props.sharding?.threshold, SHARDING_THRESHOLD);
    checkNumber(this, 'sharding.resourcesPerShard', props.sharding?.resourcesPerShard, SHARD_RESOURCES);
    checkNumber(this, 'sharding.shardCount', props.sharding?.shardCount, SHARD_COUNT);

    this.defaultAuthorization = props.defaultAuthorization;
    this.customDomain = props.customDomain;
    this.identityOptions = props.identityHeaders ?? {};
    this.stageThrottle = {
      rateLimit: props.throttle?.rateLimit ?? DEFAULT_HTTP_GATEWAY_THROTTLE.rateLimit,
      burstLimit: props.throttle?.burstLimit ?? DEFAULT_HTTP_GATEWAY_THROTTLE.burstLimit,
    };

    const accessLogs = encryptedAccessLogGroup(this, props.accessLogEncryptionKey, props.accessLogRetention);
    this.encryptionKey = accessLogs.encryptionKey;
    this.logGroup = accessLogs.logGroup;

    this.httpApi = new apigwv2.HttpApi(this, 'Resource', {
      apiName: props.apiName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: props.description,
      corsPreflight: props.cors,
      createDefaultStage: false,
    });

    const userClaim = this.identityOptions.userIdClaim ?? 'sub';
    const tenantClaim = this.identityOptions.tenantIdClaim ?? 'tenant_id';
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: props.stageName ?? '$default',
      autoDeploy: true,
      throttle: this.stageThrottle,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.logGroup),
        format: accessLogFormat('HTTP', {
          userExpression: `$context.authorizer.claims.${userClaim}`,
          tenantExpression: `$context.authorizer.claims.${tenantClaim}`,
        }, this),
      },
    });
    // Per-route throttling exists only on the L1 stage; rendered lazily so addRoute() counts.
    (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
    });

    if (props.customDomain) {
      this.domainName = new apigwv2.DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: props.customDomain.certificate,
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
      this.apiMapping = new apigwv2.ApiMapping(this, 'ApiMapping', {
        api: this.httpApi,
        domainName: this.domainName,
        stage: this.stage,
        apiMappingKey: props.customDomain.mappingKey,
      });
    }

    this.integrationScope = new Construct(this, 'Integrations');
    // The array is recorded by reference, so routes added later appear in the summary too.
    this.node.addMetadata(ROUTES_METADATA_KEY, this.summaries);
    // The route manifest is read at synth, when every route (addRoute too) is built.
    recordRouteManifest(this, () => httpGatewayManifest(this));
    recordTopology(this, () => httpGatewayTopology(this));
    warnPastAdjustableQuota(this, HTTP_API_ROUTES_QUOTA, () => this.builtRoutes.length);
    const prepared = props.routes.map((route, i) => this.prepareRoute(route, `routes[${i}]`));
    const buckets = this.planShards(prepared, props.sharding);
    for (const p of prepared) this.buildRoute(p, buckets?.get(routeKey(p.route)));
  }

  /** The routes, in the order declared. */
  public get routes(): HttpGatewayRoute[] {
    return [...this.builtRoutes];
  }

  /** The route authorizers in use, one per distinct authorization. */
  public get authorizers(): apigwv2.IHttpRouteAuthorizer[] {
    return [...this.authorizerCache.values()].map((a) => a.inner);
  }

  /** The integrations, one per distinct target, backend path and header set. */
  public get integrations(): apigwv2.HttpIntegration[] {
    return [...this.integrationCache.values()].map((i) => i.created).filter((i): i is apigwv2.HttpIntegration => i !== undefined);
  }

  /** The shared VPC links this gateway's routes use, one per VPC. */
  public get vpcLinks(): SharedVpcLink[] {
    return [...this.links.values()];
  }

  /** The API's URL: the custom domain when there is one, else the stage URL. */
  public get url(): string {
    if (this.customDomain) {
      const key = this.customDomain.mappingKey;
      return `https://${this.customDomain.domainName}/${key ? `${key}/` : ''}`;
    }
    return this.stage.url;
  }

  /**
   * Adds a route, validated like the routes given in the props. On a sharded gateway it is
   * built in the nested stack its route key hashes to.
   */
  public addRoute(route: Route): apigwv2.HttpRoute {
    const at = 'addRoute(route)';
    validateRoutes(this, at, [route], this.builtRoutes.map((r) => r.route), 'HTTP');
    const prepared = this.prepareRoute(route, at);
    let bucket: number | undefined;
    if (this.shardPlanner) {
      bucket = this.shardPlanner.place(prepared);
      if (bucket === undefined) throw this.shardsFull(at, routeKey(route));
    }
    return this.buildRoute(prepared, bucket);
  }

  /**
   * Decides whether the routes are sharded and where each goes: by route key, so that no
   * route's place depends on the others' (see route-shards.ts).
   */
  private planShards(prepared: PreparedRoute[], sharding: HttpShardingOptions | undefined): Map<string, number> | undefined {
    const threshold = sharding?.threshold ?? DEFAULT_SHARDING_THRESHOLD;
    if (prepared.length <= threshold) return undefined;
    const capacity = sharding?.resourcesPerShard ?? DEFAULT_ROUTES_PER_SHARD;
    const bucketCount = sharding?.shardCount ?? defaultBucketCount(prepared.length, capacity);
    this.shardPlanner = new ShardPlanner(bucketCount, capacity);
    const plan = planRouteShards(prepared, this.shardPlanner);
    if ('full' in plan) throw this.shardsFull('sharding.shardCount', sharding?.shardCount, prepared.length);
    if (sharding?.shardCount === undefined) {
      Annotations.of(this).addInfo(`${this.node.path} spreads its ${prepared.length} routes over ${bucketCount} nested stacks; `
        + 'pin sharding.shardCount to that count so that growth never moves routes between stacks');
    }
    return plan.buckets;
  }

  private shardsFull(prop: string, received: unknown, routes = this.builtRoutes.length + 1): TopologyValidationError {
    const planner = this.shardPlanner!;
    return new TopologyValidationError(this, {
      prop, received,
      problem: `${routes} routes do not fit in ${planner.bucketCount} nested stacks of at most ${planner.capacity} routes `
        + `and ${planner.referenceBudget} integrations and authorizers each`,
      fix: 'raise sharding.shardCount or sharding.resourcesPerShard (either moves some routes between nested stacks once; deploy that change on its own)',
    });
  }

  /** The nested stack of a bucket, created when its first route arrives. */
  private shardOf(bucket: number): HttpRouteShard {
    let shard = this.shardByBucket.get(bucket);
    if (!shard) {
      shard = new HttpRouteShard(this, `Shard${bucket + 1}`, {
        httpApi: this.httpApi,
        description: `Routes of ${this.node.path}, bucket ${bucket + 1} of ${this.shardPlanner!.bucketCount}`.slice(0, 512),
      });
      this.shardByBucket.set(bucket, shard);
      this.shards.push(shard);
      this.shards.sort((a, b) => bucketNumber(a) - bucketNumber(b));
    }
    return shard;
  }

  /** Validates a route and creates (or reuses) its authorizer and integration in the gateway's stack. */
  private prepareRoute(route: Route, at: string): PreparedRoute {
    const authorization = route.authorization ?? this.defaultAuthorization;
    if (!authorization) {
      throw new TopologyValidationError(this, {
        prop: `${at}.authorization`, received: undefined,
        problem: `route ${routeKey(route)} has no authorization and the gateway has no defaultAuthorization`,
        fix: 'set defaultAuthorization on the gateway, give the route its own authorization, or make it public with Authorization.none("why it is public")',
      });
    }
    const authAt = route.authorization ? `${at}.authorization` : 'defaultAuthorization';
    validateAuthorization(this, authAt, authorization, 'HTTP');
    validateIdentityClaims(this, this.identityOptions, authorization, 'HTTP');
    validateInjectedClaims(this, at, route, authorization, 'HTTP');
    this.checkHttpApiSupport(route, authorization, at, authAt);
    checkRouteLifecycle(this, at, route);

    const authorizer = this.authorizerFor(authorization, authAt);
    const integration = this.integrationFor(route, authorization, at);
    return {
      route, authorization, authorizer, integration,
      key: routeKey(route),
      references: [integration.identity, ...(authorization.type === AuthorizationType.NONE || authorization.type === AuthorizationType.IAM ? [] : [authorizer.identity])],
    };
  }

  /** Builds a prepared route: in the gateway's stack, or in the nested stack of its bucket. */
  private buildRoute({ route, authorization, authorizer, integration }: PreparedRoute, bucket: number | undefined): apigwv2.HttpRoute {
    const shard = bucket === undefined ? undefined : this.shardOf(bucket);
    const scoped = authorization.type === AuthorizationType.JWT || authorization.type === AuthorizationType.COGNITO;
    const httpRoute = new apigwv2.HttpRoute(shard ?? this, routeKey(route), {
      httpApi: shard?.httpApi ?? this.httpApi,
      routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method as keyof typeof apigwv2.HttpMethod]),
      integration,
      authorizer,
      authorizationScopes: scoped && authorization.scopes?.length ? authorization.scopes : undefined,
    });
    // The L2 route has no operation name; the L1 takes it, so the prop is not dropped.
    if (route.operationName !== undefined) (httpRoute.node.defaultChild as apigwv2.CfnRoute).operationName = route.operationName;
    if (authorization.type === AuthorizationType.NONE) {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `Public by design, declared with Authorization.none: ${authorization.reason}`,
      });
    }

    if (route.throttle) {
      this.routeSettings[routeKey(route)] = {
        ThrottlingRateLimit: route.throttle.rateLimit ?? this.stageThrottle.rateLimit,
        ThrottlingBurstLimit: route.throttle.burstLimit ?? this.stageThrottle.burstLimit,
        DetailedMetricsEnabled: true,
      };
      // Route settings name routes by key; CloudFormation rejects a key whose route does not exist yet.
      if (!shard) {
        this.stage.node.addDependency(httpRoute);
      } else if (!this.throttledShards.has(shard)) {
        this.throttledShards.add(shard);
        this.stage.node.addDependency(shard.nestedStackResource!);
      }
    }
    if (route.requiredRoles) registerRouteRoles(this, route, authorization);

    this.builtRoutes.push({ route, authorization, httpRoute });
    this.summaries.push({
      method: route.method, path: route.path, target: route.target.description, authorization: authorization.describe(),
    });
    return httpRoute;
  }

  /** Rejects what an HTTP API cannot do, naming the flavour that can. */
  private checkHttpApiSupport(route: Route, auth: Authorization, at: string, authAt: string): void {
    if (route.apiKeyRequired) {
      throw new TopologyValidationError(this, {
        prop: `${at}.apiKeyRequired`, received: true,
        problem: 'HTTP APIs have no API keys or usage plans',
        fix: 'declare the route on a RestGateway (which supports API keys and consumer plans), or remove apiKeyRequired',
      });
    }
    if (auth.type === AuthorizationType.LAMBDA && auth.lambdaOptions?.type === LambdaAuthorizerType.TOKEN) {
      throw new TopologyValidationError(this, {
        prop: `${authAt}.type`, received: LambdaAuthorizerType.TOKEN,
        problem: 'HTTP APIs have no TOKEN Lambda authorizers',
        fix: 'use LambdaAuthorizerType.REQUEST with identitySources ["$request.header.Authorization"], or a RestGateway, which supports TOKEN authorizers',
      });
    }
    if (route.requestSchema !== undefined && route.target.type !== RouteTargetType.LAMBDA) {
      throw new TopologyValidationError(this, {
        prop: `${at}.requestSchema`, received: route.requestSchema,
        problem: `HTTP APIs cannot validate request bodies for ${route.target.type} targets`,
        fix: 'declare the route on a RestGateway, which supports request validation, or target a Lambda function (the gRPC translator) that validates the body itself',
      });
    }
    checkIntegrationTimeout(this, `${at}.target.timeout`, route.target.timeout, 'HTTP');
    if (route.requiredRoles && !(auth.type === AuthorizationType.LAMBDA && auth.lambdaOptions?.rolesKey)) {
      throw new TopologyValidationError(this, {
        prop: `${at}.requiredRoles`, received: route.requiredRoles,
        problem: `the route's authorization (${auth.describe()}) carries no roles, so nothing could enforce them`,
        fix: 'authorize the route with a Lambda authorizer that puts roles in its context (Authorization.lambda(fn, { rolesKey: "roles" }), for example JwtAuthorizerFunction.authorization()), or remove requiredRoles',
      });
    }
  }

  /** One route authorizer per distinct authorization, shared by every route that uses it. */
  private authorizerFor(auth: Authorization, authAt: string): SharedAuthorizer {
    let key: string;
    let create: (id: string) => apigwv2.IHttpRouteAuthorizer;
    switch (auth.type) {
      case AuthorizationType.JWT:
        key = `jwt ${auth.issuer} ${[...auth.audiences!].sort().join(',')}`;
        create = (id) => new authorizers.HttpJwtAuthorizer(id, auth.issuer!, {
          jwtAudience: auth.audiences!,
          identitySource: ['$request.header.Authorization'],
        });
        break;
      case AuthorizationType.COGNITO: {
        const clients = auth.userPoolClients ?? [];
        if (clients.length === 0) {
          throw new TopologyValidationError(this, {
            prop: `${authAt}.userPoolClients`, received: auth.userPoolClients,
            problem: 'HTTP APIs verify Cognito tokens as JWTs and need the app clients as audiences',
            fix: 'pass Authorization.cognito(pool, { userPoolClients: [client] })',
          });
        }
        key = `cognito ${auth.userPool!.node.path} ${clients.map((c) => c.node.path).sort().join(',')}`;
        create = (id) => new authorizers.HttpUserPoolAuthorizer(id, auth.userPool!, {
          userPoolClients: clients,
          identitySource: ['$request.header.Authorization'],
        });
        break;
      }
      case AuthorizationType.LAMBDA: {
        const options = auth.lambdaOptions ?? {};
        const ttl = options.resultsCacheTtl ?? Duration.minutes(5);
        let sources = options.identitySources ?? ['$request.header.Authorization'];
        // A cached answer is reused for every route with the same identity sources. When the
        // authorizer decides by role per route, the route must be part of the cache key, or an
        // answer cached on an open route would let the caller into a role-restricted one.
        const caches = ttl.isUnresolved() || ttl.toSeconds() > 0;
        if (options.rolesKey && caches && !sources.includes('$context.routeKey')) sources = [...sources, '$context.routeKey'];
        key = `lambda ${auth.handler!.node.path} ${sources.join(',')} ${ttl.isUnresolved() ? ttl.toString() : ttl.toSeconds()}`;
        create = (id) => new authorizers.HttpLambdaAuthorizer(id, auth.handler!, {
          identitySource: sources,
          resultsCacheTtl: ttl,
          // IAM policy responses: the same function answers REST APIs, which accept only those.
          responseTypes: [authorizers.HttpLambdaResponseType.IAM],
        });
        break;
      }
      case AuthorizationType.IAM:
        key = 'iam';
        create = () => new authorizers.HttpIamAuthorizer();
        break;
      case AuthorizationType.NONE:
        key = 'none';
        create = () => new apigwv2.HttpNoneAuthorizer();
        break;
    }
    let authorizer = this.authorizerCache.get(key);
    if (!authorizer) {
      authorizer = new SharedAuthorizer(create(`${pascal(auth.type)}Authorizer${shortHash(key)}`), this.httpApi, key);
      this.authorizerCache.set(key, authorizer);
    }
    return authorizer;
  }

  /** One integration per distinct target, backend path, header set and timeout. */
  private integrationFor(route: Route, auth: Authorization, at: string): SharedIntegration {
    const target = route.target;
    // The timeout reaches the L1 through SharedIntegration; the L2 gets it only where it accepts it.
    const timeout = target.timeout && (target.timeout.isUnresolved() || target.timeout.toMilliseconds() <= CDK_MAX_HTTP_INTEGRATION_TIMEOUT_MS)
      ? target.timeout : undefined;
    const timeoutKey = target.timeout ? (target.timeout.isUnresolved() ? target.timeout.toString() : String(target.timeout.toMilliseconds())) : '';
    let key: string;
    let name: string;
    let create: (id: string) => apigwv2.HttpRouteIntegration;
    switch (target.type) {
      case RouteTargetType.SERVICE: {
        const backend = target.backend!;
        const link = this.vpcLinkFor(backend, `${at}.target.backend.vpc`);
        const mappings = this.headerMappingsFor(route, auth);
        if (target.backendPath !== undefined) mappings['overwrite:path'] = backendPathMapping(target.backendPath);
        key = `service ${backend.node.path} ${canonical(mappings)} ${timeoutKey}`;
        name = `Service${safeName(backend.backendName)}`;
        create = (id) => new ListenerIntegration(id, {
          listenerArn: backend.listenerArn,
          vpcLink: link.vpcLink,
          parameterMapping: apigwv2.ParameterMapping.fromObject(toMappingValues(mappings)),
          timeout,
        });
        break;
      }
      case RouteTargetType.HTTP_URL: {
        const mappings = this.headerMappingsFor(route, auth);
        key = `url ${target.url} ${canonical(mappings)} ${timeoutKey}`;
        name = 'Url';
        create = (id) => new integrations.HttpUrlIntegration(id, target.url!, {
          method: apigwv2.HttpMethod.ANY,
          parameterMapping: apigwv2.ParameterMapping.fromObject(toMappingValues(mappings)),
          timeout,
        });
        break;
      }
      case RouteTargetType.LAMBDA: {
        const fn = target.function!;
        key = `lambda ${fn.node.path} ${timeoutKey}`;
        name = `Lambda${safeName(fn.node.id)}`;
        create = (id) => new integrations.HttpLambdaIntegration(id, fn, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
          timeout,
          // One permission per function and API instead of one per route: a route costs one resource.
          scopePermissionToRoute: false,
        });
        break;
      }
      default:
        throw new TopologyValidationError(this, {
          prop: `${at}.target.type`, received: target.type,
          problem: 'HttpGateway does not know this target type',
          fix: 'use RouteTarget.service(...), RouteTarget.lambda(...) or RouteTarget.httpUrl(...)',
        });
    }
    // A deprecated route's headers are added by the integration's response parameters (HTTP_PROXY
    // integrations); a Lambda answers for itself: the translator adds them from its configuration.
    const lifecycle = lifecycleHeaders(route.lifecycle);
    const responseParameters = target.type !== RouteTargetType.LAMBDA ? lifecycleResponseParameters(lifecycle) : undefined;
    if (responseParameters) key = `${key} lifecycle ${canonical(lifecycle)}`;
    else if (target.type === RouteTargetType.LAMBDA && !translatorSendsLifecycleHeaders(route)) {
      warnLifecycleHeadersNotSent(this, at, route, 'a Lambda proxy integration answers for itself',
        'return them from the function (the gRPC translator does, with its route\'s lifecycle), or send the route to a service or URL, whose integration adds them');
    }
    let shared = this.integrationCache.get(key);
    if (!shared) {
      // "Integrations per API: 300", a quota that cannot be raised: the stack would roll back.
      if (this.integrationCache.size >= MAX_HTTP_INTEGRATIONS) {
        throw new TopologyValidationError(this, {
          prop: at, received: routeKey(route),
          problem: `the route needs integration ${this.integrationCache.size + 1}, and an HTTP API has at most ${MAX_HTTP_INTEGRATIONS} (a quota that cannot be raised)`,
          fix: 'send routes to shared targets (one service, backend path and header set share one integration), or split the routes over two gateways (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html)',
        });
      }
      const id = `${name}${shortHash(key)}`;
      shared = new SharedIntegration(this.integrationScope, create(id), id, this.httpApi, target.timeout, responseParameters);
      this.integrationCache.set(key, shared);
    }
    return shared;
  }

  /** Identity headers (overwrite, or remove on public routes) with the route's own headers merged over them. */
  private headerMappingsFor(route: Route, auth: Authorization): Record<string, string> {
    return headerMappings(mergeHeaders(identityHeaders(auth, this.identityOptions), route.injectHeaders));
  }

  private vpcLinkFor(backend: IServiceBackend, prop: string): SharedVpcLink {
    const link = sharedVpcLink(this, prop, backend.vpc);
    this.links.set(backend.vpc.node.path, link);
    if (!this.admitted.has(backend.node.path)) {
      this.admitted.add(backend.node.path);
      backend.connections.allowFrom(link.securityGroup, ec2.Port.tcp(backend.listenerPort), `API Gateway VPC link to ${backend.backendName}`);
    }
    return link;
  }

}

/** A route validated, with its authorizer and integration, before it is placed. */
interface PreparedRoute {
  readonly route: Route;
  readonly authorization: Authorization;
  readonly authorizer: SharedAuthorizer;
  readonly integration: SharedIntegration;
  /** The route key, what placement hashes on. */
  readonly key: string;
  /** What a shard holding the route receives as parameters: its integration and authorizer. */
  readonly references: string[];
}

function bucketNumber(shard: HttpRouteShard): number {
  return Number(shard.node.id.slice('Shard'.length));
}

/** The HTTP API's own names and numbers, each against its AWS rule. */
function validateHttpApiValues(scope: Construct, props: HttpGatewayProps): void {
  checkText(scope, 'apiName', props.apiName, HTTP_API_NAME);
  checkText(scope, 'description', props.description, HTTP_API_DESCRIPTION);
  checkText(scope, 'stageName', props.stageName, HTTP_STAGE_NAME);
  checkDuration(scope, 'cors.maxAge', props.cors?.maxAge, CORS_MAX_AGE);
  checkCorsLists(scope, 'cors', props.cors as CorsLists | undefined, 'HTTP');
}

function validateCustomDomain(scope: Construct, domain: HttpGatewayCustomDomain | undefined): void {
  if (!domain) return;
  if (!domain.certificate) {
    throw new TopologyValidationError(scope, {
      prop: 'customDomain.certificate', received: domain.certificate,
      problem: 'a custom domain needs an ACM certificate for its name',
      fix: 'pass certificate: acm.Certificate.fromCertificateArn(...) or a new acm.Certificate for the domain',
    });
  }
  // Regional custom domain names may be wildcards ("*.example.com").
  checkDomainName(scope, 'customDomain.domainName', domain.domainName, { allowWildcard: true });
  checkApiMappingKey(scope, 'customDomain.mappingKey', domain.mappingKey);
}

/** Mapping values as aws-cdk-lib wants them; ours are already rendered expressions. */
function toMappingValues(mappings: Record<string, string>): Record<string, apigwv2.MappingValue> {
  return Object.fromEntries(Object.entries(mappings).map(([k, v]) => [k, apigwv2.MappingValue.custom(v)]));
}

function canonical(mappings: Record<string, string>): string {
  return JSON.stringify(Object.entries(mappings).sort(([a], [b]) => a.localeCompare(b)));
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8).toUpperCase();
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
}

function pascal(type: string): string {
  return type.charAt(0) + type.slice(1).toLowerCase();
}
