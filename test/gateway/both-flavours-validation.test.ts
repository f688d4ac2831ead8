import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Authorization } from '../../lib/auth/authorization';
import { IdentityHeadersOptions } from '../../lib/auth/identity-headers';
import { TopologyValidationError } from '../../lib/errors';
import { HttpGateway, HttpGatewayCustomDomain } from '../../lib/gateway/http-gateway';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { testFunction } from './http-gateway.fixtures';

// Where both flavours take a prop they run the same check; each case runs on both. Gateways
// are only constructed (the checks run in the constructor), never synthesized.
type Flavour = 'HTTP' | 'REST';
const FLAVOURS: Flavour[] = ['HTTP', 'REST'];
const ISSUER = 'https://auth.example.com/';

interface Given {
  readonly routes?: (stack: Stack) => Route[];
  readonly auth?: (stack: Stack) => Authorization;
  readonly identityHeaders?: IdentityHeadersOptions;
}

function build(flavour: Flavour, given: Given = {}): Stack {
  const stack = new Stack(undefined, 'Stack');
  const auth = given.auth?.(stack) ?? Authorization.jwt(ISSUER, ['orders']);
  const routes = given.routes?.(stack) ?? [urlRoute()];
  const props = { routes, defaultAuthorization: auth, identityHeaders: given.identityHeaders };
  if (flavour === 'HTTP') new HttpGateway(stack, 'Gateway', props);
  else new RestGateway(stack, 'Gateway', props);
  return stack;
}

function urlRoute(path = '/orders/{orderId}', url = 'https://backend.example.com/orders/{orderId}', extra: Partial<Route> = {}): Route {
  return { method: HttpMethod.GET, path, target: RouteTarget.httpUrl(url), ...extra };
}

function errorOf(flavour: Flavour, given: Given): TopologyValidationError {
  try {
    build(flavour, given);
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyValidationError);
    return e as TopologyValidationError;
  }
  throw new Error('expected a TopologyValidationError');
}

function pool(stack: Stack): cognito.UserPool {
  return new cognito.UserPool(stack, 'Pool');
}

describe.each(FLAVOURS)('%s gateway', (flavour) => {
  describe('HTTP URL targets', () => {
    test('fails when the URL names a {param} the route lacks', () => {
      const error = errorOf(flavour, { routes: () => [urlRoute('/orders', 'https://backend.example.com/orders/{orderId}')] });
      expect(error.message).toMatch(/^Stack\/Gateway: invalid routes\[0\]\.target\.url: parameter "orderId" is not a parameter of the route path "\/orders" .*Fix: use only the route's parameters \(none\)/);
    });

    test('fails when the URL is plain http, since it carries identity headers', () => {
      const error = errorOf(flavour, { routes: () => [urlRoute('/orders/{orderId}', 'http://backend.example.com/orders/{orderId}')] });
      expect(error.message).toContain('invalid routes[0].target.url: an HTTP URL target must be an https URL (the gateway sends identity headers');
    });

    test('fails when the URL host is not a DNS name', () => {
      const error = errorOf(flavour, { routes: () => [urlRoute('/a', 'https://back_end.example.com/a')] });
      expect(error.message).toContain('invalid routes[0].target.url (host): the label "back_end"');
    });

    test('accepts the route\'s own parameters, greedy ones too', () => {
      expect(() => build(flavour, { routes: () => [urlRoute('/files/{proxy+}', 'https://backend.example.com/files/{proxy}')] })).not.toThrow();
    });

    test('accepts a token URL', () => {
      expect(() => build(flavour, { routes: () => [urlRoute('/a', Lazy.string({ produce: () => 'http://x' }))] })).not.toThrow();
    });

    test('fails when a Lambda target asks for injected headers, which neither flavour maps into it', () => {
      const error = errorOf(flavour, {
        routes: (s) => [{ method: HttpMethod.GET, path: '/fn', target: RouteTarget.lambda(testFunction(s, 'Fn')), injectHeaders: { 'X-Tier': HeaderValue.literal('gold') } }],
      });
      expect(error.message).toContain('invalid routes[0].injectHeaders: a Lambda proxy integration receives the client\'s request as sent');
      expect(error.message).toContain('Fix: read the caller\'s identity from requestContext.authorizer');
    });
  });

  describe('JWT authorization', () => {
    test('fails when the issuer has a space in its host', () => {
      const error = errorOf(flavour, { auth: () => Authorization.jwt('https://auth example.com/', ['orders']) });
      expect(error.message).toMatch(/invalid defaultAuthorization\.issuer: a JWT issuer must be an https URL, and this is not a URL \(received "https:\/\/auth example\.com\/"\)\. Fix: give the issuer URL/);
    });

    test('fails when the issuer host is not a DNS name', () => {
      const error = errorOf(flavour, { auth: () => Authorization.jwt('https://auth_server.example.com/', ['orders']) });
      expect(error.message).toContain('invalid defaultAuthorization.issuer (host)');
    });

    test('fails when the issuer is not https', () => {
      const error = errorOf(flavour, { auth: () => Authorization.jwt('http://auth.example.com/', ['orders']) });
      expect(error.message).toContain('invalid defaultAuthorization.issuer: a JWT issuer must be an https URL (');
    });

    // The bundled REST authorizer writes issuer and scopes into its configuration file at
    // synth, so it alone refuses tokens there; the shared check lets them through.
    test('passes a token issuer through the shared check', () => {
      const make = () => build(flavour, { auth: () => Authorization.jwt(Lazy.string({ produce: () => 'x' }), ['orders']) });
      if (flavour === 'HTTP') expect(make).not.toThrow();
      else expect(make).toThrow(/JwtAuthorizer[0-9A-F]+: invalid issuer: the value goes into the function's configuration file at synth/);
    });

    test('fails when there is no audience', () => {
      const error = errorOf(flavour, { auth: () => Authorization.jwt(ISSUER, []) });
      expect(error.message).toContain('invalid defaultAuthorization.audiences: a JWT authorization needs at least one audience');
    });

    test('fails with 51 audiences and accepts 50', () => {
      const audiences = (n: number) => Array.from({ length: n }, (_, i) => `aud-${i}`);
      const error = errorOf(flavour, { auth: () => Authorization.jwt(ISSUER, audiences(51)) });
      expect(error.message).toContain('invalid defaultAuthorization.audiences: API Gateway accepts at most 50 audiences per authorizer (received "51 audiences")');
      expect(() => build(flavour, { auth: () => Authorization.jwt(ISSUER, audiences(50)) })).not.toThrow();
    });

    test('fails when an audience is empty', () => {
      const error = errorOf(flavour, { auth: () => Authorization.jwt(ISSUER, ['orders', ' ']) });
      expect(error.message).toContain('invalid defaultAuthorization.audiences[1]: an audience must be a non-empty string');
    });

    test('accepts token audiences', () => {
      expect(() => build(flavour, { auth: () => Authorization.jwt(ISSUER, Token.asList(Lazy.list({ produce: () => [] }))) })).not.toThrow();
    });

    test('fails with 11 scopes and accepts 10', () => {
      const scopes = (n: number) => Array.from({ length: n }, (_, i) => `orders:s${i}`);
      const error = errorOf(flavour, { auth: () => Authorization.jwt(ISSUER, ['orders'], scopes(11)) });
      expect(error.message).toContain('invalid defaultAuthorization.scopes: API Gateway accepts at most 10 authorization scopes per route (received "11 scopes")');
      expect(error.message).toContain('a token needs any one of them');
      expect(() => build(flavour, { auth: () => Authorization.jwt(ISSUER, ['orders'], scopes(10)) })).not.toThrow();
    });

    test('fails when a scope holds a space', () => {
      const error = errorOf(flavour, { auth: () => Authorization.jwt(ISSUER, ['orders'], ['orders:read orders:write']) });
      expect(error.message).toContain('invalid defaultAuthorization.scopes[0]: not an OAuth scope');
    });

    test('passes a token scope through the shared check', () => {
      const make = () => build(flavour, { auth: () => Authorization.jwt(ISSUER, ['orders'], [Lazy.string({ produce: () => 'a b' })]) });
      if (flavour === 'HTTP') expect(make).not.toThrow();
      else expect(make).toThrow(/JwtAuthorizer[0-9A-F]+: invalid requiredScopes/);
    });
  });

  describe('Lambda authorizer identity sources', () => {
    const lambdaAuth = (identitySources: string[], resultsCacheTtl?: Duration) => (s: Stack) =>
      Authorization.lambda(testFunction(s, 'Authorizer'), { identitySources, resultsCacheTtl });

    test('fails when a caching authorizer has no identity source', () => {
      const error = errorOf(flavour, { auth: lambdaAuth([]) });
      expect(error.message).toMatch(/invalid defaultAuthorization\.identitySources: a Lambda authorizer that caches its answers \(resultsCacheTtl 5 minutes, the default\) needs at least one identity source/);
      expect(error.message).toContain('resultsCacheTtl: Duration.seconds(0)');
    });

    test('accepts no identity source with caching off', () => {
      expect(() => build(flavour, { auth: lambdaAuth([], Duration.seconds(0)) })).not.toThrow();
    });

    test('fails on a source neither flavour knows', () => {
      const error = errorOf(flavour, { auth: lambdaAuth(['$request.path.id']) });
      expect(error.message).toContain('invalid defaultAuthorization.identitySources[0]: not an identity source');
    });

    test('fails on a header source that is not a header name', () => {
      const error = errorOf(flavour, { auth: lambdaAuth(['$request.header.X Token']) });
      expect(error.message).toContain('invalid defaultAuthorization.identitySources[0]: not a valid HTTP header name');
    });

    test('accepts the HTTP API syntax, which an authorization shared by both flavours carries', () => {
      expect(() => build(flavour, { auth: lambdaAuth(['$request.header.Authorization', '$request.querystring.tenant', '$context.routeKey', '$stageVariables.key']) })).not.toThrow();
    });

    test('accepts a token source', () => {
      expect(() => build(flavour, { auth: lambdaAuth([Lazy.string({ produce: () => 'x' })]) })).not.toThrow();
    });

    test('fails when a context key read by a mapping holds a "-"', () => {
      const error = errorOf(flavour, { auth: (s) => Authorization.lambda(testFunction(s, 'Authorizer'), { tenantIdKey: 'tenant-id' }) });
      expect(error.message).toContain('invalid defaultAuthorization.tenantIdKey: a Lambda authorizer context key read by a mapping holds only letters, digits and "_"');
    });
  });

  describe('identity headers', () => {
    test('fails when a header name is not an HTTP token', () => {
      const error = errorOf(flavour, { identityHeaders: { userIdHeader: 'X User' } });
      expect(error.message).toContain('invalid identityHeaders.userIdHeader: not a valid HTTP header name (received "X User")');
    });

    test('accepts a token header name', () => {
      expect(() => build(flavour, { identityHeaders: { userIdHeader: Lazy.string({ produce: () => 'X User' }) } })).not.toThrow();
    });

    test('fails when an injected claim holds a ":", with a Lambda authorizer context in the fix', () => {
      const error = errorOf(flavour, {
        routes: () => [urlRoute('/a', 'https://backend.example.com/a', { injectHeaders: { 'X-Name': HeaderValue.claim('cognito:username') } })],
      });
      expect(error.message).toContain('invalid routes[0].injectHeaders.X-Name:');
      expect(error.message).toContain('parameter mapping reads a claim whose name holds only');
      expect(error.message).toContain('Fix: use a claim with such a name (for example "tenant_id"), or authorize with a Lambda authorizer');
    });

    test('fails when an injected context variable is not one a mapping can read', () => {
      const error = errorOf(flavour, { routes: () => [urlRoute('/a', 'https://backend.example.com/a', { injectHeaders: { 'X-Ip': HeaderValue.contextVariable('identity:sourceIp') } })] });
      expect(error.message).toContain('invalid routes[0].injectHeaders.X-Ip: not a context variable');
    });

    test('accepts a plain claim and a context variable', () => {
      expect(() => build(flavour, {
        // REST maps claims of Cognito routes; its JWT routes carry the bundled authorizer's context.
        auth: flavour === 'REST' ? (s) => Authorization.cognito(pool(s)) : undefined,
        routes: () => [urlRoute('/a', 'https://backend.example.com/a', {
          injectHeaders: { 'X-Email': HeaderValue.claim('email'), 'X-Ip': HeaderValue.contextVariable('identity.sourceIp') },
        })],
      })).not.toThrow();
    });
  });
});

describe('identity claims', () => {
  const clientOf = (s: Stack, userPool: cognito.IUserPool) => new cognito.UserPoolClient(s, 'Client', { userPool });

  test('HttpGateway fails on custom:tenant_id, which its access log and JWT mappings would read', () => {
    const error = errorOf('HTTP', { identityHeaders: { tenantIdClaim: 'custom:tenant_id' } });
    expect(error.message).toMatch(/^Stack\/Gateway: invalid identityHeaders\.tenantIdClaim: an HTTP API parameter mapping reads a claim whose name holds only letters, digits, "\." and "_" \(received "custom:tenant_id"\)\. Fix: .*JwtAuthorizerFunction/);
  });

  test('RestGateway fails on cognito:username on a Cognito route, whose mapping reads it', () => {
    const error = errorOf('REST', { auth: (s) => Authorization.cognito(pool(s)), identityHeaders: { userIdClaim: 'cognito:username' } });
    expect(error.message).toContain('invalid identityHeaders.userIdClaim: a REST API parameter mapping reads a claim whose name holds only');
  });

  test('RestGateway accepts custom:tenant_id on JWT routes, answered by the bundled authorizer\'s context', () => {
    expect(() => build('REST', { identityHeaders: { tenantIdClaim: 'custom:tenant_id' } })).not.toThrow();
  });

  test.each(FLAVOURS)('%s accepts the edge claim names and a token', (flavour) => {
    const auth = (s: Stack) => {
      const p = pool(s);
      return Authorization.cognito(p, flavour === 'HTTP' ? { userPoolClients: [clientOf(s, p)] } : {});
    };
    expect(() => build(flavour, { auth, identityHeaders: { userIdClaim: 'sub', tenantIdClaim: 'org.tenant_id' } })).not.toThrow();
    expect(() => build(flavour, { auth, identityHeaders: { tenantIdClaim: Lazy.string({ produce: () => 'a:b' }) } })).not.toThrow();
  });
});

describe('HeaderValue.claim in a route\'s injectHeaders', () => {
  const claimRoute = () => [urlRoute('/a', 'https://backend.example.com/a', { injectHeaders: { 'X-Email': HeaderValue.claim('email') } })];
  const lambdaAuth = (s: Stack) => Authorization.lambda(testFunction(s, 'Authorizer'));

  test.each(FLAVOURS)('%s fails behind a Lambda authorizer, which leaves no claims', (flavour) => {
    const error = errorOf(flavour, { auth: lambdaAuth, routes: claimRoute });
    expect(error.message).toContain('invalid routes[0].injectHeaders.X-Email: the route\'s authorization (lambda(Authorizer)) leaves no token claims');
    expect(error.message).toContain('Fix: read a key of the Lambda authorizer\'s context');
  });

  test('RestGateway fails behind a JWT authorization, answered by the bundled authorizer\'s context', () => {
    const error = errorOf('REST', { routes: claimRoute });
    expect(error.message).toContain('Fix: read the bundled authorizer\'s context instead: HeaderValue.authorizerContext("userId")');
  });

  test('HttpGateway accepts it behind a JWT authorization, RestGateway behind Cognito', () => {
    expect(() => build('HTTP', { routes: claimRoute })).not.toThrow();
    expect(() => build('REST', { auth: (s) => Authorization.cognito(pool(s)), routes: claimRoute })).not.toThrow();
  });
});

describe('HeaderValue.remove() in a route\'s injectHeaders', () => {
  const removing = () => [urlRoute('/a', 'https://backend.example.com/a', { injectHeaders: { 'X-Debug': HeaderValue.remove() } })];

  test('RestGateway fails: its integrations can only set a header', () => {
    const error = errorOf('REST', { routes: removing });
    expect(error.message).toContain('invalid routes[0].injectHeaders.X-Debug: REST API integrations cannot remove a request header, only set it (received "HeaderValue.remove()"). Fix: overwrite');
  });

  test('HttpGateway accepts it', () => {
    expect(() => build('HTTP', { routes: removing })).not.toThrow();
  });
});

describe('HttpGateway identity sources', () => {
  test('fails on REST syntax, naming the HTTP API form', () => {
    const error = errorOf('HTTP', { auth: (s) => Authorization.lambda(testFunction(s, 'Authorizer'), { identitySources: ['method.request.header.Authorization'] }) });
    expect(error.message).toContain('invalid defaultAuthorization.identitySources[0]: an HTTP API writes identity sources in its own syntax');
    expect(error.message).toContain('Fix: write "$request.header.Authorization"');
  });
});

describe('RestGateway identity sources', () => {
  test('accepts its own syntax', () => {
    expect(() => build('REST', { auth: (s) => Authorization.lambda(testFunction(s, 'Authorizer'), { identitySources: ['method.request.header.Authorization'] }) })).not.toThrow();
  });
});

describe('HttpGateway custom domain', () => {
  const withDomain = (customDomain: Partial<HttpGatewayCustomDomain>) => {
    const stack = new Stack(undefined, 'Stack');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    return () => new HttpGateway(stack, 'Gateway', {
      routes: [urlRoute()], defaultAuthorization: Authorization.jwt(ISSUER, ['orders']),
      customDomain: { domainName: 'api.example.com', certificate, ...customDomain },
    });
  };

  test('fails when a label is longer than 63 characters', () => {
    expect(withDomain({ domainName: `${'a'.repeat(64)}.example.com` })).toThrow(/invalid customDomain\.domainName: the label "a{20}\.\.\." is 64 characters long/);
  });

  test('accepts a 63-character label and a wildcard', () => {
    expect(withDomain({ domainName: `${'a'.repeat(63)}.example.com` })).not.toThrow();
    expect(withDomain({ domainName: '*.example.com' })).not.toThrow();
  });

  test('fails when the mapping key starts with "/"', () => {
    expect(withDomain({ mappingKey: '/v1' })).toThrow(/Stack\/Gateway: invalid customDomain\.mappingKey: an API mapping key has no empty levels.*Fix: write the path under the domain without leading or trailing "\/"/);
  });

  test('accepts a multi-level mapping key of 300 characters and a token', () => {
    expect(withDomain({ mappingKey: `orders/${'v'.repeat(293)}` })).not.toThrow();
    expect(withDomain({ mappingKey: Lazy.string({ produce: () => '/x' }), domainName: Lazy.string({ produce: () => 'x' }) })).not.toThrow();
  });
});

test('HttpGateway routes carry their operationName', () => {
  const stack = build('HTTP', { routes: () => [urlRoute('/orders/{orderId}', 'https://backend.example.com/orders/{orderId}', { operationName: 'GetOrder' })] });
  Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /orders/{orderId}', OperationName: 'GetOrder' });
});
