/**
 * A structural check of the Mermaid flowcharts lib/diagram writes: the grammar subset they
 * use (flowchart header, subgraph ... end, quoted node and edge labels, classDef, class,
 * style), balanced subgraphs, every node declared once, and edges between declared nodes.
 * Returns the problems found, none for a valid chart.
 */
export function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines[0] !== 'flowchart LR' && lines[0] !== 'flowchart TB') problems.push(`line 1 is not a flowchart header: ${lines[0]}`);
  const QUOTED = '"[^"]*"';
  const ID = '[A-Za-z][A-Za-z0-9_]*';
  const patterns = {
    subgraph: new RegExp(`^subgraph (${ID})\\[${QUOTED}\\]$`),
    end: /^end$/,
    node: new RegExp(`^(${ID})\\[(${QUOTED})\\]$`),
    edge: new RegExp(`^(${ID}) (-->|-\\.->)\\|(${QUOTED})\\| (${ID})$`),
    classDef: new RegExp(`^classDef (${ID}) [a-z-]+:[^\\s,]+(,[a-z-]+:[^,]+)*$`),
    class: new RegExp(`^class (${ID}(,${ID})*) (${ID})$`),
    style: new RegExp(`^style (${ID}) [a-z-]+:[^,]+(,[a-z-]+:[^,]+)*$`),
  };
  const nodes = new Set<string>();
  const groups = new Set<string>();
  const edges: Array<[string, string, number]> = [];
  const classUses: Array<[string[], number]> = [];
  let depth = 0;
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = patterns.subgraph.exec(line))) {
      depth++;
      if (groups.has(m[1]) || nodes.has(m[1])) problems.push(`line ${n}: ${m[1]} declared twice`);
      groups.add(m[1]);
    } else if (patterns.end.test(line)) {
      depth--;
      if (depth < 0) problems.push(`line ${n}: end without subgraph`);
    } else if ((m = patterns.node.exec(line))) {
      if (nodes.has(m[1]) || groups.has(m[1])) problems.push(`line ${n}: ${m[1]} declared twice`);
      if (m[1] === 'end') problems.push(`line ${n}: "end" cannot be a node id`);
      nodes.add(m[1]);
    } else if ((m = patterns.edge.exec(line))) {
      edges.push([m[1], m[4], n]);
    } else if ((m = patterns.class.exec(line))) {
      classUses.push([m[1].split(','), n]);
    } else if (!patterns.classDef.test(line) && !patterns.style.test(line)) {
      problems.push(`line ${n} is not flowchart syntax this check knows: ${line}`);
    }
  });
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
  for (const [from, to, n] of edges) {
    for (const end of [from, to]) if (!nodes.has(end)) problems.push(`line ${n}: edge end ${end} is not a declared node`);
  }
  for (const [ids, n] of classUses) for (const id of ids) if (!nodes.has(id)) problems.push(`line ${n}: class names undeclared node ${id}`);
  return problems;
}

/** The node ids of a Mermaid chart with their label text (HTML tags removed, entity codes decoded). */
export function mermaidNodes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^\s*(n\d+)\["([^"]*)"\]$/gm)) out.set(m[1], decode(m[2]));
  return out;
}

/** The edges of a Mermaid chart as `from --label--> to` with node labels' first lines. */
export function mermaidEdges(text: string): string[] {
  const nodes = mermaidNodes(text);
  const title = (id: string) => nodes.get(id)!.split('\n')[0];
  return [...text.matchAll(/^\s*(n\d+) (-->|-\.->)\|"([^"]*)"\| (n\d+)$/gm)].map((m) => `${title(m[1])} ${m[2] === '-->' ? '->' : '~>'} ${title(m[4])}: ${decode(m[3])}`);
}

function decode(label: string): string {
  return label.replace(/<br\/>/g, '\n').replace(/<[^>]+>/g, '').replace(/#quot;/g, '"').replace(/#lt;/g, '<').replace(/#gt;/g, '>');
}

/** The text elements of an SVG, with Graphviz's character references decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}
