import { claimValue, contextValue, namesFrom } from '../../../lambda/jwt-authorizer/claims';

describe('claimValue', () => {
  test('reads a claim whose name has a colon as is', () => {
    expect(claimValue({ 'cognito:groups': ['a'] }, 'cognito:groups')).toEqual(['a']);
  });

  test('reads a dotted path into nested claims when no claim has the whole name', () => {
    expect(claimValue({ realm_access: { roles: ['admin'] } }, 'realm_access.roles')).toEqual(['admin']);
  });

  test('prefers a claim named with the dots over the nested path', () => {
    expect(claimValue({ 'a.b': 1, 'a': { b: 2 } }, 'a.b')).toBe(1);
  });

  test('gives undefined for a missing path', () => {
    expect(claimValue({ a: 'x' }, 'a.b')).toBeUndefined();
  });
});

describe('namesFrom', () => {
  test('takes the strings of an array', () => {
    expect(namesFrom(['a', 3, 'b', ''])).toEqual(['a', 'b']);
  });

  test('splits a space- or comma-separated string', () => {
    expect(namesFrom('a b,c ,  d')).toEqual(['a', 'b', 'c', 'd']);
  });

  test('gives no roles for anything else', () => {
    expect(namesFrom(undefined)).toEqual([]);
    expect(namesFrom({ a: 1 })).toEqual([]);
  });
});

describe('contextValue', () => {
  test('keeps strings, numbers and booleans', () => {
    expect([contextValue('a'), contextValue(2), contextValue(false)]).toEqual(['a', 2, false]);
  });

  test('renders absent claims as empty strings and objects as JSON', () => {
    expect(contextValue(undefined)).toBe('');
    expect(contextValue(null)).toBe('');
    expect(contextValue(['x', 'y'])).toBe('["x","y"]');
  });
});
