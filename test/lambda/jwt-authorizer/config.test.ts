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
