import { attachCustomSynthesis, ISynthesisSession, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { writeDiagramFiles } from '../diagram/diagram-files';
import { RouteManifestWriter } from './route-manifest-writer';
import { RecordedNode, TopologyFragment } from './topology-merge';

export { RecordedNode, TopologyFragment } from './topology-merge';

/** The id of the diagram writer in each stack; construct ids are public API, so it never changes. */
const DIAGRAM_WRITER_ID = 'CdkGatewayTopologyDiagram';

/** The clients of the internet, one node shared by every front door and public API. */
export const INTERNET_CLIENTS: RecordedNode = { id: 'clients:internet', kind: 'clients', label: 'Clients', details: ['internet'], placement: 'internet' };

/**
 * Records a part in its top-level stack's topology. `produce` runs at synth, so it sees routes
 * added after construction; the topology lands in the route manifest and in the diagram files.
 */
export function recordTopology(part: IConstruct, produce: () => TopologyFragment): void {
  const stack = topLevelStack(Stack.of(part));
  RouteManifestWriter.of(stack).addTopology(part.node.path, produce);
  if (!stack.node.tryFindChild(DIAGRAM_WRITER_ID)) new TopologyDiagramWriter(stack, DIAGRAM_WRITER_ID);
}

/** Writes `<artifactId>.topology.svg` and `<artifactId>.topology.mmd` beside the route manifest at synth. */
class TopologyDiagramWriter extends Construct {
  constructor(private readonly stack: Stack, id: string) {
    super(stack, id);
    attachCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        const topology = RouteManifestWriter.of(this.stack).renderTopology();
        if (topology) writeDiagramFiles(topology, session.outdir, this.stack.artifactId, this.stack.stackName);
      },
    });
  }
}

function topLevelStack(stack: Stack): Stack {
  let s = stack;
  while (s.nested && s.nestedStackParent) s = s.nestedStackParent;
  return s;
}
