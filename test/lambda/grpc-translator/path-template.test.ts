import { compileTemplate, gatewayPath, isTemplateProblem, parsePathTemplate, PathTemplate } from '../../../lambda/grpc-translator/path-template';

function parse(text: string): PathTemplate {
  const parsed = parsePathTemplate(text);
  if (isTemplateProblem(parsed)) throw new Error(parsed.problem);
  return parsed;
}

describe('parsePathTemplate', () => {
  test('an API Gateway path has one single-segment variable per parameter', () => {
    expect(parse('/api/v1/users/{userId}').variables).toEqual([{ name: 'userId', start: 3, end: 4 }]);
  });

  test('a patterned variable spans its pattern, and a verb is split off', () => {
    const t = parse('/v1/{name=shelves/*/books/*}:archive');
    expect(t.variables).toEqual([{ name: 'name', start: 1, end: 5 }]);
    expect(t.verb).toBe('archive');
  });

  test.each([
    ['users/{id}', 'must start with "/"'],
    ['/v1/{id', 'unbalanced braces'],
    ['/v1/x{id}', 'mixes a variable with literal text'],
    ['/v1/{id}/{id}', 'appears twice'],
    ['/v1/{path=**}/tail', '"**" must be the last segment'],
    ['/v1/{1abc}', 'is not a valid name'],
  ])('fails when the template is %s', (text, problem) => {
    const parsed = parsePathTemplate(text);
    expect(isTemplateProblem(parsed) && parsed.problem).toContain(problem);
  });
});

describe('compileTemplate', () => {
  test('captures single-segment variables percent-decoded', () => {
    expect(compileTemplate(parse('/users/{id}'))('/users/a%20b')).toEqual(['a b']);
  });

  test('captures a patterned variable with its literal segments', () => {
    expect(compileTemplate(parse('/v1/{name=shelves/*/books/*}'))('/v1/shelves/s1/books/b2')).toEqual(['shelves/s1/books/b2']);
  });

  test('keeps an encoded slash encoded inside a multi-segment variable', () => {
    expect(compileTemplate(parse('/files/{path=**}'))('/files/a/b%2Fc%20d')).toEqual(['a/b%2Fc d']);
  });

  test('matches the verb and nothing else', () => {
    const match = compileTemplate(parse('/v1/{name=*}:cancel'));
    expect(match('/v1/op-1:cancel')).toEqual(['op-1']);
    expect(match('/v1/op-1')).toBeUndefined();
  });

  test('does not match a different path', () => {
    expect(compileTemplate(parse('/users/{id}'))('/users/1/extra')).toBeUndefined();
  });
});

describe('gatewayPath', () => {
  test.each([
    ['/api/v1/users/{userId}', '/api/v1/users/{userId}'],
    ['/v1/users/{user.id}', '/v1/users/{user_id}'],
    ['/v1/{parent=tenants/*}/users', '/v1/tenants/{parent_1}/users'],
    ['/files/{path=**}', '/files/{path+}'],
    ['/files/{proxy+}', '/files/{proxy+}'],
    ['/v1/{name=*}:cancel', '/v1/{name+}'],
  ])('%s routes on API Gateway as %s', (template, expected) => {
    expect(gatewayPath(template)).toBe(expected);
  });
});
