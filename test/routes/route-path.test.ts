import { parseRoutePath, pathParameters, pathShapeKey } from '../../lib/routes/route-path';

describe('parseRoutePath', () => {
  test('parses literal, parameter and greedy segments', () => {
    // WHEN
    const parsed = parseRoutePath('/api/v2/orders/{orderId}/{proxy+}');
    // THEN
    expect(parsed).toEqual({
      segments: [
        { text: 'api', greedy: false },
        { text: 'v2', greedy: false },
        { text: 'orders', greedy: false },
        { text: '{orderId}', parameter: 'orderId', greedy: false },
        { text: '{proxy+}', parameter: 'proxy', greedy: true },
      ],
    });
  });

  test('the root path has no segments', () => {
    expect(parseRoutePath('/')).toEqual({ segments: [] });
  });

  test.each([
    ['orders', /must start with "\/"/],
    ['/orders/', /must not end with "\/"/],
    ['/a//b', /empty segment/],
    ['/orders/{}', /empty parameter name/],
    ['/orders/{id', /unbalanced braces/],
    ['/orders/id}', /unbalanced braces/],
    ['/orders/{{id}}', /unbalanced braces/],
    ['/orders/x{id}', /mixes a parameter with literal text/],
    ['/files/{proxy+}/meta', /must be the last segment/],
    ['/a/{id}/b/{id}', /appears twice/],
    ['/a/{1x}', /not a valid name/],
    ['/a b', /characters API Gateway does not accept/],
  ])('rejects %s', (path, problem) => {
    const parsed = parseRoutePath(path);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });
});

test('pathParameters lists parameter names in order', () => {
  expect(pathParameters('/a/{x}/b/{y+}')).toEqual(['x', 'y']);
  expect(pathParameters('/a/b')).toEqual([]);
});

test('pathShapeKey makes paths that differ only in parameter names collide', () => {
  expect(pathShapeKey('/orders/{orderId}')).toEqual(pathShapeKey('/orders/{id}'));
  expect(pathShapeKey('/orders/{id}')).not.toEqual(pathShapeKey('/orders/{id+}'));
  expect(pathShapeKey('/orders/{id}')).not.toEqual(pathShapeKey('/orders/list'));
});
