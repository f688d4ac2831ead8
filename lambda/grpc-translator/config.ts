/**
 * The configuration of the REST→gRPC translator: one type shared by the `GrpcTranslator`
 * construct, which writes it as `config.json` into the function's asset, and the handler,
 * which reads it once per container. Plain JSON-serializable data only.
 *
 * Field names of the descriptor are the proto's own (`user_id`): compile the .proto files
 * with protobufjs `keepCase: true`, so that both `user_id` and `userId` are accepted on
 * input and the lowerCamel JSON name is emitted.
 */

/** The version of the configuration format this handler reads. */
export const TRANSLATOR_CONFIG_VERSION = 1;

/** The file name of the configuration in the function's asset folder. */
export const TRANSLATOR_CONFIG_FILE = 'config.json';

/** The default file name of the protobufjs JSON descriptor in the asset folder. */
export const TRANSLATOR_DESCRIPTOR_FILE = 'descriptor.json';

/** What the translator does with query parameters that no mapping or field reads. */
export enum UnknownQueryParameters {
  /** Drop them silently. */
  IGNORE = 'ignore',
  /** Answer 400 naming the parameter. */
  REJECT = 'reject',
}

/** Client-side load balancing over the addresses the backend's DNS name resolves to. */
export enum LoadBalancing {
  /** Spread calls over every resolved address (Cloud Map multivalue answers). */
  ROUND_ROBIN = 'round_robin',
  /** Use the first reachable address (an internal load balancer in front). */
  PICK_FIRST = 'pick_first',
}

/**
 * A conversion applied by a {@link FieldMapping}. Each transform is a pair: on a request
 * mapping it converts the client's JSON value into the proto field, on a response mapping
 * it converts the proto field into the JSON value. The proto field's type must be one the
 * transform accepts (checked at synth by `checkTranslatorConfig`).
 */
export enum FieldTransform {
  /** `google.protobuf.Timestamp` ↔ ISO-8601 string with milliseconds (`2024-05-01T10:00:00.000Z`). */
  TIMESTAMP_TO_ISO = 'timestampToISO',
  /** Integer seconds since the epoch (int32/int64/uint32/uint64/sint/fixed/double) ↔ ISO-8601 string. */
  EPOCH_SECONDS_TO_ISO = 'epochSecondsToISO',
  /** Integer milliseconds since the epoch ↔ ISO-8601 string. */
  EPOCH_MILLIS_TO_ISO = 'epochMillisToISO',
  /** A numeric field ↔ JSON string (`42` ↔ `"42"`). */
  NUMBER_TO_STRING = 'numberToString',
  /**
   * A 64-bit integer field (a string in proto3 JSON) or a string field holding a number ↔
   * JSON number. A value beyond ±2^53 fails the call rather than lose precision.
   */
  STRING_TO_NUMBER = 'stringToNumber',
  /** A bool field ↔ JSON boolean, also accepting `"true"`/`"false"`/`"1"`/`"0"` on input; a string field ↔ boolean. */
  BOOLEAN = 'boolean',
  /** An enum field ↔ its value name (`"ACTIVE"`), the proto3 JSON default made explicit. */
  ENUM_TO_NAME = 'enumToName',
  /** An enum field ↔ its number (`1`). */
  ENUM_TO_NUMBER = 'enumToNumber',
  /** An enum field ↔ its value name in lower case (`"active"`), matched case-insensitively on input. */
  ENUM_TO_LOWERCASE_NAME = 'enumToLowercaseName',
  /** `google.protobuf.Duration` ↔ number of seconds (may be fractional). */
  DURATION_TO_SECONDS = 'durationToSeconds',
  /** `google.protobuf.Duration` ↔ number of milliseconds. */
  DURATION_TO_MILLIS = 'durationToMillis',
  /** A bytes field ↔ URL-safe base64 without padding (proto3 JSON uses standard base64). */
  BYTES_TO_BASE64URL = 'bytesToBase64Url',
  /** A bytes field ↔ UTF-8 text. */
  BYTES_TO_UTF8 = 'bytesToUtf8',
  /** A numeric or string field ↔ JSON string, trimmed and lower-cased on input (emails, handles). */
  LOWERCASE = 'lowercase',
}

/**
 * One field copied between the HTTP request/response and the gRPC message.
 *
 * Request mappings: `from` is `path.<name>` (a `{name}` of the route path),
 * `query.<name>`, `body` or `body.<a.b>`, `header.<name>` or `identity.<key>` (from the
 * authorizer only, never from client headers); `to` is a field path of the request
 * message (`user_id`, `user.address.city`; `request.` in front is accepted), or `*` for
 * the whole message (with `from: "body"`).
 *
 * Response mappings: `from` is a field path of the response message (`user.created_at`;
 * `response.` in front is accepted; `*` the whole message); `to` is the JSON path in the
 * response body (`createdAt`, `user.id`).
 */
export interface FieldMapping {
  /** Where the value comes from. */
  readonly from: string;
  /** Where the value goes. */
  readonly to: string;
  /**
   * A conversion of the value.
   * @default - the proto3 JSON mapping of the field
   */
  readonly transform?: FieldTransform | `${FieldTransform}`;
}

/** One public route translated to one unary gRPC method. */
export interface TranslatorRoute {
  /** The HTTP method (`GET`, `POST`, ...), upper case. */
  readonly method: string;
  /**
   * The public path template: `/api/v1/users/{userId}`. Automatic routes use the
   * google.api.http syntax, where a variable names a request field and may carry a
   * pattern: `/v1/{name=shelves/*}/books`, `/v1/{book.name=shelves/*}`, `/files/{path=**}`.
   */
  readonly path: string;
  /**
   * JSON Schema (draft 4) the request body must satisfy before any call is made.
   * @default - no schema validation, only the proto3 JSON type checks
   */
  readonly requestSchema?: Record<string, unknown>;
  /** The fully-qualified gRPC method, `users.v1.UserService/GetUser`. */
  readonly grpcMethod: string;
  /**
   * How the request message is built. When absent the route is automatic: path variables
   * and query parameters name request fields directly, and `body` says where the body goes.
   * @default - automatic binding (google.api.http rules)
   */
  readonly requestMapping?: readonly FieldMapping[];
  /**
   * What the client gets back. Fields that are not mapped are not returned.
   * @default - `responseBody` decides; with neither, the body is `{}`
   */
  readonly responseMapping?: readonly FieldMapping[];
  /**
   * Automatic mode: identity bindings, each `{ from: "identity.<key>", to: "<field path>" }`.
   * The authorizer's value is written into the field after the body, path and query are
   * read, so whatever the client sent there is overwritten; a missing identity answers 401.
   * @default - no identity reaches the request
   */
  readonly identityMapping?: readonly FieldMapping[];
  /**
   * Automatic mode: `*` to read the whole body into the request message, or the field
   * path that receives the body. Unbound request fields are read from the query string
   * only when this is not `*`.
   * @default - the request has no body
   */
  readonly body?: string;
  /**
   * Automatic mode: `*` to return the whole response message, or the field path whose
   * value is returned. Ignored when `responseMapping` is given.
   * @default - `{}` unless `responseMapping` is given
   */
  readonly responseBody?: string;
  /**
   * The deadline of the call in milliseconds, capped by the Lambda's remaining time.
   * @default - `TranslatorConfig.defaultTimeoutMs`
   */
  readonly timeoutMs?: number;
  /**
   * Whether the method may be called twice: one retry on UNAVAILABLE is made only then.
   * @default - true for GET, HEAD, PUT, DELETE and OPTIONS, false otherwise
   */
  readonly idempotent?: boolean;
  /**
   * The HTTP status of a successful answer.
   * @default 200
   */
  readonly successStatus?: number;
  /**
   * Headers added to every answer of the route, errors included: the `Deprecation`, `Sunset`
   * and `Link` headers of a deprecated route, which REST proxy integrations cannot add.
   * @default - none
   */
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

/** Transport security of the channel to the backend. */
export interface TranslatorTls {
  /**
   * The server name to verify instead of the target's host name.
   * @default - the target's host name
   */
  readonly serverNameOverride?: string;
  /**
   * PEM file, in the asset folder, holding the CA certificates to trust.
   * @default - Node.js's bundled root CAs
   */
  readonly caFile?: string;
}

/** The gRPC backend the translator calls. */
export interface TranslatorBackend {
  /**
   * A gRPC target: `dns:///users.internal:50051` (Cloud Map, resolved to every task),
   * `users-alb.internal:443` or `127.0.0.1:50051`.
   */
  readonly target: string;
  /**
   * TLS towards the backend (required by ALB gRPC target groups, whose listener is HTTPS).
   * @default - plaintext (Cloud Map service discovery inside the VPC)
   */
  readonly tls?: TranslatorTls;
  /**
   * Client-side load balancing across the target's addresses.
   * @default LoadBalancing.ROUND_ROBIN
   */
  readonly loadBalancing?: LoadBalancing | `${LoadBalancing}`;
}

/** The whole translator configuration, `config.json` in the function's asset. */
export interface TranslatorConfig {
  /** Format version, {@link TRANSLATOR_CONFIG_VERSION}. */
  readonly version: number;
  /** The gRPC backend. */
  readonly backend: TranslatorBackend;
  /**
   * The protobufjs JSON descriptor (`Root.toJSON()`), a file in the asset folder.
   * @default TRANSLATOR_DESCRIPTOR_FILE
   */
  readonly descriptorFile?: string;
  /** The translated routes. */
  readonly routes: readonly TranslatorRoute[];
  /**
   * The largest request body accepted, in bytes, after base64 decoding.
   * @default 1048576
   */
  readonly maxRequestBytes?: number;
  /**
   * What to do with query parameters no mapping reads.
   * @default UnknownQueryParameters.IGNORE
   */
  readonly unknownQueryParameters?: UnknownQueryParameters | `${UnknownQueryParameters}`;
  /**
   * Time kept back from the Lambda's remaining time so that the translator can still
   * answer 504 before the function is killed, in milliseconds.
   * @default 250
   */
  readonly deadlineMarginMs?: number;
  /**
   * The deadline of calls whose route sets no `timeoutMs`, in milliseconds.
   * @default 5000
   */
  readonly defaultTimeoutMs?: number;
  /**
   * Fully-qualified names of message fields that never leave the VPC
   * (`users.v1.User.internal_notes`): left out of every JSON answer, even when the whole
   * message is returned. Fields declared `[debug_redact = true]` are withheld too.
   * @default - only `debug_redact` fields are withheld
   */
  readonly internalFields?: readonly string[];
}

/** Defaults applied by the handler where the configuration is silent. */
export const TRANSLATOR_DEFAULTS = {
  maxRequestBytes: 1_048_576,
  unknownQueryParameters: UnknownQueryParameters.IGNORE,
  deadlineMarginMs: 250,
  defaultTimeoutMs: 5_000,
  loadBalancing: LoadBalancing.ROUND_ROBIN,
} as const;

/** HTTP methods whose calls are retried on UNAVAILABLE unless a route says otherwise. */
export const IDEMPOTENT_HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];
