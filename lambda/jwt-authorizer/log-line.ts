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
 * failed check, not claim values), the matched route and the caller's user id. One flat
 * object and one `JSON.stringify`, so logging costs next to nothing per call.
 */
export function decisionLogLine(decision: Decision, facts: LogFacts = {}): string {
  return JSON.stringify({
    message: 'authorizer decision',
    effect: decision.effect,
    reason: cut(decision.reason),
    routeKey: cut(decision.routeKey),
    principalId: cut(decision.principalId),
    eventType: cut(facts.eventType),
    requestId: cut(facts.requestId),
  });
}

function cut(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > MAX_FIELD_LENGTH ? `${value.slice(0, MAX_FIELD_LENGTH)}...` : value;
}
