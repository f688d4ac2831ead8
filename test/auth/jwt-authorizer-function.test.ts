import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Aspects, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { configProblems, JwtAuthorizerConfig } from '../../lambda/jwt-authorizer/config';
import { Authorization, AuthorizationType, LambdaAuthorizerType } from '../../lib/auth/authorization';
import { JwtAuthorizerFunction, JwtAuthorizerFunctionProps } from '../../lib/auth/jwt-authorizer-function';
import { identityHeaders } from '../../lib/auth/identity-headers';
import { RestGateway, RestGatewayProps } from '../../lib/gateway/rest-gateway';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { checkedApp, STRICT_CONTEXT, synthChecked } from '../helpers/checked-app';

const PROPS: JwtAuthorizerFunctionProps = { issuer: 'https://auth.example.com/', audiences: ['orders-api'] };

function setup(props: Partial<JwtAuthorizerFunctionProps> = {}) {
  const app = new App({ context: STRICT_CONTEXT });
  const stack = new Stack(app, 'Stack');
  const authorizer = new JwtAuthorizerFunction(stack, 'Jwt', { ...PROPS, ...props });
  return { app, stack, authorizer };
}

/** The config.json the synthesized asset ships. */
function shippedConfig(app: App, stack: Stack, authorizer: JwtAuthorizerFunction): JwtAuthorizerConfig {
  Template.fromStack(stack);
  const asset = authorizer.function.node.findChild('Code') as s3assets.Asset;
  return JSON.parse(readFileSync(path.resolve(app.outdir, asset.assetPath, 'config.json'), 'utf8'));
}

function functionCodeKey(stack: Stack): string {
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
  return Object.values(functions)[0].Properties.Code.S3Key;
}

describe('JwtAuthorizerFunction resources', () => {
  test('creates a traced Node.js function on the newest runtime with the function as Resource', () => {
    // GIVEN / WHEN
    const { stack, authorizer } = setup();
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: lambda.Runtime.NODEJS_24_X.name,
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('JwtLogGroup') } },
    });
    expect(authorizer.function.node.id).toBe('Resource');
  });

  test('keeps logs for three months by default', () => {
    const { stack } = setup();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('keeps logs as long as asked', () => {
    const { stack } = setup({ logRetention: logs.RetentionDays.ONE_YEAR });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('grants log writing on its own log group only, with no managed policies and no wildcard actions', () => {
    const { stack } = setup();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('JwtLogGroup'), 'Arn'] },
        }]),
      },
    });
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
  });

  test('passes cdk-nag and cfn-lint', () => {
    // GIVEN
    const app = checkedApp();
    const stack = new Stack(app, 'Checked');
    const authorizer = new JwtAuthorizerFunction(stack, 'Jwt', { ...PROPS, routeRoles: { 'POST /orders': ['premium-tier'] } });
    authorizer.authorization();
    // WHEN / THEN
    expect(() => synthChecked(app)).not.toThrow();
  });
});

describe('JwtAuthorizerFunction configuration asset', () => {
  test('ships issuer, audiences, default JWKS URL, claims and a 60 s skew', () => {
    const { app, stack, authorizer } = setup();
    expect(shippedConfig(app, stack, authorizer)).toEqual({
      issuer: 'https://auth.example.com/',
      audiences: ['orders-api'],
      jwksUrl: 'https://auth.example.com/.well-known/jwks.json',
      userIdClaim: 'sub',
      tenantIdClaim: 'tenant_id',
      rolesClaim: 'roles',
      tierClaim: 'tier',
      clockSkewSeconds: 60,
      jwksCooldownSeconds: 30,
      jwksCacheMaxAgeSeconds: 600,
      policyScope: 'STAGE',
      cacheKeyIncludesRoute: false,
      routeRoles: {},
    });
  });

  test('ships the user id claim and the key-set cooldown and cache age', () => {
    const { app, stack, authorizer } = setup({ userIdClaim: 'oid', jwksCooldown: Duration.seconds(5), jwksCacheMaxAge: Duration.minutes(2) });
    expect(shippedConfig(app, stack, authorizer)).toMatchObject({ userIdClaim: 'oid', jwksCooldownSeconds: 5, jwksCacheMaxAgeSeconds: 120 });
  });

  test('ships a configuration the handler accepts', () => {
    const { app, stack, authorizer } = setup({ requiredScopes: ['orders:read'], routeRoles: { 'POST /orders': ['premium-tier'] } });
    authorizer.authorization();
    expect(configProblems(shippedConfig(app, stack, authorizer))).toEqual([]);
  });

  test('says the route is in the cache key once it hands out authorizations, which the gateways key by route', () => {
    const { app, stack, authorizer } = setup();
    authorizer.authorization();
    expect(shippedConfig(app, stack, authorizer).cacheKeyIncludesRoute).toBe(true);
  });

  test('ships required scopes when given', () => {
    const { app, stack, authorizer } = setup({ requiredScopes: ['orders:write'] });
    expect(shippedConfig(app, stack, authorizer).requiredScopes).toEqual(['orders:write']);
  });

  test('derives the JWKS URL from an issuer without a trailing slash', () => {
    const { authorizer } = setup({ issuer: 'https://auth.example.com/realms/prod' });
    expect(authorizer.jwksUrl).toBe('https://auth.example.com/realms/prod/.well-known/jwks.json');
  });

  test('ships the given JWKS URL, claims and skew', () => {
    const { app, stack, authorizer } = setup({
      jwksUrl: 'https://keys.example.com/jwks', tenantIdClaim: 'org', rolesClaim: 'cognito:groups', tierClaim: 'plan', clockSkew: Duration.seconds(30),
    });
    expect(shippedConfig(app, stack, authorizer)).toMatchObject({
      jwksUrl: 'https://keys.example.com/jwks', tenantIdClaim: 'org', rolesClaim: 'cognito:groups', tierClaim: 'plan', clockSkewSeconds: 30,
    });
  });

  test('ships roles added after construction, merged with those given as props', () => {
    // GIVEN
    const { app, stack, authorizer } = setup({ routeRoles: { 'POST /orders/{orderId}': ['premium-tier'] } });
    // WHEN a gateway registers its routes' roles later
    authorizer.addRouteRoles('POST /orders/{orderId}', ['orders-writer']);
    authorizer.addRouteRoles('DELETE /orders/{orderId}', ['admin']);
    // THEN
    expect(shippedConfig(app, stack, authorizer).routeRoles).toEqual({
      'DELETE /orders/{orderId}': ['admin'],
      'POST /orders/{orderId}': ['orders-writer', 'premium-tier'],
    });
  });

  test('changes the function code when route roles change', () => {
    const first = setup();
    const second = setup();
    second.authorizer.addRouteRoles('POST /orders', ['premium-tier']);
    expect(functionCodeKey(first.stack)).not.toEqual(functionCodeKey(second.stack));
  });

  test('keeps the function code for the same configuration', () => {
    expect(functionCodeKey(setup().stack)).toEqual(functionCodeKey(setup().stack));
  });

  test('allows only the invoked method when every authorization turns caching off', () => {
    const { app, stack, authorizer } = setup();
    authorizer.authorization({ resultsCacheTtl: Duration.seconds(0) });
    expect(shippedConfig(app, stack, authorizer).policyScope).toBe('METHOD');
  });

  test('allows the stage with explicit denies when any authorization caches results', () => {
    const { app, stack, authorizer } = setup();
    authorizer.authorization({ resultsCacheTtl: Duration.seconds(0) });
    authorizer.authorization({ resultsCacheTtl: Duration.minutes(1) });
    expect(shippedConfig(app, stack, authorizer).policyScope).toBe('STAGE');
  });
});

describe('JwtAuthorizerFunction.authorization', () => {
  test('is a cached Lambda REQUEST authorization carrying userId, tenantId and roles', () => {
    const { authorizer } = setup();
    const auth = authorizer.authorization();
    expect(auth.type).toBe(AuthorizationType.LAMBDA);
    expect(auth.handler).toBe(authorizer.function);
    expect(auth.lambdaOptions).toMatchObject({
      type: LambdaAuthorizerType.REQUEST, userIdKey: 'userId', tenantIdKey: 'tenantId', rolesKey: 'roles',
    });
    expect(auth.lambdaOptions?.resultsCacheTtl?.toSeconds()).toBe(300);
  });

  test('passes type, cache TTL and identity sources through', () => {
    const { authorizer } = setup();
    const auth = authorizer.authorization({
      type: LambdaAuthorizerType.TOKEN, resultsCacheTtl: Duration.minutes(10), identitySources: ['$request.header.X-Token'],
    });
    expect(auth.lambdaOptions).toMatchObject({ type: LambdaAuthorizerType.TOKEN, identitySources: ['$request.header.X-Token'] });
    expect(auth.lambdaOptions?.resultsCacheTtl?.toMinutes()).toBe(10);
  });

  test('makes gateways inject identity headers from the authorizer context', () => {
    const { authorizer } = setup();
    const headers = identityHeaders(authorizer.authorization());
    expect(headers['X-User-ID']).toEqual(HeaderValue.authorizerContext('userId'));
    expect(headers['X-Tenant-ID']).toEqual(HeaderValue.authorizerContext('tenantId'));
  });
});

describe('JwtAuthorizerFunction validation', () => {
  test('fails when the log retention is not a value CloudWatch Logs takes, and takes INFINITE', () => {
    expect(() => setup({ logRetention: 2 as logs.RetentionDays }))
      .toThrow(/Stack\/Jwt: invalid logRetention: not a CloudWatch Logs retention in days \(received 2\).*3653.*API_PutRetentionPolicy\.html/);
    expect(() => setup({ logRetention: logs.RetentionDays.INFINITE })).not.toThrow();
    expect(() => setup({ logRetention: logs.RetentionDays.TEN_YEARS })).not.toThrow();
  });

  test('fails when the issuer is not https', () => {
    expect(() => setup({ issuer: 'http://auth.example.com/' }))
      .toThrow(/Stack\/Jwt: invalid issuer: the issuer must be an https URL.*received "http:\/\/auth.example.com\/"/);
  });

  test('fails when the issuer is a deploy-time token', () => {
    expect(() => setup({ issuer: Lazy.string({ produce: () => 'https://x' }) }))
      .toThrow(/invalid issuer: .*tokens cannot be resolved.*Fix: give the URL as a plain string/);
  });

  test('fails when the JWKS URL is not https', () => {
    expect(() => setup({ jwksUrl: 'http://keys.example.com/jwks' })).toThrow(/invalid jwksUrl: the jwksUrl must be an https URL/);
  });

  test('fails when there is no audience', () => {
    expect(() => setup({ audiences: [] })).toThrow(/invalid audiences: at least one audience is needed.*received \[\]/);
  });

  test('fails when the clock skew is over five minutes', () => {
    expect(() => setup({ clockSkew: Duration.minutes(10) })).toThrow(/invalid clockSkew: .*between 0 and 5 minutes.*received "600 seconds"/);
  });

  test('fails when a claim name is empty or has spaces', () => {
    expect(() => setup({ rolesClaim: 'my roles' })).toThrow(/invalid rolesClaim: a claim name is a plain non-empty string/);
  });

  test('fails when the user id claim has spaces', () => {
    expect(() => setup({ userIdClaim: 'user id' })).toThrow(/invalid userIdClaim: a claim name is a plain non-empty string/);
  });

  test('fails when the JWKS cooldown is under a second', () => {
    expect(() => setup({ jwksCooldown: Duration.millis(500) }))
      .toThrow(/invalid jwksCooldown: must be a whole number of seconds from 1 to 600.*received "0.5 seconds"/);
  });

  test('fails when the JWKS cooldown is longer than the cache age', () => {
    expect(() => setup({ jwksCooldown: Duration.minutes(5), jwksCacheMaxAge: Duration.minutes(1) }))
      .toThrow(/invalid jwksCooldown: must be a whole number of seconds from 1 to 60.*no longer than jwksCacheMaxAge/);
  });

  test('fails when the JWKS cache age is over a day', () => {
    expect(() => setup({ jwksCacheMaxAge: Duration.days(2) })).toThrow(/invalid jwksCacheMaxAge: must be a whole number of seconds from 1 to 86400/);
  });

  test('fails when the JWKS cache age is a token', () => {
    expect(() => setup({ jwksCacheMaxAge: Duration.seconds(Lazy.number({ produce: () => 60 })) }))
      .toThrow(/invalid jwksCacheMaxAge: .*cannot be a token/);
  });

  test('accepts the edges of the JWKS ranges', () => {
    expect(() => setup({ jwksCooldown: Duration.seconds(1), jwksCacheMaxAge: Duration.days(1) })).not.toThrow();
    expect(() => setup({ jwksCooldown: Duration.minutes(1), jwksCacheMaxAge: Duration.minutes(1) })).not.toThrow();
  });

  test('fails when a required scope has spaces', () => {
    expect(() => setup({ requiredScopes: ['orders write'] })).toThrow(/invalid requiredScopes: a scope is a plain non-empty string.*received \["orders write"\]/);
  });

  test('fails when a route key has no method', () => {
    const { authorizer } = setup();
    expect(() => authorizer.addRouteRoles('/orders', ['admin']))
      .toThrow(/invalid routeKey: a route key is an HTTP method and a path.*received "\/orders"/);
  });

  test('fails when a route key has an invalid path', () => {
    expect(() => setup({ routeRoles: { 'GET orders': ['admin'] } }))
      .toThrow(/invalid routeRoles\["GET orders"\]: a route path must start with "\/"/);
  });

  test('fails when the roles are empty', () => {
    const { authorizer } = setup();
    expect(() => authorizer.addRouteRoles('GET /orders', [])).toThrow(/invalid roles: required roles must be a non-empty list/);
  });

  test('fails when a role contains a comma', () => {
    const { authorizer } = setup();
    expect(() => authorizer.addRouteRoles('GET /orders', ['a,b'])).toThrow(/invalid roles: .*without spaces or commas.*received \["a,b"\]/);
  });
});

describe('JwtAuthorizerFunction cached TOKEN authorizations', () => {
  test('warns when a cached TOKEN authorization serves routes with required roles', () => {
    const { stack, authorizer } = setup({ routeRoles: { 'POST /orders/{orderId}': ['premium-tier'] } });
    authorizer.authorization({ type: LambdaAuthorizerType.TOKEN });
    Annotations.fromStack(stack).hasWarning('/Stack/Jwt', Match.stringLikeRegexp('cached TOKEN authorization.*LambdaAuthorizerType.REQUEST'));
  });

  test('does not warn for REQUEST authorizations, or TOKEN ones without caching', () => {
    const { stack, authorizer } = setup({ routeRoles: { 'POST /orders/{orderId}': ['premium-tier'] } });
    authorizer.authorization();
    authorizer.authorization({ type: LambdaAuthorizerType.TOKEN, resultsCacheTtl: Duration.seconds(0) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cached TOKEN authorization'))).toHaveLength(0);
  });
});

describe('JwtAuthorizerFunction rendering', () => {
  test.each([false, true])('ships roles registered by a default-priority aspect (aspect stabilization %s)', (stabilization) => {
    // GIVEN an app where another aspect registers a route's roles during synth
    const app = new App({ context: { ...STRICT_CONTEXT, '@aws-cdk/core:aspectStabilization': stabilization } });
    const stack = new Stack(app, 'Stack');
    const authorizer = new JwtAuthorizerFunction(stack, 'Jwt', PROPS);
    Aspects.of(stack).add({
      visit: (node) => {
        if (node === stack) authorizer.addRouteRoles('POST /orders', ['premium-tier']);
      },
    });
    // WHEN / THEN
    expect(shippedConfig(app, stack, authorizer).routeRoles).toEqual({ 'POST /orders': ['premium-tier'] });
  });

  test('refuses route roles added after the configuration was rendered, rather than dropping them', () => {
    // GIVEN a synthesized app
    const { app, stack, authorizer } = setup();
    shippedConfig(app, stack, authorizer);
    // WHEN / THEN
    expect(() => authorizer.addRouteRoles('POST /orders', ['premium-tier'])).toThrow(/after the authorizer configuration was rendered/);
  });

  test('refuses an authorization asked after the configuration was rendered, whose caching it could no longer reflect', () => {
    const { app, stack, authorizer } = setup();
    shippedConfig(app, stack, authorizer);
    expect(() => authorizer.authorization()).toThrow(/authorization\(\) was called after the authorizer configuration was rendered/);
  });
});

describe('JwtAuthorizerFunction behind a RestGateway', () => {
  const route = (extra: Partial<Route> = {}): Route => ({
    method: HttpMethod.GET, path: '/orders/{orderId}', target: RouteTarget.httpUrl('https://backend.example.com/orders/{orderId}'), ...extra,
  });

  function restGateway(props: Partial<RestGatewayProps>, routes: Route[] = [route()]) {
    const app = new App({ context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Stack');
    const gw = new RestGateway(stack, 'Gateway', { routes, ...props });
    return { app, stack, gw };
  }

  test('fills the context from the identity-header claims the gateway names', () => {
    // GIVEN a REST gateway that takes the user id from "oid" and the tenant from "org"
    const { app, stack, gw } = restGateway({
      defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']),
      identityHeaders: { userIdClaim: 'oid', tenantIdClaim: 'org' },
    });
    // WHEN
    const config = shippedConfig(app, stack, gw.jwtAuthorizers[0]);
    // THEN the bundled authorizer reads those claims into the keys the header mapping reads
    expect(config).toMatchObject({ userIdClaim: 'oid', tenantIdClaim: 'org' });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({ RequestParameters: Match.objectLike({
        'integration.request.header.X-User-ID': 'context.authorizer.userId',
        'integration.request.header.X-Tenant-ID': 'context.authorizer.tenantId',
      }) }),
    });
  });

  test('keeps sub and tenant_id when the gateway names no claims', () => {
    const { app, stack, gw } = restGateway({ defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']) });
    expect(shippedConfig(app, stack, gw.jwtAuthorizers[0])).toMatchObject({ userIdClaim: 'sub', tenantIdClaim: 'tenant_id' });
  });

  test('puts the route into the cache key of a cached REQUEST authorizer', () => {
    const { app, stack, gw } = restGateway({ defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']) },
      [route({ requiredRoles: ['admin'] })]);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,context.httpMethod,context.resourcePath',
      AuthorizerResultTtlInSeconds: 300,
    });
    expect(shippedConfig(app, stack, gw.jwtAuthorizers[0])).toMatchObject({ policyScope: 'STAGE', cacheKeyIncludesRoute: true });
  });

  test('keeps the identity sources of an authorizer that does not cache', () => {
    // GIVEN
    const app = new App({ context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Stack');
    const authorizer = new JwtAuthorizerFunction(stack, 'Jwt', PROPS);
    // WHEN
    new RestGateway(stack, 'Gateway', { routes: [route()], defaultAuthorization: authorizer.authorization({ resultsCacheTtl: Duration.seconds(0) }) });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 0,
    });
    expect(shippedConfig(app, stack, authorizer).policyScope).toBe('METHOD');
  });

  test('leaves a TOKEN authorizer\'s single header alone', () => {
    const app = new App({ context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Stack');
    const authorizer = new JwtAuthorizerFunction(stack, 'Jwt', PROPS);
    new RestGateway(stack, 'Gateway', { routes: [route()], defaultAuthorization: authorizer.authorization({ type: LambdaAuthorizerType.TOKEN }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization' });
  });
});
