import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';
import { checkDomainName } from './dns';

/** The API Gateway flavour whose grammar an expression is written in. */
export type ApiFlavour = 'HTTP' | 'REST';

/**
 * HTTP API parameter mappings: "$context.variableName ... Only the special characters . and _
 * are supported" in a context variable, so `$context.authorizer.claims.custom:tenant_id` rolls
 * the stack back with "Invalid mapping expression".
 */
export const HTTP_PARAMETER_MAPPING = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html';
/** REST parameter mappings: "Your expression must match the regular expression '^[a-zA-Z0-9._$-]+$'". */
export const REST_PARAMETER_MAPPING = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-parameter-mapping-sources.html';
/**
 * The variables page: `$context.authorizer.property`, a key of a Lambda authorizer's context:
 * "For property, the only supported special character is the underscore (_) character."
 */
export const MAPPING_VARIABLES = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html';
/** HTTP API Lambda authorizer identity sources: `$request.header.name`, `$request.querystring.name`, `$context.variableName`, `$stageVariables.variableName`. */
export const HTTP_IDENTITY_SOURCES = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.identity-sources';
/** REST Lambda authorizer identity sources: `method.request.header.name`, `method.request.querystring.name`, `stageVariables.name`, `context.name`. */
export const REST_IDENTITY_SOURCES = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html';
/** A header name is an HTTP token: RFC 9110 section 5.1 (field names) and 5.6.2 (tokens). */
export const HTTP_FIELD_NAME = 'https://www.rfc-editor.org/rfc/rfc9110#name-field-names';

/** RFC 9110 `token`: the characters a header name may hold. */
export const HTTP_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** The REST mapping-expression regex, applied to the name inside an expression. */
const REST_EXPRESSION = /^[A-Za-z0-9._$-]+$/;
/** HTTP API context variables: letters and digits, with "." and "_" only; dots separate parts. */
const HTTP_CONTEXT_VARIABLE = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;
/** A Lambda authorizer context key in a mapping: letters, digits and "_" (both flavours). */
const AUTHORIZER_KEY = /^[A-Za-z0-9_]+$/;
/** A stage variable name: "Stage variable names can only contain alphanumeric characters and underscores". */
const STAGE_VARIABLE = /^[A-Za-z0-9_]+$/;
const STAGE_VARIABLES = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/stage-variables.html';

function refuse(scope: IConstruct | string, prop: string, received: unknown, problem: string, fix: string): never {
  throw new TopologyValidationError(scope, { prop, received, problem, fix });
}

function unresolved(value: unknown): boolean {
  return typeof value === 'string' && Token.isUnresolved(value);
}

/**
 * Refuses a JWT claim name the flavour cannot read in a parameter mapping
 * (`$context.authorizer.claims.<claim>` on HTTP APIs, `context.authorizer.claims.<claim>` on REST).
 * HTTP APIs take letters, digits, "." and "_"; REST takes "-" and "$" too; neither takes ":",
 * so Cognito's `custom:tenant_id` and `cognito:username` must reach the backend another way.
 */
export function checkClaimName(scope: IConstruct | string, prop: string, claim: string | undefined, flavour: ApiFlavour): void {
  if (claim === undefined || unresolved(claim)) return;
  const http = flavour === 'HTTP';
  const valid = typeof claim === 'string' && (http ? HTTP_CONTEXT_VARIABLE : REST_EXPRESSION).test(claim);
  if (valid) return;
  const chars = http ? 'letters, digits, "." and "_"' : 'letters, digits, ".", "_", "-" and "$"';
  refuse(scope, prop, claim,
    `${http ? 'an HTTP API' : 'a REST API'} parameter mapping reads a claim whose name holds only ${chars}`,
    `use a claim with such a name (for example "tenant_id"), or authorize with a Lambda authorizer that reads the claim `
    + 'and passes it on in its context, such as new JwtAuthorizerFunction(scope, id, { tenantIdClaim: "custom:tenant_id", ... }).authorization(), '
    + `whose context key tenantId becomes X-Tenant-ID (${http ? HTTP_PARAMETER_MAPPING : REST_PARAMETER_MAPPING})`);
}

/** Refuses a Lambda authorizer context key a mapping cannot read (`$context.authorizer.<key>`). */
export function checkAuthorizerContextKey(scope: IConstruct | string, prop: string, key: string | undefined): void {
  if (key === undefined || unresolved(key)) return;
  if (typeof key === 'string' && AUTHORIZER_KEY.test(key)) return;
  refuse(scope, prop, key,
    'a Lambda authorizer context key read by a mapping holds only letters, digits and "_"',
    `have the authorizer return the value under a key such as "tenantId" or "tenant_id" (${MAPPING_VARIABLES})`);
}

/** Refuses a `$context` variable name (without `$context.`) the flavour's mappings cannot read. */
export function checkContextVariable(scope: IConstruct | string, prop: string, name: string | undefined, flavour: ApiFlavour): void {
  if (name === undefined || unresolved(name)) return;
  const http = flavour === 'HTTP';
  if (typeof name === 'string' && (http ? HTTP_CONTEXT_VARIABLE : REST_EXPRESSION).test(name) && !name.startsWith('$')) return;
  refuse(scope, prop, name,
    `not a context variable ${http ? 'an HTTP API' : 'a REST API'} mapping can read`,
    `name the variable without "$context.", in letters, digits, "." and "_", for example "requestId" or "identity.sourceIp" (${http ? HTTP_PARAMETER_MAPPING : REST_PARAMETER_MAPPING})`);
}

/**
 * Refuses a header name the flavour cannot map: an HTTP token on HTTP APIs (RFC 9110); on
 * REST the name sits inside `integration.request.header.<name>`, which must match
 * `^[a-zA-Z0-9._$-]+$`.
 */
export function checkHeaderName(scope: IConstruct | string, prop: string, name: string | undefined, flavour: ApiFlavour): void {
  if (name === undefined || unresolved(name)) return;
  if (typeof name !== 'string' || !HTTP_TOKEN.test(name)) {
    refuse(scope, prop, name, 'not a valid HTTP header name',
      `use letters, digits and "-", for example "X-User-ID" (${HTTP_FIELD_NAME})`);
  }
  if (flavour === 'REST' && !REST_EXPRESSION.test(name)) {
    refuse(scope, prop, name, 'a REST API maps a header as integration.request.header.<name>, whose name holds only letters, digits, ".", "_", "-" and "$"',
      `use letters, digits and "-", for example "X-User-ID" (${REST_PARAMETER_MAPPING})`);
  }
}

/** One identity source, parsed: where it reads and the name it reads. */
interface ParsedSource { readonly kind: 'header' | 'querystring' | 'context' | 'stageVariables'; readonly name: string; readonly syntax: ApiFlavour }

const SOURCE_FORMS: Array<[RegExp, ParsedSource['kind'], ApiFlavour]> = [
  [/^\$request\.header\.(.*)$/, 'header', 'HTTP'],
  [/^\$request\.querystring\.(.*)$/, 'querystring', 'HTTP'],
  [/^\$context\.(.*)$/, 'context', 'HTTP'],
  [/^\$stageVariables\.(.*)$/, 'stageVariables', 'HTTP'],
  [/^method\.request\.header\.(.*)$/, 'header', 'REST'],
  [/^method\.request\.querystring\.(.*)$/, 'querystring', 'REST'],
  [/^context\.(.*)$/, 'context', 'REST'],
  [/^stageVariables\.(.*)$/, 'stageVariables', 'REST'],
];

function parseIdentitySource(source: string): ParsedSource | undefined {
  for (const [pattern, kind, syntax] of SOURCE_FORMS) {
    const match = pattern.exec(source);
    if (match) return { kind, name: match[1], syntax };
  }
  return undefined;
}

/** An identity source in a flavour's syntax. */
export function identitySourceIn(kind: ParsedSource['kind'], name: string, flavour: ApiFlavour): string {
  if (flavour === 'HTTP') return kind === 'header' || kind === 'querystring' ? `$request.${kind}.${name}` : `$${kind}.${name}`;
  return kind === 'header' || kind === 'querystring' ? `method.request.${kind}.${name}` : `${kind}.${name}`;
}

/** An identity source rewritten in the flavour's syntax, or undefined when it is none. */
export function translateIdentitySource(source: string, flavour: ApiFlavour): string | undefined {
  const parsed = parseIdentitySource(source);
  return parsed && identitySourceIn(parsed.kind, parsed.name, flavour);
}

/**
 * Refuses a Lambda authorizer identity source the flavour would refuse, and returns it in
 * the flavour's syntax. Sources are written in HTTP API syntax (`$request.header.Authorization`),
 * the one syntax an `Authorization` shared by both flavours can carry: RestGateway translates
 * them, and also takes its own syntax (`method.request.header.Authorization`). An HttpGateway
 * refuses REST syntax, naming the HTTP API form, since API Gateway v2 would reject it at deploy.
 */
export function checkIdentitySource(scope: IConstruct | string, prop: string, source: string, flavour: ApiFlavour): string {
  if (unresolved(source)) return source;
  const http = flavour === 'HTTP';
  const page = http ? HTTP_IDENTITY_SOURCES : REST_IDENTITY_SOURCES;
  const forms = http
    ? '"$request.header.Name", "$request.querystring.name", "$context.name" or "$stageVariables.name"'
    : '"$request.header.Name" (or "method.request.header.Name"), "$request.querystring.name", "$context.name" or "$stageVariables.name"';
  const parsed = typeof source === 'string' ? parseIdentitySource(source) : undefined;
  if (!parsed) {
    refuse(scope, prop, source, `not an identity source ${http ? 'an HTTP API' : 'a REST API'} understands`, `use ${forms} (${page})`);
  }
  if (http && parsed.syntax === 'REST') {
    refuse(scope, prop, source, 'an HTTP API writes identity sources in its own syntax, not the REST API\'s',
      `write "${identitySourceIn(parsed.kind, parsed.name, 'HTTP')}" (${page})`);
  }
  switch (parsed.kind) {
    case 'header': checkHeaderName(scope, prop, parsed.name, flavour); break;
    case 'querystring':
      // Neither page lists the characters of a query parameter name; the REST mapping regex is
      // the narrower of the two documented grammars, so a name passing it passes both.
      if (!REST_EXPRESSION.test(parsed.name)) {
        refuse(scope, prop, source, 'a query string identity source names one parameter in letters, digits, ".", "_", "-" and "$"',
          `write "${identitySourceIn('querystring', 'tenant', 'HTTP')}" with the parameter's name (${page})`);
      }
      break;
    case 'context': checkContextVariable(scope, prop, parsed.name, flavour); break;
    case 'stageVariables':
      if (!STAGE_VARIABLE.test(parsed.name)) {
        refuse(scope, prop, source, 'a stage variable name holds only letters, digits and "_"',
          `write "${identitySourceIn('stageVariables', 'authKey', 'HTTP')}" with the variable's name (${STAGE_VARIABLES})`);
      }
      break;
  }
  return identitySourceIn(parsed.kind, parsed.name, flavour);
}

/**
 * Refuses a URL that is not https with a valid DNS host. `what` names the URL in the message
 * ("a JWT issuer", "an HTTP URL target"); `why` says why it must be https.
 */
export function checkHttpsUrl(scope: IConstruct | string, prop: string, value: string | undefined, what: string, why: string, fix: string): void {
  if (value === undefined || unresolved(value)) return;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) refuse(scope, prop, value, `${what} must be an https URL, and this is not a URL`, fix);
  if (url.protocol !== 'https:') refuse(scope, prop, value, `${what} must be an https URL (${why})`, fix);
  if (/\s/.test(value)) refuse(scope, prop, value, `${what} must not hold spaces`, fix);
  // URL's parser keeps a host such as "auth_server" or "a..b"; the DNS rule refuses those.
  checkDomainName(scope, `${prop} (host)`, url.hostname, { allowSingleLabel: true });
}

/**
 * An API mapping key (HTTP APIs) or base path (REST APIs, `AWS::ApiGateway::BasePathMappingV2`
 * of a private custom domain alike) under a custom domain: the "Restrictions" of both API
 * mappings pages say it holds only letters, digits and `$-_.+!*'()`, with `/` between levels,
 * and is at most 300 characters.
 */
export const API_MAPPINGS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html';
/** The REST API page of the same restrictions. */
export const REST_API_MAPPINGS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html';
const MAPPING_SEGMENT = /^[A-Za-z0-9$\-_.+!*'()]+$/;

/** Refuses an API mapping key or base path API Gateway would refuse; `undefined` maps the API at the root. */
export function checkApiMappingKey(scope: IConstruct | string, prop: string, key: string | undefined): void {
  if (key === undefined || unresolved(key)) return;
  const fix = `write the path under the domain without leading or trailing "/", such as "orders" or "orders/v1", in letters, digits and $-_.+!*'() (at most 300 characters), or leave ${prop} out to map the API at the root (${API_MAPPINGS})`;
  if (typeof key !== 'string') refuse(scope, prop, key, 'an API mapping key must be a string', fix);
  if (key.length === 0) refuse(scope, prop, key, 'an API mapping key must not be empty', fix);
  if (key.length > 300) refuse(scope, prop, key, `an API mapping key is at most 300 characters long (this one has ${key.length})`, fix);
  const segments = key.split('/');
  if (segments.some((s) => s.length === 0)) refuse(scope, prop, key, 'an API mapping key has no empty levels: no leading, trailing or doubled "/"', fix);
  const bad = segments.find((s) => !MAPPING_SEGMENT.test(s));
  if (bad !== undefined) refuse(scope, prop, key, `the level "${bad}" holds a character API mappings do not take`, fix);
}
