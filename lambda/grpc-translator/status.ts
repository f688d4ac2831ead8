/**
 * gRPC status → HTTP status, per google/rpc/code.proto, and the messages clients may see.
 */

/** One row of the mapping. */
export interface GrpcStatusMapping {
  /** The canonical name, used as the error body's `code`. */
  readonly name: string;
  /** The HTTP status google/rpc/code.proto gives for it. */
  readonly http: number;
  /**
   * Whether the backend's own message reaches the client. Statuses that grpc-js also
   * raises itself (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ...) carry connection details
   * in their message, so clients get a fixed text instead.
   */
  readonly passMessage: boolean;
  /** The text sent when the backend's message is not. */
  readonly message: string;
}

/** The 17 canonical codes, indexed by number. */
export const GRPC_STATUS: readonly GrpcStatusMapping[] = [
  { name: 'OK', http: 200, passMessage: false, message: 'OK' },
  { name: 'CANCELLED', http: 499, passMessage: false, message: 'The request was cancelled.' },
  { name: 'UNKNOWN', http: 500, passMessage: false, message: 'The service failed to answer the request.' },
  { name: 'INVALID_ARGUMENT', http: 400, passMessage: true, message: 'The request is invalid.' },
  { name: 'DEADLINE_EXCEEDED', http: 504, passMessage: false, message: 'The service did not answer in time.' },
  { name: 'NOT_FOUND', http: 404, passMessage: true, message: 'Not found.' },
  { name: 'ALREADY_EXISTS', http: 409, passMessage: true, message: 'Already exists.' },
  { name: 'PERMISSION_DENIED', http: 403, passMessage: true, message: 'Permission denied.' },
  { name: 'RESOURCE_EXHAUSTED', http: 429, passMessage: false, message: 'Too many requests or a quota is exhausted.' },
  { name: 'FAILED_PRECONDITION', http: 400, passMessage: true, message: 'The request cannot be executed in the current state.' },
  { name: 'ABORTED', http: 409, passMessage: true, message: 'The request was aborted by a conflict; retry it.' },
  { name: 'OUT_OF_RANGE', http: 400, passMessage: true, message: 'A value is out of range.' },
  { name: 'UNIMPLEMENTED', http: 501, passMessage: false, message: 'The operation is not implemented.' },
  { name: 'INTERNAL', http: 500, passMessage: false, message: 'The service failed to answer the request.' },
  { name: 'UNAVAILABLE', http: 503, passMessage: false, message: 'The service is unavailable; retry later.' },
  { name: 'DATA_LOSS', http: 500, passMessage: false, message: 'The service failed to answer the request.' },
  { name: 'UNAUTHENTICATED', http: 401, passMessage: true, message: 'Authentication is required.' },
];

/** The mapping of a gRPC status code; codes outside 0–16 are treated as UNKNOWN. */
export function mapGrpcStatus(code: number): GrpcStatusMapping {
  return GRPC_STATUS[code] ?? GRPC_STATUS[2];
}

const MAX_MESSAGE = 300;

/**
 * The backend's message made safe for clients: no stack frames, no addresses, bounded.
 * Returns undefined when nothing safe is left.
 */
export function safeBackendMessage(message: string | undefined, hide: readonly string[]): string | undefined {
  if (!message) return undefined;
  let text = message.split('\n')[0];
  if (/\bat\s+\S+\s*\(|\bat\s+\/|node:internal|\.js:\d+|\.ts:\d+/.test(text)) return undefined;
  for (const secret of hide) if (secret && text.includes(secret)) return undefined;
  if (/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\[[0-9a-f:]+\](:\d+)?|\b[\w.-]+:\d{2,5}\b/i.test(text)) return undefined;
  if (text.length > MAX_MESSAGE) text = text.slice(0, MAX_MESSAGE - 1) + '…';
  return text;
}
