import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ROUTE_MANIFEST_SCHEMA, ROUTE_MANIFEST_VERSION, RouteManifest } from '../manifest/route-manifest';
import { openApiDocument, OpenApiDocument } from './document';

/**
 * The file name of a gateway's OpenAPI document, beside its stack's route manifest:
 * `<artifactId>.<construct path under the stack, "/" as ".">.openapi.json`.
 */
export function openApiFileName(artifactId: string, constructPath: string): string {
  const parts = constructPath.split('/');
  const local = (parts.length > 1 ? parts.slice(1) : parts).join('.').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${artifactId}.${local}.openapi.json`;
}

/** The documents of a route manifest, by file name. */
export function openApiDocuments(manifest: RouteManifest): Array<{ fileName: string; document: OpenApiDocument }> {
  return manifest.gateways.map((gateway) => ({
    fileName: gateway.openApiFile ?? openApiFileName(manifest.stack.artifactId, gateway.constructPath),
    document: openApiDocument(gateway, manifest.stack),
  }));
}

/** Writes the documents of a route manifest into a folder; returns the paths written. */
export function writeOpenApiDocuments(manifest: RouteManifest, outdir: string): string[] {
  mkdirSync(outdir, { recursive: true });
  return openApiDocuments(manifest).map(({ fileName, document }) => {
    const file = path.join(outdir, fileName);
    writeFileSync(file, JSON.stringify(document, null, 2) + '\n');
    return file;
  });
}

/** A cloud assembly or its manifests that cannot be read, with what to do. */
export class OpenApiAssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiAssemblyError';
  }
}

/**
 * Writes the OpenAPI documents of every route manifest of a cloud assembly (`cdk.out`) into
 * `outdir` (default: the assembly itself, where synth writes them). Nested assemblies
 * (stages) are read too. Returns the files written.
 */
export function writeAssemblyOpenApi(app: string, outdir?: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(app);
  } catch (e) {
    throw new OpenApiAssemblyError(`cannot read the cloud assembly ${app}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; run cdk synth first, or pass --app <dir>`);
  }
  const written: string[] = [];
  for (const entry of entries.sort()) {
    const full = path.join(app, entry);
    if (entry.startsWith('assembly-')) {
      written.push(...writeAssemblyOpenApi(full, outdir ? path.join(outdir, entry) : undefined));
      continue;
    }
    if (!entry.endsWith('.routes.json')) continue;
    const manifest = JSON.parse(readFileSync(full, 'utf8')) as RouteManifest;
    if (manifest.schema !== ROUTE_MANIFEST_SCHEMA || manifest.version > ROUTE_MANIFEST_VERSION) {
      throw new OpenApiAssemblyError(`${full} is not a route manifest this version reads (schema ${manifest.schema}, version ${manifest.version}); upgrade cdk-gateway-topology`);
    }
    written.push(...writeOpenApiDocuments(manifest, outdir ?? app));
  }
  if (written.length === 0 && outdir === undefined && !entries.some((e) => e.startsWith('assembly-'))) {
    throw new OpenApiAssemblyError(`${app} holds no route manifest (*.routes.json): synthesize an app with a RestGateway or HttpGateway first`);
  }
  return written;
}
