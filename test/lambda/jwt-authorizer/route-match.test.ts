import { findRouteByPath, findRouteByTemplate, parseMethodArn, routeKeyArn, RouteTable, stageWildcardArn } from '../../../lambda/jwt-authorizer/route-match';

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

describe('RouteTable: keys parsed once, answers as the functions give them', () => {
  const keys = ['GET /orders/{orderId}', 'GET /orders/special', 'ANY /orders/{orderId}', 'GET /files/{proxy+}', 'not a key'];
  const table = new RouteTable(keys);
  const arn = parseMethodArn(ARN)!;

  test('finds the same routes by path and by template on every call', () => {
    for (let i = 0; i < 3; i++) {
      expect(table.byPath('GET', 'orders/special')).toBe(findRouteByPath(keys, 'GET', 'orders/special'));
      expect(table.byPath('DELETE', 'orders/7')).toBe('ANY /orders/{orderId}');
      expect(table.byTemplate('PUT', '/orders/{id}')).toBe('ANY /orders/{orderId}');
      expect(table.byTemplate('GET', '/files/{name}')).toBeUndefined();
    }
  });

  test('answers templates past the number it remembers as it answers the first ones', () => {
    const busy = new RouteTable(keys);
    for (let i = 0; i < 1100; i++) expect(busy.byTemplate('GET', `/t${i}/{id}`)).toBeUndefined();
    expect(busy.byTemplate('GET', '/orders/{x}')).toBe('GET /orders/{orderId}');
    expect(busy.byTemplate('PATCH', '/orders/{x}')).toBe('ANY /orders/{orderId}');
  });

  test('writes the ARN suffix of configured and unconfigured route keys as routeKeyArn does, malformed keys having none', () => {
    for (let i = 0; i < 2; i++) {
      expect(`${arn.apiArn}/${arn.stage}/${table.routeArnSuffix('GET /files/{proxy+}')}`).toBe(routeKeyArn(arn, 'GET /files/{proxy+}'));
      expect(table.routeArnSuffix('POST /carts/{cartId}/items')).toBe('POST/carts/*/items');
      expect(table.routeArnSuffix('ANY /orders/{orderId}')).toBe('*/orders/*');
      expect(table.routeArnSuffix('not a key')).toBeUndefined();
      expect(table.routeArnSuffix('$default')).toBeUndefined();
      expect(table.arnOf(arn, 'ANY /orders/{orderId}')).toBe('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/orders/*');
    }
  });
});
