import { backendPathMapping, headerMappings, mergeHeaders } from '../../lib/gateway/http/parameter-mapping';
import { HeaderValue } from '../../lib/routes/header-value';

describe('HTTP API parameter mappings', () => {
  test('renders each header source as an overwrite of the lower-cased header', () => {
    // Prepare
    const headers = {
      'X-User-ID': HeaderValue.claim('sub'),
      'X-Tenant-ID': HeaderValue.authorizerContext('tenantId'),
      'X-Request-ID': HeaderValue.contextVariable('requestId'),
      'X-Tier': HeaderValue.literal('gold'),
    };
    // Act
    const mappings = headerMappings(headers);
    // Assess
    expect(mappings).toEqual({
      'overwrite:header.x-user-id': '$context.authorizer.claims.sub',
      'overwrite:header.x-tenant-id': '$context.authorizer.tenantId',
      'overwrite:header.x-request-id': '$context.requestId',
      'overwrite:header.x-tier': 'gold',
    });
  });

  test('removes a header instead of overwriting it', () => {
    const mappings = headerMappings({ 'X-User-ID': HeaderValue.remove() });
    expect(mappings).toEqual({ 'remove:header.x-user-id': "''" });
  });

  test('lets a later header of another spelling replace an earlier one', () => {
    const merged = mergeHeaders({ 'X-User-ID': HeaderValue.remove() }, { 'x-user-id': HeaderValue.literal('anonymous') });
    expect(headerMappings(merged)).toEqual({ 'overwrite:header.x-user-id': 'anonymous' });
  });

  test('maps backend path parameters, greedy ones included, to request path variables', () => {
    expect(backendPathMapping('/v1/orders/{orderId}/items/{proxy+}')).toBe('/v1/orders/${request.path.orderId}/items/${request.path.proxy}');
    expect(backendPathMapping('/')).toBe('/');
  });
});
