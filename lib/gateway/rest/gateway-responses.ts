import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { errorBodyTemplate } from '../../../lambda/shared/error-body';

/** One gateway response the REST flavour customizes, with the status API Gateway gives it. */
export interface RestGatewayResponseSpec {
  /** The response type. */
  readonly type: apigw.ResponseType;
  /** The construct id suffix (public API: changing it replaces the response). */
  readonly id: string;
  /** The HTTP status. */
  readonly status: number;
  /** The `code` of the error body; `undefined` uses the response type API Gateway reports. */
  readonly code?: string;
}

/**
 * Every response type API Gateway generates, with its documented default status. The
 * catch-alls come first so that a new response type AWS adds later still answers in the
 * one error shape (with the response type as its code).
 */
export const REST_GATEWAY_RESPONSES: readonly RestGatewayResponseSpec[] = [
  { type: apigw.ResponseType.DEFAULT_4XX, id: 'Default4XX', status: 400 },
  { type: apigw.ResponseType.DEFAULT_5XX, id: 'Default5XX', status: 500 },
  { type: apigw.ResponseType.ACCESS_DENIED, id: 'AccessDenied', status: 403, code: 'ACCESS_DENIED' },
  { type: apigw.ResponseType.API_CONFIGURATION_ERROR, id: 'ApiConfigurationError', status: 500, code: 'API_CONFIGURATION_ERROR' },
  { type: apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR, id: 'AuthorizerConfigurationError', status: 500, code: 'AUTHORIZER_CONFIGURATION_ERROR' },
  { type: apigw.ResponseType.AUTHORIZER_FAILURE, id: 'AuthorizerFailure', status: 500, code: 'AUTHORIZER_FAILURE' },
  { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, id: 'BadRequestParameters', status: 400, code: 'BAD_REQUEST_PARAMETERS' },
  { type: apigw.ResponseType.BAD_REQUEST_BODY, id: 'BadRequestBody', status: 400, code: 'BAD_REQUEST_BODY' },
  { type: apigw.ResponseType.EXPIRED_TOKEN, id: 'ExpiredToken', status: 403, code: 'EXPIRED_TOKEN' },
  { type: apigw.ResponseType.INTEGRATION_FAILURE, id: 'IntegrationFailure', status: 504, code: 'INTEGRATION_FAILURE' },
  { type: apigw.ResponseType.INTEGRATION_TIMEOUT, id: 'IntegrationTimeout', status: 504, code: 'INTEGRATION_TIMEOUT' },
  { type: apigw.ResponseType.INVALID_API_KEY, id: 'InvalidApiKey', status: 403, code: 'INVALID_API_KEY' },
  { type: apigw.ResponseType.INVALID_SIGNATURE, id: 'InvalidSignature', status: 403, code: 'INVALID_SIGNATURE' },
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, id: 'MissingAuthenticationToken', status: 403, code: 'MISSING_AUTHENTICATION_TOKEN' },
  { type: apigw.ResponseType.QUOTA_EXCEEDED, id: 'QuotaExceeded', status: 429, code: 'QUOTA_EXCEEDED' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, id: 'RequestTooLarge', status: 413, code: 'REQUEST_TOO_LARGE' },
  { type: apigw.ResponseType.RESOURCE_NOT_FOUND, id: 'ResourceNotFound', status: 404, code: 'RESOURCE_NOT_FOUND' },
  { type: apigw.ResponseType.THROTTLED, id: 'Throttled', status: 429, code: 'THROTTLED' },
  { type: apigw.ResponseType.UNAUTHORIZED, id: 'Unauthorized', status: 401, code: 'UNAUTHORIZED' },
  { type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE, id: 'UnsupportedMediaType', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { type: apigw.ResponseType.WAF_FILTERED, id: 'WafFiltered', status: 403, code: 'WAF_FILTERED' },
];

/** CORS headers written on every gateway response, as static values (already quoted). */
export function corsResponseHeaders(allowOrigin: string | undefined): Record<string, string> | undefined {
  if (allowOrigin === undefined) return undefined;
  return {
    'Access-Control-Allow-Origin': `'${allowOrigin}'`,
    'Vary': "'Origin'",
  };
}

/**
 * Adds the normalized gateway responses to an API: every type renders the one error body
 * (`errorBodyTemplate`) with its status, so clients parse gateway errors and backend
 * errors alike.
 */
export function addGatewayResponses(api: apigw.RestApi, allowOrigin: string | undefined): apigw.GatewayResponse[] {
  const headers = corsResponseHeaders(allowOrigin);
  return REST_GATEWAY_RESPONSES.map((spec) => api.addGatewayResponse(`Response${spec.id}`, {
    type: spec.type,
    statusCode: String(spec.status),
    responseHeaders: headers,
    templates: {
      'application/json': errorBodyTemplate(spec.code ?? '$context.error.responseType', spec.status, '$context.error.messageString'),
    },
  }));
}
