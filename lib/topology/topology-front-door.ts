import { AlbFrontDoorOptions } from '../front-door/alb-front-door';
import { NlbFrontDoorOptions } from '../front-door/nlb-front-door';

/** The load balancer kind of a {@link TopologyFrontDoor}. */
export enum TopologyFrontDoorType {
  /** An internet-facing ALB: HTTPS, WAF, access logs. */
  ALB = 'ALB',
  /** An internet-facing NLB: TLS or TCP passthrough, optional static IPs. */
  NLB = 'NLB',
  /** No load balancer: clients call the gateway directly. */
  NONE = 'NONE',
}

/** The options of an ALB front door: every {@link AlbFrontDoorProps} prop but the gateway and VPC, which the topology gives. */
export interface TopologyAlbFrontDoorOptions extends AlbFrontDoorOptions {}

/** The options of an NLB front door: every {@link NlbFrontDoorProps} prop but the gateway and VPC, which the topology gives. */
export interface TopologyNlbFrontDoorOptions extends NlbFrontDoorOptions {}

/**
 * What stands in front of the gateway of a {@link GatewayTopology}. Enum-like: build one
 * with a static factory. A front door needs a REST gateway, which the topology then makes
 * PRIVATE.
 */
export class TopologyFrontDoor {
  /**
   * An internet-facing ALB in front of the private REST API.
   *
   * @example
   * TopologyFrontDoor.alb({ domainName: 'api.example.com', hostedZone: zone, aliasRecord: { zone } })
   */
  public static alb(options: TopologyAlbFrontDoorOptions): TopologyFrontDoor {
    return new TopologyFrontDoor(TopologyFrontDoorType.ALB, options, undefined);
  }

  /**
   * An internet-facing (or internal) NLB in front of the private REST API.
   *
   * @example
   * TopologyFrontDoor.nlb({ domainName: 'api.example.com', hostedZone: zone, elasticIps: NlbElasticIps.create() })
   */
  public static nlb(options: TopologyNlbFrontDoorOptions): TopologyFrontDoor {
    return new TopologyFrontDoor(TopologyFrontDoorType.NLB, undefined, options);
  }

  /**
   * No front door: the gateway is the edge.
   *
   * @example
   * TopologyFrontDoor.none()
   */
  public static none(): TopologyFrontDoor {
    return new TopologyFrontDoor(TopologyFrontDoorType.NONE, undefined, undefined);
  }

  private constructor(
    /** The load balancer kind. */
    public readonly type: TopologyFrontDoorType,
    /** The options of an ALB front door. */
    public readonly albOptions?: TopologyAlbFrontDoorOptions,
    /** The options of an NLB front door. */
    public readonly nlbOptions?: TopologyNlbFrontDoorOptions,
  ) {}
}
