import { existsSync, statSync } from 'fs';
import * as path from 'path';
import { Annotations, Duration, Size, SizeRoundingBehavior, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ReflectionObject, Root } from 'protobufjs';
import { checkTranslatorConfig, internalFieldExposures, stripPrefix, TranslatorConfigProblem } from '../../lambda/grpc-translator/check-config';
import {
  FieldTransform,
  LoadBalancing,
  TRANSLATOR_CONFIG_FILE,
  TRANSLATOR_CONFIG_VERSION,
  TRANSLATOR_DESCRIPTOR_FILE,
  TranslatorConfig,
  TranslatorRoute,
  UnknownQueryParameters,
} from '../../lambda/grpc-translator/config';
import { listServices, lookupMethod, resolveFieldPath } from '../../lambda/grpc-translator/descriptor';
import { routesFromHttpAnnotations } from '../../lambda/grpc-translator/http-annotations';
import { descriptorToShip, messageTypeNames, routesReachAny } from '../../lambda/grpc-translator/prune-descriptor';
import { gatewayPathOf, isTemplateProblem, parsePathTemplate } from '../../lambda/grpc-translator/path-template';
import type { Authorization } from '../auth/authorization';
import type { IGrpcServiceBackend } from '../backends/grpc-service-backend';
import { TopologyValidationError } from '../errors';
import {
  checkDuration, checkLogRetention, checkNumber, checkText, checkUnique, IN_FUNCTION_CALL_TIMEOUT, INTEGRATION_TIMEOUT, IN_FUNCTION_MARGIN, LAMBDA_MEMORY_SIZE,
  LAMBDA_TIMEOUT, OPERATION_NAME,
} from '../private/aws-rules';
import { recordPart } from '../private/topology-metadata';
import { grpcTranslatorTopology } from '../manifest/topology-parts';
import { recordTopology } from '../manifest/topology-recorder';
import { privateSubnets } from '../gateway/shared-vpc-link';
import { handlerCodeWithFiles } from '../private/handler-code';
import { HttpMethod } from '../routes/http-method';
import { JsonSchema, lifecycleHeaders, Route, RouteLifecycle, RouteThrottle, validateLifecycle } from '../routes/route';
import { parseRoutePath } from '../routes/route-path';
import { RouteTarget, RouteTargetType } from '../routes/route-target';
import { compileProtos, describeProtoProblem } from './proto-compiler';

export { FieldTransform, LoadBalancing, UnknownQueryParameters } from '../../lambda/grpc-translator/config';

/** The .proto files a {@link GrpcTranslator} compiles at synth. */
export interface ProtoSources {
  /**
   * The .proto files that define the services; relative paths resolve against the
   * working directory of the synth (the CDK app's folder). Prefer `path.join(__dirname, ...)`.
   */
  readonly files: string[];
  /**
   * Folders in which `import` statements are looked up, in order, as protoc's `-I`.
   * Well-known types and google/api annotations need no folder.
   * @default - only the importing file's folder
   */
  readonly includeDirs?: string[];
}

/** One field copied between the HTTP request or response and the gRPC message. */
export interface GrpcFieldMapping {
  /**
   * The source. Request mappings: `path.<name>`, `query.<name>`, `body` or `body.<a.b>`,
   * `header.<name>` or `identity.<key>` (from the authorizer only). Response mappings: a
   * field path of the response message (`user.created_at`).
   */
  readonly from: string;
  /**
   * The destination. Request mappings: a field path of the request message (`user_id`),
   * or `*` for the whole message from `body`. Response mappings: a JSON path of the body (`createdAt`).
   */
  readonly to: string;
  /**
   * A conversion of the value.
   * @default - the proto3 JSON mapping of the field
   */
  readonly transform?: FieldTransform;
}

/** One public route translated to one unary gRPC method. */
export interface GrpcTranslatorRoute {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The public path, API Gateway style: `/api/v1/users/{userId}`. */
  readonly path: string;
  /** The fully-qualified gRPC method, `users.v1.UserService/GetUser`. */
  readonly grpcMethod: string;
  /**
   * A JSON Schema the request body must satisfy; the translator validates it, and a
   * RestGateway also validates it natively.
   * @default - only the proto3 JSON type checks
   */
  readonly requestSchema?: JsonSchema;
  /**
   * How the request message is built.
   * @default - google.api.http binding: path parameters and query parameters name request fields, `body` says where the body goes
   */
  readonly requestMapping?: GrpcFieldMapping[];
  /**
   * What the client gets back; fields that are not mapped are not returned.
   * @default - `responseBody` decides
   */
  readonly responseMapping?: GrpcFieldMapping[];
  /**
   * Without `requestMapping`: identity bindings, `{ from: 'identity.tenantId', to: 'tenant_id' }`;
   * the authorizer's value overwrites whatever the client sent in that field.
   * @default - the translator's `automaticIdentity` bindings whose field the request has
   */
  readonly identityMapping?: GrpcFieldMapping[];
  /**
   * Without `requestMapping`: `*` reads the whole body into the request, a field path puts it in that field.
   * @default - the request has no body
   */
  readonly body?: string;
  /**
   * Without `responseMapping`: `*` returns the whole response message, a field path returns that field.
   * @default - an empty object
   */
  readonly responseBody?: string;
  /**
   * The gRPC deadline; capped by the function's remaining time.
   * @default - the translator's `defaultCallTimeout`
   */
  readonly timeout?: Duration;
  /**
   * Whether the method may be retried once on UNAVAILABLE.
   * @default - true for GET, HEAD, PUT, DELETE and OPTIONS
   */
  readonly idempotent?: boolean;
  /**
   * The HTTP status of a successful answer.
   * @default 200
   */
  readonly successStatus?: number;
  /**
   * Who may call the route on the gateway.
   * @default - the `authorization` given to `routes()`, else the gateway's default
   */
  readonly authorization?: Authorization;
  /**
   * Throttling of the route on the gateway.
   * @default - the `throttle` given to `routes()`, else the stage default
   */
  readonly throttle?: RouteThrottle;
  /**
   * An operation name for logs and summaries.
   * @default - the gRPC method's name
   */
  readonly operationName?: string;
  /**
   * The route's lifecycle; a deprecated route's answers carry the `Deprecation`, `Sunset` and
   * `Link` headers, added by the translator itself on both gateway flavours.
   * @default - the route is current
   */
  readonly lifecycle?: RouteLifecycle;
}

/** The options of a {@link GrpcTranslator} that do not name its VPC or backend. */
export interface GrpcTranslatorOptions {
  /** The .proto files of the backend's services. */
  readonly protos: ProtoSources;
  /**
   * The translated routes.
   * @default - none; then `automatic` must be true
   */
  readonly routes?: GrpcTranslatorRoute[];
  /**
   * Derive routes from the `google.api.http` annotations of the services (added before `routes`).
   * @default false
   */
  readonly automatic?: boolean;
  /**
   * The services whose annotations automatic mode reads (`users.v1.UserService`).
   * @default - every service of the compiled protos
   */
  readonly automaticServices?: string[];
  /**
   * Identity bindings of automatic routes (every route without `requestMapping`): each
   * `{ from: 'identity.<key>', to: '<field path>' }` fills that field of every such route whose
   * request message has it, overwriting what the client sent in the body, path or query. A
   * missing identity answers 401. Each binding must fit at least one route.
   * @default - automatic routes carry no identity
   */
  readonly automaticIdentity?: GrpcFieldMapping[];
  /**
   * Fully-qualified message fields that never leave the VPC (`users.v1.User.internal_notes`),
   * besides those declared `[debug_redact = true]` in the protos. The translator leaves them out of
   * every answer; synth refuses a mapping that returns one explicitly and warns when a route
   * returns a whole message that holds one.
   * @default - only fields declared `[debug_redact = true]`
   */
  readonly internalFields?: string[];
  /**
   * The fully-qualified message types a `google.protobuf.Any` field of the routes' messages may
   * carry (`users.v1.AuditEvent`). The function's descriptor ships only the types the routes
   * reach, which an `Any`'s payload is not, and these: an `Any` of another type is answered as
   * its `@type` alone and refused in requests. Only for routes that reach an `Any` field.
   * @default - every message type of the compiled protos when a route reaches an `Any` field, none otherwise
   */
  readonly anyMessageTypes?: string[];
  /**
   * The largest request body accepted; at most 6 MB, Lambda's synchronous payload limit.
   * @default Size.mebibytes(1)
   */
  readonly maxRequestSize?: Size;
  /**
   * What to do with query parameters that no mapping or field reads.
   * @default UnknownQueryParameters.IGNORE
   */
  readonly unknownQueryParameters?: UnknownQueryParameters;
  /**
   * The gRPC deadline of routes that set no `timeout`.
   * @default Duration.seconds(5)
   */
  readonly defaultCallTimeout?: Duration;
  /**
   * Time kept back from the function's remaining time, so it still answers 504 before it is stopped.
   * @default Duration.millis(250)
   */
  readonly deadlineMargin?: Duration;
  /**
   * Client-side load balancing over the addresses the backend's name resolves to.
   * @default LoadBalancing.ROUND_ROBIN
   */
  readonly loadBalancing?: LoadBalancing;
  /**
   * PEM CA certificates the translator trusts for a TLS backend (a private CA), shipped in the asset.
   * @default - Node.js's bundled public root CAs
   */
  readonly backendCaCertificatesPem?: string;
  /**
   * The function's timeout; must exceed every route's call timeout plus the margin.
   * @default Duration.seconds(15)
   */
  readonly timeout?: Duration;
  /**
   * The function's memory (and so its CPU share).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * The function's architecture.
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Properties of a {@link GrpcTranslator}. */
export interface GrpcTranslatorProps extends GrpcTranslatorOptions {
  /** The VPC; the function runs in its private subnets. */
  readonly vpc: ec2.IVpc;
  /** The gRPC service called; the translator is admitted to its port and may reach nothing else. */
  readonly backend: IGrpcServiceBackend;
}

/** Options for {@link GrpcTranslator.routes}. */
export interface GrpcTranslatorRoutesOptions {
  /**
   * The authorization of routes that set none.
   * @default - the gateway's `defaultAuthorization`
   */
  readonly authorization?: Authorization;
  /**
   * The throttle of routes that set none.
   * @default - the stage default
   */
  readonly throttle?: RouteThrottle;
  /**
   * How long the gateway waits for the translator.
   * @default - the gateway's default integration timeout
   */
  readonly integrationTimeout?: Duration;
}

/** Where one configured route came from, to name the prop in errors. */
interface RouteOrigin {
  readonly prop: string;
  readonly props?: GrpcTranslatorRoute;
}

const MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** What a route target's integration timeout defaults to on both gateway flavours (see RouteTarget). */
const DEFAULT_INTEGRATION_TIMEOUT = Duration.seconds(29);
const CA_FILE = 'backend-ca.pem';

/**
 * A Lambda function that translates REST/JSON requests from API Gateway (REST v1 and
 * HTTP API v2 events) into unary gRPC calls, with typed field mappings checked at synth
 * against the compiled .proto files.
 *
 * The function runs in the VPC's private subnets with a security group that may reach only
 * the backend's gRPC port. Its configuration (`config.json`) and the protobufjs descriptor
 * (`descriptor.json`) ship in its code asset. `routes()` gives the gateway routes.
 *
 * @example
 * const translator = new GrpcTranslator(stack, 'Users', {
 *   vpc,
 *   backend: users, // a GrpcServiceBackend
 *   protos: { files: ['protos/users/v1/users.proto'], includeDirs: ['protos'] },
 *   routes: [{
 *     method: HttpMethod.GET, path: '/users/{userId}', grpcMethod: 'users.v1.UserService/GetUser',
 *     requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
 *     responseMapping: [{ from: 'response.user.id', to: 'id' }],
 *   }],
 * });
 * new HttpGateway(stack, 'Api', { routes: translator.routes(), defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['users']) });
 */
export class GrpcTranslator extends Construct {
  /** The translator function. */
  public readonly function: lambda.Function;
  /** The function's execution role. */
  public readonly role: iam.Role;
  /** The function's security group: egress to the backend's port only. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The function's log group. */
  public readonly logGroup: logs.LogGroup;
  /**
   * The resolved configuration shipped as `config.json` (TypeScript only: it is the handler's own type).
   * @jsii ignore
   */
  public readonly config: TranslatorConfig;
  /** The protobufjs JSON descriptor shipped as `descriptor.json`: the types and methods the routes reach, and `anyMessageTypes`. */
  public readonly descriptor: { readonly [key: string]: unknown };
  /** The backend called. */
  public readonly backend: IGrpcServiceBackend;

  private readonly origins: RouteOrigin[];

  constructor(scope: Construct, id: string, props: GrpcTranslatorProps) {
    super(scope, id);
    this.backend = props.backend;
    const subnets = privateSubnets(this, 'vpc', props.vpc);
    const functionTimeout = props.timeout ?? Duration.seconds(15);
    const margin = props.deadlineMargin ?? Duration.millis(250);
    const defaultCallTimeout = props.defaultCallTimeout ?? Duration.seconds(5);
    this.checkBackend(props.backend);
    if (props.routes !== undefined && !Array.isArray(props.routes)) {
      throw new TopologyValidationError(this, {
        prop: 'routes', received: props.routes,
        problem: 'the routes must be a list of translator routes',
        fix: 'declare routes as a list, for example [{ method: HttpMethod.GET, path: "/users/{id}", grpcMethod: "users.v1.UserService/GetUser", ... }]',
      });
    }
    (props.routes ?? []).forEach((r, i) => {
      if (typeof r !== 'object' || r === null || Array.isArray(r)) {
        throw new TopologyValidationError(this, {
          prop: `routes[${i}]`, received: r,
          problem: 'a translator route must be an object of method, path, grpcMethod and mappings',
          fix: 'write it as { method: HttpMethod.GET, path: "/users/{id}", grpcMethod: "users.v1.UserService/GetUser", ... }',
        });
      }
    });
    this.checkResolved(props, margin, defaultCallTimeout);
    // Checked here, before any conversion, so that NaN or a fraction of a millisecond gets our message, not CDK's.
    checkDuration(this, 'deadlineMargin', props.deadlineMargin, IN_FUNCTION_MARGIN);
    checkDuration(this, 'defaultCallTimeout', props.defaultCallTimeout, IN_FUNCTION_CALL_TIMEOUT);
    (props.routes ?? []).forEach((r, i) => {
      checkDuration(this, `routes[${i}].timeout`, r.timeout, IN_FUNCTION_CALL_TIMEOUT);
      checkText(this, `routes[${i}].operationName`, r.operationName, OPERATION_NAME);
      for (const list of ['requestMapping', 'responseMapping', 'identityMapping'] as const) {
        const mappings: unknown = (r as unknown as Record<string, unknown>)[list];
        if (mappings === undefined) continue;
        const bad = !Array.isArray(mappings) ? -1 : mappings.findIndex((m) => typeof m !== 'object' || m === null || Array.isArray(m));
        if (!Array.isArray(mappings) || bad >= 0) {
          throw new TopologyValidationError(this, {
            prop: bad >= 0 ? `routes[${i}].${list}[${bad}]` : `routes[${i}].${list}`,
            received: bad >= 0 ? (mappings as unknown[])[bad] : mappings,
            problem: bad >= 0 ? 'a field mapping must be an object of from and to' : `${list} must be a list of field mappings`,
            fix: 'write the mappings as [{ from: "path.userId", to: "request.user_id" }]',
          });
        }
      }
    });
    for (const list of ['automaticServices', 'internalFields', 'anyMessageTypes'] as const) {
      const names: unknown = props[list];
      if (names !== undefined && !Array.isArray(names)) {
        throw new TopologyValidationError(this, {
          prop: list, received: names, problem: `${list} must be a list of names`, fix: `wrap the name in a list: ${list}: [${JSON.stringify(names)}]`,
        });
      }
    }
    checkUnique(this, 'automaticServices', props.automaticServices, 'a service');
    checkUnique(this, 'internalFields', props.internalFields, 'a field');
    checkUnique(this, 'anyMessageTypes', props.anyMessageTypes, 'a message type', (name) => (typeof name === 'string' ? name.replace(/^\./, '') : name));
    checkNumber(this, 'memorySize', props.memorySize, LAMBDA_MEMORY_SIZE);
    checkDuration(this, 'timeout', props.timeout, LAMBDA_TIMEOUT);
    checkLogRetention(this, 'logRetention', props.logRetention);

    const root = this.compile(props.protos);
    const { routes, origins } = this.translatorRoutes(props, root);
    this.origins = origins;
    this.bindAutomaticIdentity(props, root, routes);
    this.checkTimeouts(origins, functionTimeout, margin, defaultCallTimeout);

    const maxRequestBytes = this.maxRequestBytes(props.maxRequestSize);
    const backendTls = props.backend.tls
      ? {
        ...(props.backend.tlsServerName && props.backend.tlsServerName !== hostOf(props.backend.target) ? { serverNameOverride: props.backend.tlsServerName } : {}),
        ...(props.backendCaCertificatesPem !== undefined ? { caFile: CA_FILE } : {}),
      }
      : undefined;
    if (props.backendCaCertificatesPem !== undefined && !props.backend.tls) {
      throw new TopologyValidationError(this, {
        prop: 'backendCaCertificatesPem', received: '(PEM)',
        problem: 'the backend is plaintext, so CA certificates would never be used',
        fix: 'remove backendCaCertificatesPem, or use a TLS backend (GrpcDiscovery.internalAlb)',
      });
    }
    if (props.backendCaCertificatesPem !== undefined && !/-----BEGIN CERTIFICATE-----/.test(props.backendCaCertificatesPem)) {
      throw new TopologyValidationError(this, {
        prop: 'backendCaCertificatesPem', received: props.backendCaCertificatesPem.slice(0, 40),
        problem: 'not PEM certificates', fix: 'give the CA certificates as PEM text, "-----BEGIN CERTIFICATE-----..."',
      });
    }

    this.config = {
      version: TRANSLATOR_CONFIG_VERSION,
      backend: {
        target: props.backend.target,
        ...(backendTls ? { tls: backendTls } : {}),
        loadBalancing: props.loadBalancing ?? LoadBalancing.ROUND_ROBIN,
      },
      descriptorFile: TRANSLATOR_DESCRIPTOR_FILE,
      routes,
      maxRequestBytes,
      unknownQueryParameters: props.unknownQueryParameters ?? UnknownQueryParameters.IGNORE,
      deadlineMarginMs: margin.toMilliseconds(),
      defaultTimeoutMs: defaultCallTimeout.toMilliseconds(),
      ...(props.internalFields !== undefined && props.internalFields.length > 0 ? { internalFields: [...props.internalFields] } : {}),
    };
    this.report(checkTranslatorConfig(this.config, root));
    for (const exposure of internalFieldExposures(this.config, root)) {
      // A warning, not an error: nothing leaks today, since the translator withholds the
      // internal fields at run time, and returning a whole message is a valid mapping. The risk
      // is a field added to the proto later, which the user can judge and the library cannot.
      Annotations.of(this).addWarningV2('cdk-gateway-topology:translator-internal-field',
        `${this.propOf(exposure.prop)} returns the whole ${exposure.message}, which holds internal ${exposure.fields.join(', ')}: `
        + 'the translator withholds them, but map the fields the route means to return one by one, so that a field added to the proto later is not returned unseen.');
    }
    this.checkAnyMessageTypes(props.anyMessageTypes, root);
    // Only what the routes reach: the whole descriptor (google/protobuf/descriptor.proto above
    // all, which annotated protos import) is parsed at every cold start.
    this.descriptor = descriptorToShip(root, this.config, props.anyMessageTypes?.map((name) => name.replace(/^\./, '')));

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `gRPC translator ${this.node.path}: reaches only its backend`,
      allowAllOutbound: false,
    });
    // Opens the backend's ingress and this group's only egress rule, on the backend's port.
    props.backend.connections.allowFrom(this.securityGroup, ec2.Port.tcp(props.backend.port), `gRPC translator ${this.node.path}`);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    this.role = this.createRole();

    const files: Record<string, string> = {
      [TRANSLATOR_CONFIG_FILE]: JSON.stringify(this.config),
      [TRANSLATOR_DESCRIPTOR_FILE]: JSON.stringify(this.descriptor),
    };
    if (props.backendCaCertificatesPem !== undefined) files[CA_FILE] = props.backendCaCertificatesPem;

    this.function = new lambda.Function(this, 'Resource', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: handlerCodeWithFiles('grpc-translator', files),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      memorySize: props.memorySize ?? 512,
      timeout: functionTimeout,
      vpc: props.vpc,
      vpcSubnets: { subnets },
      securityGroups: [this.securityGroup],
      allowPublicSubnet: false,
      description: `Translates REST/JSON to gRPC calls on ${props.backend.backendName}`,
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The statements on "*" hold only X-Ray PutTraceSegments/PutTelemetryRecords and the EC2 network-interface actions Lambda needs to run in the VPC, none of which support resource-level permissions',
    });
    recordPart(this, 'translator', `REST -> gRPC Lambda (${this.config.routes.length} routes) -> ${props.backend.target}`);
    recordTopology(this, () => grpcTranslatorTopology(this, props.vpc));
  }

  /**
   * The gateway routes of the translator, one per translated route, each a Lambda target
   * described as `grpc:<package.Service/Method>`; for RestGateway or HttpGateway.
   */
  public routes(options: GrpcTranslatorRoutesOptions = {}): Route[] {
    // A deploy-time timeout is left to the gateway that takes the routes, whose rule knows its flavour.
    if (!options.integrationTimeout?.isUnresolved()) checkDuration(this, 'routes(options).integrationTimeout', options.integrationTimeout, INTEGRATION_TIMEOUT);
    this.checkIntegrationTimeout(options.integrationTimeout);
    return this.config.routes.map((route, i) => {
      const own = this.origins[i].props;
      const methodName = route.grpcMethod.slice(route.grpcMethod.indexOf('/') + 1);
      const template = parsePathTemplate(route.path);
      return {
        method: route.method as HttpMethod,
        path: isTemplateProblem(template) ? route.path : gatewayPathOf(template),
        target: RouteTarget.custom(RouteTargetType.LAMBDA, `grpc:${route.grpcMethod}`, { function: this.function }, options.integrationTimeout),
        authorization: own?.authorization ?? options.authorization,
        throttle: own?.throttle ?? options.throttle,
        requestSchema: route.requestSchema as JsonSchema | undefined,
        operationName: own?.operationName ?? methodName,
        ...(own?.lifecycle ? { lifecycle: own.lifecycle } : {}),
      };
    });
  }

  /** Each name is a compiled message type, and some route reaches an `Any` field that could carry it. */
  private checkAnyMessageTypes(names: string[] | undefined, root: Root): void {
    if (names === undefined) return;
    names.forEach((name, i) => {
      const prop = `anyMessageTypes[${i}]`;
      if (typeof name !== 'string' || name.trim() === '') {
        throw new TopologyValidationError(this, {
          prop, received: name, problem: 'a message type is named by a non-empty string', fix: 'write the fully-qualified name, such as "users.v1.AuditEvent"',
        });
      }
      let found: ReflectionObject | null = null;
      try {
        found = root.lookup(name.startsWith('.') ? name : '.' + name);
      } catch {
        found = null;
      }
      if (!found || !('fieldsArray' in found)) {
        const known = messageTypeNames(root).filter((n) => !n.startsWith('google.')).slice(0, 10);
        throw new TopologyValidationError(this, {
          prop, received: name,
          problem: found ? `${name} is ${'valuesById' in found ? 'an enum' : 'not a message'}; an Any carries messages only` : 'the compiled protos have no message of that name',
          fix: `write the fully-qualified name of a message of the compiled protos${known.length > 0 ? `, such as ${known.join(', ')}` : ''}`,
        });
      }
    });
    if (!routesReachAny(root, this.config)) {
      throw new TopologyValidationError(this, {
        prop: 'anyMessageTypes', received: names,
        problem: 'no route\'s request or response reaches a google.protobuf.Any field, so the types would never be carried',
        fix: 'remove anyMessageTypes, or route the method whose messages hold the Any field',
      });
    }
  }

  private checkBackend(backend: IGrpcServiceBackend): void {
    if (!backend || typeof backend.target !== 'string' || Token.isUnresolved(backend.target)) {
      throw new TopologyValidationError(this, {
        prop: 'backend', received: backend,
        problem: 'the backend\'s gRPC target must be known at synth: it ships in the function\'s configuration file',
        fix: 'use a GrpcServiceBackend, or import one with a literal DNS name',
      });
    }
  }

  /** Values written into config.json cannot be tokens: the asset is built at synth. */
  private checkResolved(props: GrpcTranslatorProps, margin: Duration, defaultCallTimeout: Duration): void {
    const values: [string, boolean][] = [
      ['deadlineMargin', margin.isUnresolved()],
      ['defaultCallTimeout', defaultCallTimeout.isUnresolved()],
      ['maxRequestSize', props.maxRequestSize !== undefined && Token.isUnresolved(props.maxRequestSize.toBytes({ rounding: SizeRoundingBehavior.NONE }))],
      ...(props.routes ?? []).map((r, i): [string, boolean] => [`routes[${i}].timeout`, r.timeout !== undefined && r.timeout.isUnresolved()]),
      ...(props.routes ?? []).map((r, i): [string, boolean] => [`routes[${i}].successStatus`, r.successStatus !== undefined && Token.isUnresolved(r.successStatus)]),
    ];
    const unresolved = values.find(([, isToken]) => isToken);
    if (unresolved) {
      throw new TopologyValidationError(this, {
        prop: unresolved[0], received: '(token)',
        problem: 'the value is only known at deploy time, but it ships in the function\'s configuration file, written at synth',
        fix: 'give a literal value',
      });
    }
  }

  private compile(protos: ProtoSources): Root {
    if (!protos || !Array.isArray(protos.files) || protos.files.length === 0) {
      throw new TopologyValidationError(this, {
        prop: 'protos.files', received: protos?.files,
        problem: 'the translator needs the .proto files of the backend\'s services',
        fix: 'give protos: { files: [path.join(__dirname, "protos/users/v1/users.proto")], includeDirs: [path.join(__dirname, "protos")] }',
      });
    }
    const includeDirs = protos.includeDirs ?? [];
    if (!Array.isArray(includeDirs)) {
      throw new TopologyValidationError(this, {
        prop: 'protos.includeDirs', received: includeDirs,
        problem: 'the include directories are a list of folders',
        fix: 'give protos.includeDirs as a list, such as [path.join(__dirname, "protos")]',
      });
    }
    includeDirs.forEach((dir, i) => {
      const problem = typeof dir !== 'string' ? 'an include directory must be a string'
        : dir.trim() === '' ? 'an include directory name must not be empty'
          : !existsSync(dir) || !statSync(dir).isDirectory() ? 'no such folder' : undefined;
      if (problem) {
        throw new TopologyValidationError(this, {
          prop: `protos.includeDirs[${i}]`, received: dir, problem,
          fix: 'give the folder the .proto imports are relative to, such as path.join(__dirname, "protos"), or leave it out',
        });
      }
    });
    const compiled = compileProtos(protos.files, includeDirs);
    if ('problem' in compiled) {
      const { problem } = compiled;
      const fixes: Record<typeof problem.kind, string> = {
        'name': 'give the path of a .proto file, such as path.join(__dirname, "protos/users/v1/users.proto")',
        'not-found': 'give the path of an existing .proto file; a relative path is read from the folder cdk synth runs in, so prefer path.join(__dirname, ...)',
        'import': 'add the folder the imports are relative to in protos.includeDirs',
        'syntax': problem.line !== undefined ? `correct ${path.basename(problem.file)} at line ${problem.line}` : `correct the syntax of ${path.basename(problem.file)}`,
        'unresolved': 'declare the type, or import the .proto file that declares it',
      };
      throw new TopologyValidationError(this, {
        prop: problem.index !== undefined ? `protos.files[${problem.index}]` : 'protos.files',
        received: problem.file,
        problem: problem.kind === 'name' ? problem.message : `the .proto files do not compile: ${describeProtoProblem(problem)}`,
        fix: fixes[problem.kind],
      });
    }
    return compiled.root;
  }

  private translatorRoutes(props: GrpcTranslatorProps, root: Root): { routes: TranslatorRoute[]; origins: RouteOrigin[] } {
    const routes: TranslatorRoute[] = [];
    const origins: RouteOrigin[] = [];
    if (props.automatic) {
      const services = props.automaticServices ?? listServices(root);
      services.forEach((service, i) => {
        let derived: TranslatorRoute[];
        try {
          derived = routesFromHttpAnnotations(root, service);
        } catch (e) {
          throw new TopologyValidationError(this, {
            prop: props.automaticServices ? `automaticServices[${i}]` : 'automatic', received: service,
            problem: (e as Error).message, fix: `name a service of the compiled protos: ${listServices(root).join(', ') || '(none)'}`,
          });
        }
        for (const route of derived) {
          routes.push(route);
          origins.push({ prop: `automatic (${route.method} ${route.path} → ${route.grpcMethod})` });
        }
      });
      if (routes.length === 0) {
        throw new TopologyValidationError(this, {
          prop: 'automatic', received: true,
          problem: `no unary method of ${services.join(', ') || 'the compiled protos'} has a google.api.http annotation`,
          fix: 'annotate the methods with option (google.api.http) = { get: "/v1/..." }, or declare routes',
        });
      }
    } else if (props.automaticServices !== undefined) {
      throw new TopologyValidationError(this, {
        prop: 'automaticServices', received: props.automaticServices,
        problem: 'automaticServices only applies in automatic mode', fix: 'set automatic: true, or remove automaticServices',
      });
    }
    (props.routes ?? []).forEach((route, i) => {
      const at = `routes[${i}]`;
      const parsed = parseRoutePath(route.path);
      if ('problem' in parsed) {
        throw new TopologyValidationError(this, { prop: `${at}.path`, received: route.path, problem: parsed.problem, fix: parsed.fix });
      }
      if (!Object.values(HttpMethod).includes(route.method) || route.method === HttpMethod.ANY) {
        throw new TopologyValidationError(this, {
          prop: `${at}.method`, received: route.method,
          problem: 'a translated route needs one HTTP method', fix: 'use HttpMethod.GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS',
        });
      }
      routes.push({
        method: route.method,
        path: route.path,
        grpcMethod: route.grpcMethod,
        ...(route.requestSchema !== undefined ? { requestSchema: { ...route.requestSchema } } : {}),
        ...(route.requestMapping !== undefined ? { requestMapping: route.requestMapping.map(copyMapping) } : {}),
        ...(route.identityMapping !== undefined ? { identityMapping: route.identityMapping.map(copyMapping) } : {}),
        ...(route.responseMapping !== undefined ? { responseMapping: route.responseMapping.map(copyMapping) } : {}),
        ...(route.body !== undefined ? { body: route.body } : {}),
        ...(route.responseBody !== undefined ? { responseBody: route.responseBody } : {}),
        ...(route.timeout !== undefined ? { timeoutMs: route.timeout.toMilliseconds() } : {}),
        ...(route.idempotent !== undefined ? { idempotent: route.idempotent } : {}),
        ...(route.successStatus !== undefined ? { successStatus: route.successStatus } : {}),
        ...(validateLifecycle(this, `${at}.lifecycle`, route.lifecycle) && route.lifecycle ? { responseHeaders: lifecycleHeaders(route.lifecycle) } : {}),
      });
      origins.push({ prop: at, props: route });
    });
    if (routes.length === 0) {
      throw new TopologyValidationError(this, {
        prop: 'routes', received: props.routes,
        problem: 'the translator has no routes',
        fix: 'declare routes ({ method, path, grpcMethod, requestMapping, responseMapping }) or set automatic: true',
      });
    }
    return { routes, origins };
  }

  /** Gives every automatic route without its own `identityMapping` the bindings whose field its request has. */
  private bindAutomaticIdentity(props: GrpcTranslatorProps, root: Root, routes: TranslatorRoute[]): void {
    const bindings = props.automaticIdentity;
    if (bindings === undefined) return;
    const used = new Array<boolean>(bindings.length).fill(false);
    routes.forEach((route, i) => {
      if (route.requestMapping !== undefined || route.identityMapping !== undefined) return;
      const found = lookupMethod(root, route.grpcMethod);
      if ('problem' in found) return;
      const fitting = bindings.filter((b, j) => {
        const to = typeof b?.to === 'string' ? stripPrefix(b.to, 'request', found.requestType) : '';
        const fits = to !== '' && !('problem' in resolveFieldPath(found.requestType, to));
        if (fits) used[j] = true;
        return fits;
      });
      if (fitting.length > 0) routes[i] = { ...route, identityMapping: fitting.map(copyMapping) };
    });
    const unused = used.indexOf(false);
    if (unused >= 0) {
      throw new TopologyValidationError(this, {
        prop: `automaticIdentity[${unused}]`, received: bindings[unused],
        problem: `no automatic route's request message has the field "${bindings[unused]?.to}", so the binding would never apply`,
        fix: 'name a field path of the request messages (the original or lowerCamel name), or remove the binding',
      });
    }
  }

  private checkTimeouts(origins: RouteOrigin[], functionTimeout: Duration, margin: Duration, defaultCallTimeout: Duration): void {
    if (functionTimeout.isUnresolved() || margin.isUnresolved()) return;
    const limit = functionTimeout.toMilliseconds() - margin.toMilliseconds();
    const calls: [string, Duration][] = [['defaultCallTimeout', defaultCallTimeout]];
    origins.forEach((origin) => { if (origin.props?.timeout) calls.push([`${origin.prop}.timeout`, origin.props.timeout]); });
    for (const [prop, timeout] of calls) {
      if (timeout.isUnresolved()) continue;
      if (timeout.toMilliseconds() > limit) {
        throw new TopologyValidationError(this, {
          prop, received: timeout.toHumanString(),
          problem: `the call could outlive the function: its timeout ${functionTimeout.toHumanString()} less the ${margin.toHumanString()} margin leaves ${limit} ms`,
          fix: `shorten the call timeout or raise the function's timeout (props.timeout) above ${timeout.toMilliseconds() + margin.toMilliseconds()} ms`,
        });
      }
    }
  }

  /**
   * The gateway must wait for a call's deadline and the margin, or it answers 504 itself and
   * the status the translator maps from the gRPC error never reaches the client.
   */
  private checkIntegrationTimeout(given: Duration | undefined): void {
    const integration = given ?? DEFAULT_INTEGRATION_TIMEOUT;
    if (integration.isUnresolved()) return;
    const waits = integration.toMilliseconds();
    // The constructor writes both; the configuration type leaves them optional.
    const marginMs = this.config.deadlineMarginMs ?? 0;
    this.config.routes.forEach((route, i) => {
      const callMs = route.timeoutMs ?? this.config.defaultTimeoutMs ?? 0;
      if (callMs + marginMs <= waits) return;
      const origin = this.origins[i];
      const prop = route.timeoutMs !== undefined && origin.props ? `${origin.prop}.timeout` : 'defaultCallTimeout';
      throw new TopologyValidationError(this, {
        prop, received: `${callMs} ms`,
        problem: `the gateway waits ${waits} ms (${given ? 'routes({ integrationTimeout })' : 'its default integration timeout'}), `
          + `less than the call timeout plus the ${marginMs} ms margin (${origin.prop}): the gateway would answer 504 before the translator`,
        fix: `shorten the call timeout to at most ${waits - marginMs} ms, or raise the integration timeout with routes({ integrationTimeout })`,
      });
    });
  }

  private maxRequestBytes(size: Size | undefined): number {
    if (size === undefined) return 1_048_576;
    const bytes = size.toBytes();
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_LAMBDA_PAYLOAD_BYTES) {
      throw new TopologyValidationError(this, {
        prop: 'maxRequestSize', received: `${bytes} bytes`,
        problem: 'the request limit must be between 1 byte and 6 MB, Lambda\'s synchronous payload limit',
        fix: 'use for example Size.mebibytes(1)',
      });
    }
    return bytes;
  }

  private report(problems: TranslatorConfigProblem[]): void {
    if (problems.length === 0) return;
    const [first, ...rest] = problems;
    const more = rest.length > 0 ? `; ${rest.length} more: ${rest.map((p) => `${this.propOf(p.prop)}: ${p.problem}`).join('; ')}` : '';
    throw new TopologyValidationError(this, {
      prop: this.propOf(first.prop), received: first.received, problem: first.problem + more, fix: first.fix,
    });
  }

  /** Maps a configuration prop (`routes[2].requestMapping[0].to`) to the construct's props. */
  private propOf(configProp: string): string {
    const match = /^routes\[(\d+)\](.*)$/.exec(configProp);
    if (!match) return configProp;
    const origin = this.origins[Number(match[1])];
    return `${origin.prop}${match[2].replace(/^\.timeoutMs/, '.timeout')}`;
  }

  private createRole(): iam.Role {
    // Our own role instead of AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole:
    // those managed policies let the function write to every log group of the account.
    const role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the gRPC translator ${this.node.path}`,
    });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
    }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    }));
    return role;
  }
}

function copyMapping(mapping: GrpcFieldMapping): { from: string; to: string; transform?: FieldTransform } {
  return { from: mapping.from, to: mapping.to, ...(mapping.transform !== undefined ? { transform: mapping.transform } : {}) };
}

function hostOf(target: string): string {
  const withoutScheme = target.replace(/^[a-z]+:\/\/[^/]*\//, '').replace(/^[a-z]+:/, '');
  return withoutScheme.replace(/:\d+$/, '');
}
