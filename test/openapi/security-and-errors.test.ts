import type { GatewayManifest, ManifestRoute } from '../../lib/manifest/route-manifest';
import { openApiDocument } from '../../lib/openapi/document';
import { errorResponsesFor } from '../../lib/openapi/error-responses';
import { securityOf } from '../../lib/openapi/security-schemes';

function route(authorization: Partial<ManifestRoute['authorization']>, extra: Partial<ManifestRoute> = {}): ManifestRoute {
  return {
    method: 'GET', path: '/orders/{orderId}', routeKey: 'GET /orders/{orderId}',
    target: { kind: 'SERVICE', name: 'service:orders' },
    authorization: { type: 'NONE', description: 'none: test', authorizationType: 'NONE', ...authorization },
    apiKeyRequired: false, requestParameters: {}, headers: {}, ...extra,
  };
}

function gateway(routes: ManifestRoute[], flavour: 'HTTP' | 'REST' = 'HTTP'): GatewayManifest {
  return {
    constructPath: 'Stack/Api', flavour, apiName: 'orders', logicalId: 'Api', resourceType: flavour === 'HTTP' ? 'AWS::ApiGatewayV2::Api' : 'AWS::ApiGateway::RestApi',
    stage: { name: '$default', throttle: {} }, routes, cors: false,
    authorizers: [
      { name: 'Jwt', type: 'JWT', identitySource: ['$request.header.Authorization'], issuer: 'https://auth.example.com/', audiences: ['orders'] },
      { name: 'Tenant', type: 'REQUEST', identitySource: ['$request.header.X-Tenant-Token'] },
    ],
  };
}

describe('security schemes', () => {
  test('a JWT is an OpenID Connect scheme at the issuer\'s discovery document, listing the scopes it checks', () => {
    const r = route({ type: 'JWT', description: 'jwt(https://auth.example.com/)', authorizationType: 'JWT', authorizer: 'Jwt', scopes: ['orders:read', 'orders:admin'] });
    const { requirements, schemes } = securityOf(gateway([r]), r);
    expect(schemes['jwt-Jwt']).toMatchObject({ type: 'openIdConnect', openIdConnectUrl: 'https://auth.example.com/.well-known/openid-configuration', 'x-scopes': ['orders:admin', 'orders:read'] });
    expect(requirements).toEqual([{ 'jwt-Jwt': [] }]);
  });

  test('IAM is SigV4 with the API Gateway auth type extension', () => {
    const r = route({ type: 'IAM', description: 'iam', authorizationType: 'AWS_IAM' });
    const { requirements, schemes } = securityOf(gateway([r]), r);
    expect(schemes.sigv4).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' }));
    expect(requirements).toEqual([{ sigv4: [] }]);
  });

  test('a Lambda authorizer is an apiKey scheme on its identity source', () => {
    const r = route({ type: 'LAMBDA', description: 'lambda(Tenant)', authorizationType: 'CUSTOM', authorizer: 'Tenant' });
    expect(securityOf(gateway([r]), r).schemes['lambda-Tenant']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Tenant-Token' });
  });

  test('an API key is the x-api-key header, required together with the route\'s authorization', () => {
    const r = route({ type: 'IAM', description: 'iam', authorizationType: 'AWS_IAM' }, { apiKeyRequired: true });
    const { requirements, schemes } = securityOf(gateway([r], 'REST'), r);
    expect(schemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(requirements).toEqual([{ sigv4: [], apiKey: [] }]);
  });

  test('a public route has no security requirement', () => {
    const r = route({});
    expect(securityOf(gateway([r]), r)).toEqual({ requirements: [], schemes: {} });
  });
});

describe('error responses', () => {
  test('authorized routes list 401 and 403 besides the errors every route can get', () => {
    expect(errorResponsesFor(true).map((e) => e.status)).toEqual(['400', '401', '403', '404', '413', '429', '5XX']);
    expect(errorResponsesFor(false).map((e) => e.status)).toEqual(['400', '404', '413', '429', '5XX']);
  });

  test('the document refers every error to one ErrorBody shaped like lambda/shared/error-body.ts', () => {
    const doc: any = openApiDocument(gateway([route({ type: 'IAM', description: 'iam', authorizationType: 'AWS_IAM' })]), { stackName: 'S', artifactId: 'S' });
    const op = doc.paths['/orders/{orderId}'].get;
    expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(doc.components.responses.Unauthorized.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    expect(doc.components.schemas.ErrorBody.properties.error.required).toEqual(['code', 'status', 'message', 'requestId']);
  });

  test('a deprecated route is deprecated with its sunset, and documents the headers it sends', () => {
    const r = route({}, { lifecycle: { deprecated: true, since: '2026-01-01', sunset: '2026-06-30', link: 'https://dev.example.com/d', headers: { Deprecation: '@1767225600', Sunset: 'Tue, 30 Jun 2026 00:00:00 GMT' }, headersSent: true } });
    const op: any = (openApiDocument(gateway([r]), { stackName: 'S', artifactId: 'S' }) as any).paths['/orders/{orderId}'].get;
    expect(op).toMatchObject({ deprecated: true, 'x-sunset': '2026-06-30', externalDocs: { url: 'https://dev.example.com/d' } });
    expect(op.responses['200'].headers.Deprecation.schema).toEqual({ type: 'string', const: '@1767225600' });
  });
});
