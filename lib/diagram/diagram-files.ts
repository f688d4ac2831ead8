import { writeFileSync } from 'fs';
import * as path from 'path';
import { ManifestTopology, topologyDiagramFileNames } from '../manifest/topology-manifest';
import { renderSvg } from './render-svg';
import { topologyToDot } from './to-dot';
import { topologyToMermaid } from './to-mermaid';

/** The diagram files written for one stack, as paths. */
export interface DiagramFiles {
  /** `<artifactId>.topology.svg`. */
  readonly svg: string;
  /** `<artifactId>.topology.mmd`. */
  readonly mermaid: string;
}

/** Writes `<artifactId>.topology.svg` (laid out by Graphviz) and `<artifactId>.topology.mmd` into `dir`. */
export function writeDiagramFiles(topology: ManifestTopology, dir: string, artifactId: string, title: string): DiagramFiles {
  const names = topologyDiagramFileNames(artifactId);
  const files = { svg: path.join(dir, names.svg), mermaid: path.join(dir, names.mermaid) };
  writeFileSync(files.svg, renderSvg(topologyToDot(topology, { title })));
  writeFileSync(files.mermaid, topologyToMermaid(topology));
  return files;
}
