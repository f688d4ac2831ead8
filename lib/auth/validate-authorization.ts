import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { AUTHORIZER_CACHING_SOURCE, AUTHORIZER_RESULTS_CACHE_TTL, checkDuration, checkUnique } from '../private/aws-rules';
import { ApiFlavour, checkAuthorizerContextKey, checkIdentitySource, checkHttpsUrl } from '../private/aws-rules/mapping-expressions';
import { Authorization, AuthorizationType } from './authorization';

const HTTP_QUOTAS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html';
const OAUTH_SCOPE = 'https://www.rfc-editor.org/rfc/rfc6749#section-3.3';

/** "Audiences per authorizer: 50" (HTTP API quotas; the bundled REST authorizer keeps the same bound). */
export const MAX_JWT_AUDIENCES = 50;
/** "Scopes per route: 10" (HTTP API quotas; RestGateway keeps the same bound so routes move between flavours). */
export const MAX_ROUTE_SCOPES = 10;
/** RFC 6749 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ), printable ASCII without space, '"' or '\\'. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;


/**
 * Throws a {@link TopologyValidationError} when an authorization cannot be built on the
 * flavour. Both gateways call it for every authorization they build, so a prop both take is
 * checked alike.
 */
export function validateAuthorization(scope: IConstruct, prop: string, auth: Authorization, flavour: ApiFlavour = 'HTTP'): void {
  switch (auth.type) {
    case AuthorizationType.JWT:
      checkHttpsUrl(scope, `${prop}.issuer`, auth.issuer, 'a JWT issuer', 'API Gateway and the bundled authorizer fetch its keys over TLS',
        'give the issuer URL as it appears in the tokens\' "iss" claim, for example "https://auth.example.com/"');
      checkAudiences(scope, `${prop}.audiences`, auth.audiences);
      checkScopes(scope, `${prop}.scopes`, auth.scopes);
      break;
    case AuthorizationType.NONE:
      if (typeof auth.reason !== 'string' || auth.reason.trim().length === 0) {
        throw new TopologyValidationError(scope, {
          prop: `${prop}.reason`, received: auth.reason,
          problem: 'a public route needs a written reason',
          fix: 'say why the route is public, for example Authorization.none("load balancer health check")',
        });
      }
      break;
    case AuthorizationType.LAMBDA: {
      const ttl = auth.lambdaOptions?.resultsCacheTtl;
      checkDuration(scope, `${prop}.resultsCacheTtl`, ttl, AUTHORIZER_RESULTS_CACHE_TTL);
      // API Gateway keys cached answers by the identity sources, so caching needs at least one;
      // CDK would refuse this itself, with its own error and only on REST APIs. A deploy-time
      // TTL may cache, so it needs sources too (CDK's REST authorizer assumes the same).
      const sources = auth.lambdaOptions?.identitySources;
      const caches = ttl === undefined || ttl.isUnresolved() || ttl.toSeconds() > 0;
      if (Array.isArray(sources) && sources.length === 0 && caches) {
        throw new TopologyValidationError(scope, {
          prop: `${prop}.identitySources`, received: sources,
          problem: `a Lambda authorizer that caches its answers (resultsCacheTtl ${ttl?.toHumanString() ?? '5 minutes, the default'}) needs at least one identity source to key the cache by`,
          fix: `list where the identity comes from, for example ["$request.header.Authorization"], or turn caching off with resultsCacheTtl: Duration.seconds(0) (${AUTHORIZER_CACHING_SOURCE})`,
        });
      }
      checkLambdaAuthorizer(scope, prop, auth, flavour);
      break;
    }
    case AuthorizationType.COGNITO:
      checkScopes(scope, `${prop}.scopes`, auth.scopes);
      break;
    case AuthorizationType.IAM:
      break;
  }
}

function checkAudiences(scope: IConstruct, prop: string, audiences: string[] | undefined): void {
  if (audiences !== undefined && Token.isUnresolved(audiences)) return;
  if (!Array.isArray(audiences) || audiences.length === 0) {
    throw new TopologyValidationError(scope, {
      prop, received: audiences,
      problem: 'a JWT authorization needs at least one audience',
      fix: 'list the "aud" values your tokens carry, for example ["orders-api"]',
    });
  }
  if (audiences.length > MAX_JWT_AUDIENCES) {
    throw new TopologyValidationError(scope, {
      prop, received: `${audiences.length} audiences`,
      problem: `API Gateway accepts at most ${MAX_JWT_AUDIENCES} audiences per authorizer`,
      fix: `list at most ${MAX_JWT_AUDIENCES} audiences, or split the routes over two authorizations with different audiences (${HTTP_QUOTAS})`,
    });
  }
  audiences.forEach((audience, i) => {
    if (Token.isUnresolved(audience)) return;
    if (typeof audience !== 'string' || audience.trim().length === 0) {
      throw new TopologyValidationError(scope, {
        prop: `${prop}[${i}]`, received: audience,
        problem: 'an audience must be a non-empty string',
        fix: 'give the "aud" value your tokens carry, for example "orders-api"',
      });
    }
  });
  checkUnique(scope, prop, audiences, 'an audience');
}

/**
 * A token needs any one of a route's scopes, on both flavours: HTTP APIs decide so natively,
 * and RestGateway's authorizers (Cognito natively, the bundled JWT authorizer) do the same.
 */
function checkScopes(scope: IConstruct, prop: string, scopes: string[] | undefined): void {
  if (scopes === undefined || Token.isUnresolved(scopes)) return;
  if (!Array.isArray(scopes)) {
    throw new TopologyValidationError(scope, {
      prop, received: scopes, problem: 'scopes must be a list of scope names', fix: 'list the scopes, for example ["orders:read"], or leave scopes out',
    });
  }
  if (scopes.length > MAX_ROUTE_SCOPES) {
    throw new TopologyValidationError(scope, {
      prop, received: `${scopes.length} scopes`,
      problem: `API Gateway accepts at most ${MAX_ROUTE_SCOPES} authorization scopes per route`,
      fix: `list at most ${MAX_ROUTE_SCOPES} scopes (a token needs any one of them), or give the routes a broader scope (${HTTP_QUOTAS})`,
    });
  }
  scopes.forEach((s, i) => {
    if (Token.isUnresolved(s)) return;
    if (typeof s !== 'string' || !SCOPE_TOKEN.test(s)) {
      throw new TopologyValidationError(scope, {
        prop: `${prop}[${i}]`, received: s,
        problem: 'not an OAuth scope: a scope is one word of printable characters, without spaces, quotes or backslashes',
        fix: `name one scope per entry, for example ["orders:read", "orders:write"] (${OAUTH_SCOPE})`,
      });
    }
  });
  checkUnique(scope, prop, scopes, 'a scope');
}

/** The identity sources and context keys of a Lambda authorizer, in the flavour's grammar. */
function checkLambdaAuthorizer(scope: IConstruct, prop: string, auth: Authorization, flavour: ApiFlavour): void {
  const options = auth.lambdaOptions ?? {};
  const sources = options.identitySources;
  if (sources !== undefined && !Token.isUnresolved(sources)) {
    // An empty list with caching on is refused in validateAuthorization, with the TTL named.
    if (!Array.isArray(sources)) {
      throw new TopologyValidationError(scope, {
        prop: `${prop}.identitySources`, received: sources,
        problem: 'identity sources are a list of mapping expressions',
        fix: 'list the sources the answer depends on, for example ["$request.header.Authorization"]',
      });
    }
    const translated = sources.map((source, i) => checkIdentitySource(scope, `${prop}.identitySources[${i}]`, source, flavour));
    // Header names compare without case; the same source written in both syntaxes is the same source.
    checkUnique(scope, `${prop}.identitySources`, translated, 'an identity source', (s) => (/\.header\./.test(s) ? s.toLowerCase() : s));
  }
  checkAuthorizerContextKey(scope, `${prop}.userIdKey`, options.userIdKey);
  checkAuthorizerContextKey(scope, `${prop}.tenantIdKey`, options.tenantIdKey);
}
