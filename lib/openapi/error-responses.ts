/**
 * The one error body every part of the topology answers with (`lambda/shared/error-body.ts`:
 * gateway responses, the translator, the transformers), as a schema and the shared responses
 * that reference it for each status the gateway itself can answer.
 */
import { Schema } from './proto-schema';

/** The component name of the error body schema. */
export const ERROR_BODY_SCHEMA = 'ErrorBody';

/** The JSON Schema of `ErrorBody`. */
export function errorBodySchema(): Schema {
  return {
    type: 'object',
    description: 'The normalized error body of the gateway, its translators and its transformers.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'status', 'message', 'requestId'],
        properties: {
          code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Stable machine-readable code (UNAUTHORIZED, THROTTLED, NOT_FOUND).' },
          status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status sent with the body.' },
          message: { type: 'string', description: 'A message safe to show to the client.' },
          requestId: { type: 'string', description: 'The gateway request id, for support requests.' },
          details: {
            type: 'array',
            items: {
              type: 'object',
              required: ['reason'],
              properties: {
                field: { type: 'string', description: 'The field or parameter concerned (body.email, query.pageSize).' },
                reason: { type: 'string', description: 'What is wrong with it.' },
              },
            },
          },
        },
      },
    },
  };
}

/** A shared error response, by the status key used in operations. */
export interface ErrorResponseSpec {
  /** The status key (`401`, `5XX`). */
  readonly status: string;
  /** The component name (`Unauthorized`). */
  readonly name: string;
  /** Why the gateway answers it. */
  readonly description: string;
}

/** The errors every route can get from the gateway (throttling, size, routing, backend failures). */
const ALWAYS: readonly ErrorResponseSpec[] = [
  { status: '400', name: 'BadRequest', description: 'The request is malformed, or its body or parameters fail validation.' },
  { status: '404', name: 'NotFound', description: 'No route or resource matches the request.' },
  { status: '413', name: 'RequestTooLarge', description: 'The request body is larger than the gateway or the target accepts.' },
  { status: '429', name: 'TooManyRequests', description: 'A throttle or a consumer quota was exceeded; retry later.' },
  { status: '5XX', name: 'ServerError', description: 'The gateway, the integration or the backend failed or timed out.' },
];

/** The errors of an authorized route. */
const AUTHORIZED: readonly ErrorResponseSpec[] = [
  { status: '401', name: 'Unauthorized', description: 'The credentials are missing or not valid.' },
  { status: '403', name: 'Forbidden', description: 'The caller may not call this route (scopes, roles, policy, API key or WAF).' },
];

/** Every shared error response, in the order they appear in components. */
export const ERROR_RESPONSES: readonly ErrorResponseSpec[] = [...ALWAYS.slice(0, 1), ...AUTHORIZED, ...ALWAYS.slice(1)];

/**
 * The error statuses of an operation: 401 and 403 only when the route is authorized or
 * needs an API key (a public REST API still answers 403 for a missing route, which its
 * 404 description covers).
 */
export function errorResponsesFor(authorized: boolean): ErrorResponseSpec[] {
  return ERROR_RESPONSES.filter((r) => authorized || !AUTHORIZED.includes(r));
}

/** The `components.responses` entries, each a JSON body of the shared schema. */
export function errorResponseComponents(): Record<string, unknown> {
  return Object.fromEntries(ERROR_RESPONSES.map((r) => [r.name, {
    description: r.description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY_SCHEMA}` } } },
  }]));
}
