import { existsSync, mkdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { RouteManifest, routeManifestFileName } from '../manifest/route-manifest';
import { parseRouteManifest } from '../verify/cloud-assembly';
import { DiagramFiles, writeDiagramFiles } from './diagram-files';

/** The diagram of one stack, written from its route manifest. */
export interface AssemblyDiagram {
  /** The stack's cloud assembly artifact id. */
  readonly artifactId: string;
  /** The files written. */
  readonly files: DiagramFiles;
  /** How many nodes and edges the diagram has. */
  readonly nodes: number;
  readonly edges: number;
}

/** A cloud assembly that cannot be drawn, with what to do about it. */
export class DiagramInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiagramInputError';
  }
}

/**
 * Writes the diagram of every stack of a cloud assembly (nested assemblies of stages
 * included) whose route manifest records a topology, into `outDir` (default: beside each
 * manifest), as synth does.
 */
export function writeAssemblyDiagrams(assemblyDir: string, outDir?: string): AssemblyDiagram[] {
  if (!existsSync(path.join(assemblyDir, 'manifest.json'))) {
    throw new DiagramInputError(`${assemblyDir} is not a cloud assembly (no manifest.json): run \`cdk synth\` first, or point --app at the cdk.out directory`);
  }
  const manifests: Array<{ dir: string; manifest: RouteManifest }> = [];
  collect(assemblyDir, manifests, new Set());
  const drawn = manifests.filter(({ manifest }) => manifest.topology && manifest.topology.nodes.length > 0);
  if (drawn.length === 0) {
    throw new DiagramInputError(manifests.length === 0
      ? `no route manifest in the cloud assembly ${assemblyDir}: synthesize an app with cdk-gateway-topology constructs first`
      : `the route manifests of ${assemblyDir} record no topology: synthesize the app again with this version of cdk-gateway-topology`);
  }
  if (outDir) mkdirSync(outDir, { recursive: true });
  return drawn.map(({ dir, manifest }) => {
    const topology = manifest.topology!;
    return {
      artifactId: manifest.stack.artifactId,
      files: writeDiagramFiles(topology, outDir ?? dir, manifest.stack.artifactId, manifest.stack.stackName),
      nodes: topology.nodes.length,
      edges: topology.edges.length,
    };
  });
}

function collect(dir: string, out: Array<{ dir: string; manifest: RouteManifest }>, seen: Set<string>): void {
  const real = path.resolve(dir);
  if (seen.has(real)) return;
  seen.add(real);
  let assembly: { artifacts?: Record<string, any> };
  try {
    assembly = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch (e) {
    throw new DiagramInputError(`cannot read ${path.join(dir, 'manifest.json')}: ${(e as Error).message}; run \`cdk synth\` again`);
  }
  for (const [artifactId, artifact] of Object.entries(assembly.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      collect(path.join(dir, artifact.properties.directoryName), out, seen);
    } else if (artifact.type === 'aws:cloudformation:stack') {
      const file = path.join(dir, routeManifestFileName(artifactId));
      if (existsSync(file)) out.push({ dir, manifest: parseRouteManifest(readFileSync(file, 'utf8'), file) });
    }
  }
}
