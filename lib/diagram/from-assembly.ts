import { mkdirSync } from 'fs';
import { readAssemblyManifests } from '../verify/cloud-assembly';
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
  const manifests = readAssemblyManifests(assemblyDir, (message) => new DiagramInputError(message));
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
