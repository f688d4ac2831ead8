/**
 * The one error shape every part of the topology returns to clients: gateway responses
 * of both API flavours, the gRPC translator and the other transformer functions.
 *
 * `{"error":{"code":"NOT_FOUND","status":404,"message":"...","requestId":"...","details":[...]}}`
 */
export interface ErrorBody {
  readonly error: {
    /** Stable machine-readable code, UPPER_SNAKE_CASE (`UNAUTHENTICATED`, `BAD_REQUEST_BODY`). */
    readonly code: string;
    /** The HTTP status sent with the body. */
    readonly status: number;
    /** Human-readable message, safe to show to the client: never a stack trace or backend address. */
    readonly message: string;
    /** The gateway's request id, for support requests. */
    readonly requestId: string;
    /** Optional structured details (the offending field, for example). */
    readonly details?: readonly ErrorDetail[];
  };
}

/** One structured detail of an {@link ErrorBody}. */
export interface ErrorDetail {
  /** The field or parameter concerned, as the client named it (`body.email`, `query.pageSize`). */
  readonly field?: string;
  /** What is wrong with it. */
  readonly reason: string;
}

/** Builds an {@link ErrorBody}. */
export function errorBody(
  code: string,
  status: number,
  message: string,
  requestId: string,
  details?: readonly ErrorDetail[],
): ErrorBody {
  return { error: { code, status, message, requestId, ...(details && details.length > 0 ? { details } : {}) } };
}

/**
 * The same shape as a mapping template for API Gateway (gateway responses and the
 * HTTP API's error mappings), so gateway-generated errors match the functions' errors.
 * `messageExpression` is a VTL expression such as `$context.error.messageString`, which
 * API Gateway renders already quoted.
 */
export function errorBodyTemplate(code: string, status: number, messageExpression: string): string {
  return `{"error":{"code":"${code}","status":${status},"message":${messageExpression},"requestId":"$context.requestId"}}`;
}
