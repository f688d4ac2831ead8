import { Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TopologyValidationError } from '../../lib/errors';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { validateRoutes } from '../../lib/routes/validate-routes';

function fixture() {
  const stack = new Stack(undefined, 'Stack');
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'),
  });
  const target = RouteTarget.lambda(fn);
  return { stack, target };
}

function errorOf(fn: () => void): TopologyValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TopologyValidationError) return e;
    throw e;
  }
  throw new Error('expected a TopologyValidationError');
}

test('accepts a valid route list', () => {
  const { stack, target } = fixture();
  expect(() => validateRoutes(stack, 'routes', [
    { method: HttpMethod.GET, path: '/orders/{orderId}', target },
    { method: HttpMethod.POST, path: '/orders', target, throttle: { rateLimit: 10, burstLimit: 20 } },
    { method: HttpMethod.ANY, path: '/files/{proxy+}', target },
  ])).not.toThrow();
});

test('fails when the route list is empty, naming the construct path and the fix', () => {
  const { stack } = fixture();
  const error = errorOf(() => validateRoutes(stack, 'routes', []));
  expect(error.message).toMatch(/^Stack: invalid routes: a gateway needs at least one route \(received \[\]\)\. Fix: /);
  expect(error.constructPath).toBe('Stack');
  expect(error.prop).toBe('routes');
});

test('fails when a path has no leading slash, naming the route index', () => {
  const { stack, target } = fixture();
  const error = errorOf(() => validateRoutes(stack, 'routes', [
    { method: HttpMethod.GET, path: '/ok', target },
    { method: HttpMethod.GET, path: 'orders', target },
  ]));
  expect(error.message).toMatch(/invalid routes\[1\]\.path: a route path must start with "\/" \(received "orders"\)/);
});

test.each([
  ['/orders/{}', /empty parameter name/],
  ['/orders/{id', /unbalanced braces/],
  ['/files/{proxy+}/x', /must be the last segment/],
])('fails when the path is %s', (path, message) => {
  const { stack, target } = fixture();
  expect(() => validateRoutes(stack, 'routes', [{ method: HttpMethod.GET, path, target }])).toThrow(message);
});

test('fails when the same method and path are declared twice, even with other parameter names', () => {
  const { stack, target } = fixture();
  const error = errorOf(() => validateRoutes(stack, 'routes', [
    { method: HttpMethod.GET, path: '/orders/{orderId}', target },
    { method: HttpMethod.POST, path: '/orders/{orderId}', target },
    { method: HttpMethod.GET, path: '/orders/{id}', target },
  ]));
  expect(error.message).toMatch(/invalid routes\[2\]\.path: the same method and path are already declared at routes\[0\]/);
  expect(error.message).toContain('"GET /orders/{id}"');
});

test('fails when an added route duplicates an existing one', () => {
  const { stack, target } = fixture();
  const existing: Route[] = [{ method: HttpMethod.GET, path: '/orders', target }];
  expect(() => validateRoutes(stack, 'route', [{ method: HttpMethod.GET, path: '/orders', target }], existing))
    .toThrow(/the same method and path are already declared/);
});

test.each([
  [{ rateLimit: -1 }, /throttle\.rateLimit: a throttling rate limit must be at least 0 requests per second/],
  [{ rateLimit: NaN }, /throttle\.rateLimit: a throttling rate limit must be a number, not NaN/],
  [{ rateLimit: Infinity }, /throttle\.rateLimit: a throttling rate limit must be finite/],
  [{ burstLimit: -5 }, /throttle\.burstLimit: a throttling burst limit must be at least 0 requests/],
  [{ burstLimit: 1.5 }, /throttle\.burstLimit: a throttling burst limit must be a whole number/],
  [{ burstLimit: 2.5 }, /received 2\.5/],
])('fails when the throttle is %j', (throttle, message) => {
  const { stack, target } = fixture();
  expect(() => validateRoutes(stack, 'routes', [{ method: HttpMethod.GET, path: '/a', target, throttle }])).toThrow(message);
});

test('accepts tokens where throttle values are checked', () => {
  const { stack, target } = fixture();
  const rate = Token.asNumber({ Ref: 'RateParam' });
  expect(() => validateRoutes(stack, 'routes', [{ method: HttpMethod.GET, path: '/a', target, throttle: { rateLimit: rate } }])).not.toThrow();
});

test('accepts a fractional rate limit and the zero edges: API Gateway takes the rate as a Double', () => {
  const { stack, target } = fixture();
  expect(() => validateRoutes(stack, 'routes', [{ method: HttpMethod.GET, path: '/a', target, throttle: { rateLimit: 0.5, burstLimit: 0 } }])).not.toThrow();
  expect(() => validateRoutes(stack, 'routes', [{ method: HttpMethod.GET, path: '/a', target, throttle: { rateLimit: 0 } }])).not.toThrow();
});

test('fails when the request schema is not valid JSON Schema draft 4', () => {
  const { stack, target } = fixture();
  const error = errorOf(() => validateRoutes(stack, 'routes', [
    { method: HttpMethod.POST, path: '/a', target, requestSchema: { type: 'object', required: 'email' } },
  ]));
  expect(error.message).toMatch(/routes\[0\]\.requestSchema: not a valid JSON Schema \(draft 4\)/);
});

test('accepts a draft 4 request schema', () => {
  const { stack, target } = fixture();
  expect(() => validateRoutes(stack, 'routes', [{
    method: HttpMethod.POST, path: '/a', target,
    requestSchema: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
  }])).not.toThrow();
});

test('fails when an injected header name is not a header name', () => {
  const { stack, target } = fixture();
  expect(() => validateRoutes(stack, 'routes', [
    { method: HttpMethod.GET, path: '/a', target, injectHeaders: { 'X Bad': HeaderValue.literal('1') } },
  ])).toThrow(/injectHeaders: not a valid HTTP header name \(received "X Bad"\)/);
});

test('fails when required roles are empty', () => {
  const { stack, target } = fixture();
  expect(() => validateRoutes(stack, 'routes', [{ method: HttpMethod.GET, path: '/a', target, requiredRoles: [] }]))
    .toThrow(/requiredRoles: required roles must be a non-empty list/);
});

test('fails when a backend path uses a parameter the route lacks', () => {
  const stack = new Stack(undefined, 'Stack');
  const backend = { backendName: 'orders', node: stack.node } as any;
  const target = RouteTarget.service(backend, { backendPath: '/v1/orders/{id}' });
  expect(() => validateRoutes(stack, 'routes', [{ method: HttpMethod.GET, path: '/orders/{orderId}', target }]))
    .toThrow(/target\.backendPath: parameter "id" is not a parameter of the route path/);
});
