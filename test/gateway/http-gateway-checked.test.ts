import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Authorization } from '../../lib/auth/authorization';
import { JwtAuthorizerFunction } from '../../lib/auth/jwt-authorizer-function';
import { ServiceBackend } from '../../lib/backends/service-backend';
import { LoadBalancerType } from '../../lib/backends/service-backend-interface';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { HeaderValue } from '../../lib/routes/header-value';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { cdkValidation, checkedApp, synthChecked } from '../helpers/checked-app';
import { albBackend, gatewayStack, nlbBackend, testFunction } from './http-gateway.fixtures';

// These synths check that CDK's CloudFormation validation passes, with its errors fatal.
cdkValidation();

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

describe('HttpGateway with ServiceBackend', () => {
  test('reaches Fargate services behind an internal ALB and NLB and passes the checks', () => {
    // GIVEN
    const app = checkedApp();
    const { stack, vpc } = gatewayStack(app);
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
    const orders = new ServiceBackend(stack, 'Orders', { vpc, image, loadBalancerType: LoadBalancerType.ALB });
    const users = new ServiceBackend(stack, 'Users', { vpc, image, loadBalancerType: LoadBalancerType.NLB });

    // WHEN
    new HttpGateway(stack, 'Gateway', {
      defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']),
      routes: [
        { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) },
        { method: HttpMethod.GET, path: '/users', target: RouteTarget.service(users) },
      ],
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: stack.resolve(orders.listenerArn) });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: stack.resolve(users.listenerArn) });
    expect(() => synthChecked(app)).not.toThrow();
  });
});
