import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Authorization } from '../../lib/auth/authorization';
import { JwtAuthorizerFunction } from '../../lib/auth/jwt-authorizer-function';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { checkedApp, synthChecked } from '../helpers/checked-app';
import { albBackend, gatewayStack, nlbBackend, testFunction } from './http-gateway.fixtures';

describe('HttpGateway checked synthesis', () => {
  test('passes cdk-nag AwsSolutions, CDK validation and cfn-lint with every kind of route', () => {
    // GIVEN
    const app = checkedApp();
    const { stack, vpc } = gatewayStack(app);
    const orders = albBackend(stack, 'orders', vpc);
    const users = nlbBackend(stack, 'users', vpc);
    const translator = testFunction(stack, 'Translator');
    const authorizer = new JwtAuthorizerFunction(stack, 'JwtAuth', { issuer: 'https://auth.example.com/', audiences: ['orders-api'] });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');

    // WHEN
    new HttpGateway(stack, 'Gateway', {
      defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']),
      customDomain: { domainName: 'api.example.com', certificate },
      cors: { allowOrigins: ['https://app.example.com'] },
      routes: [
        { method: HttpMethod.GET, path: '/api/v2/orders', target: RouteTarget.service(orders), throttle: { rateLimit: 100, burstLimit: 200 } },
        { method: HttpMethod.GET, path: '/api/v2/orders/{orderId}', target: RouteTarget.service(orders, { backendPath: '/orders/{orderId}', timeout: Duration.seconds(10) }) },
        {
          method: HttpMethod.POST, path: '/api/v2/orders', target: RouteTarget.service(orders),
          authorization: authorizer.authorization(), requiredRoles: ['premium-tier'],
          injectHeaders: { 'X-Caller-Tier': HeaderValue.authorizerContext('tier') },
        },
        { method: HttpMethod.GET, path: '/api/v2/users/{proxy+}', target: RouteTarget.service(users) },
        { method: HttpMethod.POST, path: '/api/v2/users/{userId}/lookup', target: RouteTarget.lambda(translator), requestSchema: { type: 'object' } },
        { method: HttpMethod.GET, path: '/internal/stats', target: RouteTarget.service(users), authorization: Authorization.iam() },
        { method: HttpMethod.GET, path: '/health', target: RouteTarget.service(orders), authorization: Authorization.none('load balancer health check') },
      ],
    });

    // THEN
    expect(() => synthChecked(app)).not.toThrow();
  });
});
