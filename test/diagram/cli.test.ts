import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Authorization } from '../../lib/auth/authorization';
import { diagramMain } from '../../lib/diagram/cli-diagram';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { STRICT_CONTEXT } from '../helpers/checked-app';
import { REPO_ROOT } from '../helpers/cli-synth';
import { mermaidProblems } from './diagram-helpers';

/** Runs `cdk-gateway-topology <argv>` in-process; resolves to its exit code and what it printed. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  if (argv[0] !== 'diagram') throw new Error('only the diagram command runs in-process');
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c) => (chunks.out += c));
  err.on('data', (c) => (chunks.err += c));
  const code = diagramMain(argv.slice(1), out, err);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, ...chunks };
}

/** A cloud assembly of one stack with an HTTP API, and one of a stack with no gateway. */
function synth(withGateway: boolean): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-diagram-cli-'));
  const app = new App({ outdir, context: STRICT_CONTEXT });
  const stack = new Stack(app, 'Quotes', { env: { region: 'eu-west-1' } });
  if (withGateway) {
    new HttpGateway(stack, 'Api', {
      apiName: 'quotes',
      defaultAuthorization: Authorization.jwt('https://issuer.example.com/', ['api']),
      routes: [{ method: HttpMethod.GET, path: '/quotes', target: RouteTarget.httpUrl('https://quotes.example.com/v1') }],
    });
  } else {
    new sns.Topic(stack, 'Topic');
  }
  app.synth();
  return outdir;
}

let assembly: string;
beforeAll(() => {
  assembly = synth(true);
});

describe('cdk-gateway-topology diagram', () => {
  test('redraws the files beside the route manifest by default', async () => {
    const svgFile = path.join(assembly, 'Quotes.topology.svg');
    const mmdFile = path.join(assembly, 'Quotes.topology.mmd');
    const [svg, mermaid] = [readFileSync(svgFile, 'utf8'), readFileSync(mmdFile, 'utf8')];
    rmSync(svgFile);
    rmSync(mmdFile);
    const result = await run('diagram', '--app', assembly);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('Quotes: 4 parts, 3 connections');
    expect(readFileSync(svgFile, 'utf8')).toBe(svg);
    expect(readFileSync(mmdFile, 'utf8')).toBe(mermaid);
    expect(mermaidProblems(mermaid)).toEqual([]);
  });

  test('writes into --out, creating it', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'cdk-gt-diagram-out-')), 'portal', 'diagrams');
    expect((await run('diagram', '--app', assembly, '--out', out)).code).toBe(0);
    expect(readFileSync(path.join(out, 'Quotes.topology.svg'), 'utf8')).toContain('HTTP API quotes');
    expect(existsSync(path.join(out, 'Quotes.topology.mmd'))).toBe(true);
  });

  test('prints its usage with --help, and verify\'s usage names it', async () => {
    expect(await run('diagram', '--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: cdk-gateway-topology diagram [options]') });
    // The installed command: verify's usage, and the subcommand dispatch of the real bin.
    const cli = path.join(REPO_ROOT, 'dist', 'lib', 'verify', 'cli.js');
    expect(execFileSync('node', [cli, '--help'], { encoding: 'utf8' })).toContain('cdk-gateway-topology diagram [--app cdk.out] [--out dir]');
    expect(execFileSync('node', [cli, 'diagram', '--help'], { encoding: 'utf8' })).toContain('Usage: cdk-gateway-topology diagram [options]');
  });

  test('fails with exit 2 and one line when the directory is not a cloud assembly', async () => {
    const missing = path.join(tmpdir(), 'no-such-cdk-out');
    expect(await run('diagram', '--app', missing)).toEqual({
      code: 2, out: '', err: `cdk-gateway-topology diagram: ${missing} is not a cloud assembly (no manifest.json): run \`cdk synth\` first, or point --app at the cdk.out directory\n`,
    });
  });

  test('fails with exit 2 when no stack has a route manifest', async () => {
    const result = await run('diagram', '--app', synth(false));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/no route manifest in the cloud assembly .*: synthesize an app with cdk-gateway-topology constructs first/);
  });

  test('fails with exit 2 when the manifests predate the topology section', async () => {
    const old = synth(true);
    const file = path.join(old, 'Quotes.routes.json');
    const { topology: _topology, ...manifest } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(manifest));
    const result = await run('diagram', '--app', old);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/record no topology: synthesize the app again/);
  });

  test('refuses unknown options and arguments', async () => {
    expect(await run('diagram', '--format', 'png')).toMatchObject({ code: 2, err: expect.stringMatching(/^cdk-gateway-topology diagram: Unknown option '--format'/) });
    expect(await run('diagram', 'cdk.out')).toMatchObject({ code: 2, err: 'cdk-gateway-topology diagram: unexpected argument "cdk.out"; see --help\n' });
  });
});
