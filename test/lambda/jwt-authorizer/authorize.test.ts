jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import { createLocalJWKSet, JWTVerifyGetKey } from 'jose';
import { AuthorizeDependencies, decide } from '../../../lambda/jwt-authorizer/authorize';
import { JwtAuthorizerConfig } from '../../../lambda/jwt-authorizer/config';
import { verifyToken } from '../../../lambda/jwt-authorizer/verify-token';
import { API_ARN, httpApiEvent, inSeconds, methodArn, restRequestEvent, signToken, STAGE, testConfig, TestKey, testKey, tokenEvent } from './fixtures';

let key: TestKey;
let keys: JWTVerifyGetKey;

beforeAll(async () => {
  key = await testKey('ES256', 'ec-1');
  keys = createLocalJWKSet({ keys: [key.publicJwk] });
});

function deps(config: JwtAuthorizerConfig): AuthorizeDependencies {
  return { config, verify: (token) => verifyToken(token, keys, config) };
}

const premiumOnly = { 'POST /orders/{orderId}': ['premium-tier'] };

describe('decide: REST TOKEN events', () => {
  test('allows a valid token on the invoked method only when results are not cached', async () => {
    // GIVEN
    const event = tokenEvent('GET', '/orders/42', `Bearer ${await signToken(key, { claims: { sub: 'alice' } })}`);
    // WHEN
    const { response } = await decide(event, deps(testConfig({ policyScope: 'METHOD' })));
    // THEN
    expect(response.principalId).toBe('alice');
    expect(response.policyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: methodArn('GET', '/orders/42') },
    ]);
  });

  test('puts userId, tenantId, comma-joined roles and tier in the context', async () => {
    const token = await signToken(key, { claims: { sub: 'alice', tenant_id: 't-9', roles: ['reader', 'premium-tier'], tier: 'gold' } });
    const { response } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(testConfig()));
    expect(response.context).toEqual({ userId: 'alice', tenantId: 't-9', roles: 'reader,premium-tier', tier: 'gold' });
  });

  test('reads tenant and roles from the configured claims', async () => {
    const token = await signToken(key, { claims: { org: 'org-7', 'cognito:groups': ['admins'] } });
    const config = testConfig({ tenantIdClaim: 'org', rolesClaim: 'cognito:groups' });
    const { response } = await decide(tokenEvent('GET', '/orders', token), deps(config));
    expect(response.context).toMatchObject({ tenantId: 'org-7', roles: 'admins' });
  });

  test('gives empty strings for absent tenant and tier claims', async () => {
    // GIVEN a token without tenant and tier
    const token = await signToken(key, { omit: ['tenant_id', 'tier'] });
    // WHEN
    const { response } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(testConfig()));
    // THEN
    expect(response.context).toMatchObject({ tenantId: '', tier: '' });
  });

  test('denies a structured tier claim rather than stringifying it into the context', async () => {
    const token = await signToken(key, { claims: { tier: { name: 'gold' } } });
    const { response, decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(testConfig()));
    expect(response.context).toBeUndefined();
    expect(decision).toMatchObject({ effect: 'Deny', reason: 'tier claim "tier" must be a string, got an object' });
  });

  test('denies an expired token instead of throwing', async () => {
    const token = await signToken(key, { claims: { exp: inSeconds(-3600) } });
    const { response, decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(testConfig()));
    expect(response.policyDocument.Statement).toEqual([
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: methodArn('GET', '/orders') },
    ]);
    expect(response.context).toBeUndefined();
    expect(decision).toMatchObject({ effect: 'Deny', reason: expect.stringContaining('ERR_JWT_EXPIRED') });
  });

  test('denies a header without a bearer token', async () => {
    const { response, decision } = await decide(tokenEvent('GET', '/orders', 'Basic dXNlcjpwYXNz'), deps(testConfig()));
    expect(response.principalId).toBe('anonymous');
    expect(response.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(decision.reason).toBe('no bearer token');
  });

  test('denies a route whose required role the caller lacks, matching the path against the route template', async () => {
    // GIVEN CreateOrder requires premium-tier and the caller is only a reader
    const token = await signToken(key, { claims: { roles: ['reader'] } });
    // WHEN
    const { response, decision } = await decide(tokenEvent('POST', '/orders/42', `Bearer ${token}`), deps(testConfig({ routeRoles: premiumOnly })));
    // THEN
    expect(response.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(decision).toMatchObject({ routeKey: 'POST /orders/{orderId}', reason: 'missing required roles premium-tier' });
  });

  test('allows a route whose required role the caller holds', async () => {
    const token = await signToken(key, { claims: { roles: ['reader', 'premium-tier'] } });
    const { response } = await decide(tokenEvent('POST', '/orders/42', `Bearer ${token}`), deps(testConfig({ routeRoles: premiumOnly })));
    expect(response.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  test('requires every role a route lists', async () => {
    const token = await signToken(key, { claims: { roles: 'premium-tier' } });
    const config = testConfig({ routeRoles: { 'POST /orders/{orderId}': ['premium-tier', 'orders-writer'] } });
    const { decision } = await decide(tokenEvent('POST', '/orders/42', `Bearer ${token}`), deps(config));
    expect(decision).toMatchObject({ effect: 'Deny', reason: 'missing required roles orders-writer' });
  });

  test('does not apply a route\'s roles to other methods on the same path', async () => {
    const token = await signToken(key, { claims: { roles: [] } });
    const { decision } = await decide(tokenEvent('GET', '/orders/42', `Bearer ${token}`), deps(testConfig({ routeRoles: premiumOnly })));
    expect(decision.effect).toBe('Allow');
  });

  test('denies everything when the method ARN cannot be read', async () => {
    const token = await signToken(key);
    const { response } = await decide({ type: 'TOKEN', methodArn: 'garbage', authorizationToken: `Bearer ${token}` }, deps(testConfig()));
    expect(response.policyDocument.Statement).toEqual([{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }]);
  });
});

describe('decide: cached results (STAGE scope)', () => {
  const config = testConfig({ policyScope: 'STAGE', routeRoles: { ...premiumOnly, 'DELETE /orders/{orderId}': ['admin'] } });

  test('allows the whole stage and explicitly denies the routes whose roles the caller lacks', async () => {
    // GIVEN a premium caller without admin
    const token = await signToken(key, { claims: { roles: ['premium-tier'] } });
    // WHEN
    const { response } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    // THEN
    expect(response.policyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/${STAGE}/*/*` },
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${API_ARN}/${STAGE}/DELETE/orders/*` },
    ]);
  });

  test('adds no Deny for a caller holding every role', async () => {
    const token = await signToken(key, { claims: { roles: ['premium-tier', 'admin'] } });
    const { response } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    expect(response.policyDocument.Statement).toHaveLength(1);
  });

  test('denies a bad token across the stage, since the answer is cached for the token', async () => {
    const { response } = await decide(tokenEvent('GET', '/orders', 'Bearer a.b.c'), deps(config));
    expect(response.policyDocument.Statement).toEqual([
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${API_ARN}/${STAGE}/*/*` },
    ]);
  });

  test('falls back to the invoked method when a Deny pattern would also cover this permitted request', async () => {
    // GIVEN POST /orders/{orderId} needs premium-tier, POST /orders/{orderId}/notes needs nothing,
    // and the Deny ARN POST/orders/* also spans /orders/42/notes
    const token = await signToken(key, { claims: { roles: [] } });
    // WHEN
    const { response } = await decide(tokenEvent('POST', '/orders/42/notes', `Bearer ${token}`), deps(testConfig({ policyScope: 'STAGE', routeRoles: premiumOnly })));
    // THEN
    expect(response.policyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: methodArn('POST', '/orders/42/notes') },
    ]);
  });
});

describe('decide: REST REQUEST events', () => {
  test('reads the token from the Authorization header, any case', async () => {
    const token = await signToken(key, { claims: { sub: 'bob' } });
    const event = restRequestEvent('GET', '/orders/{orderId}', '/orders/7', { AUTHORIZATION: `Bearer ${token}` });
    const { decision } = await decide(event, deps(testConfig()));
    expect(decision).toMatchObject({ effect: 'Allow', principalId: 'bob' });
  });

  test('denies a request without an Authorization header', async () => {
    const event = restRequestEvent('GET', '/orders', '/orders', {});
    const { response, decision } = await decide(event, deps(testConfig()));
    expect(response.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny', Resource: methodArn('GET', '/orders') });
    expect(decision.reason).toBe('no bearer token');
  });

  test('finds the route from the resource template, whatever the parameter is called', async () => {
    const token = await signToken(key, { claims: { roles: [] } });
    const event = restRequestEvent('POST', '/orders/{id}', '/orders/7', { Authorization: `Bearer ${token}` });
    const { decision } = await decide(event, deps(testConfig({ routeRoles: premiumOnly })));
    expect(decision).toMatchObject({ effect: 'Deny', routeKey: 'POST /orders/{orderId}' });
  });

  test('applies the roles of an ANY route to every method', async () => {
    const token = await signToken(key, { claims: { roles: [] } });
    const event = restRequestEvent('PATCH', '/admin/{proxy+}', '/admin/users/1', { Authorization: `Bearer ${token}` });
    const { decision } = await decide(event, deps(testConfig({ routeRoles: { 'ANY /admin/{proxy+}': ['admin'] } })));
    expect(decision).toMatchObject({ effect: 'Deny', routeKey: 'ANY /admin/{proxy+}' });
  });
});

describe('decide: HTTP API REQUEST events (IAM policy format)', () => {
  test('allows a valid token on the route ARN with the context', async () => {
    const token = await signToken(key, { claims: { sub: 'carol', tenant_id: 't-1' } });
    const event = httpApiEvent('GET', '/orders/{orderId}', '/orders/5', { authorization: `Bearer ${token}` });
    const { response } = await decide(event, deps(testConfig()));
    expect(response.policyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: methodArn('GET', '/orders/5') },
    ]);
    expect(response.context).toMatchObject({ userId: 'carol', tenantId: 't-1' });
  });

  test('finds required roles from the route key', async () => {
    const token = await signToken(key, { claims: { roles: ['reader'] } });
    const event = httpApiEvent('POST', '/orders/{orderId}', '/orders/5', { authorization: `Bearer ${token}` });
    const { decision } = await decide(event, deps(testConfig({ routeRoles: premiumOnly })));
    expect(decision).toMatchObject({ effect: 'Deny', reason: 'missing required roles premium-tier' });
  });

  test('takes the token from the identity source when headers are absent', async () => {
    const token = await signToken(key);
    const event = { ...httpApiEvent('GET', '/orders', '/orders', {}), headers: undefined, identitySource: [`Bearer ${token}`] };
    const { decision } = await decide(event, deps(testConfig()));
    expect(decision.effect).toBe('Allow');
  });

  test('denies an HTTP API request without a token', async () => {
    const event = httpApiEvent('GET', '/orders', '/orders', {});
    const { decision } = await decide(event, deps(testConfig()));
    expect(decision).toMatchObject({ effect: 'Deny', reason: 'no bearer token' });
  });
});

describe('decide: HTTP API REQUEST events in payload format 1.0', () => {
  test('finds required roles from the route key and answers on the method ARN', async () => {
    // GIVEN a 1.0 event: REST-like, with the route key at the top level
    const token = await signToken(key, { claims: { roles: ['reader'] } });
    const event = {
      ...restRequestEvent('POST', '/orders/5', '/orders/5', {}),
      version: '1.0' as const, routeKey: 'POST /orders/{orderId}', identitySource: `Bearer ${token}`,
    };
    // WHEN
    const { response, decision } = await decide(event, deps(testConfig({ routeRoles: premiumOnly })));
    // THEN
    expect(decision).toMatchObject({ effect: 'Deny', routeKey: 'POST /orders/{orderId}' });
    expect(response.policyDocument.Statement[0]).toMatchObject({ Resource: methodArn('POST', '/orders/5') });
  });
});

describe('decide: required scopes (any one of them, as API Gateway requires)', () => {
  const config = testConfig({ requiredScopes: ['orders:read', 'orders:write'] });

  test('allows a token whose space-separated scope claim holds every listed scope', async () => {
    const token = await signToken(key, { claims: { scope: 'openid orders:read orders:write' } });
    const { decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    expect(decision.effect).toBe('Allow');
  });

  test('allows a token holding only one of the listed scopes', async () => {
    const token = await signToken(key, { claims: { scope: 'openid orders:write' } });
    const { decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    expect(decision.effect).toBe('Allow');
  });

  test('reads scopes from an scp array too', async () => {
    const token = await signToken(key, { claims: { scp: ['orders:read'] } });
    const { decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    expect(decision.effect).toBe('Allow');
  });

  test('denies a token holding none of the listed scopes', async () => {
    const token = await signToken(key, { claims: { scope: 'openid profile' } });
    const { decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    expect(decision).toMatchObject({ effect: 'Deny', reason: 'token carries none of the scopes orders:read,orders:write' });
  });

  test('denies a token without any scope claim', async () => {
    const token = await signToken(key);
    const { decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    expect(decision).toMatchObject({ effect: 'Deny', reason: expect.stringContaining('none of the scopes') });
  });

  test('does not take a scope name for a prefix of another', async () => {
    const token = await signToken(key, { claims: { scope: 'orders:readonly orders' } });
    const { decision } = await decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
    expect(decision.effect).toBe('Deny');
  });
});

describe('decide: a failing verifier', () => {
  test('a verifier that throws, or rejects, makes decide reject: it never throws where it is called', async () => {
    const event = tokenEvent('GET', '/orders/42', `Bearer ${await signToken(key)}`);
    const config = testConfig();
    const throwing: AuthorizeDependencies = { config, verify: () => { throw new Error('verifier bug'); } };
    const rejecting: AuthorizeDependencies = { config, verify: () => Promise.reject(new Error('verifier down')) };
    let pending: Promise<unknown> | undefined;
    expect(() => { pending = decide(event, throwing); }).not.toThrow();
    await expect(pending).rejects.toThrow('verifier bug');
    await expect(decide(event, rejecting)).rejects.toThrow('verifier down');
  });
});
