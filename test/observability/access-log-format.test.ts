import { accessLogFields, accessLogFormat, MAX_ACCESS_LOG_FORMAT_BYTES } from '../../lib/observability/access-log-format';
import { THROTTLED_REQUEST_PATTERN } from '../../lib/observability/metrics';

type Flavour = 'HTTP' | 'REST';
const FLAVOURS: Flavour[] = ['HTTP', 'REST'];

/** A value API Gateway could write for each variable the formats use, for a throttled request. */
const SAMPLE: Record<string, string> = {
  '$context.requestId': 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  '$context.identity.sourceIp': '198.51.100.7',
  '$context.authorizer.claims.sub': '0b7a1c9e-user',
  '$context.authorizer.principalId': 'user-1',
  '$context.authorizer.userId': 'user-1',
  '$context.identity.userArn': 'arn:aws:iam::111111111111:user/alice',
  '$context.authorizer.claims.tenant_id': 'tenant-9',
  '$context.authorizer.tenantId': 'tenant-9',
  '$context.routeKey': 'GET /orders/{orderId}',
  '$context.httpMethod': 'GET',
  '$context.resourcePath': '/orders/{orderId}',
  '$context.path': '/prod/orders/42',
  '$context.protocol': 'HTTP/1.1',
  '$context.status': '429',
  '$context.responseLatency': '12',
  '$context.integrationLatency': '7',
  '$context.integration.latency': '7',
  '$context.integrationStatus': '200',
  '$context.integration.status': '200',
  '$context.error.message': 'Too Many Requests',
  '$context.authorizer.error': 'The incoming token has expired',
};

function formatOf(flavour: Flavour): string {
  return accessLogFormat(flavour).toString();
}

/** The line API Gateway writes: each variable replaced by `valueOf` (longest names first). */
function render(format: string, valueOf: (variable: string) => string): string {
  return format.replace(/\$context\.[A-Za-z0-9_.]+/g, (variable) => valueOf(variable));
}

/**
 * The subset of CloudWatch Logs JSON filter syntax our metric filters use: `{ $.field = value }`
 * and `!=`, where a quoted value compares strings and an unquoted one numbers
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 * A line that is not JSON matches no JSON filter, and a string field never equals a number.
 */
function matches(pattern: string, line: string): boolean {
  const parsed = /^\{\s*\$\.([A-Za-z0-9_]+)\s*(=|!=)\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)\s*\}$/.exec(pattern);
  if (!parsed) throw new Error(`pattern outside the evaluated subset: ${pattern}`);
  const [, field, op, literal] = parsed;
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(line);
  } catch {
    return false;
  }
  const actual = event[field];
  if (actual === undefined) return false;
  const equal = literal.startsWith('"')
    ? typeof actual === 'string' && actual === JSON.parse(literal)
    : typeof actual === 'number' && actual === Number(literal);
  return op === '=' ? equal : !equal;
}

describe.each(FLAVOURS)('%s access-log format', (flavour) => {
  const format = formatOf(flavour);
  const variables = [...new Set(format.match(/\$context\.[A-Za-z0-9_.]+/g) ?? [])];

  test('uses only variables the sample knows, so every one is exercised below', () => {
    expect(variables.filter((v) => !(v in SAMPLE))).toEqual([]);
  });

  test('is valid JSON when API Gateway writes "-" for every variable', () => {
    const line = render(format, () => '-');
    expect(() => JSON.parse(line)).not.toThrow();
    expect(Object.values(JSON.parse(line)).every((v) => typeof v === 'string')).toBe(true);
  });

  test('is valid JSON with real values, and with "-" for any one variable', () => {
    expect(() => JSON.parse(render(format, (v) => SAMPLE[v]))).not.toThrow();
    for (const dash of variables) {
      expect(() => JSON.parse(render(format, (v) => (v === dash ? '-' : SAMPLE[v])))).not.toThrow();
    }
  });

  test('quotes every field, numbers too', () => {
    for (const [key, value] of Object.entries(accessLogFields(flavour))) expect(format).toContain(`"${key}":"${value}"`);
  });

  test(`stays under API Gateway's ${MAX_ACCESS_LOG_FORMAT_BYTES}-byte format limit`, () => {
    expect(Buffer.byteLength(format, 'utf8')).toBeLessThanOrEqual(MAX_ACCESS_LOG_FORMAT_BYTES);
  });

  test('a throttled request, answered before any integration, matches the throttle filter', () => {
    // A 429 has no integration: its integration status and latencies are "-".
    const line = render(format, (v) => (/integration|authorizer|claims/i.test(v) ? '-' : SAMPLE[v]));
    expect(matches(THROTTLED_REQUEST_PATTERN, line)).toBe(true);
  });

  test('other statuses do not match the throttle filter', () => {
    for (const status of ['200', '401', '403', '500', '-']) {
      const line = render(format, (v) => (v === '$context.status' ? status : SAMPLE[v]));
      expect(matches(THROTTLED_REQUEST_PATTERN, line)).toBe(false);
    }
  });
});

describe('the filter evaluator', () => {
  test('is why the pattern quotes 429: a numeric comparison does not match the quoted status', () => {
    expect(matches('{ $.status = 429 }', '{"status":"429"}')).toBe(false);
    expect(matches('{ $.status = "429" }', '{"status":"429"}')).toBe(true);
  });

  test('matches no line that is not JSON, as the unquoted format wrote for a 429', () => {
    expect(matches('{ $.status = 429 }', '{"status":429,"integrationLatency":-}')).toBe(false);
  });
});

test('a long claim name that pushes the format past 3 KB fails with our error', () => {
  const claim = `$context.authorizer.claims.${'a'.repeat(3000)}`;
  expect(() => accessLogFormat('HTTP', { tenantExpression: claim }))
    .toThrow(/invalid identityHeaders: the access-log format would be \d+ bytes, more than the 3072 API Gateway accepts/);
});
