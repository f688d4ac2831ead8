import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import {
  GatewayManifest, ROUTE_MANIFEST_METADATA_TYPE, ROUTE_MANIFEST_SCHEMA, ROUTE_MANIFEST_VERSION, RouteManifest, routeManifestFileName,
} from '../manifest/route-manifest';
import { VerifyUsageError } from './verify-error';

/** A gateway of the cloud assembly, with the stack it was synthesized in. */
export interface AssemblyGateway {
  /** The stack's route manifest. */
  readonly manifest: RouteManifest;
  /** The gateway. */
  readonly gateway: GatewayManifest;
}

/**
 * Reads every route manifest of a cloud assembly (`cdk.out`), nested assemblies (stages)
 * included. Fails with a {@link VerifyUsageError} when the directory is not an assembly, a
 * manifest is of a newer format, or no stack has gateways.
 */
export function readAssemblyGateways(dir: string): AssemblyGateway[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new VerifyUsageError(`${dir} is not a cloud assembly (no manifest.json): run \`cdk synth\` first, or point --app at the cdk.out directory`);
  }
  const out: AssemblyGateway[] = [];
  collect(dir, out, new Set());
  if (out.length === 0) {
    throw new VerifyUsageError(`no gateway in the cloud assembly ${dir}: synthesize an app with an HttpGateway or RestGateway (built with cdk-gateway-topology 0.1 or later)`);
  }
  return out;
}

function collect(dir: string, out: AssemblyGateway[], seen: Set<string>): void {
  const real = path.resolve(dir);
  if (seen.has(real)) return;
  seen.add(real);
  let assembly: { artifacts?: Record<string, any> };
  try {
    assembly = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch (e) {
    throw new VerifyUsageError(`cannot read ${path.join(dir, 'manifest.json')}: ${(e as Error).message}; run \`cdk synth\` again`);
  }
  for (const [artifactId, artifact] of Object.entries(assembly.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      collect(path.join(dir, artifact.properties.directoryName), out, seen);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const named = manifestFileOf(dir, artifact) ?? routeManifestFileName(artifactId);
    const file = path.join(dir, named);
    if (!existsSync(file)) continue;
    const manifest = parseRouteManifest(readFileSync(file, 'utf8'), file);
    for (const gateway of manifest.gateways) out.push({ manifest, gateway });
  }
}

/** The route manifest file named in a stack's metadata, if any. */
function manifestFileOf(dir: string, artifact: any): string | undefined {
  let metadata: Record<string, Array<{ type: string; data?: unknown }>> = artifact.metadata ?? {};
  if (artifact.additionalMetadataFile && existsSync(path.join(dir, artifact.additionalMetadataFile))) {
    metadata = { ...metadata, ...JSON.parse(readFileSync(path.join(dir, artifact.additionalMetadataFile), 'utf8')) };
  }
  for (const entries of Object.values(metadata)) {
    const entry = entries.find((e) => e.type === ROUTE_MANIFEST_METADATA_TYPE && typeof e.data === 'string');
    if (entry) return entry.data as string;
  }
  return undefined;
}

/** Parses and checks a route manifest. */
export function parseRouteManifest(text: string, file: string): RouteManifest {
  let manifest: RouteManifest;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw new VerifyUsageError(`${file} is not JSON (${(e as Error).message}): run \`cdk synth\` again`);
  }
  if (manifest?.schema !== ROUTE_MANIFEST_SCHEMA || typeof manifest.version !== 'number') {
    throw new VerifyUsageError(`${file} is not a route manifest (schema "${String(manifest?.schema)}"): run \`cdk synth\` again`);
  }
  if (manifest.version > ROUTE_MANIFEST_VERSION) {
    throw new VerifyUsageError(`${file} is route manifest version ${manifest.version}; this verify reads version ${ROUTE_MANIFEST_VERSION}: use the cdk-gateway-topology version the app was synthesized with`);
  }
  return manifest;
}
