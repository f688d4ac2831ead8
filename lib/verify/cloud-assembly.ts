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

/** A stack's route manifest, with the assembly directory that holds it. */
export interface AssemblyManifest {
  /** The (nested) assembly directory of the stack. */
  readonly dir: string;
  /** The stack's route manifest. */
  readonly manifest: RouteManifest;
}

/** Makes the error a reader of the assembly fails with, from its message. */
export type AssemblyErrorFactory = (message: string) => Error;

const usageError: AssemblyErrorFactory = (message) => new VerifyUsageError(message);

/**
 * Reads the route manifest of every stack of a cloud assembly (`cdk.out`) that has one,
 * nested assemblies (stages) included, each found by the file its stack's metadata names
 * (or the default name). Fails with `fail`'s error (a {@link VerifyUsageError} by default)
 * when the directory is not an assembly or a manifest cannot be read or is of a newer format.
 */
export function readAssemblyManifests(dir: string, fail: AssemblyErrorFactory = usageError): AssemblyManifest[] {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw fail(`${dir} is not a cloud assembly (no manifest.json): run \`cdk synth\` first, or point --app at the cdk.out directory`);
  }
  const out: AssemblyManifest[] = [];
  collect(dir, out, new Set(), fail);
  return out;
}

/**
 * Reads every gateway of a cloud assembly's route manifests (see {@link readAssemblyManifests}).
 * Fails with a {@link VerifyUsageError} as that does, and when no stack has gateways.
 */
export function readAssemblyGateways(dir: string): AssemblyGateway[] {
  const out = readAssemblyManifests(dir).flatMap(({ manifest }) => manifest.gateways.map((gateway) => ({ manifest, gateway })));
  if (out.length === 0) {
    throw new VerifyUsageError(`no gateway in the cloud assembly ${dir}: synthesize an app with an HttpGateway or RestGateway (built with cdk-gateway-topology 0.1 or later)`);
  }
  return out;
}

function collect(dir: string, out: AssemblyManifest[], seen: Set<string>, fail: AssemblyErrorFactory): void {
  const real = path.resolve(dir);
  if (seen.has(real)) return;
  seen.add(real);
  let assembly: { artifacts?: Record<string, any> };
  try {
    assembly = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch (e) {
    throw fail(`cannot read ${path.join(dir, 'manifest.json')}: ${(e as Error).message}; run \`cdk synth\` again`);
  }
  for (const [artifactId, artifact] of Object.entries(assembly.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      collect(path.join(dir, artifact.properties.directoryName), out, seen, fail);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const named = manifestFileOf(dir, artifact) ?? routeManifestFileName(artifactId);
    const file = path.join(dir, named);
    if (!existsSync(file)) continue;
    out.push({ dir, manifest: parseRouteManifest(readFileSync(file, 'utf8'), file, fail) });
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

/** Parses and checks a route manifest, failing with `fail`'s error (a {@link VerifyUsageError} by default). */
export function parseRouteManifest(text: string, file: string, fail: AssemblyErrorFactory = usageError): RouteManifest {
  let manifest: RouteManifest;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw fail(`${file} is not JSON (${(e as Error).message}): run \`cdk synth\` again`);
  }
  if (manifest?.schema !== ROUTE_MANIFEST_SCHEMA || typeof manifest.version !== 'number') {
    throw fail(`${file} is not a route manifest (schema "${String(manifest?.schema)}"): run \`cdk synth\` again`);
  }
  if (manifest.version > ROUTE_MANIFEST_VERSION) {
    throw fail(`${file} is route manifest version ${manifest.version}; this verify reads version ${ROUTE_MANIFEST_VERSION}: use the cdk-gateway-topology version the app was synthesized with`);
  }
  return manifest;
}
