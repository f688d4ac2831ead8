import { ManifestTopology, TopologyNode } from '../manifest/topology-manifest';

/** A box of the diagram: the internet, the AWS region, a VPC, or a VPC's public or private subnets. */
export interface DiagramGroup {
  /** An id safe in DOT and Mermaid (`internet`, `vpc1_private`). */
  readonly id: string;
  /** The title. */
  readonly label: string;
  /** What the box stands for; the renderers style by it. */
  readonly kind: 'internet' | 'region' | 'vpc' | 'public' | 'private';
  /** The nodes directly inside. */
  readonly nodes: TopologyNode[];
  /** The boxes inside. */
  readonly groups: DiagramGroup[];
}

/**
 * The boxes of a topology, outermost first: the internet beside the AWS region, which holds
 * the regional services and one box per VPC with its public and private subnets. Empty boxes
 * are left out.
 */
export function groupsOf(topology: ManifestTopology): DiagramGroup[] {
  const vpcIds = [...topology.vpcs.map((v) => v.id)];
  if (topology.nodes.some((n) => (n.placement === 'public' || n.placement === 'private') && n.vpc === undefined)) vpcIds.push('');
  const vpcGroups: DiagramGroup[] = vpcIds.map((vpcId, i) => {
    const inVpc = (placement: string) => topology.nodes.filter((n) => n.placement === placement && (n.vpc ?? '') === vpcId);
    const subnets: DiagramGroup[] = [
      { id: `vpc${i + 1}_public`, label: 'public subnets', kind: 'public', nodes: inVpc('public'), groups: [] },
      { id: `vpc${i + 1}_private`, label: 'private subnets', kind: 'private', nodes: inVpc('private'), groups: [] },
    ].filter((g) => g.nodes.length > 0) as DiagramGroup[];
    const label = topology.vpcs.find((v) => v.id === vpcId)?.label ?? 'VPC';
    return { id: `vpc${i + 1}`, label, kind: 'vpc' as const, nodes: [], groups: subnets };
  }).filter((g) => g.groups.length > 0);
  const internet: DiagramGroup = { id: 'internet', label: 'Internet', kind: 'internet', nodes: topology.nodes.filter((n) => n.placement === 'internet'), groups: [] };
  const region: DiagramGroup = {
    id: 'region', label: topology.region ? `AWS ${topology.region}` : 'AWS', kind: 'region',
    nodes: topology.nodes.filter((n) => n.placement === 'region'), groups: vpcGroups,
  };
  return [internet, region].filter((g) => g.nodes.length > 0 || g.groups.length > 0);
}

/** Short ids for the nodes (`n1`, `n2`, ...), in the topology's order: construct paths are not ids DOT or Mermaid take. */
export function nodeIds(topology: ManifestTopology): Map<string, string> {
  return new Map(topology.nodes.map((n, i) => [n.id, `n${i + 1}`]));
}

/** The look of each kind of node, shared by the SVG and the Mermaid diagram. */
export const NODE_STYLE: Record<TopologyNode['kind'], { readonly fill: string; readonly stroke: string }> = {
  'clients': { fill: '#edf2f7', stroke: '#4a5568' },
  'waf': { fill: '#fde2e1', stroke: '#c53030' },
  'load-balancer': { fill: '#ede4fb', stroke: '#6b46c1' },
  'vpc-endpoint': { fill: '#dbeafe', stroke: '#2b6cb0' },
  'gateway': { fill: '#fce4ef', stroke: '#b83280' },
  'vpc-link': { fill: '#d9f5f7', stroke: '#2c7a7b' },
  'service': { fill: '#fdecd2', stroke: '#c05621' },
  'grpc-service': { fill: '#fdecd2', stroke: '#9c4221' },
  'function': { fill: '#fef6d0', stroke: '#b7791f' },
  'authorizer': { fill: '#f3eefe', stroke: '#805ad5' },
  'external': { fill: '#f7fafc', stroke: '#718096' },
};

/** The look of each kind of box. */
export const GROUP_STYLE: Record<DiagramGroup['kind'], { readonly fill: string; readonly stroke: string; readonly dashed: boolean }> = {
  internet: { fill: '#ffffff', stroke: '#a0aec0', dashed: true },
  region: { fill: '#fffaf3', stroke: '#dd6b20', dashed: false },
  vpc: { fill: '#f3faf5', stroke: '#38a169', dashed: false },
  public: { fill: '#e8f4fd', stroke: '#3182ce', dashed: true },
  private: { fill: '#eef7f1', stroke: '#2f855a', dashed: true },
};
