import { edgeLabel, ManifestTopology, TopologyNode } from '../manifest/topology-manifest';
import { DiagramGroup, GROUP_STYLE, groupsOf, NODE_STYLE, nodeIds } from './groups';

/** Options of {@link topologyToDot}. */
export interface DotOptions {
  /**
   * A title above the diagram.
   * @default - none
   */
  readonly title?: string;
}

// Graphviz measures text with its own metrics for a few font names; Arial is one, so boxes
// fit their text wherever the SVG is shown (Helvetica and Liberation Sans share its metrics).
const FONT = 'Arial';

/**
 * The topology as a Graphviz DOT graph, left to right in the order a request travels:
 * boxes for the internet, the region, each VPC and its subnets; one node per part with its
 * details; request edges solid and labelled with protocol and port, control edges dashed.
 */
export function topologyToDot(topology: ManifestTopology, options: DotOptions = {}): string {
  const ids = nodeIds(topology);
  const lines: string[] = [
    'digraph topology {',
    `  graph [rankdir=TB, fontname="${FONT}", fontsize=13, nodesep=0.7, ranksep=0.5, pad=0.25, bgcolor="#ffffff", `
      + `newrank=true, splines=true, labelloc=t, labeljust=l${options.title ? `, label=<<B>${html(options.title)}</B>>` : ''}];`,
    `  node [shape=box, style="rounded,filled", fontname="${FONT}", fontsize=11, penwidth=1.3, margin="0.14,0.06"];`,
    `  edge [fontname="${FONT}", fontsize=10, color="#4a5568", fontcolor="#1a202c", penwidth=1.1, arrowsize=0.7];`,
  ];
  for (const group of groupsOf(topology)) lines.push(...dotGroup(group, ids, '  '));
  const gateways = new Set(topology.nodes.filter((n) => n.kind === 'gateway').map((n) => n.id));
  for (const edge of topology.edges) {
    const control = edge.role === 'control';
    // A gateway fans out to many integrations: a longer edge keeps their labels apart.
    const fanOut = !control && gateways.has(edge.from) ? ', minlen=2' : '';
    // A no-break space each side keeps labels of neighbouring edges from running together.
    lines.push(`  ${ids.get(edge.from)} -> ${ids.get(edge.to)} [label=<&#160;${html(edgeLabel(edge))}&#160;>${fanOut}`
      + `${control ? ', style=dashed, color="#805ad5", fontcolor="#553c9a", arrowhead=odot' : ''}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function dotGroup(group: DiagramGroup, ids: Map<string, string>, indent: string): string[] {
  const style = GROUP_STYLE[group.kind];
  const lines = [
    `${indent}subgraph cluster_${group.id} {`,
    `${indent}  label=<<B>${html(group.label)}</B>>; fontsize=${group.kind === 'public' || group.kind === 'private' ? 10 : 12}; `
      + `style="rounded,filled${style.dashed ? ',dashed' : ''}"; fillcolor="${style.fill}"; color="${style.stroke}"; fontcolor="${style.stroke}"; margin=12;`,
  ];
  for (const node of group.nodes) lines.push(`${indent}  ${dotNode(node, ids.get(node.id)!)}`);
  for (const inner of group.groups) lines.push(...dotGroup(inner, ids, `${indent}  `));
  lines.push(`${indent}}`);
  return lines;
}

function dotNode(node: TopologyNode, id: string): string {
  const style = NODE_STYLE[node.kind];
  const details = node.details.map((d) => `<BR/><FONT POINT-SIZE="9" COLOR="#4a5568">${html(d)}</FONT>`).join('');
  const shape = node.kind === 'clients' || node.kind === 'external' ? ', shape=box, style="rounded,filled,dashed"' : '';
  return `${id} [label=<<B>${html(node.label)}</B>${details}>, fillcolor="${style.fill}", color="${style.stroke}"${shape}];`;
}

/** Text for a Graphviz HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
