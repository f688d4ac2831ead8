import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { Authorization, AuthorizationType, LambdaAuthorizerType } from '../../auth/authorization';
import { safeId, shortHash } from './ids';
import { restIdentitySource } from './request-parameters';

/** How a method is authorized: the authorizer (if any), its type and OAuth scopes. */
export interface MethodAuthorization {
  /** A plain reference to the authorizer, usable from nested stacks. */
  readonly authorizer?: apigw.IAuthorizer;
  /** The method's authorization type. */
  readonly authorizationType: apigw.AuthorizationType;
  /** OAuth scopes (Cognito). */
  readonly scopes?: string[];
}

/**
 * The authorizers of one REST API, created in `scope` once per distinct authorization
 * (user pool; Lambda function + type + identity sources + cache TTL). Construct ids derive
 * from the authorizer's identity, not declaration order, so adding a route elsewhere does
 * not replace them.
 */
export class RestAuthorizers {
  /** The authorizers, in creation order. */
  public readonly authorizers: apigw.Authorizer[] = [];
  private readonly cache = new Map<string, apigw.IAuthorizer>();

  constructor(private readonly scope: Construct, private readonly restApi: apigw.IRestApi) {}

  /** The method authorizer for an authorization, created once per distinct authorizer. */
  public methodAuthorization(auth: Authorization): MethodAuthorization {
    switch (auth.type) {
      case AuthorizationType.NONE: return { authorizationType: apigw.AuthorizationType.NONE };
      case AuthorizationType.IAM: return { authorizationType: apigw.AuthorizationType.IAM };
      case AuthorizationType.COGNITO: {
        const pool = auth.userPool!;
        const key = `cognito|${pool.node.path}`;
        let authorizer = this.cache.get(key);
        if (!authorizer) {
          const created = new apigw.CognitoUserPoolsAuthorizer(this.scope, `Authorizer${safeId(pool.node.id)}${shortHash(key)}`, {
            cognitoUserPools: [pool],
          });
          authorizer = this.attach(key, created);
        }
        return { authorizer, authorizationType: apigw.AuthorizationType.COGNITO, scopes: auth.scopes };
      }
      case AuthorizationType.LAMBDA: {
        const options = auth.lambdaOptions ?? {};
        const type = options.type ?? LambdaAuthorizerType.REQUEST;
        const sources = (options.identitySources ?? ['$request.header.Authorization']).map((s) => restIdentitySource(s) ?? s);
        const ttl = options.resultsCacheTtl ?? Duration.minutes(5);
        const key = `lambda|${auth.handler!.node.path}|${type}|${sources.join(',')}|${ttl.toSeconds()}`;
        let authorizer = this.cache.get(key);
        if (!authorizer) {
          const id = `Authorizer${safeId(auth.handler!.node.id)}${shortHash(key)}`;
          const created = type === LambdaAuthorizerType.TOKEN
            ? new apigw.TokenAuthorizer(this.scope, id, { handler: auth.handler!, identitySource: sources[0], resultsCacheTtl: ttl })
            : new apigw.RequestAuthorizer(this.scope, id, { handler: auth.handler!, identitySources: routeKeyedSources(sources, options.rolesKey, ttl), resultsCacheTtl: ttl });
          authorizer = this.attach(key, created);
        }
        return { authorizer, authorizationType: apigw.AuthorizationType.CUSTOM };
      }
      case AuthorizationType.JWT:
        // Resolved to the bundled authorizer's Lambda authorization before building.
        throw new Error('unreachable: JWT authorization is resolved before methods are built');
    }
  }

  /**
   * Attaches an authorizer to the API and returns a plain reference to it: methods in
   * nested stacks see an imported API, and the L2 would refuse to attach one authorizer
   * to two API objects.
   */
  private attach(key: string, authorizer: apigw.Authorizer): apigw.IAuthorizer {
    authorizer._attachToApi(this.restApi);
    this.authorizers.push(authorizer);
    const ref: apigw.IAuthorizer = { authorizerId: authorizer.authorizerId, authorizationType: authorizer.authorizationType };
    this.cache.set(key, ref);
    return ref;
  }
}

/**
 * A cached answer is reused for every request with the same identity-source values
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-authorizer.html,
 * IdentitySource). When the authorizer decides by role per route, the route joins the cache
 * key, so an answer for one route is never applied to another: `context.httpMethod` and
 * `context.resourcePath` are REST context variables
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html),
 * always present, so they never make API Gateway answer 401 for a missing identity source.
 * HttpGateway does the same with `$context.routeKey`.
 */
function routeKeyedSources(sources: string[], rolesKey: string | undefined, ttl: Duration): string[] {
  const caches = ttl.isUnresolved() || ttl.toSeconds() > 0;
  if (!rolesKey || !caches) return sources;
  return [...sources, ...['context.httpMethod', 'context.resourcePath'].filter((s) => !sources.includes(s))];
}
