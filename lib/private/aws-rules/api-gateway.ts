import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';
import { HTTP_TOKEN } from './mapping-expressions';
import { checkDuration, checkUnique, ChoiceRule, DurationRule, NumberRule, TextRule } from './rule';

// The rules API Gateway enforces on values the gateways pass through, REST APIs (v1) and
// HTTP APIs (v2) alike. Each rule names the page it was written from; where a flavour has a
// rule of its own, both rules are here, side by side.

const THROTTLING = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html';
const REST_QUOTAS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html';
const HTTP_QUOTAS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html';
const V2_API_REFERENCE = 'https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html';
const QUOTA_SETTINGS = 'https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html';
const CREATE_STAGE = 'https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html';
const CLOUDFORMATION_QUOTAS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html';

// ---------------------------------------------------------------- throttling

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

// ---------------------------------------------------------------- stages

/**
 * A REST API stage name: the first path segment of the invoke URL. "Stage names can only
 * contain alphanumeric characters, hyphens, and underscores. Maximum length is 128 characters."
 */
export const REST_STAGE_NAME: TextRule = {
  subject: 'a REST API stage name', maxLength: 128, pattern: /^[A-Za-z0-9_-]+$/,
  grammar: 'letters, digits, "-" and "_"', example: 'prod',
  source: CREATE_STAGE,
};

/**
 * An HTTP API stage name: the same grammar as a REST stage (letters, digits, "-" and "_", at
 * most 128 characters, per the V2 API reference), plus `$default`, the stage served from the
 * base of the API's URL ("Stages for HTTP APIs in API Gateway").
 */
export const HTTP_STAGE_NAME: TextRule = {
  subject: 'an HTTP API stage name', maxLength: 128, pattern: /^(?:\$default|[A-Za-z0-9_-]+)$/,
  grammar: 'letters, digits, "-" and "_", or exactly "$default"', example: '$default',
  source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html',
};

/**
 * A stage variable name (canary `stageVariableOverrides`): "Variable names can have
 * alphanumeric and underscore characters" (CreateStage), keys at most 64 characters (quotas).
 */
export const STAGE_VARIABLE_NAME: TextRule = {
  subject: 'a stage variable name', maxLength: 64, pattern: /^[A-Za-z0-9_]+$/,
  grammar: 'letters, digits and "_"', example: 'backendVersion', source: CREATE_STAGE,
};

/**
 * A stage variable value: "the values must match [A-Za-z0-9-._~:/?#&=,]+" (CreateStage), at
 * most 512 characters (REST API quotas).
 */
export const STAGE_VARIABLE_VALUE: TextRule = {
  subject: 'a stage variable value', maxLength: 512, pattern: /^[A-Za-z0-9\-._~:/?#&=,]+$/,
  grammar: 'letters, digits and - . _ ~ : / ? # & = ,', example: 'v2', source: CREATE_STAGE,
};

/** The share of a REST stage's traffic its canary serves: a Double from 0 to 100 (CanarySettings). */
export const CANARY_PERCENT_TRAFFIC: NumberRule = {
  subject: 'a canary share of traffic', unit: 'percent', min: 0, max: 100, integer: false,
  source: 'https://docs.aws.amazon.com/apigateway/latest/api/API_CanarySettings.html',
};

/**
 * The stage's execution logging level (MethodSetting `LoggingLevel`): "The valid values are
 * OFF, ERROR, and INFO" (apigw.MethodLoggingLevel).
 */
export const METHOD_LOGGING_LEVEL: ChoiceRule<string> = {
  subject: 'a method logging level', values: ['OFF', 'ERROR', 'INFO'],
  source: 'https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html',
};

/**
 * A deployment id (CanarySettings `DeploymentId`, the stable deployment a canary stage serves
 * besides its canary): an API Gateway identifier, letters and digits. AWS documents no length.
 */
export const DEPLOYMENT_ID: TextRule = {
  subject: 'a deployment id', pattern: /^[A-Za-z0-9]+$/, grammar: 'letters and digits', example: 'abc123',
  source: 'https://docs.aws.amazon.com/apigateway/latest/api/API_CanarySettings.html',
};

// ---------------------------------------------------------------- APIs

/**
 * A REST API name. AWS requires one and documents no length or grammar for it (CreateRestApi,
 * AWS::ApiGateway::RestApi `Name`), so only an empty name is refused.
 */
export const REST_API_NAME: TextRule = {
  subject: 'a REST API name', example: 'orders-api',
  source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-restapi.html',
};

/** An HTTP API name: 1-128 characters (`StringWithLengthBetween1And128` in the V2 API reference). */
export const HTTP_API_NAME: TextRule = {
  subject: 'an HTTP API name', maxLength: 128, example: 'orders-api', source: V2_API_REFERENCE,
};

/** An HTTP API description: 0-1024 characters (`StringWithLengthBetween0And1024`). */
export const HTTP_API_DESCRIPTION: TextRule = {
  subject: 'an HTTP API description', minLength: 0, maxLength: 1024, example: 'Orders API', source: V2_API_REFERENCE,
};

/**
 * The browser's preflight cache: `MaxAge` of an HTTP API's CORS configuration, an Integer from
 * -1 to 86400 seconds in the V2 API reference (CDK's Duration cannot be negative, so 0 is
 * the floor here). A REST API sends it as an `Access-Control-Max-Age` header AWS does not
 * bound; the same rule applies there so that one CORS declaration means the same on both flavours.
 */
export const CORS_MAX_AGE: DurationRule = {
  subject: 'a CORS preflight max age', unit: 'seconds', min: 0, max: 86_400, source: V2_API_REFERENCE,
};

/**
 * A route's operation name: 1-64 characters on HTTP APIs (`operationName`,
 * StringWithLengthBetween1And64, of the V2 Route). A REST method's `OperationName` has no
 * documented bound; one route declaration serves both flavours, so the same rule applies.
 */
export const OPERATION_NAME: TextRule = {
  subject: 'an operation name', maxLength: 64, example: 'GetOrder',
  source: 'https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html',
};

// ---------------------------------------------------------------- integrations

/**
 * A REST API integration timeout: "50 milliseconds - 29 seconds for all integration types"
 * (REST API quotas, `timeoutInMillis` of PutIntegration). Regional and private APIs may go
 * past 29 seconds once the account's quota is raised: RestGateway's `maxIntegrationTimeout`.
 */
export const REST_INTEGRATION_TIMEOUT: DurationRule = {
  subject: 'a REST API integration timeout', unit: 'milliseconds', min: 50, max: 29_000, source: REST_QUOTAS,
};

/** An HTTP API integration timeout: 50 to 30,000 milliseconds, not adjustable (HTTP API quotas). */
export const HTTP_INTEGRATION_TIMEOUT: DurationRule = {
  subject: 'an HTTP API integration timeout', unit: 'milliseconds', min: 50, max: 30_000, source: HTTP_QUOTAS,
};

/**
 * An integration timeout before the gateway flavour is known (a translator's routes serve
 * either): whole milliseconds, at least 50, the floor both flavours share; the gateway that
 * takes the route applies its own ceiling.
 */
export const INTEGRATION_TIMEOUT: DurationRule = {
  subject: 'an integration timeout', unit: 'milliseconds', min: 50, source: HTTP_QUOTAS,
};

/**
 * The longest integration timeout a REST gateway admits: a raised "Maximum integration timeout
 * in milliseconds" quota, for Regional and private REST APIs only. AWS states no upper bound
 * for the raised quota, so only the floor of any timeout applies.
 */
export const REST_INTEGRATION_TIMEOUT_QUOTA: DurationRule = {
  subject: 'a REST API integration timeout quota', unit: 'milliseconds', min: 50, source: REST_QUOTAS,
};

/**
 * Refuses an integration timeout the gateway flavour would refuse, with one message for both.
 * `limit` is the REST gateway's admitted maximum (the raised quota); HTTP APIs have none to raise.
 */
export function checkIntegrationTimeout(
  scope: IConstruct | string, prop: string, value: Duration | undefined, flavour: 'REST' | 'HTTP', limit?: Duration,
): void {
  if (value === undefined) return;
  if (flavour === 'HTTP') {
    checkDuration(scope, prop, value, HTTP_INTEGRATION_TIMEOUT);
    return;
  }
  // A deploy-time limit cannot be compared at synth: the floor still applies.
  const max = limit === undefined ? REST_INTEGRATION_TIMEOUT.max! : limit.isUnresolved() ? Infinity : limit.toMilliseconds();
  checkDuration(scope, prop, value, { ...REST_INTEGRATION_TIMEOUT, max: undefined });
  if (value instanceof Duration && !value.isUnresolved() && value.toMilliseconds() > max) {
    const raised = max !== REST_INTEGRATION_TIMEOUT.max;
    throw new TopologyValidationError(scope, {
      prop, received: value.toHumanString(),
      problem: `${REST_INTEGRATION_TIMEOUT.subject} must be at most ${max} milliseconds${raised ? ' (the gateway\'s maxIntegrationTimeout)' : ''}`,
      fix: `shorten ${prop} to Duration.millis(${max}) or less; for Regional and private REST APIs, `
        + `raise the account's "Maximum integration timeout in milliseconds" quota and set the gateway's maxIntegrationTimeout to it (${REST_QUOTAS})`,
    });
  }
}

// ---------------------------------------------------------------- caching

/** A REST stage's response cache TTL: "configurable between 0 and 3600" seconds (REST API quotas). */
export const CACHE_TTL: DurationRule = {
  subject: 'a response cache TTL', unit: 'seconds', min: 0, max: 3600, source: REST_QUOTAS,
};

/** The cache cluster sizes in GB a REST stage offers (`cacheClusterSize` of Stage). */
export const CACHE_CLUSTER_SIZE: ChoiceRule<string> = {
  subject: 'a cache cluster size', values: ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'],
  source: 'https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html',
};

/**
 * An authorizer's results cache TTL, both flavours: an Integer of seconds, 0 (no caching) to
 * 3600 (`authorizerResultTtlInSeconds` of Authorizer).
 */
export const AUTHORIZER_RESULTS_CACHE_TTL: DurationRule = {
  subject: 'an authorizer results cache TTL', unit: 'seconds', min: 0, max: 3600,
  source: 'https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html',
};

/**
 * Where caching needs identity sources: "For the REQUEST authorizer, this is required when
 * authorization caching is enabled" (`identitySource` of Authorizer; HTTP APIs alike).
 */
export const AUTHORIZER_CACHING_SOURCE = 'https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html';

// ---------------------------------------------------------------- usage plans

/** A usage plan quota limit: an Integer of requests per period, 0 or more (QuotaSettings). */
export const QUOTA_LIMIT: NumberRule = {
  subject: 'a usage plan quota limit', unit: 'requests', min: 0, integer: true, source: QUOTA_SETTINGS,
};

/** Requests subtracted from the limit in the first period: an Integer, 0 or more (QuotaSettings). */
export const QUOTA_OFFSET: NumberRule = {
  subject: 'a usage plan quota offset', unit: 'requests', min: 0, integer: true, source: QUOTA_SETTINGS,
};

/** The period a quota counts over: "Valid values are DAY, WEEK or MONTH" (QuotaSettings). */
export const QUOTA_PERIOD: ChoiceRule<string> = {
  subject: 'a usage plan quota period', values: ['DAY', 'WEEK', 'MONTH'], source: QUOTA_SETTINGS,
};

// ---------------------------------------------------------------- sharding

/**
 * Resources in one nested stack of a sharded REST API: CloudFormation allows 500 resources per
 * stack, and the shard keeps a few of its own (its imported API and parent resources).
 */
export const SHARD_RESOURCES: NumberRule = {
  subject: 'a number of resources per shard', unit: 'resources', min: 1, max: 490, integer: true, source: CLOUDFORMATION_QUOTAS,
};

/**
 * The estimated resources above which a REST API is sharded. A bound of this library, not of
 * AWS: past 100,000 no single stack could hold the parent's share of the API anyway.
 */
export const SHARDING_THRESHOLD: NumberRule = {
  subject: 'a sharding threshold', unit: 'resources', min: 0, max: 100_000, integer: true, source: CLOUDFORMATION_QUOTAS,
};

/**
 * Shard buckets of a REST API: each is one nested stack, a resource of the gateway's stack
 * (500 per stack); 100 leaves that stack room for the API itself.
 */
export const SHARD_COUNT: NumberRule = {
  subject: 'a shard count', unit: 'shards', min: 1, max: 100, integer: true, source: CLOUDFORMATION_QUOTAS,
};

// ---------------------------------------------------------------- CORS

/** CORS of HTTP APIs: `AllowOrigins`, `AllowHeaders` and `AllowMethods` of the Cors object. */
const HTTP_CORS = 'https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-model-cors';
const REST_CORS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html';
const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** The lists of a CORS declaration both gateway flavours take. */
export interface CorsLists {
  readonly allowOrigins?: readonly string[];
  readonly allowHeaders?: readonly string[];
  readonly allowMethods?: readonly string[];
}

/**
 * Refuses CORS lists a browser or API Gateway could not use: a list that is not one, an empty
 * or blank entry, an origin that is neither `*` nor `scheme://host[:port]`, a header that is
 * no HTTP token, a method that is none, and repeats. The same check runs on both flavours;
 * the "all methods" entry is `*` on HTTP APIs (CorsHttpMethod.ANY) and `ANY` on REST APIs.
 */
export function checkCorsLists(scope: IConstruct | string, prop: string, cors: CorsLists | undefined, flavour: 'REST' | 'HTTP'): void {
  if (cors === undefined) return;
  const source = flavour === 'HTTP' ? HTTP_CORS : REST_CORS;
  const refuse = (at: string, received: unknown, problem: string, fix: string): never => {
    throw new TopologyValidationError(scope, { prop: at, received, problem, fix: `${fix} (${source})` });
  };
  const lists: Array<[keyof CorsLists, (v: string) => boolean, string, string]> = [
    ['allowOrigins', (v) => v === '*' || /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+$/i.test(v), 'an origin is "*" or scheme://host[:port], without a path', 'write origins such as "https://app.example.com"'],
    ['allowHeaders', (v) => v === '*' || HTTP_TOKEN.test(v), 'not an HTTP header name', 'write header names such as "Content-Type" or "Authorization"'],
    ['allowMethods', (v) => CORS_METHODS.includes(v) || v === (flavour === 'HTTP' ? '*' : 'ANY'),
      'not an HTTP method', `use ${CORS_METHODS.join(', ')}, or ${flavour === 'HTTP' ? '"*" (CorsHttpMethod.ANY)' : '"ANY"'} for all`],
  ];
  for (const [name, valid, problem, fix] of lists) {
    const list = cors[name];
    if (list === undefined || Token.isUnresolved(list)) continue;
    const at = `${prop}.${name}`;
    if (!Array.isArray(list)) refuse(at, list, `${name} must be a list`, `write ${name} as a list`);
    list.forEach((value, i) => {
      if (typeof value === 'string' && Token.isUnresolved(value)) return;
      if (typeof value !== 'string' || value.trim() === '') refuse(`${at}[${i}]`, value, 'an entry must not be empty', fix);
      if (!valid(value)) refuse(`${at}[${i}]`, value, problem, fix);
    });
    checkUnique(scope, at, list, name === 'allowOrigins' ? 'an origin' : name === 'allowHeaders' ? 'a header' : 'a method',
      (v) => (name === 'allowOrigins' ? v : String(v).toLowerCase()));
  }
}

/** A default API Gateway quota that can be raised per API: passing it is a warning, not an error. */
export interface AdjustableQuota {
  /** The warning's id, after `cdk-gateway-topology:`. */
  readonly id: string;
  /** What is counted, plural: "routes". */
  readonly counted: string;
  /** The default quota. */
  readonly defaultLimit: number;
  /** The quota's name in Service Quotas (service "Amazon API Gateway"). */
  readonly quotaName: string;
  /** The AWS documentation page that states the quota. */
  readonly source: string;
}

/** "Routes per API: 300, can be increased" (HTTP API quotas). */
export const HTTP_API_ROUTES_QUOTA: AdjustableQuota = {
  id: 'http-api-routes-quota', counted: 'routes', defaultLimit: 300, quotaName: 'Routes per API',
  source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html',
};

/** "Resources per API: 300, can be increased" (REST API quotas); the root resource is not counted. */
export const REST_API_RESOURCES_QUOTA: AdjustableQuota = {
  id: 'rest-api-resources-quota', counted: 'resources', defaultLimit: 300, quotaName: 'Resources per API',
  source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html',
};
