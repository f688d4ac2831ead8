import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HttpGatewayOptions } from '../gateway/http-gateway';
import { RestEndpointType } from '../gateway/rest-endpoint';
import { RestGatewayOptions } from '../gateway/rest-gateway';

/** The API flavour of a {@link TopologyGateway}. */
export enum TopologyGatewayType {
  /** API Gateway v1 (REST API): private endpoints, usage plans, request validation. */
  REST = 'REST',
  /** API Gateway v2 (HTTP API): cheaper and faster, never private. */
  HTTP = 'HTTP',
}

/**
 * The options of the topology's REST API: every {@link RestGatewayProps} prop but the
 * routes (the topology builds them) and the endpoint (the topology's VPC decides it).
 */
export interface TopologyRestGatewayOptions extends RestGatewayOptions {
  /**
   * Whether the API is PRIVATE (reached through an execute-api VPC endpoint in the
   * topology's VPC) or REGIONAL. A front door needs PRIVATE: it reaches the API through
   * that endpoint, and a regional API would stay reachable around it.
   * @default - RestEndpointType.PRIVATE with a front door, RestEndpointType.REGIONAL without
   */
  readonly endpointType?: RestEndpointType;
  /**
   * An existing execute-api interface VPC endpoint in the topology's VPC (PRIVATE only).
   * @default - one is created in the VPC's private subnets
   */
  readonly vpcEndpoint?: ec2.IInterfaceVpcEndpoint;
  /**
   * Whether a created VPC endpoint turns on private DNS (PRIVATE only); see
   * `PrivateRestEndpointOptions.privateDnsEnabled` for why it is off.
   * @default false
   */
  readonly privateDnsEnabled?: boolean;
  /**
   * Callers inside the topology's VPC admitted to the VPC endpoint on HTTPS (PRIVATE only);
   * see `PrivateRestEndpointOptions.clients`.
   * @default - none: only the front door reaches the endpoint
   */
  readonly endpointClients?: ec2.IConnectable[];
  /**
   * The APIs the created VPC endpoint's policy admits (PRIVATE only); see
   * `PrivateRestEndpointOptions.allowedApis`.
   * @default - every API and private custom domain name of this account in this region
   */
  readonly allowedApis?: apigw.IRestApi[];
}

/** The options of the topology's HTTP API: every {@link HttpGatewayProps} prop but the routes. */
export interface TopologyHttpGatewayOptions extends HttpGatewayOptions {}

/**
 * The gateway of a {@link GatewayTopology}: a REST API or an HTTP API. Enum-like: build one
 * with a static factory.
 */
export class TopologyGateway {
  /**
   * A REST API (API Gateway v1): the only flavour a front door can stand in front of.
   *
   * @example
   * TopologyGateway.rest({ defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['edge-api']) })
   */
  public static rest(options: TopologyRestGatewayOptions = {}): TopologyGateway {
    return new TopologyGateway(TopologyGatewayType.REST, options, undefined);
  }

  /**
   * An HTTP API (API Gateway v2), reached on its own execute-api or custom domain.
   *
   * @example
   * TopologyGateway.http({ defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['edge-api']) })
   */
  public static http(options: TopologyHttpGatewayOptions = {}): TopologyGateway {
    return new TopologyGateway(TopologyGatewayType.HTTP, undefined, options);
  }

  private constructor(
    /** The API flavour. */
    public readonly type: TopologyGatewayType,
    /** The options of a REST API. */
    public readonly restOptions?: TopologyRestGatewayOptions,
    /** The options of an HTTP API. */
    public readonly httpOptions?: TopologyHttpGatewayOptions,
  ) {}
}
