import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { STRICT_CONTEXT } from '../helpers/checked-app';

/** The fixture's stack name, region and gateways. */
export const FIXTURE_STACK = 'VerifyFixture';
export const FIXTURE_REGION = 'eu-west-1';
export const ISSUER = 'https://issuer.example.com/';

/** An app with one HTTP and one REST gateway covering what verify checks, synthesized into a fresh directory. */
export function synthFixture(): { outdir: string; stack: Stack; http: HttpGateway; rest: RestGateway } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-verify-'));
  const app = new App({ outdir, context: STRICT_CONTEXT });
  const stack = new Stack(app, FIXTURE_STACK, { env: { region: FIXTURE_REGION } });
  const backend = (p: string) => RouteTarget.httpUrl(`https://backend.example.com${p}`);

  const http = new HttpGateway(stack, 'Http', {
    apiName: 'fixture-http',
    defaultAuthorization: Authorization.jwt(ISSUER, ['fixture-api']),
    throttle: { rateLimit: 100, burstLimit: 200 },
    customDomain: {
      domainName: 'api.fixture.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/fixture'),
    },
    routes: [
      { method: HttpMethod.GET, path: '/orders', target: backend('/orders') },
      { method: HttpMethod.POST, path: '/orders', target: backend('/orders'), throttle: { rateLimit: 10, burstLimit: 20 } },
      { method: HttpMethod.GET, path: '/orders/{orderId}', target: backend('/orders/{orderId}') },
      { method: HttpMethod.DELETE, path: '/orders/{orderId}', target: backend('/orders/{orderId}'),
        authorization: Authorization.jwt(ISSUER, ['fixture-api'], ['orders:admin']) },
      { method: HttpMethod.GET, path: '/reports', target: backend('/reports'), authorization: Authorization.iam() },
      { method: HttpMethod.GET, path: '/health', target: backend('/health'), authorization: Authorization.none('uptime checks') },
    ],
  });

  const rest = new RestGateway(stack, 'Rest', {
    apiName: 'fixture-rest',
    defaultAuthorization: Authorization.jwt(ISSUER, ['fixture-api']),
    consumers: {
      tiers: [
        { name: 'standard', rateLimit: 10, burstLimit: 20, quota: { limit: 10000, period: apigw.Period.DAY } },
        { name: 'premium', rateLimit: 100, burstLimit: 200 },
      ],
      consumers: [{ name: 'acme', tier: 'premium' }, { name: 'globex', tier: 'standard' }],
      routeThrottles: { 'POST /orders': { rateLimit: 2, burstLimit: 4 } },
    },
    routes: [
      { method: HttpMethod.GET, path: '/orders', target: backend('/orders') },
      { method: HttpMethod.GET, path: '/orders/{orderId}', target: backend('/orders/{orderId}'), throttle: { rateLimit: 5, burstLimit: 10 } },
      { method: HttpMethod.POST, path: '/orders', target: backend('/orders'), apiKeyRequired: true,
        requestSchema: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } },
      { method: HttpMethod.GET, path: '/reports', target: backend('/reports'), authorization: Authorization.iam() },
      { method: HttpMethod.GET, path: '/health', target: backend('/health'), authorization: Authorization.none('uptime checks') },
    ],
  });
  app.synth();
  return { outdir, stack, http, rest };
}
