import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ManifestTopology, TopologyEdge, TopologyNode, TopologyVpc } from './topology-manifest';

/** A node as a construct records it: its VPC as the construct, not yet as an id. */
export interface RecordedNode extends Omit<TopologyNode, 'vpc'> {
  /** The VPC of a `public` or `private` node. */
  readonly vpc?: IConstruct;
  /**
   * A stand-in another construct describes better: a gateway records the backends it reaches
   * this way, and the backend's own record, when there is one, replaces it.
   */
  readonly weak?: boolean;
}

/** What one construct adds to its stack's topology. */
export interface TopologyFragment {
  readonly nodes: RecordedNode[];
  readonly edges: TopologyEdge[];
}

/**
 * Merges the fragments of a stack: a node recorded twice (a shared VPC link) is kept once,
 * a weak stand-in gives way to the part's own record, an edge is kept once, and a VPC
 * endpoint no front door reaches gets the clients inside its VPC in front of it.
 */
export function mergeTopology(stack: Stack, fragments: TopologyFragment[]): ManifestTopology {
  const nodes = new Map<string, TopologyNode & { weak?: boolean }>();
  const vpcs = new Map<string, TopologyVpc>();
  const edges = new Map<string, TopologyEdge>();
  const vpcOf = (vpc: IConstruct | undefined): string | undefined => {
    if (!vpc) return undefined;
    const id = vpc.node.path;
    if (!vpcs.has(id)) vpcs.set(id, { id, label: `VPC ${relativePath(stack, vpc)}` });
    return id;
  };
  for (const fragment of fragments) {
    for (const { vpc, weak, ...node } of fragment.nodes) {
      const existing = nodes.get(node.id);
      if (existing && (weak || !existing.weak)) continue;
      const vpcId = vpcOf(vpc);
      nodes.set(node.id, { ...node, ...(vpcId ? { vpc: vpcId } : {}), ...(weak ? { weak } : {}) });
    }
    for (const edge of fragment.edges) {
      const key = [edge.from, edge.to, edge.protocol, edge.port, edge.note, edge.role].join('|');
      if (!edges.has(key)) edges.set(key, edge);
    }
  }
  for (const endpoint of [...nodes.values()].filter((n) => n.kind === 'vpc-endpoint')) {
    if ([...edges.values()].some((e) => e.to === endpoint.id && e.role === 'request')) continue;
    const id = `clients:${endpoint.vpc ?? 'vpc'}`;
    nodes.set(id, { id, kind: 'clients', label: 'Clients in the VPC', details: ['private DNS or endpoint URL'], placement: 'private', ...(endpoint.vpc ? { vpc: endpoint.vpc } : {}) });
    edges.set(`${id}|${endpoint.id}`, { from: id, to: endpoint.id, protocol: 'HTTPS', port: 443, role: 'request' });
  }
  for (const edge of edges.values()) {
    for (const end of [edge.from, edge.to]) {
      if (!nodes.has(end)) throw new Error(`the topology has an edge to ${end}, which no part recorded`);
    }
  }
  const region = stack.region;
  return {
    ...(!Token.isUnresolved(region) ? { region } : {}),
    vpcs: [...vpcs.values()],
    nodes: [...nodes.values()].map(({ weak: _weak, ...node }) => node),
    edges: [...edges.values()],
  };
}

/** A construct's path below its stack (`Edge/Vpc`). */
export function relativePath(stack: Stack, construct: IConstruct): string {
  const prefix = `${stack.node.path}/`;
  return construct.node.path.startsWith(prefix) ? construct.node.path.slice(prefix.length) : construct.node.path;
}
