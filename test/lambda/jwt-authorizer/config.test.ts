jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import { configProblems } from '../../../lambda/jwt-authorizer/config';
import { testConfig } from './fixtures';

describe('configProblems', () => {
  test('finds none in a complete configuration', () => {
    expect(configProblems(testConfig({ routeRoles: { 'POST /orders/{orderId}': ['premium-tier'] } }))).toEqual([]);
  });

  test('names each missing or malformed field', () => {
    const problems = configProblems({ ...testConfig(), issuer: '', audiences: [], policyScope: 'ALL', clockSkewSeconds: -1 });
    expect(problems).toEqual(expect.arrayContaining([
      'issuer must be a non-empty string',
      'audiences must be a non-empty array of strings',
      'clockSkewSeconds must be a number >= 0',
      'policyScope must be "METHOD" or "STAGE"',
    ]));
  });

  test('rejects malformed route keys and empty role lists', () => {
    const problems = configProblems(testConfig({ routeRoles: { 'orders': ['a'], 'GET /x': [] } }));
    expect(problems).toEqual([
      'routeRoles key "orders" is not "METHOD /path"',
      'routeRoles["GET /x"] must be a non-empty array of role names',
    ]);
  });

  test('rejects what is not an object', () => {
    expect(configProblems(null)).toEqual(['config is not an object']);
  });
});

test('configProblems rejects required scopes that are not a list of names', () => {
  expect(configProblems({ ...testConfig(), requiredScopes: 'orders:read' })).toEqual(['requiredScopes must be an array of scope names']);
});

describe('configProblems: identity claim and key-set caching fields', () => {
  test('accepts a configuration written before the optional fields existed', () => {
    const { userIdClaim, jwksCooldownSeconds, jwksCacheMaxAgeSeconds, cacheKeyIncludesRoute, ...older } = testConfig();
    expect([userIdClaim, jwksCooldownSeconds, jwksCacheMaxAgeSeconds, cacheKeyIncludesRoute]).toEqual([undefined, undefined, undefined, undefined]);
    expect(configProblems(older)).toEqual([]);
  });

  test('accepts the optional fields when well formed', () => {
    expect(configProblems(testConfig({ userIdClaim: 'oid', jwksCooldownSeconds: 10, jwksCacheMaxAgeSeconds: 300, cacheKeyIncludesRoute: true }))).toEqual([]);
  });

  test('names each malformed optional field', () => {
    expect(configProblems({ ...testConfig(), userIdClaim: '', jwksCooldownSeconds: 0, jwksCacheMaxAgeSeconds: 'long', cacheKeyIncludesRoute: 'yes' })).toEqual([
      'userIdClaim must be a non-empty string',
      'jwksCooldownSeconds must be a number >= 1',
      'jwksCacheMaxAgeSeconds must be a number >= 1',
      'cacheKeyIncludesRoute must be a boolean',
    ]);
  });

  test('refuses a cooldown longer than the cache age', () => {
    expect(configProblems(testConfig({ jwksCooldownSeconds: 700 }))).toEqual(['jwksCooldownSeconds must not exceed jwksCacheMaxAgeSeconds']);
  });

  test('refuses a clock skew that is not a finite number', () => {
    expect(configProblems({ ...testConfig(), clockSkewSeconds: Infinity })).toEqual(['clockSkewSeconds must be a number >= 0']);
  });
});
