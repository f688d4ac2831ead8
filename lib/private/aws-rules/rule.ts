import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';

/**
 * A rule AWS enforces on a number we pass through, written once from its AWS page.
 *
 * A rule describes the value in AWS's words so that every construct that takes such a
 * value refuses it with the same message, and the page it cites is where a reader checks it.
 */
export interface NumberRule {
  /** What the value is, as a noun phrase: "an API Gateway throttling burst limit". */
  readonly subject: string;
  /** The unit, plural: "requests per second", "MiB". */
  readonly unit: string;
  /** The smallest value AWS accepts. */
  readonly min: number;
  /** Whether `min` itself is refused (a utilization target above 0). @default false */
  readonly minExclusive?: boolean;
  /** The largest value AWS accepts. @default - no upper bound */
  readonly max?: number;
  /** Whether AWS takes only whole numbers (an Integer in the CloudFormation schema). */
  readonly integer: boolean;
  /** The value must be a multiple of this. @default - any */
  readonly step?: number;
  /** The AWS documentation page that states the rule. */
  readonly source: string;
}

/** A rule AWS enforces on a name or other text we pass through. */
export interface TextRule {
  /** What the value is, as a noun phrase: "a REST API stage name". */
  readonly subject: string;
  /** @default 1 */
  readonly minLength?: number;
  /** The longest value AWS accepts, in characters. @default - no documented limit */
  readonly maxLength?: number;
  /** The grammar, anchored. @default - any characters */
  readonly pattern?: RegExp;
  /** The grammar in words, for the message: "letters, digits and underscores". */
  readonly grammar?: string;
  /** A value that passes, for the fix. */
  readonly example: string;
  /** The AWS documentation page that states the rule. */
  readonly source: string;
}

/** A rule on a duration, in the unit AWS takes it in. */
export interface DurationRule {
  /** What the value is, as a noun phrase: "an integration timeout". */
  readonly subject: string;
  /** The unit AWS takes the value in; a duration not whole in it is refused. */
  readonly unit: 'milliseconds' | 'seconds' | 'minutes' | 'days';
  /** The smallest value AWS accepts, in `unit`. */
  readonly min: number;
  /** The largest value AWS accepts, in `unit`. @default - no upper bound */
  readonly max?: number;
  /** The value must be a multiple of this, in `unit`. @default - any */
  readonly step?: number;
  /** The AWS documentation page that states the rule. */
  readonly source: string;
}

/** A rule that admits a fixed set of values (cache cluster sizes, Fargate CPU units). */
export interface ChoiceRule<T extends string | number> {
  /** What the value is, as a noun phrase. */
  readonly subject: string;
  /** The values AWS accepts. */
  readonly values: readonly T[];
  /** The AWS documentation page that states the rule. */
  readonly source: string;
}

function fail(scope: IConstruct | string, prop: string, received: unknown, problem: string, fix: string): never {
  throw new TopologyValidationError(scope, { prop, received, problem, fix });
}

function range(rule: { min: number; minExclusive?: boolean; max?: number; integer?: boolean; step?: number }, unit: string): string {
  const kind = rule.integer === false ? 'a number' : 'a whole number';
  const bounds = rule.minExclusive
    ? (rule.max === undefined ? `above ${rule.min}` : `above ${rule.min} and at most ${rule.max}`)
    : (rule.max === undefined ? `of ${rule.min} or more` : `from ${rule.min} to ${rule.max}`);
  const step = rule.step ? `, a multiple of ${rule.step}` : '';
  return `${kind} ${bounds}${spaced(unit)}${step}`;
}

/** ` unit`, or nothing for a rule without one (a port). */
function spaced(unit: string): string {
  return unit ? ` ${unit}` : '';
}

/** Units written the same for one and for many. */
const INVARIANT_UNITS = new Set(['MB', 'MiB', 'GB', 'percent']);

/**
 * `n unit`, the unit's first word in the singular for exactly one ("1 second", "1 request per
 * second", but "2 seconds", "1 MB"); units are written plural in the rules.
 */
export function quantity(n: number, unit: string): string {
  if (!unit) return String(n);
  const [first, ...rest] = unit.split(' ');
  const word = n === 1 && !INVARIANT_UNITS.has(first) && first.endsWith('s') ? first.slice(0, -1) : first;
  return [String(n), word, ...rest].join(' ');
}

/**
 * Refuses a number AWS would refuse. Unresolved tokens and `undefined` pass: the first is
 * known only at deploy time, the second means the prop was not given.
 */
export function checkNumber(scope: IConstruct | string, prop: string, value: number | undefined, rule: NumberRule): void {
  if (value === undefined || (typeof value === 'number' && Token.isUnresolved(value))) return;
  const fix = `set ${prop} to ${range(rule, rule.unit)} (${rule.source})`;
  let problem: string | undefined;
  if (typeof value !== 'number') problem = `${rule.subject} must be a number`;
  else if (Number.isNaN(value)) problem = `${rule.subject} must be a number, not NaN`;
  else if (!Number.isFinite(value)) problem = `${rule.subject} must be finite`;
  else if (rule.integer && !Number.isInteger(value)) problem = `${rule.subject} must be a whole number`;
  else if (rule.minExclusive && value <= rule.min) problem = `${rule.subject} must be more than ${quantity(rule.min, rule.unit)}`;
  else if (value < rule.min) problem = `${rule.subject} must be at least ${quantity(rule.min, rule.unit)}`;
  else if (rule.max !== undefined && value > rule.max) problem = `${rule.subject} must be at most ${quantity(rule.max, rule.unit)}`;
  else if (rule.step && value % rule.step !== 0) problem = `${rule.subject} must be a multiple of ${quantity(rule.step, rule.unit)}`;
  if (problem) fail(scope, prop, value, problem, fix);
}

/** The Duration factory and unit label of each unit AWS takes durations in. */
const DURATION_FACTORY: Record<DurationRule['unit'], string> = {
  milliseconds: 'millis', seconds: 'seconds', minutes: 'minutes', days: 'days',
};

/**
 * Refuses a duration AWS would refuse, including one that is not whole in the unit AWS takes.
 * A deploy-time (token) duration passes when it is given in that unit; in another unit it
 * cannot be converted at synth, so it is refused here rather than by CDK's own conversion.
 */
export function checkDuration(scope: IConstruct | string, prop: string, value: Duration | undefined, rule: DurationRule): void {
  if (value === undefined) return;
  const factory = DURATION_FACTORY[rule.unit];
  if (!(value instanceof Duration)) fail(scope, prop, value, `${rule.subject} must be a Duration`, `use Duration.${factory}(...)`);
  if (value.isUnresolved()) {
    if (value.unitLabel() !== factory) {
      fail(scope, prop, value.toString(), `${rule.subject} known only at deploy time must be given in ${rule.unit}, the unit AWS takes, because it cannot be converted at synth`,
        `write it as Duration.${factory}(token) (${rule.source})`);
    }
    return;
  }
  const amount = inUnit(value, rule.unit);
  const fix = `set ${prop} to ${range({ ...rule, integer: true }, rule.unit)}, for example Duration.${factory}(${rule.min === 0 ? (rule.max ?? 1) : rule.min}) (${rule.source})`;
  let problem: string | undefined;
  if (Number.isNaN(amount)) problem = `${rule.subject} must be a number, not NaN`;
  else if (!Number.isFinite(amount)) problem = `${rule.subject} must be finite`;
  else if (!Number.isInteger(amount)) problem = `${rule.subject} must be a whole number of ${rule.unit}`;
  else if (amount < rule.min) problem = `${rule.subject} must be at least ${quantity(rule.min, rule.unit)}`;
  else if (rule.max !== undefined && amount > rule.max) problem = `${rule.subject} must be at most ${quantity(rule.max, rule.unit)}`;
  else if (rule.step && amount % rule.step !== 0) problem = `${rule.subject} must be a multiple of ${quantity(rule.step, rule.unit)}`;
  // toHumanString() renders NaN as an empty string and Infinity as "Infinity days".
  if (problem) fail(scope, prop, Number.isFinite(amount) ? value.toHumanString() : value.toString(), problem, fix);
}

function inUnit(value: Duration, unit: DurationRule['unit']): number {
  // Converted without CDK's whole-number check, so that a fractional, NaN or infinite amount
  // reaches our message instead of CDK's "cannot be converted into a whole number" error.
  const ms = value.toMilliseconds({ integral: false });
  switch (unit) {
    case 'milliseconds': return ms;
    case 'seconds': return ms / 1000;
    case 'minutes': return ms / 60_000;
    case 'days': return ms / 86_400_000;
  }
}

/** Refuses a name or text AWS would refuse. Unresolved tokens and `undefined` pass. */
export function checkText(scope: IConstruct | string, prop: string, value: string | undefined, rule: TextRule): void {
  if (value === undefined || (typeof value === 'string' && Token.isUnresolved(value))) return;
  const min = rule.minLength ?? 1;
  const grammar = rule.grammar ? ` of ${rule.grammar}` : '';
  const length = rule.maxLength === undefined ? `at least ${min} character${min === 1 ? '' : 's'}` : `${min}-${rule.maxLength} characters`;
  const fix = `set ${prop} to ${length}${grammar}, such as "${rule.example}" (${rule.source})`;
  let problem: string | undefined;
  if (typeof value !== 'string') problem = `${rule.subject} must be a string`;
  else if (value.length === 0 && min > 0) problem = `${rule.subject} must not be empty`;
  // A name of spaces alone names nothing; a rule with a grammar says what it may hold instead.
  else if (min > 0 && !rule.pattern && value.trim().length === 0) problem = `${rule.subject} must not be blank (only whitespace)`;
  else if (value.length < min) problem = `${rule.subject} must be at least ${min} characters long`;
  else if (rule.maxLength !== undefined && value.length > rule.maxLength) problem = `${rule.subject} must be at most ${rule.maxLength} characters long (this one has ${value.length})`;
  else if (rule.pattern && !rule.pattern.test(value)) problem = `${rule.subject} may hold only ${rule.grammar ?? 'the characters AWS allows'}`;
  if (problem) fail(scope, prop, value, problem, fix);
}

/** Refuses a value outside a fixed set. Unresolved tokens and `undefined` pass. */
export function checkChoice<T extends string | number>(
  scope: IConstruct | string, prop: string, value: T | undefined, rule: ChoiceRule<T>,
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!rule.values.includes(value)) {
    fail(scope, prop, value, `not ${rule.subject}`, `use one of ${rule.values.join(', ')} (${rule.source})`);
  }
}

/**
 * Refuses a list that names the same thing twice: AWS either rejects the repeat at deploy
 * or keeps one, and either way the list does not say what its author meant. `key` maps an
 * entry to what makes two entries the same (header names compare without case). Unresolved
 * tokens are skipped.
 */
export function checkUnique<T>(
  scope: IConstruct | string, prop: string, values: readonly T[] | undefined, what: string, key: (value: T) => unknown = (v) => v,
): void {
  if (!Array.isArray(values)) return;
  const seen = new Map<unknown, number>();
  values.forEach((value, i) => {
    if (typeof value === 'string' && Token.isUnresolved(value)) return;
    const k = key(value);
    const first = seen.get(k);
    if (first !== undefined) {
      fail(scope, `${prop}[${i}]`, value, `${what} is listed twice (also at ${prop}[${first}])`, `remove the repeat at ${prop}[${i}]`);
    }
    seen.set(k, i);
  });
}
