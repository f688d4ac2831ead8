/**
 * The route manifest: what each gateway of a stack synthesized, as data, in a file beside
 * the stack's template in the cloud assembly (`<artifactId>.routes.json`). The synth summary
 * prints it and `cdk-gateway-topology verify` compares it with the deployed APIs.
 *
 * The format is versioned: a reader accepts the `version` it knows and refuses a newer one,
 * whose fields may mean something else. Additive changes (a new optional field) keep the
 * version; a changed or removed field raises it. See docs/deploy.md for the field reference.
 */

import type { ManifestTopology } from './topology-manifest';

/** The `schema` of every route manifest. */
export const ROUTE_MANIFEST_SCHEMA = 'cdk-gateway-topology/route-manifest';
/** The version of the format this library writes and reads. */
export const ROUTE_MANIFEST_VERSION = 1;
/** The metadata type on a stack that names its route manifest file. */
export const ROUTE_MANIFEST_METADATA_TYPE = 'cdk-gateway-topology:route-manifest';

/**
 * The route manifest of one stack.
 *
 * @jsii ignore
 */
export interface RouteManifest {
  /** Always {@link ROUTE_MANIFEST_SCHEMA}. */
  readonly schema: typeof ROUTE_MANIFEST_SCHEMA;
  /** The format version, {@link ROUTE_MANIFEST_VERSION}. */
  readonly version: number;
  /** The stack the gateways live in. */
  readonly stack: ManifestStack;
  /** The gateways, in construction order. */
  readonly gateways: GatewayManifest[];
  /**
   * The topology of the stack, front door to backends, as nodes and labelled edges: what the
   * diagram (`<artifactId>.topology.svg`, `.mmd`) draws.
   * @default - none (a stack built before the topology was recorded)
   */
  readonly topology?: ManifestTopology;
}

/**
 * The stack of a route manifest, as CloudFormation knows it.
 *
 * @jsii ignore
 */
export interface ManifestStack {
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The cloud assembly artifact id (the template is `<artifactId>.template.json`). */
  readonly artifactId: string;
  /** The region, when the stack names one. */
  readonly region?: string;
  /** The account, when the stack names one. */
  readonly account?: string;
}

/** The API flavour: API Gateway v2 HTTP API or v1 REST API. */
export type GatewayFlavour = 'HTTP' | 'REST';

/**
 * A throttle in API Gateway's units.
 *
 * @jsii ignore
 */
export interface ManifestThrottle {
  /** Steady-state requests per second. */
  readonly rateLimit?: number;
  /** Burst capacity in requests. */
  readonly burstLimit?: number;
}

/**
 * One gateway (HttpGateway or RestGateway) and everything verify checks on it.
 *
 * @jsii ignore
 */
export interface GatewayManifest {
  /** The gateway's construct path (`GatewayTopologyDev/HttpApi`). */
  readonly constructPath: string;
  /** HTTP or REST. */
  readonly flavour: GatewayFlavour;
  /** The API's name. */
  readonly apiName: string;
  /** The logical id of the API resource in the stack's template. */
  readonly logicalId: string;
  /**
   * When the API lives in a nested stack: the logical ids of the nested stack resources,
   * outermost first, leading from the stack to the API.
   * @default - the API is a resource of the stack itself
   */
  readonly nestedStacks?: string[];
  /** The CloudFormation type of the API resource. */
  readonly resourceType: 'AWS::ApiGatewayV2::Api' | 'AWS::ApiGateway::RestApi';
  /** The stage routes are served from, and its default throttle. */
  readonly stage: ManifestStage;
  /** The authorizers, by name. */
  readonly authorizers: ManifestAuthorizer[];
  /** The routes, in declaration order. */
  readonly routes: ManifestRoute[];
  /** Whether CORS preflights are answered (REST: OPTIONS methods the manifest does not list). */
  readonly cors: boolean;
  /** The custom domain the API is mapped on, when the gateway owns one. */
  readonly customDomain?: ManifestCustomDomain;
  /** REST: the request validators. */
  readonly requestValidators?: ManifestRequestValidator[];
  /** REST: the customized gateway responses. */
  readonly gatewayResponses?: ManifestGatewayResponse[];
  /** REST: usage plans (consumer tiers) and their keys. */
  readonly usagePlans?: ManifestUsagePlan[];
  /**
   * The URLs clients call the API at, best first: the front door's or custom domain's, then
   * the execute-api endpoint (with variables for what is only known after deploy).
   * @default - none recorded (manifests written before the field existed)
   */
  readonly servers?: ManifestServer[];
  /** The API's description, when it has one. */
  readonly description?: string;
  /** The OpenAPI document of the gateway, relative to the cloud assembly directory. */
  readonly openApiFile?: string;
}

/**
 * A URL an API answers at (an OpenAPI server).
 *
 * @jsii ignore
 */
export interface ManifestServer {
  /** The URL, with `{name}` for each variable. */
  readonly url: string;
  /** What the URL is (`front door`, `custom domain`, `execute-api endpoint`). */
  readonly description: string;
  /** The variables of the URL, with the value to assume and what to put there. */
  readonly variables?: Record<string, ManifestServerVariable>;
}

/**
 * A variable of a {@link ManifestServer} URL.
 *
 * @jsii ignore
 */
export interface ManifestServerVariable {
  /** The value to assume. */
  readonly default: string;
  /** What to put there. */
  readonly description: string;
}

/**
 * A request parameter other than the path's.
 *
 * @jsii ignore
 */
export interface ManifestParameter {
  /** The parameter's name. */
  readonly name: string;
  /** Where it is sent. */
  readonly in: 'query' | 'header';
  /** Whether the route needs it. */
  readonly required: boolean;
  /** The JSON Schema of its value. */
  readonly schema?: Record<string, unknown>;
}

/**
 * The documented successful answer of a route.
 *
 * @jsii ignore
 */
export interface ManifestResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON Schema (2020-12) of the body, with `$ref`s into `components`; none for an empty body. */
  readonly schema?: Record<string, unknown>;
  /** Named schemas the body's `$ref`s point to (`#/components/schemas/<name>`). */
  readonly components?: Record<string, Record<string, unknown>>;
}

/**
 * A deprecated route: when, its sunset, its link and whether responses say so in headers.
 *
 * @jsii ignore
 */
export interface ManifestLifecycle {
  /** Always true: current routes carry no lifecycle. */
  readonly deprecated: boolean;
  /** When the route was deprecated (ISO 8601). */
  readonly since: string;
  /** When it stops answering (ISO 8601). */
  readonly sunset?: string;
  /** The page about the deprecation. */
  readonly link?: string;
  /** The `Deprecation`, `Sunset` and `Link` headers of its responses. */
  readonly headers: Record<string, string>;
  /** Whether responses carry the headers (false where the flavour cannot add them). */
  readonly headersSent: boolean;
}

/**
 * A stage.
 *
 * @jsii ignore
 */
export interface ManifestStage {
  /** The stage name (`$default`, `prod`). */
  readonly name: string;
  /** The stage's default throttle. */
  readonly throttle: ManifestThrottle;
}

/**
 * An authorizer as API Gateway stores it.
 *
 * @jsii ignore
 */
export interface ManifestAuthorizer {
  /** The authorizer's name, its identity across deploys. */
  readonly name: string;
  /** API Gateway's type: `JWT`, `REQUEST` (HTTP and REST), `TOKEN`, `COGNITO_USER_POOLS`. */
  readonly type: string;
  /** The identity sources, in the flavour's own syntax. */
  readonly identitySource: string[];
  /** JWT: the issuer. */
  readonly issuer?: string;
  /** JWT: the audiences. */
  readonly audiences?: string[];
  /** Lambda: how long answers are cached. */
  readonly resultTtlSeconds?: number;
}

/**
 * One route.
 *
 * @jsii ignore
 */
export interface ManifestRoute {
  /** The HTTP method (`ANY` for every method). */
  readonly method: string;
  /** The path (`/api/v2/orders/{orderId}`). */
  readonly path: string;
  /** The route key, `METHOD /path`. */
  readonly routeKey: string;
  /** What the route targets. */
  readonly target: ManifestTarget;
  /** Who may call it. */
  readonly authorization: ManifestAuthorization;
  /** Whether an API key is required (REST). */
  readonly apiKeyRequired: boolean;
  /** The route's own throttle, when it has one (else the stage's applies). */
  readonly throttle?: ManifestThrottle;
  /**
   * The integration's request parameters in the flavour's syntax: identity headers
   * (`overwrite:header.x-user-id` or `integration.request.header.X-User-ID`), path
   * parameters and the backend path.
   */
  readonly requestParameters: Record<string, string>;
  /** The identity and injected headers, lower-cased, with where they come from (`null`: removed). */
  readonly headers: Record<string, string | null>;
  /** REST: whether the body is validated against a model. */
  readonly requestValidation?: boolean;
  /** The operation name, when the route declares one or its target gives one. */
  readonly operationName?: string;
  /** The JSON Schema (draft 4) the body must satisfy, as declared. */
  readonly requestSchema?: Record<string, unknown>;
  /** Query and header parameters the target reads (translator mappings). */
  readonly parameters?: ManifestParameter[];
  /** The successful answer, when the target's contract is known (translator routes). */
  readonly response?: ManifestResponse;
  /** The lifecycle of a deprecated route. */
  readonly lifecycle?: ManifestLifecycle;
}

/**
 * The target of a route.
 *
 * @jsii ignore
 */
export interface ManifestTarget {
  /** `SERVICE`, `LAMBDA` or `HTTP_URL`. */
  readonly kind: string;
  /** The description (`service:orders`, `lambda:Translator`). */
  readonly name: string;
  /** SERVICE: the backend path, when it differs from the route path. */
  readonly backendPath?: string;
}

/**
 * The authorization of a route, as declared and as API Gateway enforces it.
 *
 * @jsii ignore
 */
export interface ManifestAuthorization {
  /** The declared kind: `JWT`, `COGNITO`, `LAMBDA`, `IAM` or `NONE`. */
  readonly type: string;
  /** The declaration's description (`jwt(https://issuer/)`, `none: uptime checks`). */
  readonly description: string;
  /** API Gateway's authorization type of the route or method (`JWT`, `CUSTOM`, `AWS_IAM`, `COGNITO_USER_POOLS`, `NONE`). */
  readonly authorizationType: string;
  /** The name of the authorizer, when there is one. */
  readonly authorizer?: string;
  /** OAuth scopes API Gateway checks. */
  readonly scopes?: string[];
  /** Roles the route requires (enforced by the authorizer). */
  readonly roles?: string[];
  /** NONE: why the route is public. */
  readonly reason?: string;
}

/**
 * A custom domain mapping.
 *
 * @jsii ignore
 */
export interface ManifestCustomDomain {
  /** The domain name. */
  readonly domainName: string;
  /** The mapping key (path under the domain), when not the root. */
  readonly mappingKey?: string;
}

/**
 * A REST request validator.
 *
 * @jsii ignore
 */
export interface ManifestRequestValidator {
  /** Whether it validates the body. */
  readonly validateRequestBody: boolean;
  /** Whether it validates the parameters. */
  readonly validateRequestParameters: boolean;
}

/**
 * A REST gateway response.
 *
 * @jsii ignore
 */
export interface ManifestGatewayResponse {
  /** The response type (`UNAUTHORIZED`). */
  readonly responseType: string;
  /** The status it answers with. */
  readonly statusCode: string;
}

/**
 * A usage plan and the keys on it (names and descriptions only, never key values).
 *
 * @jsii ignore
 */
export interface ManifestUsagePlan {
  /** The plan's name (the tier). */
  readonly name: string;
  /** The plan's throttle per key. */
  readonly throttle?: ManifestThrottle;
  /** The plan's quota per key. */
  readonly quota?: { readonly limit: number; readonly period: string };
  /** Per-route throttles of the plan, keyed `/path/METHOD`. */
  readonly routeThrottles: Record<string, ManifestThrottle>;
  /** The keys on the plan. */
  readonly apiKeys: ManifestApiKey[];
}

/**
 * An API key on a usage plan, identified by its description (CloudFormation names it).
 *
 * @jsii ignore
 */
export interface ManifestApiKey {
  /** The consumer. */
  readonly consumer: string;
  /** The key's description, which identifies it in the account. */
  readonly description: string;
  /** Whether the key is enabled. */
  readonly enabled: boolean;
}

/** The file name of a stack's route manifest, beside `<artifactId>.template.json`. */
export function routeManifestFileName(artifactId: string): string {
  return `${artifactId}.routes.json`;
}
