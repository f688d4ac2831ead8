import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The kind of a {@link RestEndpoint}. */
export enum RestEndpointType {
  /** A regional endpoint reachable from the internet. */
  REGIONAL = 'REGIONAL',
  /** A private endpoint reachable only through an execute-api interface VPC endpoint. */
  PRIVATE = 'PRIVATE',
}

/** Options for {@link RestEndpoint.private}. */
export interface PrivateRestEndpointOptions {
  /** The VPC callers (and the front door load balancers) reach the API from. */
  readonly vpc: ec2.IVpc;
  /**
   * An existing execute-api interface VPC endpoint in that VPC.
   * @default - one is created in the VPC's private subnets
   */
  readonly vpcEndpoint?: ec2.IInterfaceVpcEndpoint;
  /**
   * Whether the created VPC endpoint turns on private DNS. Off by default: with it on, every
   * workload in the VPC resolves *every* `execute-api` host name to the endpoint, which cuts
   * it off from public APIs of other accounts. The front door reaches the API through a
   * private custom domain or the `x-apigw-api-id` header instead.
   * @default false
   */
  readonly privateDnsEnabled?: boolean;
}

/**
 * Where a {@link RestGateway} is reachable. Enum-like: build one with a static factory.
 */
export class RestEndpoint {
  /** A regional endpoint. */
  public static regional(): RestEndpoint {
    return new RestEndpoint(RestEndpointType.REGIONAL);
  }

  /**
   * A private endpoint, reachable only through an execute-api VPC endpoint; the API's
   * resource policy admits that endpoint and denies every other source.
   */
  public static private(options: PrivateRestEndpointOptions): RestEndpoint {
    return new RestEndpoint(RestEndpointType.PRIVATE, options?.vpc, options?.vpcEndpoint, options?.privateDnsEnabled ?? false);
  }

  private constructor(
    /** The endpoint type. */
    public readonly type: RestEndpointType,
    /** The VPC of a private endpoint. */
    public readonly vpc?: ec2.IVpc,
    /** The given VPC endpoint of a private endpoint. */
    public readonly vpcEndpoint?: ec2.IInterfaceVpcEndpoint,
    /** Whether a created VPC endpoint has private DNS. */
    public readonly privateDnsEnabled: boolean = false,
  ) {}
}
