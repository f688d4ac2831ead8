import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { main } from '../../lib/verify/cli';
import { deployTemplateToMoto } from './deploy-to-moto';
import { MotoServer, spawnMotoServer } from './moto-server';

/**
 * The default environment as the real `cdk synth` writes it (bin/app.ts, with context
 * values as a user gives them), created in moto_server and verified.
 */
const ROOT = path.join(__dirname, '..', '..');
const STACK = 'GatewayTopologyDev';
let moto: MotoServer;
let outdir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // moto_server boots (a Python start-up) while the app synthesizes.
  const booting = await spawnMotoServer();
  outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-default-'));
  const env = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  delete (env as any).AWS_PROFILE;
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), [
    'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', outdir,
    '-c', 'issuer=https://login.acme.io/', '-c', 'audience=acme-edge', '-c', 'region=eu-central-1',
  ], { cwd: ROOT, env, stdio: 'pipe' });
  moto = await booting.ready();
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await moto?.stop();
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write(c, _e, cb) { stdout += String(c); cb(); } });
  const err = new Writable({ write(c, _e, cb) { stderr += String(c); cb(); } });
  return { code: await main(args, out, err), stdout, stderr };
}

test('the context values reach the manifest', () => {
  const manifest = JSON.parse(readFileSync(path.join(outdir, `${STACK}.routes.json`), 'utf8'));
  expect(manifest.stack).toEqual({ stackName: STACK, artifactId: STACK, region: 'eu-central-1' });
  const http = manifest.gateways.find((g: any) => g.flavour === 'HTTP');
  expect(http.authorizers).toEqual([expect.objectContaining({ issuer: 'https://login.acme.io/', audiences: ['acme-edge'] })]);
});

test('both APIs of the default environment verify against what was created from the template', async () => {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  const manifest = JSON.parse(readFileSync(path.join(outdir, `${STACK}.routes.json`), 'utf8'));
  const { ids } = await deployTemplateToMoto(outdir, STACK, moto.endpoint, 'eu-central-1');
  for (const gateway of manifest.gateways) {
    const r = await cli('verify', '--app', outdir, '--gateway', gateway.constructPath, '--api-id', ids[gateway.logicalId], '--endpoint-url', moto.endpoint);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('All 1 API(s) match the cloud assembly.');
    expect(r.code).toBe(0);
  }
});
