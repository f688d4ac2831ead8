import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, AuthorizationType } from '../../lib/auth/authorization';
import { identityHeaders } from '../../lib/auth/identity-headers';
import { validateAuthorization } from '../../lib/auth/validate-authorization';
import { TopologyValidationError } from '../../lib/errors';
import { HeaderValueType } from '../../lib/routes/header-value';

function authorizerFunction(stack: Stack) {
  return new lambda.Function(stack, 'Authorizer', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'),
  });
}

describe('validateAuthorization', () => {
  test('accepts an https JWT issuer', () => {
    const stack = new Stack();
    expect(() => validateAuthorization(stack, 'defaultAuthorization', Authorization.jwt('https://auth.example.com/', ['orders']))).not.toThrow();
  });

  test('fails when the JWT issuer is not https', () => {
    const stack = new Stack(undefined, 'S');
    expect(() => validateAuthorization(stack, 'defaultAuthorization', Authorization.jwt('http://auth.example.com/', ['orders'])))
      .toThrow(/^S: invalid defaultAuthorization\.issuer: a JWT issuer must be an https URL .*\(received "http:\/\/auth\.example\.com\/"\)\. Fix: /);
  });

  test('fails when a JWT authorization has no audience', () => {
    const stack = new Stack();
    expect(() => validateAuthorization(stack, 'a', Authorization.jwt('https://auth.example.com/', []))).toThrow(/a\.audiences: a JWT authorization needs at least one audience/);
  });

  test('fails when none() has no reason', () => {
    const stack = new Stack();
    expect(() => validateAuthorization(stack, 'routes[0].authorization', Authorization.none('  ')))
      .toThrow(/routes\[0\]\.authorization\.reason: a public route needs a written reason/);
  });

  test('fails when a Lambda authorizer caches results for more than an hour', () => {
    const stack = new Stack();
    const auth = Authorization.lambda(authorizerFunction(stack), { resultsCacheTtl: Duration.minutes(61) });
    expect(() => validateAuthorization(stack, 'a', auth)).toThrow(/a\.resultsCacheTtl: an authorizer results cache TTL must be at most 3600 seconds \(received "1 hour 1 minute"\)/);
  });

  test('accepts a one-hour cache TTL', () => {
    const stack = new Stack();
    const auth = Authorization.lambda(authorizerFunction(stack), { resultsCacheTtl: Duration.hours(1) });
    expect(() => validateAuthorization(stack, 'a', auth)).not.toThrow();
  });
  test('fails when the cache TTL is not whole seconds, with our error before CDK\'s', () => {
    const stack = new Stack();
    const auth = Authorization.lambda(authorizerFunction(stack), { resultsCacheTtl: Duration.millis(2500) });
    expect(() => validateAuthorization(stack, 'a', auth)).toThrow(TopologyValidationError);
    expect(() => validateAuthorization(stack, 'a', auth)).toThrow(/a\.resultsCacheTtl: an authorizer results cache TTL must be a whole number of seconds/);
  });

  test('fails when a caching authorizer has no identity sources, with our error before CDK\'s', () => {
    const stack = new Stack();
    const auth = Authorization.lambda(authorizerFunction(stack), { identitySources: [], resultsCacheTtl: Duration.minutes(1) });
    expect(() => validateAuthorization(stack, 'a', auth))
      .toThrow(/a\.identitySources: a Lambda authorizer that caches its answers \(resultsCacheTtl 1 minute\) needs at least one identity source .*Fix: .*resultsCacheTtl: Duration\.seconds\(0\)/);
  });

  test('accepts no cache at all, and no identity sources without a cache', () => {
    const stack = new Stack();
    const auth = Authorization.lambda(authorizerFunction(stack), { identitySources: [], resultsCacheTtl: Duration.seconds(0) });
    expect(() => validateAuthorization(stack, 'a', auth)).not.toThrow();
  });

  test('accepts a token cache TTL', () => {
    const stack = new Stack();
    const ttl = Duration.seconds(Token.asNumber(Lazy.number({ produce: () => 99_999 })));
    expect(() => validateAuthorization(stack, 'a', Authorization.lambda(authorizerFunction(stack), { resultsCacheTtl: ttl }))).not.toThrow();
  });
});

describe('identityHeaders', () => {
  test('JWT routes take the user from sub and the tenant from the configured claim', () => {
    const headers = identityHeaders(Authorization.jwt('https://a.example.com', ['x']), { tenantIdClaim: 'custom:tenant' });
    expect(headers['X-User-ID']).toMatchObject({ type: HeaderValueType.CLAIM, value: 'sub' });
    expect(headers['X-Tenant-ID']).toMatchObject({ type: HeaderValueType.CLAIM, value: 'custom:tenant' });
    expect(headers['X-Request-ID']).toMatchObject({ type: HeaderValueType.CONTEXT_VARIABLE, value: 'requestId' });
  });

  test('Lambda routes take identity from the authorizer context keys', () => {
    const stack = new Stack();
    const headers = identityHeaders(Authorization.lambda(authorizerFunction(stack), { userIdKey: 'uid', tenantIdKey: 'tid' }));
    expect(headers['X-User-ID']).toMatchObject({ type: HeaderValueType.AUTHORIZER_CONTEXT, value: 'uid' });
    expect(headers['X-Tenant-ID']).toMatchObject({ type: HeaderValueType.AUTHORIZER_CONTEXT, value: 'tid' });
  });

  test('public routes remove the identity headers a client may send', () => {
    const headers = identityHeaders(Authorization.none('health check'));
    expect(headers['X-User-ID'].type).toBe(HeaderValueType.REMOVE);
    expect(headers['X-Tenant-ID'].type).toBe(HeaderValueType.REMOVE);
  });

  test('header names are configurable', () => {
    const headers = identityHeaders(Authorization.iam(), { userIdHeader: 'X-Caller', requestIdHeader: 'X-Correlation-ID' });
    expect(Object.keys(headers).sort()).toEqual(['X-Caller', 'X-Correlation-ID', 'X-Tenant-ID']);
  });
});

test('describe() names the authorization for summaries', () => {
  expect(Authorization.jwt('https://a.example.com', ['x'], ['orders:read']).describe()).toBe('jwt(https://a.example.com) scopes=orders:read');
  expect(Authorization.none('health check').describe()).toBe('none: health check');
  expect(Authorization.iam().type).toBe(AuthorizationType.IAM);
});
