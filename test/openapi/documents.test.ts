import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { mapLimited } from '../helpers/map-limited';
import { sharedCdkSynth } from '../helpers/cli-synth';

/**
 * Every gateway of the default environment (bin/app.ts) and of each example writes an OpenAPI
 * 3.1 document at synth, which the OpenAPI 3.1 schema validator accepts and Spectral's
 * spectral:oas recommended rules pass without a finding.
 */
const ROOT = path.join(__dirname, '..', '..');
const APPS = [
  path.join(ROOT, 'bin', 'app.ts'),
  ...readdirSync(path.join(ROOT, 'examples')).sort().map((d) => path.join(ROOT, 'examples', d, 'bin', 'app.ts')).filter((f) => existsSync(f)),
];

/**
 * The output folder of an app's `cdk synth`, shared with the other test files of the run that
 * synthesize it (the default environment with CDK's CloudFormation validation on, as
 * examples/default-environment-cli.test.ts does; the examples as the cli-synth files do).
 */
async function synthApp(appFile: string): Promise<string> {
  const appDir = path.dirname(path.dirname(appFile));
  return (await sharedCdkSynth(appDir, appDir === ROOT ? { cdkValidation: true } : {})).outdir;
}

interface CheckResult { version: string; errors: unknown[]; findings: string[] }

function checkDocuments(files: string[]): Record<string, CheckResult> {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'check-documents.mjs'), ...files], { encoding: 'utf8' });
  return JSON.parse(out);
}

const outdirs: Record<string, string> = {};
let checks: Record<string, CheckResult> = {};

beforeAll(async () => {
  // Two at a time: the synths are separate processes.
  await mapLimited(APPS, 2, async (app) => { outdirs[path.relative(ROOT, app)] = await synthApp(app); });
  const files = Object.values(outdirs).flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.openapi.json')).map((f) => path.join(dir, f)));
  checks = checkDocuments(files);
}, 600_000);

function documentsOf(app: string): Record<string, any> {
  const dir = outdirs[app];
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.openapi.json')).map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]));
}

describe.each(APPS.map((a) => path.relative(ROOT, a)))('%s', (app) => {
  test('writes one OpenAPI document per gateway, named in the route manifest', () => {
    const dir = outdirs[app];
    const manifests = readdirSync(dir).filter((f) => f.endsWith('.routes.json')).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
    const named = manifests.flatMap((m) => m.gateways.map((g: any) => g.openApiFile));
    expect(named.length).toBeGreaterThan(0);
    expect(Object.keys(documentsOf(app)).sort()).toEqual([...named].sort());
  });

  test('every document is valid OpenAPI 3.1 and lints clean with spectral:oas', () => {
    const mine = Object.entries(checks).filter(([file]) => file.startsWith(outdirs[app]));
    expect(mine.length).toBeGreaterThan(0);
    for (const [file, result] of mine) {
      expect({ file, version: result.version, errors: result.errors, findings: result.findings })
        .toEqual({ file, version: '3.1', errors: [], findings: [] });
    }
  });

  test('every 4xx/5xx response refers to the one shared error body', () => {
    for (const doc of Object.values(documentsOf(app))) {
      for (const item of Object.values<any>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(item)) {
          if (method === 'parameters') continue;
          for (const status of ['400', '404', '413', '429', '5XX']) expect(op.responses[status].$ref).toMatch(/^#\/components\/responses\//);
        }
      }
      for (const response of Object.values<any>(doc.components.responses)) {
        expect(response.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
      }
    }
  });
});

describe('the default environment\'s documents', () => {
  const app = 'bin/app.ts';

  test('the REST API behind the front door is served at the front door\'s domain first', () => {
    const rest = Object.values(documentsOf(app)).find((d) => d.servers.some((s: any) => /front door/.test(s.description)));
    expect(rest).toBeDefined();
    expect(rest!.servers[0].url).toMatch(/^https:\/\/[a-z0-9.-]+(\/.*)?$/);
    expect(rest!.servers[rest!.servers.length - 1].url).toContain('{apiId}');
  });

  test('operation ids are unique and come from operation names where routes give one', () => {
    for (const doc of Object.values(documentsOf(app))) {
      const ids = Object.values<any>(doc.paths).flatMap((item) => Object.entries<any>(item).filter(([m]) => m !== 'parameters').map(([, op]) => op.operationId));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('the grpc-translator example\'s document', () => {
  test('describes the translated answer from the proto response message', () => {
    const [doc] = Object.values(documentsOf('examples/grpc-translator/bin/app.ts'));
    const get = doc.paths['/api/v1/users/{userId}'].get;
    const schema = get.responses['200'].content['application/json'].schema;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).length).toBeGreaterThan(0);
    expect(get.tags).toEqual([expect.stringMatching(/UserService$/)]);
    expect(get.parameters ?? doc.paths['/api/v1/users/{userId}'].parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'userId', in: 'path', required: true })]));
  });
});
