import { Duration } from 'aws-cdk-lib';
import { constructName } from '../private/construct-name';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** The kind of an {@link Authorization}. */
export enum AuthorizationType {
  /** JWT verified by API Gateway (HTTP API native; REST uses the bundled JWT authorizer). */
  JWT = 'JWT',
  /** A Cognito user pool. */
  COGNITO = 'COGNITO',
  /** A Lambda authorizer. */
  LAMBDA = 'LAMBDA',
  /** AWS SigV4 signed requests. */
  IAM = 'IAM',
  /** No authorization, opted into with a written reason. */
  NONE = 'NONE',
}

/** The event a Lambda authorizer receives. */
export enum LambdaAuthorizerType {
  /** The whole request (headers, query, context); works on both API flavours. */
  REQUEST = 'REQUEST',
  /** Only the bearer token; exists on REST APIs only. */
  TOKEN = 'TOKEN',
}

/** Options for {@link Authorization.lambda}. */
export interface LambdaAuthorizationOptions {
  /**
   * REQUEST or TOKEN.
   * @default LambdaAuthorizerType.REQUEST
   */
  readonly type?: LambdaAuthorizerType;
  /**
   * Where the identity comes from, in HTTP API syntax: `$request.header.Name`,
   * `$request.querystring.name`, `$context.name` or `$stageVariables.name`. RestGateway
   * translates them (and also takes its own `method.request.header.Name`); HttpGateway refuses
   * the REST syntax. A caching authorizer needs at least one: they are its cache key.
   * @default ['$request.header.Authorization']
   */
  readonly identitySources?: string[];
  /**
   * How long API Gateway caches the authorizer's answer: whole seconds from 0 (no caching)
   * to one hour. Caching needs at least one identity source, which keys the cache.
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
  /**
   * The authorizer-context key holding the user id (injected as X-User-ID); letters, digits
   * and "_", the characters a mapping can read.
   * @default 'userId'
   */
  readonly userIdKey?: string;
  /**
   * The authorizer-context key holding the tenant id (injected as X-Tenant-ID); letters,
   * digits and "_".
   * @default 'tenantId'
   */
  readonly tenantIdKey?: string;
  /**
   * The authorizer-context key holding the caller's roles, when the authorizer puts
   * them there. Routes may require roles only behind an authorizer that carries them.
   * @default - the authorizer carries no roles
   */
  readonly rolesKey?: string;
}

/** Options for {@link Authorization.cognito}. */
export interface CognitoAuthorizationOptions {
  /**
   * OAuth scopes of the route: a token needs any one of them, on both flavours; at most 10.
   * @default - none
   */
  readonly scopes?: string[];
  /**
   * App clients whose tokens are accepted. Required on HTTP APIs, which verify Cognito
   * tokens as JWTs with the clients as audiences. RestGateway refuses them: a REST Cognito
   * authorizer accepts every client of the pool (narrow callers with scopes there).
   * @default - none; required on HttpGateway, refused by RestGateway
   */
  readonly userPoolClients?: cognito.IUserPoolClient[];
}

/**
 * How callers of a route prove who they are. Enum-like: build one with a static factory.
 *
 * A gateway's `defaultAuthorization` applies to every route without its own; a route is
 * public only through {@link Authorization.none}, which demands a written reason.
 */
export class Authorization {
  /**
   * A JWT from `issuer` (an https URL) with one of `audiences` (1 to 50), optionally with
   * `scopes` (at most 10), of which a token needs any one, on both flavours. HTTP APIs verify
   * it natively; RestGateway verifies it with the bundled JWT authorizer.
   *
   * @example
   * Authorization.jwt('https://auth.example.com/', ['orders-api'], ['orders:read'])
   */
  public static jwt(issuer: string, audiences: string[], scopes?: string[]): Authorization {
    return new Authorization(AuthorizationType.JWT, { issuer, audiences, scopes });
  }

  /**
   * A Cognito user pool.
   *
   * @example
   * Authorization.cognito(userPool, { scopes: ['orders/read'] })
   */
  public static cognito(userPool: cognito.IUserPool, options: CognitoAuthorizationOptions = {}): Authorization {
    return new Authorization(AuthorizationType.COGNITO, {
      userPool,
      scopes: options.scopes,
      userPoolClients: options.userPoolClients,
    });
  }

  /**
   * A Lambda authorizer function.
   *
   * @example
   * Authorization.lambda(authorizerFunction, { identitySources: ['$request.header.Authorization'] })
   */
  public static lambda(handler: lambda.IFunction, options: LambdaAuthorizationOptions = {}): Authorization {
    return new Authorization(AuthorizationType.LAMBDA, { handler, lambda: options });
  }

  /**
   * AWS IAM (SigV4) authorization.
   *
   * @example
   * Authorization.iam()
   */
  public static iam(): Authorization {
    return new Authorization(AuthorizationType.IAM, {});
  }

  /**
   * A public route. The reason is required and shows in the synth summary.
   *
   * @example
   * Authorization.none('uptime checks call it without a token')
   */
  public static none(reason: string): Authorization {
    return new Authorization(AuthorizationType.NONE, { reason });
  }

  /** The kind of authorization. */
  public readonly type: AuthorizationType;
  /** JWT issuer. */
  public readonly issuer?: string;
  /** JWT audiences. */
  public readonly audiences?: string[];
  /** OAuth scopes of the route, of which a token needs any one (JWT, Cognito). */
  public readonly scopes?: string[];
  /** Cognito user pool. */
  public readonly userPool?: cognito.IUserPool;
  /** Cognito app clients. */
  public readonly userPoolClients?: cognito.IUserPoolClient[];
  /** Lambda authorizer function. */
  public readonly handler?: lambda.IFunction;
  /** Lambda authorizer options. */
  public readonly lambdaOptions?: LambdaAuthorizationOptions;
  /** Why a route is public (NONE). */
  public readonly reason?: string;

  private constructor(type: AuthorizationType, fields: {
    issuer?: string; audiences?: string[]; scopes?: string[]; userPool?: cognito.IUserPool;
    userPoolClients?: cognito.IUserPoolClient[]; handler?: lambda.IFunction; lambda?: LambdaAuthorizationOptions; reason?: string;
  }) {
    this.type = type;
    this.issuer = fields.issuer;
    this.audiences = fields.audiences;
    this.scopes = fields.scopes;
    this.userPool = fields.userPool;
    this.userPoolClients = fields.userPoolClients;
    this.handler = fields.handler;
    this.lambdaOptions = fields.lambda;
    this.reason = fields.reason;
  }

  /** A short description for summaries (`jwt(https://issuer)`, `none: health check`). */
  public describe(): string {
    switch (this.type) {
      case AuthorizationType.JWT: return `jwt(${this.issuer})${this.scopes?.length ? ` scopes=${this.scopes.join(',')}` : ''}`;
      case AuthorizationType.COGNITO: return `cognito(${constructName(this.userPool!)})`;
      case AuthorizationType.LAMBDA: return `lambda(${constructName(this.handler!)})`;
      case AuthorizationType.IAM: return 'iam';
      case AuthorizationType.NONE: return `none: ${this.reason}`;
    }
  }
}

