/**
 * The `topology` section of the route manifest: the parts of a stack's edge (front door, WAF,
 * VPC endpoint, gateways, VPC links, load balancers, services, functions, authorizers) as
 * nodes, and how requests travel between them as edges labelled with protocol and port.
 * The constructs record it (lib/manifest/topology-recorder.ts); `lib/diagram` draws it.
 */

/** What a node is; the diagram gives each kind its own shape and colour. */
export type TopologyNodeKind =
  | 'clients'
  | 'waf'
  | 'load-balancer'
  | 'vpc-endpoint'
  | 'gateway'
  | 'vpc-link'
  | 'service'
  | 'grpc-service'
  | 'function'
  | 'authorizer'
  | 'external';

/**
 * Where a node runs: on the internet, as a regional AWS service outside any VPC, or in a
 * VPC's public or private subnets.
 */
export type TopologyPlacement = 'internet' | 'region' | 'public' | 'private';

/**
 * One part of the topology.
 *
 * @jsii ignore
 */
export interface TopologyNode {
  /** A stable id: the construct path of the part (or a `kind:name` key for parts outside the app). */
  readonly id: string;
  /** What it is. */
  readonly kind: TopologyNodeKind;
  /** The title (`ALB (internet-facing)`). */
  readonly label: string;
  /** Lines under the title (listeners, TLS policy, stage, task size). */
  readonly details: string[];
  /** Where it runs. */
  readonly placement: TopologyPlacement;
  /**
   * The VPC of a `public` or `private` node, by its id in {@link ManifestTopology.vpcs}.
   * @default - a node of no known VPC
   */
  readonly vpc?: string;
}

/**
 * How requests (or, for `control` edges, decisions) travel from one node to another.
 *
 * @jsii ignore
 */
export interface TopologyEdge {
  /** The id of the node requests come from. */
  readonly from: string;
  /** The id of the node they go to. */
  readonly to: string;
  /** The protocol (`HTTPS`, `TLS`, `TCP`, `gRPC`, `Lambda invoke`, `VPC link v2`). */
  readonly protocol: string;
  /**
   * The port.
   * @default - none (a protocol with no port, such as a Lambda invocation)
   */
  readonly port?: number;
  /**
   * A note after protocol and port (`passthrough`, `IP targets`).
   * @default - none
   */
  readonly note?: string;
  /**
   * `request` for the request path; `control` for a part that decides on requests without
   * carrying them (a WAF web ACL, an authorizer).
   */
  readonly role: 'request' | 'control';
}

/**
 * A VPC the nodes run in.
 *
 * @jsii ignore
 */
export interface TopologyVpc {
  /** Its id: the construct path of the VPC. */
  readonly id: string;
  /** The title (`VPC Edge/Vpc`). */
  readonly label: string;
}

/**
 * The topology of a stack.
 *
 * @jsii ignore
 */
export interface ManifestTopology {
  /** The AWS region of the stack, when it names one. */
  readonly region?: string;
  /** The VPCs, in the order first seen. */
  readonly vpcs: TopologyVpc[];
  /** The nodes, in the order first seen. */
  readonly nodes: TopologyNode[];
  /** The edges, in the order first seen, each once. */
  readonly edges: TopologyEdge[];
}

/** The label of an edge: protocol, port and note (`HTTPS 443`, `TCP 443 passthrough`). */
export function edgeLabel(edge: TopologyEdge): string {
  return [edge.protocol, edge.port !== undefined ? String(edge.port) : undefined, edge.note].filter((s) => s !== undefined && s !== '').join(' ');
}

/** The file names of a stack's diagram, beside `<artifactId>.routes.json`. */
export function topologyDiagramFileNames(artifactId: string): { readonly svg: string; readonly mermaid: string } {
  return { svg: `${artifactId}.topology.svg`, mermaid: `${artifactId}.topology.mmd` };
}
