import { NumberRule, TextRule } from './rule';

const THROTTLING = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html';

/**
 * A steady-state rate limit. CloudFormation types it a Double (`ThrottlingRateLimit` of
 * AWS::ApiGateway::Stage MethodSetting, AWS::ApiGatewayV2::Stage RouteSettings, and
 * `RateLimit` of AWS::ApiGateway::UsagePlan ThrottleSettings): 0.5 requests per second is valid.
 */
export const THROTTLE_RATE_LIMIT: NumberRule = {
  subject: 'a throttling rate limit', unit: 'requests per second', min: 0, integer: false, source: THROTTLING,
};

/** A burst limit: the bucket size, an Integer in every CloudFormation type that takes it. */
export const THROTTLE_BURST_LIMIT: NumberRule = {
  subject: 'a throttling burst limit', unit: 'requests', min: 0, integer: true, source: THROTTLING,
};

/**
 * A REST API stage name: the first path segment of the invoke URL. "Stage names can only
 * contain alphanumeric characters, hyphens, and underscores. Maximum length is 128 characters."
 */
export const REST_STAGE_NAME: TextRule = {
  subject: 'a REST API stage name', maxLength: 128, pattern: /^[A-Za-z0-9_-]+$/,
  grammar: 'letters, digits, "-" and "_"', example: 'prod',
  source: 'https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html',
};
