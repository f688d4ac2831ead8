import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { TopologyValidationError } from '../../lib/errors';
import {
  checkDomainName, checkDuration, checkFargateTaskSize, checkNumber, checkText, DurationRule, NumberRule, TextRule,
  REST_STAGE_NAME, THROTTLE_BURST_LIMIT, THROTTLE_RATE_LIMIT,
} from '../../lib/private/aws-rules';

// Each row: a rule, values AWS accepts (the edges among them), values it refuses and a word
// of the message each refusal must carry. Rows need no synth, so the table stays fast.
interface NumberCase { readonly name: string; readonly rule: NumberRule; readonly good: number[]; readonly bad: Array<[number, RegExp]> }
interface TextCase { readonly name: string; readonly rule: TextRule; readonly good: string[]; readonly bad: Array<[string, RegExp]> }
interface DurationCase { readonly name: string; readonly rule: DurationRule; readonly good: Duration[]; readonly bad: Array<[Duration, RegExp]> }

const NUMBER_RULES: NumberCase[] = [
  { name: 'THROTTLE_RATE_LIMIT', rule: THROTTLE_RATE_LIMIT, good: [0, 0.5, 10, 10000.25],
    bad: [[-1, /at least 0/], [NaN, /NaN/], [Infinity, /finite/]] },
  { name: 'THROTTLE_BURST_LIMIT', rule: THROTTLE_BURST_LIMIT, good: [0, 1, 5000],
    bad: [[-1, /at least 0/], [1.5, /whole number/], [NaN, /NaN/], [-Infinity, /finite/]] },
];

const TEXT_RULES: TextCase[] = [
  { name: 'REST_STAGE_NAME', rule: REST_STAGE_NAME, good: ['prod', 'v1_beta-2', 'a'.repeat(128)],
    bad: [['a'.repeat(129), /at most 128/], ['$default', /only/], ['my stage', /only/]] },
];

const DURATION_RULES: DurationCase[] = [
  // A sample rule of the checker itself; the real duration rules join this table.
  { name: 'sample', rule: { subject: 'a sample', unit: 'seconds', min: 1, max: 60, source: 'https://example.com' },
    good: [Duration.seconds(1), Duration.minutes(1)], bad: [[Duration.millis(999), /whole number of seconds/], [Duration.seconds(61), /at most 60/]] },
];

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
});

describe.each(DURATION_RULES)('duration rule $name', ({ rule, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => checkDuration('Stack/Api', 'prop', value, rule)).not.toThrow();
  });
  test.each(bad)('refuses %p', (value, message) => {
    expect(() => checkDuration('Stack/Api', 'prop', value, rule)).toThrow(TopologyValidationError);
    expect(() => checkDuration('Stack/Api', 'prop', value, rule)).toThrow(message);
  });
  test('accepts a token', () => {
    expect(() => checkDuration('Stack/Api', 'prop', Duration.seconds(Token.asNumber(Lazy.number({ produce: () => 1 }))), rule))
      .not.toThrow();
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
