import * as apigw from 'aws-cdk-lib/aws-apigateway';
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
  /**
   * Callers inside the VPC admitted to the VPC endpoint's security groups on HTTPS (443),
   * by security group or address. Front doors admit themselves; nothing else is admitted,
   * and never the VPC's whole CIDR: any workload in the VPC could then reach the private API
   * around the front door and its WAF.
   * @default - none: only the front doors of this gateway reach the endpoint
   */
  readonly clients?: ec2.IConnectable[];
  /**
   * The APIs the created VPC endpoint's policy lets callers invoke through it, for example
   * private APIs of other stacks imported with `RestApi.fromRestApiId`. This gateway's own API
   * is then reached through the private custom domain names of its front doors (the
   * `execute-api:viaDomainArn` condition): its id cannot appear in the endpoint's policy,
   * because its resource policy names the endpoint and CloudFormation would see a cycle.
   * Only for a created endpoint: the policy of a given `vpcEndpoint` is its owner's.
   * See https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html
   * @default - every API and private custom domain name of this account in this region
   * (`execute-api:Invoke` on `arn:<partition>:execute-api:<region>:<account>:*\/*`)
   */
  readonly allowedApis?: apigw.IRestApi[];
}

/**
 * Where a {@link RestGateway} is reachable. Enum-like: build one with a static factory.
 */
export class RestEndpoint {
  /**
   * A regional endpoint.
   *
   * @example
   * RestEndpoint.regional()
   */
  public static regional(): RestEndpoint {
    return new RestEndpoint(RestEndpointType.REGIONAL);
  }

  /**
   * A private endpoint, reachable only through an execute-api VPC endpoint; the API's
   * resource policy admits that endpoint and denies every other source. A created endpoint
   * admits HTTPS only from the front doors and `clients`, and its endpoint policy lets callers
   * invoke only this account's APIs (or `allowedApis`).
   *
   * @example
   * RestEndpoint.private({ vpc })
   */
  public static private(options: PrivateRestEndpointOptions): RestEndpoint {
    return new RestEndpoint(RestEndpointType.PRIVATE, options?.vpc, options?.vpcEndpoint, options?.privateDnsEnabled ?? false,
      options?.clients, options?.allowedApis);
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
    /** The callers admitted to the VPC endpoint's security groups. */
    public readonly clients?: ec2.IConnectable[],
    /** The APIs a created VPC endpoint's policy admits; undefined for this account's APIs. */
    public readonly allowedApis?: apigw.IRestApi[],
  ) {}
}
