import { edgeLabel, ManifestTopology } from '../../lib/manifest/topology-manifest';
import { groupsOf } from '../../lib/diagram/groups';
import { renderSvg } from '../../lib/diagram/render-svg';
import { topologyToDot } from '../../lib/diagram/to-dot';
import { topologyToMermaid } from '../../lib/diagram/to-mermaid';
import { mermaidEdges, mermaidNodes, mermaidProblems, svgTexts } from './diagram-helpers';

/** A small edge: clients → WAF-guarded ALB → VPC endpoint → REST API → VPC link → NLB → service. */
const TOPOLOGY: ManifestTopology = {
  region: 'eu-west-1',
  vpcs: [{ id: 'App/Vpc', label: 'VPC Vpc' }],
  nodes: [
    { id: 'clients:internet', kind: 'clients', label: 'Clients', details: ['internet'], placement: 'internet' },
    { id: 'App/Alb', kind: 'load-balancer', label: 'ALB (internet-facing)', details: ['HTTPS 443'], placement: 'public', vpc: 'App/Vpc' },
    { id: 'App/Waf', kind: 'waf', label: 'AWS WAF web ACL', details: [], placement: 'region' },
    { id: 'App/Endpoint', kind: 'vpc-endpoint', label: 'execute-api VPC endpoint', details: [], placement: 'private', vpc: 'App/Vpc' },
    { id: 'App/Api', kind: 'gateway', label: 'REST API "orders" <v2>', details: ['stage prod & more'], placement: 'region' },
    { id: 'App/Link', kind: 'vpc-link', label: 'VPC link v1', details: [], placement: 'private', vpc: 'App/Vpc' },
    { id: 'App/Orders', kind: 'load-balancer', label: 'internal NLB', details: ['TCP 80'], placement: 'private', vpc: 'App/Vpc' },
    { id: 'App/Orders/Service', kind: 'service', label: 'ECS service orders', details: ['Fargate'], placement: 'private', vpc: 'App/Vpc' },
  ],
  edges: [
    { from: 'clients:internet', to: 'App/Alb', protocol: 'HTTPS', port: 443, role: 'request' },
    { from: 'App/Waf', to: 'App/Alb', protocol: 'inspects', role: 'control' },
    { from: 'App/Alb', to: 'App/Endpoint', protocol: 'HTTPS', port: 443, note: 'IP targets', role: 'request' },
    { from: 'App/Endpoint', to: 'App/Api', protocol: 'HTTPS', port: 443, role: 'request' },
    { from: 'App/Api', to: 'App/Link', protocol: 'HTTP', port: 80, role: 'request' },
    { from: 'App/Link', to: 'App/Orders', protocol: 'HTTP', port: 80, role: 'request' },
    { from: 'App/Orders', to: 'App/Orders/Service', protocol: 'HTTP', port: 8080, role: 'request' },
  ],
};

describe('the DOT graph', () => {
  let svg: string;
  let texts: string[];
  beforeAll(() => {
    svg = renderSvg(topologyToDot(TOPOLOGY, { title: 'App' }));
    texts = svgTexts(svg);
  });

  test('is laid out by Graphviz into an SVG with one node per part and every edge', () => {
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg [^>]*width="\d+pt" height="\d+pt"/);
    expect(svg.match(/<g id="node\d+" class="node">/g)).toHaveLength(TOPOLOGY.nodes.length);
    expect(svg.match(/<g id="edge\d+" class="edge">/g)).toHaveLength(TOPOLOGY.edges.length);
    for (const edge of TOPOLOGY.edges) expect(texts).toContain(edgeLabel(edge));
    for (const node of TOPOLOGY.nodes) expect(texts).toContain(node.label);
  });

  test('draws the internet, the region, the VPC and its subnets as boxes', () => {
    const clusters = [...svg.matchAll(/<g id="clust\d+" class="cluster">\s*<title>cluster_(\w+)<\/title>/g)].map((m) => m[1]);
    expect(clusters).toEqual(['internet', 'region', 'vpc1', 'vpc1_public', 'vpc1_private']);
    for (const label of ['Internet', 'AWS eu-west-1', 'VPC Vpc', 'public subnets', 'private subnets']) expect(texts).toContain(label);
  });

  test('escapes quotes, ampersands and angle brackets in labels', () => {
    expect(svg).toContain('REST API &quot;orders&quot; &lt;v2&gt;');
    expect(texts).toContain('stage prod & more');
    expect(svg).not.toContain('<v2>');
  });

  test('draws control edges (a WAF, an authorizer) dashed', () => {
    const dot = topologyToDot(TOPOLOGY);
    expect(dot).toMatch(/n3 -> n2 \[label=<&#160;inspects&#160;>, style=dashed/);
    expect(dot).not.toMatch(/n1 -> n2 [^\n]*dashed/);
  });

  test('leaves out boxes with no parts', () => {
    const regional: ManifestTopology = { vpcs: [], nodes: [TOPOLOGY.nodes[0], { ...TOPOLOGY.nodes[4] }], edges: [] };
    expect(groupsOf(regional).map((g) => g.id)).toEqual(['internet', 'region']);
    expect(groupsOf({ ...regional, nodes: [TOPOLOGY.nodes[4]] }).map((g) => [g.id, g.label])).toEqual([['region', 'AWS']]);
  });
});

describe('Graphviz', () => {
  test('refuses an invalid graph with its own message', () => {
    expect(() => renderSvg('digraph { a -> }')).toThrow(/Graphviz refused the topology diagram: syntax error in line 1/);
  });
});

describe('the Mermaid flowchart', () => {
  const mermaid = topologyToMermaid(TOPOLOGY);

  test('is flowchart syntax with balanced subgraphs and edges between declared nodes', () => {
    expect(mermaidProblems(mermaid)).toEqual([]);
  });

  test('has the same nodes, boxes and labelled edges as the DOT graph', () => {
    expect([...mermaidNodes(mermaid).values()].map((l) => l.split('\n')[0]).sort()).toEqual(TOPOLOGY.nodes.map((n) => n.label).sort());
    expect(mermaidEdges(mermaid)).toEqual([
      'Clients -> ALB (internet-facing): HTTPS 443',
      'AWS WAF web ACL ~> ALB (internet-facing): inspects',
      'ALB (internet-facing) -> execute-api VPC endpoint: HTTPS 443 IP targets',
      'execute-api VPC endpoint -> REST API "orders" <v2>: HTTPS 443',
      'REST API "orders" <v2> -> VPC link v1: HTTP 80',
      'VPC link v1 -> internal NLB: HTTP 80',
      'internal NLB -> ECS service orders: HTTP 8080',
    ]);
    expect(mermaid.match(/^\s*subgraph (\w+)/gm)!.map((s) => s.trim().split(' ')[1])).toEqual(['internet', 'region', 'vpc1', 'vpc1_public', 'vpc1_private']);
  });

  test('writes quotes and angle brackets as Mermaid entity codes', () => {
    expect(mermaid).toContain('REST API #quot;orders#quot; #lt;v2#gt;');
  });

  test('the structure check catches what Mermaid would refuse', () => {
    expect(mermaidProblems('flowchart LR\n  subgraph a["A"]\n  n1["x"]\n  n1 -->|"y"| n2\n')).toEqual([
      '1 subgraph(s) not closed', 'line 4: edge end n2 is not a declared node',
    ]);
    expect(mermaidProblems('flowchart LR\n  n1["say "hi""]\n')).toEqual(['line 2 is not flowchart syntax this check knows: n1["say "hi""]']);
  });
});
