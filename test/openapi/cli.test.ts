import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { main } from '../../lib/verify/cli';
import { FIXTURE_STACK, synthFixture } from '../verify/fixtures';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => { stdout += c; });
  err.on('data', (c) => { stderr += c; });
  const code = await main(args, out, err);
  return { code, stdout, stderr };
}

let fixture: ReturnType<typeof synthFixture>;
beforeAll(() => {
  fixture = synthFixture();
});

describe('cdk-gateway-topology openapi', () => {
  test('writes the same documents as synth from an existing cloud assembly', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-openapi-cli-'));
    const { code, stdout } = await run(['openapi', '--app', fixture.outdir, '--out', outdir]);
    expect(code).toBe(0);
    const written = readdirSync(outdir).sort();
    expect(written).toEqual([`${FIXTURE_STACK}.Http.openapi.json`, `${FIXTURE_STACK}.Rest.openapi.json`].sort());
    expect(stdout.trim().split('\n').map((f) => path.basename(f)).sort()).toEqual(written);
    for (const file of written) {
      expect(JSON.parse(readFileSync(path.join(outdir, file), 'utf8'))).toEqual(JSON.parse(readFileSync(path.join(fixture.outdir, file), 'utf8')));
    }
  });

  test('fails with a usage error naming the folder when there is no cloud assembly', async () => {
    const { code, stderr } = await run(['openapi', '--app', path.join(tmpdir(), 'no-such-cdk-out')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cdk-gateway-topology openapi: cannot read the cloud assembly .*no-such-cdk-out.*run cdk synth first/);
  });

  test('refuses a route manifest of a newer format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-openapi-cli-'));
    writeFileSync(path.join(dir, 'x.routes.json'), JSON.stringify({ schema: 'cdk-gateway-topology/route-manifest', version: 99, stack: {}, gateways: [] }));
    const { code, stderr } = await run(['openapi', '--app', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/version 99.*upgrade cdk-gateway-topology/);
  });
});
