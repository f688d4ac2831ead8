import { IConstruct } from 'constructs';

/** The metadata type under which each part of a topology describes itself for the synth summary. */
export const PART_METADATA_TYPE = 'cdk-gateway-topology:part';

/**
 * Records a one-line description of a part (front door, service, translator) in the cloud
 * assembly, where `scripts/synth-summary.mjs` prints it. Tokens are not resolved here, so
 * describe parts by values known at synth.
 */
export function recordPart(part: IConstruct, kind: string, description: string): void {
  part.node.addMetadata(PART_METADATA_TYPE, { kind, description });
}
