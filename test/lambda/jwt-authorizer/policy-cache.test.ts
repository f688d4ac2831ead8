jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import type { APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { createLocalJWKSet, JWTVerifyGetKey } from 'jose';
import { decide } from '../../../lambda/jwt-authorizer/authorize';
import { JwtAuthorizerConfig } from '../../../lambda/jwt-authorizer/config';
import { verifyToken } from '../../../lambda/jwt-authorizer/verify-token';
import {
  AuthorizerCache, httpApiEvent, methodArn, restRequestEvent, signToken, SimulatedRequest, testConfig, TestKey, testKey, tokenEvent,
} from './fixtures';

/**
 * API Gateway caches an authorizer's answer per identity-source values and evaluates the
 * cached policy against every later request with the same values. These tests replay
 * request sequences through such a cache and check each request's outcome, whatever the order.
 */

let key: TestKey;
let keys: JWTVerifyGetKey;

beforeAll(async () => {
  key = await testKey('ES256', 'ec-1');
  keys = createLocalJWKSet({ keys: [key.publicJwk] });
});

const ROUTE_ROLES = {
  'POST /orders/{orderId}': ['premium-tier'],
  'DELETE /orders/{orderId}': ['admin'],
};

function cache(config: JwtAuthorizerConfig, cacheKey: (event: SimulatedRequest['event']) => string): AuthorizerCache {
  return new AuthorizerCache(async (event) => (await decide(event, { config, verify: (t) => verifyToken(t, keys, config) })).response, cacheKey);
}

/** A TOKEN authorizer's cache key: the token header alone. */
const byToken = (event: SimulatedRequest['event']) => (event as APIGatewayTokenAuthorizerEvent).authorizationToken;
/** A REST REQUEST authorizer keyed on the Authorization header, context.httpMethod and context.resourcePath. */
const byTokenAndRestRoute = (event: SimulatedRequest['event']) => {
  const e = event as APIGatewayRequestAuthorizerEvent;
  return `${e.headers?.Authorization}|${e.httpMethod}|${e.resource}`;
};
/** A REST REQUEST authorizer keyed on the Authorization header alone (hand-wired, no route in the key). */
const byRestHeader = (event: SimulatedRequest['event']) => `${(event as APIGatewayRequestAuthorizerEvent).headers?.Authorization}`;
/** An HTTP API authorizer keyed on the Authorization header and $context.routeKey. */
const byTokenAndRouteKey = (event: SimulatedRequest['event']) => {
  const e = event as APIGatewayRequestAuthorizerEventV2;
  return `${e.headers?.authorization}|${e.routeKey}`;
};

function tokenRequest(method: string, path: string, bearer: string): SimulatedRequest {
  return { event: tokenEvent(method, path, bearer), arn: methodArn(method, path) };
}

function restRequest(method: string, resource: string, path: string, bearer: string): SimulatedRequest {
  return { event: restRequestEvent(method, resource, path, { Authorization: bearer }), arn: methodArn(method, path) };
}

function httpRequest(method: string, template: string, path: string, bearer: string): SimulatedRequest {
  return { event: httpApiEvent(method, template, path, { authorization: bearer }), arn: methodArn(method, path) };
}

describe('TOKEN authorizer, cached per token', () => {
  const config = testConfig({ policyScope: 'STAGE', routeRoles: ROUTE_ROLES });

  test('a Deny for a route the caller lacks roles for does not lock the caller out of other routes', async () => {
    // GIVEN a reader whose first call is to a premium route
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(config, byToken);
    // WHEN the reader then calls other routes within the cache TTL
    const outcomes = [
      await gateway.request(tokenRequest('POST', '/orders/42', reader)),
      await gateway.request(tokenRequest('GET', '/orders', reader)),
      await gateway.request(tokenRequest('GET', '/orders/7', reader)),
      await gateway.request(tokenRequest('POST', '/orders/9', reader)),
      await gateway.request(tokenRequest('DELETE', '/orders/9', reader)),
    ];
    // THEN only the role-restricted routes are refused, from one invocation
    expect(outcomes).toEqual(['Deny', 'Allow', 'Allow', 'Deny', 'Deny']);
    expect(gateway.invocations).toBe(1);
  });

  test('an Allow cached on an open route does not let the caller into a role-restricted one', async () => {
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(config, byToken);
    expect(await gateway.request(tokenRequest('GET', '/orders', reader))).toBe('Allow');
    expect(await gateway.request(tokenRequest('POST', '/orders/42', reader))).toBe('Deny');
    expect(await gateway.request(tokenRequest('DELETE', '/orders/42', reader))).toBe('Deny');
  });

  test('a caller holding a route\'s roles reaches it after a cached answer from another route', async () => {
    const premium = `Bearer ${await signToken(key, { claims: { roles: ['premium-tier'] } })}`;
    const gateway = cache(config, byToken);
    expect(await gateway.request(tokenRequest('DELETE', '/orders/1', premium))).toBe('Deny');
    expect(await gateway.request(tokenRequest('POST', '/orders/1', premium))).toBe('Allow');
    expect(await gateway.request(tokenRequest('GET', '/orders', premium))).toBe('Allow');
  });

  test('a refused token stays refused on every route', async () => {
    const expired = `Bearer ${await signToken(key, { claims: { exp: Math.floor(Date.now() / 1000) - 3600 } })}`;
    const gateway = cache(config, byToken);
    for (const [method, path] of [['GET', '/orders'], ['POST', '/orders/1'], ['GET', '/health']]) {
      expect(await gateway.request(tokenRequest(method, path, expired))).toBe('Deny');
    }
  });
});

describe('REST REQUEST authorizer, cached per token and route', () => {
  const config = testConfig({ policyScope: 'STAGE', cacheKeyIncludesRoute: true, routeRoles: ROUTE_ROLES });

  test('a role Deny stays on its route, and one answer serves every path of a route', async () => {
    // GIVEN a reader whose first call is refused for lack of a role
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(config, byTokenAndRestRoute);
    // WHEN
    const outcomes = [
      await gateway.request(restRequest('POST', '/orders/{orderId}', '/orders/42', reader)),
      await gateway.request(restRequest('GET', '/orders', '/orders', reader)),
      await gateway.request(restRequest('GET', '/orders/{orderId}', '/orders/1', reader)),
      await gateway.request(restRequest('GET', '/orders/{orderId}', '/orders/2', reader)),
      await gateway.request(restRequest('POST', '/orders/{orderId}', '/orders/43', reader)),
    ];
    // THEN
    expect(outcomes).toEqual(['Deny', 'Allow', 'Allow', 'Allow', 'Deny']);
    expect(gateway.invocations).toBe(3);
  });

  test('the policy covers the route\'s resources and nothing of the stage', async () => {
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const { response } = await decide(restRequestEvent('POST', '/orders/{orderId}', '/orders/42', { Authorization: reader }),
      { config, verify: (t) => verifyToken(t, keys, config) });
    expect(response.policyDocument.Statement).toEqual([
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: methodArn('POST', '/orders/*') },
    ]);
  });

  test('a nested open route is not refused because of its role-restricted parent, in either order', async () => {
    // GIVEN POST /orders/{orderId} needs premium-tier and POST /orders/{orderId}/notes needs nothing
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(config, byTokenAndRestRoute);
    // WHEN / THEN
    expect(await gateway.request(restRequest('POST', '/orders/{orderId}/notes', '/orders/42/notes', reader))).toBe('Allow');
    expect(await gateway.request(restRequest('POST', '/orders/{orderId}', '/orders/42', reader))).toBe('Deny');
    expect(await gateway.request(restRequest('POST', '/orders/{orderId}/notes', '/orders/43/notes', reader))).toBe('Allow');
    expect(await gateway.request(restRequest('GET', '/orders', '/orders', reader))).toBe('Allow');
  });

  test('a greedy open route keeps serving paths under a role-restricted sibling', async () => {
    const routeRoles = { 'GET /files/admin/{name}': ['admin'] };
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(testConfig({ policyScope: 'STAGE', cacheKeyIncludesRoute: true, routeRoles }), byTokenAndRestRoute);
    expect(await gateway.request(restRequest('GET', '/files/{proxy+}', '/files/readme', reader))).toBe('Allow');
    expect(await gateway.request(restRequest('GET', '/files/admin/{name}', '/files/admin/keys', reader))).toBe('Deny');
    expect(await gateway.request(restRequest('GET', '/files/{proxy+}', '/files/admin/keys/old', reader))).toBe('Allow');
  });
});

describe('REST REQUEST authorizer whose cache key lacks the route', () => {
  // A function wired by hand with the Authorization header as the only identity source.
  const config = testConfig({ policyScope: 'STAGE', routeRoles: ROUTE_ROLES });

  test('an Allow cached on an open route does not open a role-restricted one', async () => {
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(config, byRestHeader);
    expect(await gateway.request(restRequest('GET', '/orders/{orderId}', '/orders/42', reader))).toBe('Allow');
    expect(await gateway.request(restRequest('POST', '/orders/{orderId}', '/orders/42', reader))).toBe('Deny');
    expect(await gateway.request(restRequest('GET', '/orders/{orderId}', '/orders/43', reader))).toBe('Allow');
  });

  test('a role Deny does not lock the caller out of the other routes', async () => {
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(config, byRestHeader);
    expect(await gateway.request(restRequest('POST', '/orders/{orderId}', '/orders/42', reader))).toBe('Deny');
    expect(await gateway.request(restRequest('GET', '/orders', '/orders', reader))).toBe('Allow');
  });
});

describe('HTTP API authorizer, cached per token and route key', () => {
  const config = testConfig({ policyScope: 'STAGE', cacheKeyIncludesRoute: true, routeRoles: { ...ROUTE_ROLES, 'ANY /admin/{proxy+}': ['admin'] } });

  test('a role Deny stays on its route, whatever the order', async () => {
    const reader = `Bearer ${await signToken(key, { claims: { roles: ['reader'] } })}`;
    const gateway = cache(config, byTokenAndRouteKey);
    expect(await gateway.request(httpRequest('ANY', '/admin/{proxy+}', '/admin/users', reader))).toBe('Deny');
    expect(await gateway.request(httpRequest('GET', '/orders/{orderId}', '/orders/1', reader))).toBe('Allow');
    expect(await gateway.request(httpRequest('GET', '/orders/{orderId}', '/orders/2', reader))).toBe('Allow');
    expect(await gateway.request(httpRequest('POST', '/orders/{orderId}', '/orders/2', reader))).toBe('Deny');
  });
});
