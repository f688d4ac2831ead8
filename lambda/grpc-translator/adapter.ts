/**
 * The one place an API Gateway event becomes an answer: whatever the event holds, and
 * whatever fails on the way, the gateway gets a proxy result with the normalized error
 * body, never a Lambda error whose default answer carries a stack trace.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { requestFromEvent, resultOf } from './events';
import { Translator, unexpectedErrorResponse } from './translator';

/** Receives an unexpected error with the gateway's request id, for logs. */
export type UnexpectedErrorLogger = (requestId: string, error: unknown) => void;

/** Translates one event; never throws, never rejects. */
export async function answerEvent(
  translator: Translator,
  event: APIGatewayProxyEvent | APIGatewayProxyEventV2,
  remainingMs: number,
  onUnexpectedError?: UnexpectedErrorLogger,
): Promise<APIGatewayProxyResult> {
  const requestId = requestIdOf(event);
  try {
    return resultOf(await translator.handle(requestFromEvent(event), remainingMs));
  } catch (error) {
    try {
      onUnexpectedError?.(requestId, error);
    } catch {
      // A failing logger must not turn the answer into a Lambda error.
    }
    return resultOf(unexpectedErrorResponse(requestId));
  }
}

/** The request id of an event of either format, or '' when the event has none. */
export function requestIdOf(event: unknown): string {
  const context = event !== null && typeof event === 'object' ? (event as { requestContext?: unknown }).requestContext : undefined;
  const id = context !== null && typeof context === 'object' ? (context as { requestId?: unknown }).requestId : undefined;
  return typeof id === 'string' ? id : '';
}

/** A log line for an unexpected error: JSON with the request id, the error's name, message and stack. */
export function unexpectedErrorLine(requestId: string, error: unknown): string {
  const described = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  return JSON.stringify({ message: 'unexpected error', requestId, error: described });
}
