import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { TopologyValidationError } from '../../lib/errors';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  ALARM_DATAPOINTS_TO_ALARM, ALARM_EVALUATION_PERIODS, ALB_HTTP_CODES, ALB_IDLE_TIMEOUT,
  AUTHORIZER_RESULTS_CACHE_TTL, BACKEND_NAME, CACHE_CLUSTER_SIZE, checkCorsLists, checkUnique, DEPLOYMENT_ID, IN_FUNCTION_CALL_TIMEOUT,
  IN_FUNCTION_MARGIN, INTEGRATION_TIMEOUT, METHOD_LOGGING_LEVEL, OPERATION_NAME, CACHE_TTL, CANARY_PERCENT_TRAFFIC, checkAlarmWindow, checkChoice,
  checkDomainName, checkDuration, checkFargateTaskSize, checkHealthCheck, checkIntegrationTimeout, checkLogRetention,
  checkMatcherCodes, checkNumber, checkText, ChoiceRule, CLOUD_MAP_DNS_TTL, CLOUD_MAP_SERVICE_NAME, CORS_MAX_AGE,
  COUNT_ALARM_THRESHOLD, CPU_TARGET_UTILIZATION, DASHBOARD_NAME, DEREGISTRATION_DELAY, DESIRED_TASK_COUNT,
  DurationRule, GRPC_BACKEND_NAME, GRPC_CODES, GRPC_HEALTH_CHECK_PATH, HEALTH_CHECK_INTERVAL, HEALTH_CHECK_PATH, HEALTH_CHECK_THRESHOLD,
  HEALTH_CHECK_TIMEOUT, HTTP_API_DESCRIPTION, HTTP_API_NAME, HTTP_INTEGRATION_TIMEOUT, HTTP_STAGE_NAME,
  LAMBDA_MEMORY_SIZE, LAMBDA_TIMEOUT, LATENCY_ALARM_THRESHOLD, LOAD_BALANCER_NAME, LOG_RETENTION_DAYS,
  MatcherCodesRule, NLB_HTTP_CODES, NumberRule, PERCENT_ALARM_THRESHOLD, PORT, QUOTA_LIMIT, QUOTA_OFFSET,
  QUOTA_PERIOD, REST_API_NAME, REST_INTEGRATION_TIMEOUT, REST_INTEGRATION_TIMEOUT_QUOTA, REST_STAGE_NAME,
  S3_EXPIRATION_DAYS, SCALING_CAPACITY, SHARD_COUNT, SHARD_RESOURCES, SHARDING_THRESHOLD, STAGE_VARIABLE_NAME,
  STAGE_VARIABLE_VALUE, STANDARD_RESOLUTION_ALARM_PERIOD, TARGET_GROUP_NAME, TextRule, THROTTLE_BURST_LIMIT,
  THROTTLE_RATE_LIMIT, quantity, WAF_RATE_LIMIT,
} from '../../lib/private/aws-rules';

// Each row: a rule, values AWS accepts (the edges among them), values it refuses and a word
// of the message each refusal must carry. Rows need no synth, so the table stays fast.
interface NumberCase { readonly name: string; readonly rule: NumberRule; readonly good: number[]; readonly bad: Array<[number, RegExp]> }
interface TextCase { readonly name: string; readonly rule: TextRule; readonly good: string[]; readonly bad: Array<[string, RegExp]> }
interface DurationCase { readonly name: string; readonly rule: DurationRule; readonly good: Duration[]; readonly bad: Array<[Duration, RegExp]> }
interface ChoiceCase { readonly name: string; readonly rule: ChoiceRule<string>; readonly good: string[]; readonly bad: string[] }

const NUMBER_RULES: NumberCase[] = [
  { name: 'THROTTLE_RATE_LIMIT', rule: THROTTLE_RATE_LIMIT, good: [0, 0.5, 10, 10000.25],
    bad: [[-1, /at least 0/], [NaN, /NaN/], [Infinity, /finite/]] },
  { name: 'THROTTLE_BURST_LIMIT', rule: THROTTLE_BURST_LIMIT, good: [0, 1, 5000],
    bad: [[-1, /at least 0/], [1.5, /whole number/], [NaN, /NaN/], [-Infinity, /finite/]] },
  { name: 'PORT', rule: PORT, good: [1, 443, 65535],
    bad: [[0, /at least 1/], [65536, /at most 65535/], [80.5, /whole number/], [NaN, /NaN/], [Infinity, /finite/]] },
  { name: 'HEALTH_CHECK_THRESHOLD', rule: HEALTH_CHECK_THRESHOLD, good: [2, 5, 10],
    bad: [[1, /at least 2 checks/], [11, /at most 10 checks/], [2.5, /whole number/], [NaN, /NaN/]] },
  { name: 'LAMBDA_MEMORY_SIZE', rule: LAMBDA_MEMORY_SIZE, good: [128, 1769, 10240],
    bad: [[127, /at least 128 MB/], [10241, /at most 10240 MB/], [256.5, /whole number/], [-Infinity, /finite/]] },
  { name: 'WAF_RATE_LIMIT', rule: WAF_RATE_LIMIT, good: [10, 2000, 2_000_000_000],
    bad: [[9, /at least 10/], [2_000_000_001, /at most 2000000000/], [100.5, /whole number/], [Infinity, /finite/]] },
  { name: 'DESIRED_TASK_COUNT', rule: DESIRED_TASK_COUNT, good: [0, 2, 1000],
    bad: [[-1, /at least 0 tasks/], [1.5, /whole number/], [NaN, /NaN/]] },
  { name: 'SCALING_CAPACITY', rule: SCALING_CAPACITY, good: [0, 1, 100],
    bad: [[-1, /at least 0 tasks/], [2.5, /whole number/], [Infinity, /finite/]] },
  { name: 'CPU_TARGET_UTILIZATION', rule: CPU_TARGET_UTILIZATION, good: [0.5, 60, 100],
    bad: [[0, /more than 0 percent/], [-5, /more than 0 percent/], [100.1, /at most 100 percent/], [NaN, /NaN/]] },
  { name: 'ALARM_EVALUATION_PERIODS', rule: ALARM_EVALUATION_PERIODS, good: [1, 3, 288],
    bad: [[0, /at least 1 period\b/], [1.5, /whole number/], [NaN, /NaN/]] },
  { name: 'ALARM_DATAPOINTS_TO_ALARM', rule: ALARM_DATAPOINTS_TO_ALARM, good: [1, 2],
    bad: [[0, /at least 1 datapoint\b/], [2.5, /whole number/]] },
  { name: 'COUNT_ALARM_THRESHOLD', rule: COUNT_ALARM_THRESHOLD, good: [0, 0.5, 10],
    bad: [[-1, /at least 0/], [Infinity, /must be finite/], [NaN, /not NaN/]] },
  { name: 'PERCENT_ALARM_THRESHOLD', rule: PERCENT_ALARM_THRESHOLD, good: [0, 1.5, 100],
    bad: [[-0.1, /at least 0 percent/], [100.5, /at most 100 percent/], [Infinity, /must be finite/]] },
  { name: 'CANARY_PERCENT_TRAFFIC', rule: CANARY_PERCENT_TRAFFIC, good: [0, 0.5, 12.5, 100],
    bad: [[-0.1, /at least 0 percent/], [100.1, /at most 100 percent/], [NaN, /NaN/], [Infinity, /finite/]] },
  { name: 'QUOTA_LIMIT', rule: QUOTA_LIMIT, good: [0, 1, 1_000_000],
    bad: [[-1, /at least 0 requests/], [10.5, /whole number/], [NaN, /NaN/], [Infinity, /finite/]] },
  { name: 'QUOTA_OFFSET', rule: QUOTA_OFFSET, good: [0, 100],
    bad: [[-1, /at least 0 requests/], [0.5, /whole number/], [NaN, /NaN/]] },
  { name: 'SHARD_RESOURCES', rule: SHARD_RESOURCES, good: [1, 400, 490],
    bad: [[0, /at least 1/], [491, /at most 490/], [10.5, /whole number/], [NaN, /NaN/]] },
  { name: 'SHARDING_THRESHOLD', rule: SHARDING_THRESHOLD, good: [0, 300, 100_000],
    bad: [[-1, /at least 0/], [100_001, /at most 100000/], [Infinity, /finite/]] },
  { name: 'SHARD_COUNT', rule: SHARD_COUNT, good: [1, 100],
    bad: [[0, /at least 1/], [101, /at most 100/], [2.5, /whole number/], [NaN, /NaN/]] },
];

const TEXT_RULES: TextCase[] = [
  { name: 'BACKEND_NAME', rule: BACKEND_NAME, good: ['orders', 'Orders_v2', 'a', 'a'.repeat(64)],
    bad: [['', /must not be empty/], ['   ', /starting with a letter/], ['1orders', /starting with a letter/], ['orders service', /only/], ['a'.repeat(65), /at most 64/]] },
  { name: 'GRPC_BACKEND_NAME', rule: GRPC_BACKEND_NAME, good: ['users', 'user-directory', 'a', 'a'.repeat(63)],
    bad: [['', /must not be empty/], ['Users', /DNS label/], ['users_v1', /DNS label/], ['users-', /inner "-"/], ['1users', /starting with a letter/], ['a'.repeat(64), /at most 63/]] },
  { name: 'REST_STAGE_NAME', rule: REST_STAGE_NAME, good: ['prod', 'v1_beta-2', 'a'.repeat(128)],
    bad: [['a'.repeat(129), /at most 128/], ['$default', /only/], ['my stage', /only/]] },
  { name: 'LOAD_BALANCER_NAME', rule: LOAD_BALANCER_NAME, good: ['a', 'api-front-door', 'A1', 'a'.repeat(32), 'internal'],
    bad: [['a'.repeat(33), /at most 32/], ['internal-api', /"internal-"/], ['-api', /hyphen/], ['api-', /hyphen/], ['api_1', /only letters, digits and hyphens/]] },
  { name: 'TARGET_GROUP_NAME', rule: TARGET_GROUP_NAME, good: ['t', 'orders-tasks', 'internal-tasks', 'a'.repeat(32)],
    bad: [['a'.repeat(33), /at most 32/], ['-tg', /hyphen/], ['tg.1', /only letters, digits and hyphens/]] },
  { name: 'HEALTH_CHECK_PATH', rule: HEALTH_CHECK_PATH, good: ['/', '/health', '/health?deep=1', `/${'a'.repeat(1023)}`],
    bad: [['health', /starts with "\/"/], ['/he alth', /no spaces/], [`/${'a'.repeat(1024)}`, /at most 1024/]] },
  { name: 'GRPC_HEALTH_CHECK_PATH', rule: GRPC_HEALTH_CHECK_PATH, good: ['/grpc.health.v1.Health/Check', '/a/b'],
    bad: [['/health', /package\.Service\/Method/], ['grpc.health.v1.Health/Check', /package/], ['/a/b/c', /package/]] },
  { name: 'CLOUD_MAP_SERVICE_NAME', rule: CLOUD_MAP_SERVICE_NAME, good: ['users', 'a', '_grpc._tcp', 'Users_v1', `${'a'.repeat(63)}.b`, `${'a.'.repeat(63)}a`],
    bad: [['-users', /no label starting or ending with "-"/], ['users-', /"-"/], ['us ers', /labels of/], [`${'a'.repeat(64)}`, /labels of/], ['a..b', /labels of/], ['a'.repeat(128), /at most 127/]] },
  { name: 'DASHBOARD_NAME', rule: DASHBOARD_NAME, good: ['a', 'gateway-topology_prod', 'a'.repeat(255)],
    bad: [['orders prod!', /only letters, digits/], ['a'.repeat(256), /at most 255/]] },
  { name: 'HTTP_STAGE_NAME', rule: HTTP_STAGE_NAME, good: ['$default', 'prod', 'v1_beta-2', 'a'.repeat(128)],
    bad: [['a'.repeat(129), /at most 128/], ['$prod', /only/], ['$default2', /only/], ['my stage', /only/]] },
  { name: 'STAGE_VARIABLE_NAME', rule: STAGE_VARIABLE_NAME, good: ['backend', 'v_2', 'a'.repeat(64)],
    bad: [['a'.repeat(65), /at most 64/], ['backend-url', /only/], ['a b', /only/]] },
  { name: 'STAGE_VARIABLE_VALUE', rule: STAGE_VARIABLE_VALUE, good: ['v2', 'https://api.example.com/x?a=1&b=2', 'a'.repeat(512)],
    bad: [['a'.repeat(513), /at most 512/], ['two words', /only/], ['"quoted"', /only/]] },
  { name: 'REST_API_NAME', rule: REST_API_NAME, good: ['orders', 'Orders API (prod)', 'a'.repeat(1024), ' orders '], bad: [['', /must not be empty/], ['   ', /must not be blank/], ['\t', /must not be blank/]] },
  { name: 'OPERATION_NAME', rule: OPERATION_NAME, good: ['GetOrder', 'a', 'a'.repeat(64)], bad: [['', /must not be empty/], [' ', /blank/], ['a'.repeat(65), /at most 64/]] },
  { name: 'DEPLOYMENT_ID', rule: DEPLOYMENT_ID, good: ['abc123', 'A1'], bad: [['', /must not be empty/], ['abc 123', /letters and digits/], ['abc-123', /letters and digits/]] },
  { name: 'HTTP_API_NAME', rule: HTTP_API_NAME, good: ['orders', 'Orders API', 'a'.repeat(128)],
    bad: [['a'.repeat(129), /at most 128/]] },
];

// Rules whose empty value is valid: a description may be empty.
const OPTIONAL_TEXT_RULES: TextCase[] = [
  { name: 'HTTP_API_DESCRIPTION', rule: HTTP_API_DESCRIPTION, good: ['', 'Orders', 'a'.repeat(1024)],
    bad: [['a'.repeat(1025), /at most 1024/]] },
];

const CHOICE_RULES: ChoiceCase[] = [
  { name: 'CACHE_CLUSTER_SIZE', rule: CACHE_CLUSTER_SIZE, good: ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'], bad: ['1', '0.50', '', '512'] },
  { name: 'QUOTA_PERIOD', rule: QUOTA_PERIOD, good: ['DAY', 'WEEK', 'MONTH'], bad: ['YEAR', 'day', ''] },
  { name: 'METHOD_LOGGING_LEVEL', rule: METHOD_LOGGING_LEVEL, good: ['OFF', 'ERROR', 'INFO'], bad: ['DEBUG', 'info', ''] },
];

const DURATION_RULES: DurationCase[] = [
  // A sample rule of the checker itself.
  { name: 'sample', rule: { subject: 'a sample', unit: 'seconds', min: 1, max: 60, source: 'https://example.com' },
    good: [Duration.seconds(1), Duration.minutes(1)], bad: [[Duration.millis(999), /whole number of seconds/], [Duration.seconds(61), /at most 60/]] },
  { name: 'HEALTH_CHECK_INTERVAL', rule: HEALTH_CHECK_INTERVAL, good: [Duration.seconds(5), Duration.seconds(30), Duration.minutes(5)],
    bad: [[Duration.seconds(4), /at least 5 seconds/], [Duration.seconds(301), /at most 300 seconds/], [Duration.millis(5500), /whole number of seconds/]] },
  { name: 'HEALTH_CHECK_TIMEOUT', rule: HEALTH_CHECK_TIMEOUT, good: [Duration.seconds(2), Duration.minutes(2)],
    bad: [[Duration.seconds(1), /at least 2 seconds/], [Duration.seconds(121), /at most 120 seconds/]] },
  { name: 'ALB_IDLE_TIMEOUT', rule: ALB_IDLE_TIMEOUT, good: [Duration.seconds(1), Duration.seconds(60), Duration.seconds(4000)],
    bad: [[Duration.seconds(0), /at least 1 second\b/], [Duration.seconds(4001), /at most 4000 seconds/], [Duration.millis(1500), /whole number of seconds/], [Duration.seconds(NaN), /NaN/], [Duration.seconds(Infinity), /finite/]] },
  { name: 'S3_EXPIRATION_DAYS', rule: S3_EXPIRATION_DAYS, good: [Duration.days(1), Duration.days(3650)],
    bad: [[Duration.hours(36), /whole number of days/], [Duration.days(0), /at least 1 day\b/]] },
  { name: 'DEREGISTRATION_DELAY', rule: DEREGISTRATION_DELAY, good: [Duration.seconds(0), Duration.seconds(30), Duration.hours(1)],
    bad: [[Duration.seconds(3601), /at most 3600 seconds/]] },
  { name: 'INTEGRATION_TIMEOUT', rule: INTEGRATION_TIMEOUT, good: [Duration.millis(50), Duration.minutes(5)],
    bad: [[Duration.millis(49), /at least 50 milliseconds/], [Duration.millis(NaN), /NaN/], [Duration.millis(50.5), /whole number of milliseconds/]] },
  { name: 'IN_FUNCTION_CALL_TIMEOUT', rule: IN_FUNCTION_CALL_TIMEOUT, good: [Duration.millis(1), Duration.seconds(900)],
    bad: [[Duration.millis(0), /at least 1 millisecond\b/], [Duration.seconds(901), /at most 900000 milliseconds/], [Duration.seconds(NaN), /NaN/]] },
  { name: 'IN_FUNCTION_MARGIN', rule: IN_FUNCTION_MARGIN, good: [Duration.millis(0), Duration.millis(250), Duration.seconds(900)],
    bad: [[Duration.millis(0.5), /whole number of milliseconds/], [Duration.seconds(901), /at most 900000/], [Duration.millis(Infinity), /finite/]] },
  { name: 'LAMBDA_TIMEOUT', rule: LAMBDA_TIMEOUT, good: [Duration.seconds(1), Duration.minutes(15)],
    bad: [[Duration.seconds(0), /at least 1 second\b/], [Duration.seconds(901), /at most 900 seconds/], [Duration.millis(2500), /whole number of seconds/]] },
  { name: 'CLOUD_MAP_DNS_TTL', rule: CLOUD_MAP_DNS_TTL, good: [Duration.seconds(0), Duration.seconds(10), Duration.seconds(2_147_483_647)],
    bad: [[Duration.seconds(2_147_483_648), /at most 2147483647 seconds/], [Duration.millis(500), /whole number of seconds/]] },
  { name: 'STANDARD_RESOLUTION_ALARM_PERIOD', rule: STANDARD_RESOLUTION_ALARM_PERIOD, good: [Duration.minutes(1), Duration.minutes(5), Duration.days(1)],
    bad: [[Duration.seconds(30), /whole number of minutes/], [Duration.seconds(90), /whole number of minutes/], [Duration.seconds(0), /at least 1 minute\b/]] },
  { name: 'LATENCY_ALARM_THRESHOLD', rule: LATENCY_ALARM_THRESHOLD, good: [Duration.millis(1), Duration.seconds(2)],
    bad: [[Duration.millis(0), /at least 1 millisecond\b/], [Duration.millis(Infinity), /finite/]] },
  { name: 'REST_INTEGRATION_TIMEOUT', rule: REST_INTEGRATION_TIMEOUT, good: [Duration.millis(50), Duration.seconds(10), Duration.seconds(29)],
    bad: [[Duration.millis(49), /at least 50 milliseconds/], [Duration.millis(29_001), /at most 29000 milliseconds/], [Duration.millis(100.5), /whole number of milliseconds/],
      [Duration.millis(NaN), /NaN/], [Duration.millis(Infinity), /finite/]] },
  { name: 'HTTP_INTEGRATION_TIMEOUT', rule: HTTP_INTEGRATION_TIMEOUT, good: [Duration.millis(50), Duration.seconds(29), Duration.seconds(30)],
    bad: [[Duration.millis(0), /at least 50 milliseconds/], [Duration.millis(30_001), /at most 30000 milliseconds/], [Duration.millis(0.5), /whole number of milliseconds/]] },
  { name: 'REST_INTEGRATION_TIMEOUT_QUOTA', rule: REST_INTEGRATION_TIMEOUT_QUOTA, good: [Duration.millis(50), Duration.seconds(29), Duration.minutes(5)],
    bad: [[Duration.millis(49), /at least 50 milliseconds/], [Duration.millis(60_000.5), /whole number/]] },
  { name: 'CACHE_TTL', rule: CACHE_TTL, good: [Duration.seconds(0), Duration.minutes(5), Duration.hours(1)],
    bad: [[Duration.seconds(3601), /at most 3600 seconds/], [Duration.millis(1500), /whole number of seconds/], [Duration.seconds(NaN), /NaN/]] },
  { name: 'AUTHORIZER_RESULTS_CACHE_TTL', rule: AUTHORIZER_RESULTS_CACHE_TTL, good: [Duration.seconds(0), Duration.seconds(1), Duration.hours(1)],
    bad: [[Duration.seconds(3601), /at most 3600 seconds/], [Duration.millis(500), /whole number of seconds/], [Duration.seconds(Infinity), /finite/]] },
  { name: 'CORS_MAX_AGE', rule: CORS_MAX_AGE, good: [Duration.seconds(0), Duration.minutes(10), Duration.days(1)],
    bad: [[Duration.seconds(86_401), /at most 86400 seconds/], [Duration.millis(1500), /whole number of seconds/]] },
];

interface MatcherCase { readonly name: string; readonly rule: MatcherCodesRule; readonly good: string[]; readonly bad: Array<[string, RegExp]> }

const MATCHER_RULES: MatcherCase[] = [
  { name: 'ALB_HTTP_CODES', rule: ALB_HTTP_CODES, good: ['200', '499', '200-499', '200,202', '200-299,302'],
    bad: [['199', /from 200 to 499/], ['500', /"500" is outside/], ['200-500', /outside/], ['300-200', /runs backwards/], ['', /must not be empty/], ['200,', /not a code/], ['2xx', /not a code/]] },
  { name: 'NLB_HTTP_CODES', rule: NLB_HTTP_CODES, good: ['200-399', '599', '200-599'],
    bad: [['600', /from 200 to 599/], ['100', /outside/]] },
  { name: 'GRPC_CODES', rule: GRPC_CODES, good: ['0', '0-99', '0,12', '99'],
    bad: [['100', /from 0 to 99/], ['0-100', /outside/], ['12-0', /runs backwards/], ['-1', /not a code/]] },
];

describe.each(MATCHER_RULES)('matcher codes $name', ({ rule, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => checkMatcherCodes('Stack/Tg', 'codes', value, rule)).not.toThrow();
  });
  test.each(bad)('refuses %p', (value, message) => {
    expect(() => checkMatcherCodes('Stack/Tg', 'codes', value, rule)).toThrow(TopologyValidationError);
    expect(() => checkMatcherCodes('Stack/Tg', 'codes', value, rule)).toThrow(message);
  });
  test('accepts a token and names the source page', () => {
    expect(() => checkMatcherCodes('Stack/Tg', 'codes', Lazy.string({ produce: () => 'x' }), rule)).not.toThrow();
    expect(() => checkMatcherCodes('Stack/Tg', 'codes', 'x', rule)).toThrow(rule.source);
  });
});

describe('LOG_RETENTION_DAYS', () => {
  test.each([1, 3, 14, 365, 3653])('accepts %p', (days) => {
    expect(() => checkChoice('S', 'logRetention', days, LOG_RETENTION_DAYS)).not.toThrow();
  });
  test.each([0, 2, 4000, -1, NaN])('refuses %p', (days) => {
    expect(() => checkChoice('S', 'logRetention', days, LOG_RETENTION_DAYS)).toThrow(/not a CloudWatch Logs retention in days/);
    expect(() => checkChoice('S', 'logRetention', days, LOG_RETENTION_DAYS)).toThrow(LOG_RETENTION_DAYS.source);
  });
  test('every RetentionDays of aws-cdk-lib but INFINITE is on the list, and INFINITE passes checkLogRetention', () => {
    const values = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number');
    for (const days of values) expect(() => checkLogRetention('S', 'logRetention', days)).not.toThrow();
    expect(() => checkChoice('S', 'logRetention', logs.RetentionDays.INFINITE, LOG_RETENTION_DAYS)).toThrow();
  });
  test('accepts a token', () => {
    expect(() => checkLogRetention('S', 'logRetention', Token.asNumber(Lazy.number({ produce: () => 2 })))).not.toThrow();
  });
});

describe('checkAlarmWindow', () => {
  const window = (period: Duration, evaluationPeriods: number, datapointsToAlarm?: number) => () => checkAlarmWindow('S', {
    period, periodProp: 'period', evaluationPeriods, evaluationPeriodsProp: 'evaluationPeriods', datapointsToAlarm, datapointsToAlarmProp: 'datapointsToAlarm',
  });

  test('accepts one day of sub-hour periods and seven days of hourly ones', () => {
    expect(window(Duration.minutes(5), 288)).not.toThrow();
    expect(window(Duration.minutes(1), 1440)).not.toThrow();
    expect(window(Duration.hours(1), 168)).not.toThrow();
    expect(window(Duration.days(1), 7)).not.toThrow();
  });

  test('refuses more', () => {
    expect(window(Duration.minutes(5), 289)).toThrow(/at most one day \(86400 seconds\).*Fix: set evaluationPeriods at most 288/);
    expect(window(Duration.hours(1), 169)).toThrow(/at most seven days \(604800 seconds\).*at most 168/);
    expect(window(Duration.days(1), 8)).toThrow(/at most 7/);
  });

  test('refuses more datapoints than periods, and accepts as many', () => {
    expect(window(Duration.minutes(5), 3, 4)).toThrow(/more breaching datapoints than the 3 periods/);
    expect(window(Duration.minutes(5), 3, 3)).not.toThrow();
  });

  test('accepts tokens', () => {
    const token = Token.asNumber(Lazy.number({ produce: () => 1 }));
    expect(window(Duration.minutes(5), token, 5)).not.toThrow();
    expect(window(Duration.minutes(token), 10_000)).not.toThrow();
  });
});

describe('checkHealthCheck', () => {
  test('accepts the edges', () => {
    expect(() => checkHealthCheck('S', 'hc', {
      interval: Duration.seconds(5), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 10,
      healthyHttpCodes: '200-499', path: '/', port: '65535',
    }, 'ALB')).not.toThrow();
    expect(() => checkHealthCheck('S', 'hc', { healthyHttpCodes: '200-599', port: 'traffic-port' }, 'NLB')).not.toThrow();
  });

  test('refuses a timeout longer than the interval', () => {
    expect(() => checkHealthCheck('S', 'hc', { interval: Duration.seconds(10), timeout: Duration.seconds(11) }, 'ALB'))
      .toThrow(/invalid hc\.timeout: the health check timeout is longer than its interval/);
  });

  test('uses the matcher range of the flavour', () => {
    expect(() => checkHealthCheck('S', 'hc', { healthyHttpCodes: '550' }, 'ALB')).toThrow(/from 200 to 499/);
    expect(() => checkHealthCheck('S', 'hc', { healthyHttpCodes: '550' }, 'NLB')).not.toThrow();
  });
});

describe.each(NUMBER_RULES)('number rule $name', ({ rule, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => checkNumber('Stack/Api', 'prop', value, rule)).not.toThrow();
  });
  test.each(bad)('refuses %p', (value, message) => {
    expect(() => checkNumber('Stack/Api', 'prop', value, rule)).toThrow(TopologyValidationError);
    expect(() => checkNumber('Stack/Api', 'prop', value, rule)).toThrow(message);
  });
  test('accepts a token', () => {
    expect(() => checkNumber('Stack/Api', 'prop', Token.asNumber(Lazy.number({ produce: () => -1 })), rule)).not.toThrow();
  });
  test('names the source page in the fix', () => {
    expect(() => checkNumber('Stack/Api', 'prop', NaN, rule)).toThrow(rule.source);
  });
});

describe.each(TEXT_RULES)('text rule $name', ({ rule, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => checkText('Stack/Api', 'prop', value, rule)).not.toThrow();
  });
  test.each(bad)('refuses %p', (value, message) => {
    expect(() => checkText('Stack/Api', 'prop', value, rule)).toThrow(TopologyValidationError);
    expect(() => checkText('Stack/Api', 'prop', value, rule)).toThrow(message);
  });
  test('accepts a token', () => {
    expect(() => checkText('Stack/Api', 'prop', Lazy.string({ produce: () => '' }), rule)).not.toThrow();
  });
  test('refuses an empty value', () => {
    expect(() => checkText('Stack/Api', 'prop', '', rule)).toThrow(/must not be empty/);
  });
  test('names the source page in the fix', () => {
    expect(() => checkText('Stack/Api', 'prop', '', rule)).toThrow(rule.source);
  });
});

describe.each(DURATION_RULES)('duration rule $name', ({ rule, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => checkDuration('Stack/Api', 'prop', value, rule)).not.toThrow();
  });
  test.each(bad)('refuses %p', (value, message) => {
    expect(() => checkDuration('Stack/Api', 'prop', value, rule)).toThrow(TopologyValidationError);
    expect(() => checkDuration('Stack/Api', 'prop', value, rule)).toThrow(message);
  });
  test('accepts a token in the unit AWS takes', () => {
    expect(() => checkDuration('Stack/Api', 'prop', inRuleUnit(rule, Token.asNumber(Lazy.number({ produce: () => 1 }))), rule))
      .not.toThrow();
  });
});

describe.each(OPTIONAL_TEXT_RULES)('optional text rule $name', ({ rule, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => checkText('Stack/Api', 'prop', value, rule)).not.toThrow();
  });
  test.each(bad)('refuses %p', (value, message) => {
    expect(() => checkText('Stack/Api', 'prop', value, rule)).toThrow(message);
  });
});

describe.each(CHOICE_RULES)('choice rule $name', ({ rule, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => checkChoice('Stack/Api', 'prop', value, rule)).not.toThrow();
  });
  test.each(bad)('refuses %p, naming the values AWS takes', (value) => {
    expect(() => checkChoice('Stack/Api', 'prop', value, rule)).toThrow(TopologyValidationError);
    expect(() => checkChoice('Stack/Api', 'prop', value, rule)).toThrow(`use one of ${rule.values.join(', ')}`);
  });
  test('accepts a token', () => {
    expect(() => checkChoice('Stack/Api', 'prop', Lazy.string({ produce: () => 'x' }), rule)).not.toThrow();
  });
});

function inRuleUnit(rule: DurationRule, amount: number): Duration {
  switch (rule.unit) {
    case 'milliseconds': return Duration.millis(amount);
    case 'seconds': return Duration.seconds(amount);
    case 'minutes': return Duration.minutes(amount);
    case 'days': return Duration.days(amount);
  }
}

describe('checkDuration with deploy-time values', () => {
  test('refuses a token in another unit than AWS takes, with our error instead of CDK\'s conversion error', () => {
    const token = Duration.seconds(Token.asNumber(Lazy.number({ produce: () => 1 })));
    expect(() => checkDuration('S', 'timeout', token, REST_INTEGRATION_TIMEOUT)).toThrow(TopologyValidationError);
    expect(() => checkDuration('S', 'timeout', token, REST_INTEGRATION_TIMEOUT)).toThrow(/must be given in milliseconds.*Fix: write it as Duration\.millis\(token\)/);
  });

  test('names the Duration factory that exists in the fix', () => {
    expect(() => checkDuration('S', 'timeout', Duration.millis(10), REST_INTEGRATION_TIMEOUT)).toThrow(/for example Duration\.millis\(50\)/);
  });
});

describe('checkIntegrationTimeout', () => {
  test('holds REST APIs to 29 seconds and names the quota that raises it', () => {
    const error = captured(() => checkIntegrationTimeout('S', 'routes[0].target.timeout', Duration.seconds(30), 'REST'));
    expect(error.message).toMatch(/a REST API integration timeout must be at most 29000 milliseconds \(received "30 seconds"\)/);
    expect(error.message).toMatch(/raise the account's "Maximum integration timeout in milliseconds" quota and set the gateway's maxIntegrationTimeout/);
  });

  test('admits REST timeouts up to a raised limit, and no further', () => {
    expect(() => checkIntegrationTimeout('S', 't', Duration.minutes(2), 'REST', Duration.minutes(2))).not.toThrow();
    expect(() => checkIntegrationTimeout('S', 't', Duration.millis(120_001), 'REST', Duration.minutes(2)))
      .toThrow(/at most 120000 milliseconds \(the gateway's maxIntegrationTimeout\)/);
  });

  test('keeps the 50 ms floor under a raised limit', () => {
    expect(() => checkIntegrationTimeout('S', 't', Duration.millis(49), 'REST', Duration.minutes(2))).toThrow(/at least 50 milliseconds/);
  });

  test('holds HTTP APIs to 30 seconds, with nothing to raise', () => {
    expect(() => checkIntegrationTimeout('S', 't', Duration.seconds(30), 'HTTP')).not.toThrow();
    expect(() => checkIntegrationTimeout('S', 't', Duration.millis(30_001), 'HTTP')).toThrow(/an HTTP API integration timeout must be at most 30000 milliseconds/);
  });

  test('accepts tokens', () => {
    const token = Duration.millis(Token.asNumber(Lazy.number({ produce: () => 1 })));
    expect(() => checkIntegrationTimeout('S', 't', token, 'REST')).not.toThrow();
    expect(() => checkIntegrationTimeout('S', 't', token, 'HTTP')).not.toThrow();
    expect(() => checkIntegrationTimeout('S', 't', Duration.seconds(40), 'REST', token)).not.toThrow();
  });
});

describe('the messages', () => {
  test('name the construct path, the prop, the value and the fix', () => {
    const error = captured(() => checkNumber('Stack/Api', 'throttle.burstLimit', 1.5, THROTTLE_BURST_LIMIT));
    expect(error.message).toMatch(/^Stack\/Api: invalid throttle\.burstLimit: .*whole number.*\(received 1\.5\)\. Fix: set throttle\.burstLimit to/);
    expect(error.constructPath).toBe('Stack/Api');
    expect(error.prop).toBe('throttle.burstLimit');
    expect(error.received).toBe(1.5);
  });

  test('an Infinity is not called negative', () => {
    expect(() => checkNumber('S', 'p', Infinity, THROTTLE_RATE_LIMIT)).toThrow(/must be finite/);
    expect(() => checkNumber('S', 'p', Infinity, THROTTLE_RATE_LIMIT)).not.toThrow(/negative|at least/);
  });
});

describe('checkDuration', () => {
  const rule: DurationRule = { subject: 'a cache TTL', unit: 'seconds', min: 0, max: 3600, source: 'https://example.com/ttl' };

  test('refuses a duration that is not whole in the unit AWS takes, with our error', () => {
    expect(() => checkDuration('S', 'ttl', Duration.millis(1500), rule)).toThrow(TopologyValidationError);
    expect(() => checkDuration('S', 'ttl', Duration.millis(1500), rule)).toThrow(/whole number of seconds/);
  });

  test('accepts the edges and refuses past them', () => {
    expect(() => checkDuration('S', 'ttl', Duration.seconds(0), rule)).not.toThrow();
    expect(() => checkDuration('S', 'ttl', Duration.hours(1), rule)).not.toThrow();
    expect(() => checkDuration('S', 'ttl', Duration.seconds(3601), rule)).toThrow(/at most 3600 seconds/);
  });
});

describe('checkFargateTaskSize', () => {
  test.each([[256, 512], [256, 2048], [512, 4096], [1024, 8192], [2048, 16384], [4096, 30720], [8192, 61440], [16384, 122880]])(
    'accepts %p CPU with %p MiB', (cpu, memory) => {
      expect(() => checkFargateTaskSize('S', 'cpu', cpu, 'memoryLimitMiB', memory)).not.toThrow();
    });

  test.each([[256, 3072], [512, 512], [1024, 9216], [4096, 31744], [8192, 17408], [16384, 36864]])(
    'refuses %p CPU with %p MiB', (cpu, memory) => {
      expect(() => checkFargateTaskSize('S', 'cpu', cpu, 'memoryLimitMiB', memory)).toThrow(/not a Fargate memory size/);
    });

  test('refuses a CPU size Fargate lacks', () => {
    expect(() => checkFargateTaskSize('S', 'cpu', 300, 'memoryLimitMiB', 512)).toThrow(/not a Fargate task CPU size/);
  });

  test('accepts tokens', () => {
    const token = Token.asNumber(Lazy.number({ produce: () => 1 }));
    expect(() => checkFargateTaskSize('S', 'cpu', token, 'memoryLimitMiB', 3)).not.toThrow();
    expect(() => checkFargateTaskSize('S', 'cpu', 256, 'memoryLimitMiB', token)).not.toThrow();
  });
});

function captured(fn: () => void): TopologyValidationError {
  try {
    fn();
  } catch (e) {
    return e as TopologyValidationError;
  }
  throw new Error('expected a TopologyValidationError');
}

describe('checkDomainName', () => {
  test.each(['api.example.com', 'a.b', `${'a'.repeat(63)}.example.com`, 'api.example.com.', 'x-1.example.co.uk'])('accepts %p', (name) => {
    expect(() => checkDomainName('S', 'domainName', name)).not.toThrow();
  });

  test.each([
    ['', /must not be empty/],
    ['localhost', /two labels/],
    [`${'a'.repeat(64)}.example.com`, /at most 63/],
    [`${'a.'.repeat(126)}com`, /at most 253/],
    ['api..example.com', /empty label/],
    ['-api.example.com', /may not start or end with a hyphen/],
    ['api example.com', /only letters, digits and hyphens/],
    ['api_v1.example.com', /only letters, digits and hyphens/],
    ['*.example.com', /only letters/],
  ])('refuses %p', (name, message) => {
    expect(() => checkDomainName('S', 'domainName', name)).toThrow(TopologyValidationError);
    expect(() => checkDomainName('S', 'domainName', name)).toThrow(message);
  });

  test('accepts a wildcard where it is allowed', () => {
    expect(() => checkDomainName('S', 'domainName', '*.example.com', { allowWildcard: true })).not.toThrow();
  });

  test('accepts a token', () => {
    expect(() => checkDomainName('S', 'domainName', Lazy.string({ produce: () => '' }))).not.toThrow();
  });
});

describe('quantity', () => {
  test.each([
    [1, 'seconds', '1 second'], [2, 'seconds', '2 seconds'], [0, 'requests', '0 requests'],
    [1, 'requests per second', '1 request per second'], [1, 'MB', '1 MB'], [1, 'percent', '1 percent'], [1, '', '1'],
  ])('writes %d %j as %j', (n, unit, text) => {
    expect(quantity(n, unit)).toBe(text);
  });
});

describe('checkUnique', () => {
  test('refuses the second of two equal entries, naming both', () => {
    expect(() => checkUnique('Stack/Api', 'audiences', ['a', 'b', 'a'], 'an audience'))
      .toThrow(/invalid audiences\[2\]: an audience is listed twice \(also at audiences\[0\]\)/);
  });
  test('compares by the key given', () => {
    expect(() => checkUnique('Stack/Api', 'headers', ['X-A', 'x-a'], 'a header', (h) => h.toLowerCase())).toThrow(/headers\[1\]/);
    expect(() => checkUnique('Stack/Api', 'headers', ['X-A', 'x-a'], 'a header')).not.toThrow();
  });
  test('skips tokens and lists that are not lists', () => {
    const token = Lazy.string({ produce: () => 'a' });
    expect(() => checkUnique('Stack/Api', 'audiences', [token, token], 'an audience')).not.toThrow();
    expect(() => checkUnique('Stack/Api', 'audiences', undefined, 'an audience')).not.toThrow();
  });
});

describe('checkCorsLists', () => {
  test.each<[string, object, 'REST' | 'HTTP', string, RegExp]>([
    ['an origin with a path', { allowOrigins: ['https://a.example.com/app'] }, 'HTTP', 'cors.allowOrigins[0]', /without a path/],
    ['a blank origin', { allowOrigins: [' '] }, 'REST', 'cors.allowOrigins[0]', /must not be empty/],
    ['a repeated origin', { allowOrigins: ['https://a.example.com', 'https://a.example.com'] }, 'REST', 'cors.allowOrigins[1]', /listed twice/],
    ['origins not a list', { allowOrigins: 'https://a.example.com' }, 'HTTP', 'cors.allowOrigins', /must be a list/],
    ['a header with a space', { allowHeaders: ['X A'] }, 'HTTP', 'cors.allowHeaders[0]', /not an HTTP header name/],
    ['a header repeated in another case', { allowHeaders: ['Content-Type', 'content-type'] }, 'REST', 'cors.allowHeaders[1]', /listed twice/],
    ['an unknown method', { allowMethods: ['FETCH'] }, 'REST', 'cors.allowMethods[0]', /not an HTTP method/],
    ['"*" for all methods on REST', { allowMethods: ['*'] }, 'REST', 'cors.allowMethods[0]', /"ANY" for all/],
    ['"ANY" for all methods on HTTP', { allowMethods: ['ANY'] }, 'HTTP', 'cors.allowMethods[0]', /"\*"/],
  ])('refuses %s', (_name, cors, flavour, prop, problem) => {
    let error: unknown;
    try {
      checkCorsLists('Stack/Api', 'cors', cors as any, flavour);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TopologyValidationError);
    expect((error as TopologyValidationError).prop).toBe(prop);
    expect((error as TopologyValidationError).message).toMatch(problem);
  });
  test('accepts "*", ports, schemes and the flavour\'s all-methods entry, and tokens', () => {
    expect(() => checkCorsLists('Stack/Api', 'cors', { allowOrigins: ['*', 'http://localhost:3000', 'https://*.example.com'], allowHeaders: ['*', 'Authorization'], allowMethods: ['*'] }, 'HTTP')).not.toThrow();
    expect(() => checkCorsLists('Stack/Api', 'cors', { allowOrigins: [Lazy.string({ produce: () => 'x' })], allowMethods: ['ANY'] }, 'REST')).not.toThrow();
  });
});
