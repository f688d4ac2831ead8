import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { RouteManifest } from '../../lib/manifest/route-manifest';
import { REPO_ROOT } from '../helpers/cli-synth';
import { mapLimited } from '../helpers/map-limited';
import { cdkSynth, edgesOf, mermaidEdges, mermaidProblems, svgTexts } from './diagram-helpers';

/**
 * Every example app synthesized by the real cdk CLI, two at a time: each writes its diagram,
 * and the graph has the parts and the labelled edges the example is about.
 */
const examplesDir = path.join(REPO_ROOT, 'examples');
const examples = readdirSync(examplesDir).filter((d) => existsSync(path.join(examplesDir, d, 'cdk.json'))).sort();

/** What each example's diagram must show: edges by node title, `~>` for WAF and authorizers. */
const EXPECTED_EDGES: Record<string, string[]> = {
  'alb-private-rest': [
    'Clients -> ALB (internet-facing): HTTPS 443',
    'AWS WAF web ACL ~> ALB (internet-facing): inspects',
    'ALB (internet-facing) -> execute-api VPC endpoint: HTTPS 443 IP targets',
    'execute-api VPC endpoint -> REST API AlbPrivateRest-Api-E20C0B6D: HTTPS 443',
    'REST API AlbPrivateRest-Api-E20C0B6D -> VPC link v2: HTTP 80',
    'VPC link v2 -> internal ALB: HTTP 80',
    'internal ALB -> ECS service orders: HTTP 8080',
    'JWT authorizer (Lambda) ~> REST API AlbPrivateRest-Api-E20C0B6D: Lambda authorizer',
  ],
  'grpc-translator': [
    'Clients -> HTTP API users: HTTPS 443',
    'HTTP API users -> gRPC translator (Lambda): Lambda invoke',
    'gRPC translator (Lambda) -> gRPC service users: gRPC 50051 plaintext',
    'Lambda authorizer ~> HTTP API users: Lambda authorizer',
  ],
  'http-api-ecs': [
    'Clients -> HTTP API HttpApiEcs-Api-C71EC0B8: HTTPS 443',
    'HTTP API HttpApiEcs-Api-C71EC0B8 -> VPC link v2: HTTP 80',
    'VPC link v2 -> internal ALB: HTTP 80',
    'internal ALB -> ECS service catalog: HTTP 8080',
    'JWT authorizer ~> HTTP API HttpApiEcs-Api-C71EC0B8: JWT',
  ],
  'nlb-static-ip': [
    'Clients -> NLB (internet-facing): TLS 443',
    'NLB (internet-facing) -> execute-api VPC endpoint: TLS 443 IP targets',
    'execute-api VPC endpoint -> REST API NlbStaticIp-Api-72654E4E: HTTPS 443',
    'REST API NlbStaticIp-Api-72654E4E -> quotes.internal.example.com: HTTPS 443',
  ],
  'partner-api-keys': [
    'Clients -> REST API PartnerApiKeys-PartnerApi-BEBAAE46: HTTPS 443',
    'REST API PartnerApiKeys-PartnerApi-BEBAAE46 -> VPC link v1: HTTP 80',
    'VPC link v1 -> internal NLB: HTTP 80',
    'internal NLB -> ECS service orders: HTTP 8080',
    'JWT authorizer (Lambda) ~> REST API PartnerApiKeys-PartnerApi-BEBAAE46: Lambda authorizer',
  ],
  'private-rest-ecs': [
    'Clients in the VPC -> execute-api VPC endpoint: HTTPS 443',
    'execute-api VPC endpoint -> REST API PrivateRestEcs-Api-40AA1182: HTTPS 443',
    'REST API PrivateRestEcs-Api-40AA1182 -> VPC link v1: HTTP 80',
    'VPC link v1 -> internal NLB: HTTP 80',
    'internal NLB -> ECS service inventory: HTTP 8080',
    'REST API PrivateRestEcs-Api-40AA1182 -> VPC link v2: HTTP 80',
    'VPC link v2 -> internal ALB: HTTP 80',
    'internal ALB -> ECS service billing: HTTP 8080',
    'Cognito user pool ~> REST API PrivateRestEcs-Api-40AA1182: Cognito',
  ],
};

/** The stacks each example synthesized, with their manifests and diagram files. */
const synthesized = new Map<string, Array<{ artifactId: string; manifest: RouteManifest; svg: string; mermaid: string }>>();

beforeAll(async () => {
  await mapLimited(examples, 2, async (name) => {
    const outdir = await cdkSynth(path.join(examplesDir, name));
    synthesized.set(name, readdirSync(outdir).filter((f) => f.endsWith('.routes.json')).map((file) => {
      const artifactId = file.replace(/\.routes\.json$/, '');
      return {
        artifactId,
        manifest: JSON.parse(readFileSync(path.join(outdir, file), 'utf8')),
        svg: readFileSync(path.join(outdir, `${artifactId}.topology.svg`), 'utf8'),
        mermaid: readFileSync(path.join(outdir, `${artifactId}.topology.mmd`), 'utf8'),
      };
    }));
  });
}, 1_200_000);

test('every example has its expected diagram', () => {
  expect(Object.keys(EXPECTED_EDGES).sort()).toEqual(examples);
});

describe.each(examples)('examples/%s', (name) => {
  test('records the parts and labelled edges the example is about', () => {
    const stacks = synthesized.get(name)!;
    expect(stacks).toHaveLength(1);
    expect(edgesOf(stacks[0].manifest.topology!).sort()).toEqual([...EXPECTED_EDGES[name]].sort());
  });

  test('writes an SVG with every part and a valid Mermaid flowchart of the same edges', () => {
    for (const { manifest, svg, mermaid } of synthesized.get(name)!) {
      const texts = svgTexts(svg);
      for (const node of manifest.topology!.nodes) expect(texts).toContain(node.label);
      expect(mermaidProblems(mermaid)).toEqual([]);
      expect(mermaidEdges(mermaid).sort()).toEqual(edgesOf(manifest.topology!).sort());
    }
  });
});
