import { findRouteByPath, findRouteByTemplate, parseMethodArn, routeKeyArn, stageWildcardArn } from '../../../lambda/jwt-authorizer/route-match';

const ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/orders/42/items';

describe('parseMethodArn', () => {
  test('splits a method ARN into API, stage, method and path', () => {
    expect(parseMethodArn(ARN)).toEqual({
      apiArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123', stage: 'prod', method: 'POST', path: 'orders/42/items',
    });
  });

  test('reads the root path as empty', () => {
    expect(parseMethodArn('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/')?.path).toBe('');
  });

  test('rejects what is not an execute-api ARN', () => {
    expect(parseMethodArn('arn:aws:s3:::bucket/key')).toBeUndefined();
    expect(parseMethodArn(undefined)).toBeUndefined();
  });
});

describe('ARNs for policies', () => {
  const arn = parseMethodArn(ARN)!;

  test('the stage wildcard covers every method and path of the stage', () => {
    expect(stageWildcardArn(arn)).toBe('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*');
  });

  test('a route key becomes an ARN with parameters as wildcards and ANY as any method', () => {
    expect(routeKeyArn(arn, 'POST /orders/{orderId}')).toBe('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/orders/*');
    expect(routeKeyArn(arn, 'ANY /files/{proxy+}')).toBe('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/files/*');
  });
});

describe('findRouteByPath', () => {
  const keys = ['GET /orders/{orderId}', 'GET /orders/special', 'ANY /orders/{orderId}', 'GET /files/{proxy+}', 'GET /'];

  test('prefers a literal segment over a parameter', () => {
    expect(findRouteByPath(keys, 'GET', 'orders/special')).toBe('GET /orders/special');
  });

  test('prefers the exact method over ANY', () => {
    expect(findRouteByPath(keys, 'GET', 'orders/7')).toBe('GET /orders/{orderId}');
    expect(findRouteByPath(keys, 'DELETE', 'orders/7')).toBe('ANY /orders/{orderId}');
  });

  test('matches a greedy parameter over several segments but not over none', () => {
    expect(findRouteByPath(keys, 'GET', 'files/a/b/c')).toBe('GET /files/{proxy+}');
    expect(findRouteByPath(keys, 'GET', 'files')).toBeUndefined();
  });

  test('matches the root', () => {
    expect(findRouteByPath(keys, 'GET', '')).toBe('GET /');
  });

  test('finds nothing for a path with more segments than any route', () => {
    expect(findRouteByPath(keys, 'GET', 'orders/7/items')).toBeUndefined();
  });
});

describe('findRouteByTemplate', () => {
  test('matches templates by shape, not parameter names', () => {
    expect(findRouteByTemplate(['POST /orders/{orderId}'], 'POST', '/orders/{id}')).toBe('POST /orders/{orderId}');
  });

  test('falls back to the ANY route', () => {
    expect(findRouteByTemplate(['ANY /orders'], 'PUT', '/orders')).toBe('ANY /orders');
  });

  test('does not confuse a greedy parameter with a plain one', () => {
    expect(findRouteByTemplate(['GET /files/{name}'], 'GET', '/files/{proxy+}')).toBeUndefined();
  });
});
