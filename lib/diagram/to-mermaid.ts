import { edgeLabel, ManifestTopology, TopologyNode } from '../manifest/topology-manifest';
import { DiagramGroup, GROUP_STYLE, groupsOf, NODE_STYLE, nodeIds } from './groups';

/**
 * The topology as a Mermaid flowchart (for READMEs and developer portals that render
 * Mermaid): the same boxes, nodes and labelled edges as the SVG, left to right.
 */
export function topologyToMermaid(topology: ManifestTopology): string {
  const ids = nodeIds(topology);
  const lines = ['flowchart LR'];
  for (const group of groupsOf(topology)) lines.push(...mermaidGroup(group, ids, '  '));
  for (const edge of topology.edges) {
    const arrow = edge.role === 'control' ? '-.->' : '-->';
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${text(edgeLabel(edge))}"| ${ids.get(edge.to)}`);
  }
  const kinds = [...new Set(topology.nodes.map((n) => n.kind))];
  for (const kind of kinds) {
    const style = NODE_STYLE[kind];
    lines.push(`  classDef ${className(kind)} fill:${style.fill},stroke:${style.stroke},color:#1a202c`);
    lines.push(`  class ${topology.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id)).join(',')} ${className(kind)}`);
  }
  for (const group of flatten(groupsOf(topology))) {
    const style = GROUP_STYLE[group.kind];
    lines.push(`  style ${group.id} fill:${style.fill},stroke:${style.stroke}${style.dashed ? ',stroke-dasharray:4 3' : ''}`);
  }
  return lines.join('\n') + '\n';
}

function mermaidGroup(group: DiagramGroup, ids: Map<string, string>, indent: string): string[] {
  const lines = [`${indent}subgraph ${group.id}["${text(group.label)}"]`];
  for (const node of group.nodes) lines.push(`${indent}  ${mermaidNode(node, ids.get(node.id)!)}`);
  for (const inner of group.groups) lines.push(...mermaidGroup(inner, ids, `${indent}  `));
  lines.push(`${indent}end`);
  return lines;
}

function mermaidNode(node: TopologyNode, id: string): string {
  return `${id}["<b>${text(node.label)}</b>${node.details.map((d) => `<br/><small>${text(d)}</small>`).join('')}"]`;
}

function flatten(groups: DiagramGroup[]): DiagramGroup[] {
  return groups.flatMap((g) => [g, ...flatten(g.groups)]);
}

/** `load-balancer` → `loadBalancer`: class names without `-`. */
function className(kind: string): string {
  return kind.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as Mermaid's entity codes. */
function text(value: string): string {
  return value.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
