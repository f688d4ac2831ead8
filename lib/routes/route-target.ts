import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IServiceBackend } from '../backends/service-backend-interface';
import { constructName } from '../private/construct-name';

/** What kind of integration a {@link RouteTarget} becomes. */
export enum RouteTargetType {
  /** A service behind an internal ALB or NLB, reached through a VPC link. */
  SERVICE = 'SERVICE',
  /** A Lambda function, as a proxy integration (the gRPC translator is one). */
  LAMBDA = 'LAMBDA',
  /** A public HTTP(S) URL, as an HTTP proxy integration. */
  HTTP_URL = 'HTTP_URL',
}

/** Options for {@link RouteTarget.service}. */
export interface ServiceTargetOptions {
  /**
   * The path on the backend, with the route's `{param}` names where they go
   * (`/orders/{orderId}`).
   * @default - the route's own path
   */
  readonly backendPath?: string;
  /**
   * How long the gateway waits for the backend.
   * Whole milliseconds: 50 ms to 29 s on a RestGateway (longer for Regional and private APIs
   * with a raised quota, see `maxIntegrationTimeout`), 50 ms to 30 s on an HttpGateway.
   * @default - API Gateway's default: 29 seconds on a RestGateway, 30 seconds on an HttpGateway
   */
  readonly timeout?: Duration;
}

/** Options for {@link RouteTarget.lambda}. */
export interface LambdaTargetOptions {
  /**
   * How long the gateway waits for the function.
   * Whole milliseconds: 50 ms to 29 s on a RestGateway (longer for Regional and private APIs
   * with a raised quota, see `maxIntegrationTimeout`), 50 ms to 30 s on an HttpGateway.
   * @default - API Gateway's default: 29 seconds on a RestGateway, 30 seconds on an HttpGateway
   */
  readonly timeout?: Duration;
}

/** Options for {@link RouteTarget.httpUrl}. */
export interface HttpUrlTargetOptions {
  /**
   * How long the gateway waits for the URL.
   * Whole milliseconds: 50 ms to 29 s on a RestGateway (longer for Regional and private APIs
   * with a raised quota, see `maxIntegrationTimeout`), 50 ms to 30 s on an HttpGateway.
   * @default - API Gateway's default: 29 seconds on a RestGateway, 30 seconds on an HttpGateway
   */
  readonly timeout?: Duration;
}

/**
 * Where a route sends its requests. One declaration serves both gateway flavours:
 * each gateway turns it into the integration its API type supports.
 */
export class RouteTarget {
  /**
   * A service behind an internal load balancer, reached through a shared VPC link.
   *
   * @example
   * RouteTarget.service(orders, { backendPath: '/v1/orders/{orderId}' })
   */
  public static service(backend: IServiceBackend, options: ServiceTargetOptions = {}): RouteTarget {
    return new RouteTarget(RouteTargetType.SERVICE, `service:${backend.backendName}`, options.timeout, {
      backend,
      backendPath: options.backendPath,
    });
  }

  /**
   * A Lambda function invoked as a proxy integration.
   *
   * @example
   * RouteTarget.lambda(fn)
   */
  public static lambda(fn: lambda.IFunction, options: LambdaTargetOptions = {}): RouteTarget {
    return new RouteTarget(RouteTargetType.LAMBDA, `lambda:${constructName(fn)}`, options.timeout, { function: fn });
  }

  /**
   * An HTTP(S) URL, proxied; `{param}` names in the URL are filled from the route's path.
   *
   * @example
   * RouteTarget.httpUrl('https://legacy.example.com/orders/{orderId}')
   */
  public static httpUrl(url: string, options: HttpUrlTargetOptions = {}): RouteTarget {
    return new RouteTarget(RouteTargetType.HTTP_URL, `url:${url}`, options.timeout, { url });
  }

  /**
   * Builds a target of any type; the static factories above are the usual way in.
   * Used by other parts of the library (the gRPC translator) to describe themselves.
   *
   * @example
   * RouteTarget.custom(RouteTargetType.HTTP_URL, 'status page', { url: 'https://status.example.com/' })
   */
  public static custom(type: RouteTargetType, description: string, fields: RouteTargetFields, timeout?: Duration): RouteTarget {
    return new RouteTarget(type, description, timeout, fields);
  }

  /** The integration type. */
  public readonly type: RouteTargetType;
  /** A short description for summaries (`service:orders`, `grpc:users.v1.UserService/GetUser`). */
  public readonly description: string;
  /** The integration timeout, when set. */
  public readonly timeout?: Duration;
  /** The backend, for SERVICE targets. */
  public readonly backend?: IServiceBackend;
  /** The backend path, for SERVICE targets, when it differs from the route path. */
  public readonly backendPath?: string;
  /** The function, for LAMBDA targets. */
  public readonly function?: lambda.IFunction;
  /** The URL, for HTTP_URL targets. */
  public readonly url?: string;

  private constructor(type: RouteTargetType, description: string, timeout: Duration | undefined, fields: RouteTargetFields) {
    this.type = type;
    this.description = description;
    this.timeout = timeout;
    this.backend = fields.backend;
    this.backendPath = fields.backendPath;
    this.function = fields.function;
    this.url = fields.url;
  }
}

/** The type-specific fields of a {@link RouteTarget}. */
export interface RouteTargetFields {
  /** For SERVICE targets. */
  readonly backend?: IServiceBackend;
  /** For SERVICE targets. */
  readonly backendPath?: string;
  /** For LAMBDA targets. */
  readonly function?: lambda.IFunction;
  /** For HTTP_URL targets. */
  readonly url?: string;
}
