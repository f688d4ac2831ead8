import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { edgeLabel, ManifestTopology } from '../../lib/manifest/topology-manifest';
import { CliSynthOptions, sharedCdkSynth } from '../helpers/cli-synth';

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

/** The text elements of an SVG, with Graphviz's character references decoded and the padding around edge labels trimmed. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .trim());
}

/** The size of an SVG Graphviz wrote, in CSS pixels (Graphviz sizes it in points, 72 per inch). */
export function svgPixelSize(svg: string): { width: number; height: number } {
  const m = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
  if (!m) throw new Error('not an SVG Graphviz wrote: no width and height in points');
  return { width: Math.ceil((Number(m[1]) * 4) / 3), height: Math.ceil((Number(m[2]) * 4) / 3) };
}

/** The machine's headless Chromium (Debian's `chromium` package), if installed. */
export function findChromium(): string | undefined {
  for (const candidate of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Renders a page (an SVG file) to a PNG screenshot of the given size with headless Chromium, offline and sandboxed from the user's profile. */
export function screenshot(chromium: string, file: string, png: string, size: { width: number; height: number }): void {
  const profile = mkdtempSync(path.join(tmpdir(), 'cdk-gt-chromium-'));
  try {
    execFileSync(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--hide-scrollbars',
      `--window-size=${size.width},${size.height}`, `--screenshot=${png}`, pathToFileURL(file).href,
    ], { stdio: 'pipe', timeout: 120_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Synthesizes an app folder (one with a cdk.json) with the real cdk CLI; resolves to its
 * output folder, which the caller only reads. The synth is shared with the other test files
 * of the run that synthesize the app with the same options (`sharedCdkSynth`).
 */
export async function cdkSynth(appDir: string, options: CliSynthOptions = {}): Promise<string> {
  return (await sharedCdkSynth(appDir, options)).outdir;
}

/** The edges of a topology as `from -> to: label`, by node title; control edges (WAF, authorizers) as `~>`. */
export function edgesOf(topology: ManifestTopology): string[] {
  const title = (id: string) => topology.nodes.find((n) => n.id === id)!.label;
  return topology.edges.map((e) => `${title(e.from)} ${e.role === 'control' ? '~>' : '->'} ${title(e.to)}: ${edgeLabel(e)}`);
}
