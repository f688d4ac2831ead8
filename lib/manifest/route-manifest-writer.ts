import { writeFileSync } from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, CfnElement, ISynthesisSession, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { openApiFileName, writeOpenApiDocuments } from '../openapi/write-documents';
import {
  GatewayManifest, ROUTE_MANIFEST_METADATA_TYPE, ROUTE_MANIFEST_SCHEMA, ROUTE_MANIFEST_VERSION, RouteManifest,
  routeManifestFileName,
} from './route-manifest';
import { ManifestTopology } from './topology-manifest';
import { mergeTopology, TopologyFragment } from './topology-merge';

/** The id of the writer in each stack; construct ids are public API, so it never changes. */
const WRITER_ID = 'CdkGatewayTopologyRouteManifest';

/**
 * Records a gateway in its stack's route manifest. `produce` runs at synth, after every
 * route was added, so the manifest holds routes added with `addRoute` too.
 */
export function recordRouteManifest(gateway: IConstruct, produce: () => GatewayManifest): void {
  RouteManifestWriter.of(topLevelStack(Stack.of(gateway))).add(gateway.node.path, produce);
}

/**
 * Writes `<artifactId>.routes.json` beside the stack's template when the cloud assembly is
 * synthesized, and names the file in the stack's metadata. The file is not part of the
 * template: changing the manifest format never changes what CloudFormation deploys.
 */
export class RouteManifestWriter extends Construct {
  /** The writer of a stack, created on first use. */
  public static of(stack: Stack): RouteManifestWriter {
    return (stack.node.tryFindChild(WRITER_ID) as RouteManifestWriter | undefined) ?? new RouteManifestWriter(stack, WRITER_ID);
  }

  /** The manifest file name, relative to the cloud assembly directory. */
  public readonly fileName: string;
  private readonly producers: Array<{ path: string; produce: () => GatewayManifest }> = [];
  private readonly topologyProducers: Array<{ path: string; produce: () => TopologyFragment }> = [];

  private constructor(private readonly stack: Stack, id: string) {
    super(stack, id);
    this.fileName = routeManifestFileName(stack.artifactId);
    stack.node.addMetadata(ROUTE_MANIFEST_METADATA_TYPE, this.fileName);
    attachCustomSynthesis(this, { onSynthesize: (session: ISynthesisSession) => this.write(session.outdir) });
  }

  /** Adds a gateway, by its construct path. */
  public add(path: string, produce: () => GatewayManifest): void {
    this.producers.push({ path, produce });
  }

  /** Adds a part of the topology (lib/manifest/topology-recorder.ts), by its construct path. */
  public addTopology(path: string, produce: () => TopologyFragment): void {
    this.topologyProducers.push({ path, produce });
  }

  /** The topology section, when any part recorded itself. */
  public renderTopology(): ManifestTopology | undefined {
    if (this.topologyProducers.length === 0) return undefined;
    return mergeTopology(this.stack, this.topologyProducers.map(({ path, produce }) => {
      try {
        return produce();
      } catch (e) {
        throw new Error(`${path}: cannot record its part of the topology in ${this.fileName}: ${(e as Error).message}`);
      }
    }));
  }

  /** The manifest as it will be written. */
  public render(): RouteManifest {
    const stack = this.stack;
    const topology = this.renderTopology();
    return {
      schema: ROUTE_MANIFEST_SCHEMA,
      version: ROUTE_MANIFEST_VERSION,
      stack: {
        stackName: stack.stackName,
        artifactId: stack.artifactId,
        ...(literal(stack.region) ? { region: stack.region } : {}),
        ...(literal(stack.account) ? { account: stack.account } : {}),
      },
      gateways: this.producers.map(({ path, produce }) => {
        try {
          return { ...produce(), openApiFile: openApiFileName(stack.artifactId, path) };
        } catch (e) {
          throw new Error(`${path}: cannot write the route manifest ${this.fileName}: ${(e as Error).message}`);
        }
      }),
      ...(topology ? { topology } : {}),
    };
  }

  private write(outdir: string): void {
    const manifest = this.render();
    writeFileSync(path.join(outdir, this.fileName), JSON.stringify(manifest, null, 2) + '\n');
    // The OpenAPI document of each gateway, built from the manifest alone (as the CLI rebuilds it).
    writeOpenApiDocuments(manifest, outdir);
  }
}

/** The logical id of an element, resolved, with the nested stacks between it and the top-level stack. */
export function logicalIdOf(element: CfnElement): { logicalId: string; nestedStacks?: string[] } {
  let stack = Stack.of(element);
  const logicalId = stack.resolve(element.logicalId) as string;
  const nestedStacks: string[] = [];
  while (stack.nested && stack.nestedStackResource && stack.nestedStackParent) {
    nestedStacks.unshift(stack.nestedStackParent.resolve(stack.nestedStackResource.logicalId) as string);
    stack = stack.nestedStackParent;
  }
  return nestedStacks.length > 0 ? { logicalId, nestedStacks } : { logicalId };
}

function topLevelStack(stack: Stack): Stack {
  let s = stack;
  while (s.nested && s.nestedStackParent) s = s.nestedStackParent;
  return s;
}

function literal(value: string): boolean {
  return !Token.isUnresolved(value);
}
