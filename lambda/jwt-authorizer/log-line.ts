import type { Decision } from './authorize';

/** What a log line carries besides the decision: where the request came from. */
export interface LogFacts {
  /** The Lambda request id, to find the invocation. */
  readonly requestId?: string;
  /** The event's type (`TOKEN`, `REQUEST`). */
  readonly eventType?: string;
}

/** The longest text field written; reasons and user ids are far shorter. */
const MAX_FIELD_LENGTH = 256;

/**
 * One JSON line for a decision: `{"message":"authorizer decision","effect":...,"reason":...}`.
 * It never holds the token or its signature, only the outcome, the reason (which names the
 * failed check, not claim values), the matched route and the caller's user id. Absent fields
 * are left out. Written every call, so the line is concatenated from its few string fields
 * (each escaped by `JSON.stringify`) rather than built as an object first.
 */
export function decisionLogLine(decision: Decision, facts: LogFacts = {}): string {
  return `{"message":"authorizer decision","effect":${quoted(decision.effect)}`
    + field('reason', decision.reason)
    + field('routeKey', decision.routeKey)
    + field('principalId', decision.principalId)
    + field('eventType', facts.eventType)
    + field('requestId', facts.requestId)
    + '}';
}

/** `,"name":"value"` for a string value cut to {@link MAX_FIELD_LENGTH}; nothing for anything else. */
function field(name: string, value: string | undefined): string {
  if (typeof value !== 'string') return '';
  return `,"${name}":${quoted(value.length > MAX_FIELD_LENGTH ? `${value.slice(0, MAX_FIELD_LENGTH)}...` : value)}`;
}

/** What `JSON.stringify` escapes in a string: quote, backslash, control characters and surrogates (lone ones). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal: most values need no escape, and a test is cheaper than `JSON.stringify`. */
function quoted(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}
