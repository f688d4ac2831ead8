// Prints a short summary of a synthesized cloud assembly: stacks and their resource counts,
// the gateways' routes with targets and authorization (from each stack's route manifest,
// <stack>.routes.json), the gateways' OpenAPI documents, the topology diagrams
// (<stack>.topology.svg and .mmd), and the validation verdicts.
// Usage: node scripts/synth-summary.mjs [cdk.out]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'cdk.out';
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const stacks = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack');

const lines = [`Synthesized ${stacks.length} stack(s) into ${dir}`, ''];
const routeBlocks = [];
const diagrams = [];
const contracts = [];
const parts = [];
const acknowledged = { nag: 0, cfn: 0, other: 0 };
let warnings = 0;

for (const [name, artifact] of stacks) {
  const templateFile = artifact.properties.templateFile;
  const template = JSON.parse(readFileSync(join(dir, templateFile), 'utf8'));
  lines.push(`  ${name}: ${Object.keys(template.Resources ?? {}).length} resources, ${kb(join(dir, templateFile))}`);
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const nestedFile = resource.Type === 'AWS::CloudFormation::Stack' && resource.Metadata?.['aws:asset:path'];
    if (nestedFile && existsSync(join(dir, nestedFile))) {
      const nested = JSON.parse(readFileSync(join(dir, nestedFile), 'utf8'));
      lines.push(`    nested ${logicalId}: ${Object.keys(nested.Resources ?? {}).length} resources, ${kb(join(dir, nestedFile))}`);
    }
  }
  // The route manifest (lib/manifest/route-manifest.ts) beside the template holds each
  // gateway's routes; gateways without one (older builds) fall back to their metadata.
  const routeManifestFile = join(dir, `${name}.routes.json`);
  const routeManifest = existsSync(routeManifestFile) ? JSON.parse(readFileSync(routeManifestFile, 'utf8')) : undefined;
  for (const gateway of routeManifest?.gateways ?? []) {
    if (gateway.openApiFile && existsSync(join(dir, gateway.openApiFile))) contracts.push(`  ${gateway.constructPath}: ${join(dir, gateway.openApiFile)}`);
    routeBlocks.push({
      path: gateway.constructPath,
      heading: `${gateway.flavour} API ${gateway.apiName}, stage ${gateway.stage.name}`,
      routes: gateway.routes.map((r) => ({
        method: r.method,
        path: r.path,
        target: r.target.name,
        authorization: [
          r.authorization.description,
          ...(r.authorization.roles ? [`roles=${r.authorization.roles.join(',')}`] : []),
          ...(r.apiKeyRequired ? ['api key'] : []),
          ...(r.throttle ? [`throttle ${r.throttle.rateLimit}/s burst ${r.throttle.burstLimit}`] : []),
        ].join(' '),
      })),
    });
  }
  // The diagram of the stack's topology, written beside the route manifest at synth.
  const svg = `${name}.topology.svg`;
  const mmd = `${name}.topology.mmd`;
  if (existsSync(join(dir, svg))) {
    const topology = routeManifest?.topology;
    diagrams.push(`  ${name}: ${join(dir, svg)} (Graphviz), ${join(dir, mmd)} (Mermaid)`
      + `${topology ? `, ${topology.nodes.length} parts, ${topology.edges.length} connections` : ''}`);
  }
  const metadataFile = artifact.additionalMetadataFile;
  const metadata = metadataFile ? JSON.parse(readFileSync(join(dir, metadataFile), 'utf8')) : artifact.metadata ?? {};
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type === 'cdk-gateway-topology:routes' && !routeManifest) routeBlocks.push({ path, routes: entry.data });
      if (entry.type === 'cdk-gateway-topology:part') parts.push({ path, ...entry.data });
      if (entry.type === 'aws:cdk:warning') warnings++;
      if (entry.type === 'aws:cdk:acknowledged-rules') {
        for (const id of Object.keys(entry.data)) {
          if (id.includes('AwsSolutions-')) acknowledged.nag++;
          else if (id.startsWith('CloudFormation-Validate')) acknowledged.cfn++;
          else acknowledged.other++;
        }
      }
    }
  }
}

// Front doors first, then translators, then the services behind them: the order a request takes.
const ORDER = ['front door', 'translator', 'gRPC service', 'service'];
if (parts.length > 0) {
  lines.push('', 'Topology:');
  for (const part of [...parts].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))) {
    lines.push(`  ${part.kind.padEnd(12)}  ${part.path}: ${part.description}`);
  }
}

if (contracts.length > 0) lines.push('', 'API contracts (OpenAPI 3.1):', ...contracts);
if (diagrams.length > 0) lines.push('', 'Diagrams:', ...diagrams);

for (const block of routeBlocks) {
  lines.push('', `Routes of ${block.path} (${block.heading ? `${block.heading}, ${block.routes.length} routes` : block.routes.length}):`);
  const width = Math.max(...block.routes.map((r) => `${r.method} ${r.path}`.length));
  for (const r of block.routes) {
    lines.push(`  ${`${r.method} ${r.path}`.padEnd(width)}  -> ${r.target}  [${r.authorization}]`);
  }
}

// The app registers cdk-nag and CDK's CloudFormation validation with errors fatal: any
// unacknowledged finding would have failed the synth before this script ran.
lines.push(
  '',
  'Validation:',
  `  cdk-nag AwsSolutions: passed, 0 unacknowledged findings (${acknowledged.nag} acknowledged, each with a reason)`,
  `  CloudFormation validation (errors fatal): passed (${acknowledged.cfn} acknowledged)`,
  `  warnings: ${warnings}`,
);
console.log(lines.join('\n'));

function kb(file) {
  return `${(statSync(file).size / 1024).toFixed(1)} KB`;
}
