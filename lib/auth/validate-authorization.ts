import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
import { AUTHORIZER_CACHING_SOURCE, AUTHORIZER_RESULTS_CACHE_TTL, checkDuration } from '../private/aws-rules';
import { Authorization, AuthorizationType } from './authorization';

/** The longest authorizer result cache API Gateway accepts. */
export const MAX_AUTHORIZER_CACHE_TTL = Duration.hours(1);

/** Throws a {@link TopologyValidationError} when an authorization cannot be built. */
export function validateAuthorization(scope: IConstruct, prop: string, auth: Authorization): void {
  switch (auth.type) {
    case AuthorizationType.JWT:
      if (!Token.isUnresolved(auth.issuer) && !/^https:\/\/[^\s/]+/.test(auth.issuer ?? '')) {
        throw new TopologyValidationError(scope, {
          prop: `${prop}.issuer`, received: auth.issuer,
          problem: 'a JWT issuer must be an https URL (API Gateway fetches its keys over TLS)',
          fix: 'give the issuer URL as it appears in the tokens\' "iss" claim, for example "https://auth.example.com/"',
        });
      }
      if (!auth.audiences || auth.audiences.length === 0) {
        throw new TopologyValidationError(scope, {
          prop: `${prop}.audiences`, received: auth.audiences,
          problem: 'a JWT authorization needs at least one audience',
          fix: 'list the "aud" values your tokens carry, for example ["orders-api"]',
        });
      }
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
      break;
    }
    case AuthorizationType.COGNITO:
    case AuthorizationType.IAM:
      break;
  }
}
