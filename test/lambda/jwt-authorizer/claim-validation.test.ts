jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import { createLocalJWKSet, JWTPayload, JWTVerifyGetKey } from 'jose';
import { AuthorizeDependencies, decide } from '../../../lambda/jwt-authorizer/authorize';
import { JwtAuthorizerConfig } from '../../../lambda/jwt-authorizer/config';
import { verifyToken } from '../../../lambda/jwt-authorizer/verify-token';
import { inSeconds, signToken, testConfig, TestKey, testKey, tokenEvent } from './fixtures';

let key: TestKey;
let keys: JWTVerifyGetKey;

beforeAll(async () => {
  key = await testKey('RS256', 'rsa-1');
  keys = createLocalJWKSet({ keys: [key.publicJwk] });
});

function deps(config: JwtAuthorizerConfig): AuthorizeDependencies {
  return { config, verify: (token) => verifyToken(token, keys, config) };
}

/** Claims of any JSON shape, for tokens a conforming issuer would never sign. */
type AnyClaims = Record<string, unknown>;

async function decideFor(claims: AnyClaims, config = testConfig(), omit: string[] = []) {
  const token = await signToken(key, { claims: claims as JWTPayload, omit });
  return decide(tokenEvent('GET', '/orders', `Bearer ${token}`), deps(config));
}

describe('decide: identity claims must have the types the context needs', () => {
  test.each<[string, AnyClaims, string]>([
    ['an object as sub', { sub: { id: 'alice' } }, 'user id claim "sub" must be a string, got an object'],
    ['an array as sub', { sub: ['alice', 'bob'] }, 'user id claim "sub" must be a string, got an array'],
    ['a number as sub', { sub: 42 }, 'user id claim "sub" must be a string, got a number'],
    ['an empty sub', { sub: '' }, 'user id claim "sub" is empty'],
    ['a line break in sub', { sub: 'alice\r\nX-Admin: yes' }, 'user id claim "sub" contains control characters'],
    ['an over-long sub', { sub: 'a'.repeat(1025) }, 'user id claim "sub" is longer than 1024 characters'],
    ['an object as tenant', { tenant_id: { id: 't-1' } }, 'tenant claim "tenant_id" must be a string, got an object'],
    ['an array as tenant', { tenant_id: ['t-1', 't-2'] }, 'tenant claim "tenant_id" must be a string, got an array'],
    ['a number as tenant', { tenant_id: 7 }, 'tenant claim "tenant_id" must be a string, got a number'],
    ['a boolean as tenant', { tenant_id: true }, 'tenant claim "tenant_id" must be a string, got a boolean'],
    ['an object as roles', { roles: { admin: true } }, 'roles claim "roles" must be an array of strings or a space-separated string, got an object'],
    ['a number among roles', { roles: ['reader', 1] }, 'roles claim "roles" must hold only strings, got an array with a number'],
    ['a nested array among roles', { roles: [['admin']] }, 'roles claim "roles" must hold only strings, got an array with an array'],
    ['a comma inside a role', { roles: ['reader,admin'] }, 'roles claim "roles" must hold non-empty role names without commas'],
    ['an empty role', { roles: ['reader', ''] }, 'roles claim "roles" must hold non-empty role names without commas'],
    ['a number as roles', { roles: 3 }, 'roles claim "roles" must be an array of strings or a space-separated string, got a number'],
    ['an array as scope', { scope: ['orders:read'] }, 'claim "scope" must be a space-separated string, got an array'],
    ['an object as scp', { scp: { a: 1 } }, 'claim "scp" must be a string or an array of strings, got an object'],
  ])('denies %s with a reason', async (_, claims, reason) => {
    // GIVEN a correctly signed token whose claim has the wrong type / WHEN
    const { response, decision } = await decideFor(claims);
    // THEN
    expect(decision).toMatchObject({ effect: 'Deny', reason });
    expect(response.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(response.context).toBeUndefined();
  });

  test('denies a roles claim of the wrong type even on a route that requires no role', async () => {
    const { decision } = await decideFor({ roles: { admin: true } }, testConfig({ routeRoles: {} }));
    expect(decision.effect).toBe('Deny');
  });

  test('reads the user id from the configured claim', async () => {
    const { response, decision } = await decideFor({ oid: 'object-7' }, testConfig({ userIdClaim: 'oid' }));
    expect(decision).toMatchObject({ effect: 'Allow', principalId: 'object-7' });
    expect(response.principalId).toBe('object-7');
    expect(response.context).toMatchObject({ userId: 'object-7' });
  });

  test('denies a token lacking the configured user id claim, naming it', async () => {
    const { decision } = await decideFor({}, testConfig({ userIdClaim: 'oid' }));
    expect(decision).toMatchObject({ effect: 'Deny', reason: 'user id claim "oid" must be a string, got nothing' });
  });

  test('still requires sub to be a string when the user id comes from another claim', async () => {
    const { decision } = await decideFor({ oid: 'object-7', sub: { x: 1 } }, testConfig({ userIdClaim: 'oid' }));
    expect(decision).toMatchObject({ effect: 'Deny', reason: 'claim "sub" must be a string, got an object' });
  });

  test('reads the tenant from a nested claim path', async () => {
    const { response } = await decideFor({ org: { id: 'org-3' } }, testConfig({ tenantIdClaim: 'org.id' }));
    expect(response.context).toMatchObject({ tenantId: 'org-3' });
  });

  test('does not read an inherited property as a claim', async () => {
    // GIVEN a tenant claim named like an Object.prototype member, absent from the token
    const { response, decision } = await decideFor({}, testConfig({ tenantIdClaim: 'constructor' }));
    // THEN it is absent, not the Object constructor
    expect(decision.effect).toBe('Allow');
    expect(response.context).toMatchObject({ tenantId: '' });
  });

  test('accepts a space-separated roles string', async () => {
    const config = testConfig({ routeRoles: { 'GET /orders': ['admin'] } });
    const { response, decision } = await decideFor({ roles: 'reader admin' }, config);
    expect(decision.effect).toBe('Allow');
    expect(response.context).toMatchObject({ roles: 'reader,admin' });
  });

  test('gives no roles for a token without a roles claim', async () => {
    const { response } = await decideFor({}, testConfig(), ['roles']);
    expect(response.context).toMatchObject({ roles: '' });
  });
});

describe('decide: time claims', () => {
  test('denies a token issued in the future beyond the clock skew', async () => {
    const { decision } = await decideFor({ iat: inSeconds(600) });
    expect(decision).toMatchObject({ effect: 'Deny', reason: expect.stringContaining('"iat" claim lies in the future') });
  });

  test('accepts a token issued in the future within the clock skew', async () => {
    const { decision } = await decideFor({ iat: inSeconds(20) }, testConfig({ clockSkewSeconds: 60 }));
    expect(decision.effect).toBe('Allow');
  });

  test('denies a token whose iat is not a number', async () => {
    const { decision } = await decideFor({ iat: 'yesterday' });
    expect(decision).toMatchObject({ effect: 'Deny', reason: expect.stringContaining('"iat"') });
  });

  test('denies a token whose exp is not a number', async () => {
    const { decision } = await decideFor({ exp: `${inSeconds(600)}` });
    expect(decision).toMatchObject({ effect: 'Deny', reason: expect.stringContaining('"exp"') });
  });
});
