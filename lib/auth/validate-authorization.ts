import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../errors';
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
      if (ttl && !ttl.isUnresolved() && ttl.toSeconds() > MAX_AUTHORIZER_CACHE_TTL.toSeconds()) {
        throw new TopologyValidationError(scope, {
          prop: `${prop}.resultsCacheTtl`, received: `${ttl.toSeconds()} seconds`,
          problem: 'API Gateway caches authorizer results for at most one hour',
          fix: 'use a resultsCacheTtl of Duration.hours(1) or less',
        });
      }
      break;
    }
    case AuthorizationType.COGNITO:
    case AuthorizationType.IAM:
      break;
  }
}
