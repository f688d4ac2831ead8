import { Annotations, AspectPriority, Aspects, Duration, IAspect, Lazy, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import type { JwtAuthorizerConfig, PolicyScope } from '../../lambda/jwt-authorizer/config';
import { TopologyValidationError } from '../errors';
import { AUTHORIZER_RESULTS_CACHE_TTL, checkDuration, checkHttpsUrl, checkLogRetention, checkUnique } from '../private/aws-rules';
import { handlerCodeWithFiles } from '../private/handler-code';
import { HttpMethod } from '../routes/http-method';
import { parseRoutePath } from '../routes/route-path';
import { Authorization, LambdaAuthorizerType } from './authorization';

/** The longest clock skew the authorizer tolerates: more would keep expired tokens alive. */
const MAX_CLOCK_SKEW = Duration.minutes(5);
/** The shortest JWKS refetch cooldown: shorter lets tokens with made-up kids hammer the issuer. */
const MIN_JWKS_COOLDOWN = Duration.seconds(1);
/** The longest a fetched JWKS is used: longer keeps a key the issuer withdrew trusted for more than a day. */
const MAX_JWKS_CACHE_MAX_AGE = Duration.days(1);

/** Props of {@link JwtAuthorizerFunction}. */
export interface JwtAuthorizerFunctionProps {
  /** The token issuer, exactly as in the tokens' `iss` claim; an https URL. */
  readonly issuer: string;
  /** Accepted `aud` values; a token must carry at least one of them. */
  readonly audiences: string[];
  /**
   * Where the issuer publishes its signing keys; an https URL.
   * @default - `<issuer>/.well-known/jwks.json`
   */
  readonly jwksUrl?: string;
  /**
   * The claim passed on as the context's `userId` (and so as X-User-ID) and as the answer's
   * principal id; a token without it as a non-empty string is denied.
   * @default 'sub'
   */
  readonly userIdClaim?: string;
  /**
   * The claim passed on as the context's `tenantId` (and so as X-Tenant-ID); a token whose
   * claim is there but not a string is denied.
   * @default 'tenant_id'
   */
  readonly tenantIdClaim?: string;
  /**
   * The claim holding the caller's roles: an array of strings or one space- or
   * comma-separated string; a dotted path reads nested claims (`realm_access.roles`).
   * @default 'roles'
   */
  readonly rolesClaim?: string;
  /**
   * The claim passed on as the context's `tier`.
   * @default 'tier'
   */
  readonly tierClaim?: string;
  /**
   * How far `exp`, `nbf` and `iat` may be off from the function's clock; at most five minutes.
   * @default Duration.seconds(60)
   */
  readonly clockSkew?: Duration;
  /**
   * The least time between two fetches of the JWKS caused by tokens whose `kid` the cached
   * key set lacks (jose's `cooldownDuration`): a key the issuer adds is accepted by a warm
   * function at most this long after its last fetch, and tokens with made-up kids cause at
   * most one fetch per cooldown. Whole seconds, at least one second and at most `jwksCacheMaxAge`.
   * @default Duration.seconds(30)
   */
  readonly jwksCooldown?: Duration;
  /**
   * How long a fetched JWKS is used before it is fetched again (jose's `cacheMaxAge`): a
   * key the issuer withdraws stays trusted by a warm function at most this long, plus the
   * authorizer result cache TTL for answers API Gateway already holds. Whole seconds, at
   * most one day.
   * @default Duration.minutes(10)
   */
  readonly jwksCacheMaxAge?: Duration;
  /**
   * OAuth scopes of which a token must carry at least one, read from the `scope` or `scp`
   * claim; the same rule as API Gateway's JWT and Cognito authorizers, which accept a token
   * holding any one of a route's scopes.
   * @default - no scope is required
   */
  readonly requiredScopes?: string[];
  /**
   * Roles required per route, keyed `"METHOD /resource/{param}"` (the REST resource path
   * with its parameters); the caller must hold all of a route's roles. More can be
   * added with {@link JwtAuthorizerFunction.addRouteRoles}.
   * @default - no route requires roles
   */
  readonly routeRoles?: { readonly [routeKey: string]: string[] };
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Options for {@link JwtAuthorizerFunction.authorization}. */
export interface JwtAuthorizationOptions {
  /**
   * TOKEN (REST only, the Authorization header alone) or REQUEST (both API flavours).
   * @default LambdaAuthorizerType.REQUEST
   */
  readonly type?: LambdaAuthorizerType;
  /**
   * How long API Gateway caches the answer per token; at most one hour, `Duration.seconds(0)`
   * turns caching off.
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
  /**
   * Where the token comes from, in HTTP API syntax (RestGateway translates).
   * @default ['$request.header.Authorization']
   */
  readonly identitySources?: string[];
}

/**
 * The bundled JWT authorizer: a Lambda function that verifies RS256/ES256 tokens against
 * the issuer's JWKS and answers with an IAM policy and the context
 * `{ userId, tenantId, roles, tier }`, denying tokens that lack a route's required roles.
 *
 * Use it where API Gateway has no native JWT authorizer (REST APIs):
 * `Authorization` for routes comes from {@link JwtAuthorizerFunction.authorization}.
 *
 * @example
 * const authorizer = new JwtAuthorizerFunction(stack, 'Authorizer', {
 *   issuer: 'https://auth.example.com/',
 *   audiences: ['orders-api'],
 * });
 * new RestGateway(stack, 'Api', { defaultAuthorization: authorizer.authorization(), routes });
 */
export class JwtAuthorizerFunction extends Construct {
  /** The authorizer function. */
  public readonly function: lambda.Function;
  /** The function's execution role. */
  public readonly role: iam.Role;
  /** The function's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The token issuer. */
  public readonly issuer: string;
  /** The accepted audiences. */
  public readonly audiences: string[];
  /** The JWKS URL the function fetches keys from. */
  public readonly jwksUrl: string;

  /** OAuth scopes of which every token must carry one (`scope` or `scp` claim). */
  public readonly requiredScopes: string[];

  private readonly routeRoles = new Map<string, Set<string>>();
  private readonly userIdClaim: string;
  private readonly tenantIdClaim: string;
  private readonly rolesClaim: string;
  private readonly tierClaim: string;
  private readonly clockSkewSeconds: number;
  private readonly jwksCooldownSeconds: number;
  private readonly jwksCacheMaxAgeSeconds: number;
  private authorizationsIssued = 0;
  private cachingRequested = false;
  private tokenCachingRequested = false;
  private code?: lambda.CodeConfig;
  private rendered = false;

  constructor(scope: Construct, id: string, props: JwtAuthorizerFunctionProps) {
    super(scope, id);
    this.issuer = requireHttpsUrl(this, 'issuer', props.issuer,
      'give the issuer URL as it appears in the tokens\' "iss" claim, for example "https://auth.example.com/"');
    this.audiences = requireAudiences(this, props.audiences);
    this.jwksUrl = props.jwksUrl === undefined
      ? `${this.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`
      : requireHttpsUrl(this, 'jwksUrl', props.jwksUrl, 'give the https URL of the issuer\'s JSON Web Key Set, for example "https://auth.example.com/.well-known/jwks.json"');
    this.userIdClaim = requireClaimName(this, 'userIdClaim', props.userIdClaim ?? 'sub');
    this.tenantIdClaim = requireClaimName(this, 'tenantIdClaim', props.tenantIdClaim ?? 'tenant_id');
    this.rolesClaim = requireClaimName(this, 'rolesClaim', props.rolesClaim ?? 'roles');
    this.tierClaim = requireClaimName(this, 'tierClaim', props.tierClaim ?? 'tier');
    this.clockSkewSeconds = requireClockSkew(this, props.clockSkew ?? Duration.seconds(60));
    this.jwksCacheMaxAgeSeconds = requireWholeSeconds(this, 'jwksCacheMaxAge', props.jwksCacheMaxAge ?? Duration.minutes(10),
      MIN_JWKS_COOLDOWN.toSeconds(), MAX_JWKS_CACHE_MAX_AGE.toSeconds(),
      'a withdrawn signing key stays trusted this long: use Duration.minutes(10) or similar');
    this.jwksCooldownSeconds = requireWholeSeconds(this, 'jwksCooldown', props.jwksCooldown ?? Duration.seconds(30),
      MIN_JWKS_COOLDOWN.toSeconds(), this.jwksCacheMaxAgeSeconds,
      `use Duration.seconds(30) or similar, no longer than jwksCacheMaxAge (${this.jwksCacheMaxAgeSeconds} seconds)`);
    this.requiredScopes = requireScopes(this, props.requiredScopes ?? []);
    const routeRoles: unknown = props.routeRoles;
    if (routeRoles !== undefined && (typeof routeRoles !== 'object' || routeRoles === null || Array.isArray(routeRoles))) {
      throw new TopologyValidationError(this, {
        prop: 'routeRoles', received: routeRoles,
        problem: 'routeRoles is an object of route keys to the roles each route requires',
        fix: 'write it as { "POST /orders": ["premium-tier"] }',
      });
    }
    for (const [key, roles] of Object.entries(props.routeRoles ?? {})) this.addRouteRolesAt(`routeRoles["${key}"]`, key, roles);

    checkLogRetention(this, 'logRetention', props.logRetention);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy lets the
    // function write to every log group of the account.
    this.role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the JWT authorizer ${this.node.path}`,
    });
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
    }));

    this.function = new lambda.Function(this, 'Resource', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: new DeferredCode(() => this.code),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      memorySize: 256,
      // The JWKS fetch has a 3 s timeout of its own; the rest is signature checks.
      timeout: Duration.seconds(10),
      description: `Verifies JWTs from ${this.issuer} for API Gateway`.slice(0, 256),
    });

    // Lambda's tracing grant is xray:PutTraceSegments/PutTelemetryRecords, which X-Ray only
    // accepts on "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; the statement carries only those two actions',
    });

    // The configuration ships in the asset and is rendered once every route has had its
    // chance to call addRouteRoles and authorization(): an aspect runs after construction
    // but before the template is resolved, and may still add the asset construct that a
    // Lazy could not (the tree is locked by then). The function's code points at that
    // asset through DeferredCode. The priority runs it after mutating and default aspects
    // (which may still register roles) and before read-only ones (which may inspect code).
    Aspects.of(this).add(new RenderConfig(this, () => {
      this.rendered = true;
      if (this.tokenCachingRequested && this.routeRoles.size > 0) {
        // A warning, not an error: every answer stays safe (never an Allow the roles forbid),
        // but a TOKEN authorizer is cached per token alone, so one policy must serve every
        // route, and IAM's `*` (which spans "/") cannot always tell a restricted route from an
        // open one under it; such a request gets a policy for its own method only.
        Annotations.of(this).addWarningV2('cdk-gateway-topology:jwt-token-authorizer-cached-roles',
          'A cached TOKEN authorization of this authorizer serves routes with required roles: API Gateway caches its answer per token '
          + 'alone, so where a role-restricted route\'s resources overlap an open route (POST /orders/{id} and POST /orders/{id}/notes), '
          + 'a caller may get 403 on other routes until the cache TTL ends. Use LambdaAuthorizerType.REQUEST (the default), '
          + 'whose cache key includes the route, or resultsCacheTtl: Duration.seconds(0).');
      }
      const code = handlerCodeWithFiles('jwt-authorizer', { 'config.json': JSON.stringify(this.renderConfig(), null, 2) });
      this.code = code.bind(this.function);
      code.bindToResource(this.function.node.defaultChild as lambda.CfnFunction, { resourceProperty: 'Code' });
    }), { priority: AspectPriority.READONLY - 1 });
  }

  /**
   * An `Authorization` for routes behind this authorizer. Its context carries `userId`,
   * `tenantId` and `roles`, so gateways inject identity headers and accept routes with
   * required roles.
   */
  public authorization(options: JwtAuthorizationOptions = {}): Authorization {
    // The policy scope in the shipped configuration depends on whether any use caches.
    this.assertNotRendered('authorization()');
    this.authorizationsIssued++;
    const ttl = options.resultsCacheTtl;
    checkDuration(this, 'authorization(options).resultsCacheTtl', ttl, AUTHORIZER_RESULTS_CACHE_TTL);
    if (ttl === undefined || ttl.isUnresolved() || ttl.toSeconds() > 0) {
      this.cachingRequested = true;
      if (options.type === LambdaAuthorizerType.TOKEN) this.tokenCachingRequested = true;
    }
    return Authorization.lambda(this.function, {
      type: options.type ?? LambdaAuthorizerType.REQUEST,
      resultsCacheTtl: ttl ?? Duration.minutes(5),
      identitySources: options.identitySources,
      userIdKey: 'userId',
      tenantIdKey: 'tenantId',
      rolesKey: 'roles',
    });
  }

  /**
   * Requires `roles` (all of them) for the route `"METHOD /resource/{param}"`; adds to any
   * roles the route already requires. Gateways call it for routes with `requiredRoles`.
   */
  public addRouteRoles(routeKey: string, roles: string[]): void {
    this.addRouteRolesAt('routeKey', routeKey, roles);
  }

  /** The roles each route requires, as the function's configuration carries them. */
  public get requiredRoles(): { readonly [routeKey: string]: string[] } {
    const out: Record<string, string[]> = {};
    for (const key of [...this.routeRoles.keys()].sort()) out[key] = [...this.routeRoles.get(key)!].sort();
    return out;
  }

  private renderConfig(): JwtAuthorizerConfig {
    // Without any authorization() call the caching of the user's own wiring is unknown;
    // the stage-wide policy is right with or without a cache.
    const policyScope: PolicyScope = this.authorizationsIssued === 0 || this.cachingRequested ? 'STAGE' : 'METHOD';
    return {
      issuer: this.issuer,
      audiences: this.audiences,
      jwksUrl: this.jwksUrl,
      userIdClaim: this.userIdClaim,
      tenantIdClaim: this.tenantIdClaim,
      rolesClaim: this.rolesClaim,
      tierClaim: this.tierClaim,
      clockSkewSeconds: this.clockSkewSeconds,
      jwksCooldownSeconds: this.jwksCooldownSeconds,
      jwksCacheMaxAgeSeconds: this.jwksCacheMaxAgeSeconds,
      policyScope,
      // Authorizations issued here reach API Gateway through HttpGateway or RestGateway, which
      // put the route into the identity sources of every cached REQUEST authorizer that
      // carries roles; hand-wired functions get policies that hold for every route.
      cacheKeyIncludesRoute: this.authorizationsIssued > 0,
      ...(this.requiredScopes.length > 0 ? { requiredScopes: this.requiredScopes } : {}),
      routeRoles: this.requiredRoles,
    };
  }

  private assertNotRendered(call: string): void {
    if (this.rendered) {
      throw new Error(`${this.node.path}: ${call} was called after the authorizer configuration was rendered; call it during construction, not from a late aspect`);
    }
  }

  private addRouteRolesAt(prop: string, routeKey: string, roles: string[]): void {
    // Silently dropping the roles would leave the route open to every authenticated caller.
    this.assertNotRendered(`addRouteRoles("${routeKey}")`);
    const match = typeof routeKey === 'string' ? /^([A-Z]+) (\S+)$/.exec(routeKey) : null;
    const methods = Object.values(HttpMethod) as string[];
    if (!match || !methods.includes(match[1])) {
      throw new TopologyValidationError(this, {
        prop, received: routeKey,
        problem: 'a route key is an HTTP method and a path separated by one space',
        fix: `write it as the route declares it, for example "POST /orders/{orderId}" (methods: ${methods.join(', ')})`,
      });
    }
    const parsed = parseRoutePath(match[2]);
    if (!('segments' in parsed)) {
      throw new TopologyValidationError(this, { prop, received: routeKey, problem: parsed.problem, fix: parsed.fix });
    }
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string' && /^\S+$/.test(r) && !r.includes(','))) {
      throw new TopologyValidationError(this, {
        prop: prop === 'routeKey' ? 'roles' : prop, received: roles,
        problem: 'required roles must be a non-empty list of role names without spaces or commas (the context joins roles with commas)',
        fix: 'list the role names as the tokens carry them, for example ["premium-tier"]',
      });
    }
    const set = this.routeRoles.get(routeKey) ?? new Set<string>();
    roles.forEach((r) => set.add(r));
    this.routeRoles.set(routeKey, set);
  }
}

/** Renders the configuration asset of one {@link JwtAuthorizerFunction} once, at synth. */
class RenderConfig implements IAspect {
  private done = false;
  constructor(private readonly target: IConstruct, private readonly render: () => void) {}

  public visit(node: IConstruct): void {
    if (node !== this.target || this.done) return;
    this.done = true;
    this.render();
  }
}

/**
 * Lambda code whose S3 location is known only once the configuration asset exists: it
 * hands the function tokens that resolve to the asset rendered by {@link RenderConfig}.
 */
class DeferredCode extends lambda.Code {
  public readonly isInline = false;
  constructor(private readonly resolved: () => lambda.CodeConfig | undefined) {
    super();
  }

  public bind(scope: Construct): lambda.CodeConfig {
    const location = (pick: (l: NonNullable<lambda.CodeConfig['s3Location']>) => string | undefined) => Lazy.string({
      produce: () => {
        const code = this.resolved();
        if (!code?.s3Location) throw new Error(`${scope.node.path}: the authorizer configuration was not rendered; synthesize through an App`);
        return pick(code.s3Location);
      },
    });
    return { s3Location: { bucketName: location((l) => l.bucketName), objectKey: location((l) => l.objectKey) } };
  }
}

function requireHttpsUrl(scope: IConstruct, prop: string, value: string, fix: string): string {
  if (Token.isUnresolved(value)) {
    throw new TopologyValidationError(scope, {
      prop, received: value,
      problem: 'the value goes into the function\'s configuration file at synth, where deploy-time tokens cannot be resolved',
      fix: 'give the URL as a plain string',
    });
  }
  // The rule Authorization.jwt applies to its issuer: https, no spaces, a valid DNS host.
  if (value === undefined || value === null) {
    throw new TopologyValidationError(scope, { prop, received: value, problem: 'must be an https URL: keys fetched over plain HTTP could be swapped in transit', fix });
  }
  checkHttpsUrl(scope, prop, value, `the ${prop}`, 'keys fetched over plain HTTP could be swapped in transit', fix);
  return value;
}

function requireAudiences(scope: IConstruct, audiences: string[]): string[] {
  if (!Array.isArray(audiences) || audiences.length === 0
    || !audiences.every((a) => typeof a === 'string' && a.length > 0 && !Token.isUnresolved(a))) {
    throw new TopologyValidationError(scope, {
      prop: 'audiences', received: audiences,
      problem: 'at least one audience is needed, each a plain non-empty string',
      fix: 'list the "aud" values your tokens carry, for example ["orders-api"]',
    });
  }
  checkUnique(scope, 'audiences', audiences, 'an audience');
  return [...audiences];
}

function requireClaimName(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string' || !/^\S+$/.test(value) || Token.isUnresolved(value)) {
    throw new TopologyValidationError(scope, {
      prop, received: value,
      problem: 'a claim name is a plain non-empty string without spaces',
      fix: 'name the claim as the tokens carry it, for example "tenant_id" or "cognito:groups"',
    });
  }
  return value;
}

function requireScopes(scope: IConstruct, scopes: string[]): string[] {
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && /^\S+$/.test(s) && !Token.isUnresolved(s))) {
    throw new TopologyValidationError(scope, {
      prop: 'requiredScopes', received: scopes,
      problem: 'a scope is a plain non-empty string without spaces (tokens list scopes space-separated)',
      fix: 'list the scope names as the tokens carry them, for example ["orders:write"]',
    });
  }
  checkUnique(scope, 'requiredScopes', scopes, 'a scope');
  return [...scopes];
}

function requireClockSkew(scope: IConstruct, skew: Duration): number {
  if (skew.isUnresolved()) {
    throw new TopologyValidationError(scope, {
      prop: 'clockSkew', received: skew.toString(),
      problem: 'the skew goes into the function\'s configuration file at synth and cannot be a token',
      fix: 'give a literal Duration, for example Duration.seconds(60)',
    });
  }
  const seconds = skew.toSeconds({ integral: false });
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_CLOCK_SKEW.toSeconds()) {
    throw new TopologyValidationError(scope, {
      prop: 'clockSkew', received: `${seconds} seconds`,
      problem: 'the tolerated clock skew must be between 0 and 5 minutes; more keeps expired tokens valid',
      fix: 'use a clockSkew of Duration.seconds(60) or similar',
    });
  }
  return seconds;
}

function requireWholeSeconds(scope: IConstruct, prop: string, value: Duration, min: number, max: number, fix: string): number {
  if (value.isUnresolved()) {
    throw new TopologyValidationError(scope, {
      prop, received: value.toString(),
      problem: 'the value goes into the function\'s configuration file at synth and cannot be a token',
      fix: 'give a literal Duration',
    });
  }
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new TopologyValidationError(scope, {
      prop, received: `${seconds} seconds`,
      problem: `must be a whole number of seconds from ${min} to ${max}`,
      fix,
    });
  }
  return seconds;
}
