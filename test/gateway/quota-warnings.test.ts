import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { restResourceCount } from '../../lib/gateway/quota-warnings';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';

// API Gateway's default quotas of 300 routes per HTTP API and 300 resources per REST API can
// be raised per API, so passing them warns (naming the Service Quotas quota) and never fails.
const target = RouteTarget.httpUrl('https://backend.example.com/items');
const routes = (count: number, prefix = 'r'): Route[] =>
  Array.from({ length: count }, (_, i) => ({ method: HttpMethod.GET, path: `/${prefix}${i}`, target }));

describe('HttpGateway routes per API', () => {
  function build(count: number) {
    const stack = new Stack(new App(), 'Stack');
    const gateway = new HttpGateway(stack, 'Gateway', { defaultAuthorization: Authorization.iam(), routes: routes(count) });
    return { stack, gateway };
  }

  test('warns past 300 routes, counting routes added later, and names the quota', () => {
    const { stack, gateway } = build(300);
    gateway.addRoute({ method: HttpMethod.POST, path: '/late', target });
    Annotations.fromStack(stack).hasWarning('/Stack/Gateway', Match.stringLikeRegexp(
      'The API has 301 routes, past API Gateway\'s default quota of 300\\. Request an increase of "Routes per API" \\(Service Quotas, Amazon API Gateway\\)'));
  });

  test('does not warn at 300 routes', () => {
    const { stack } = build(300);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('default quota'))).toHaveLength(0);
  });
});

describe('RestGateway resources per API', () => {
  function build(count: number) {
    const stack = new Stack(new App(), 'Stack');
    new RestGateway(stack, 'Gateway', { defaultAuthorization: Authorization.iam(), routes: routes(count) });
    return stack;
  }

  test('warns past 300 resources and names the quota', () => {
    Annotations.fromStack(build(301)).hasWarning('/Stack/Gateway', Match.stringLikeRegexp(
      'The API has 301 resources, past API Gateway\'s default quota of 300\\. Request an increase of "Resources per API"'));
  });

  test('does not warn at 300 resources', () => {
    expect(Annotations.fromStack(build(300)).findWarning('*', Match.stringLikeRegexp('default quota'))).toHaveLength(0);
  });

  test('counts each distinct path prefix once, without the root', () => {
    expect(restResourceCount(['/orders', '/orders/{id}', '/orders/{id}', '/orders/{id}/items', '/users/{id}'])).toBe(5);
    expect(restResourceCount(['/'])).toBe(0);
  });
});
