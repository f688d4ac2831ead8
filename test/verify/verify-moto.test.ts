import { Writable } from 'stream';
import { main } from '../../lib/verify/cli';
import { deployTemplateToMoto } from './deploy-to-moto';
import { FIXTURE_REGION, FIXTURE_STACK, synthFixture } from './fixtures';
import { MotoServer, startMotoServer } from './moto-server';

let moto: MotoServer;
let outdir: string;
let httpLogicalId: string;
let restLogicalId: string;

beforeAll(async () => {
  moto = await startMotoServer();
  const fixture = synthFixture();
  outdir = fixture.outdir;
  httpLogicalId = fixture.stack.resolve((fixture.http.httpApi.node.defaultChild as any).logicalId);
  restLogicalId = fixture.stack.resolve((fixture.rest.restApi.node.defaultChild as any).logicalId);
});
afterAll(async () => {
  await moto?.stop();
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write(chunk, _e, cb) { stdout += String(chunk); cb(); } });
  const err = new Writable({ write(chunk, _e, cb) { stderr += String(chunk); cb(); } });
  const code = await main(args, out, err);
  return { code, stdout, stderr };
}

test('verify passes on what was deployed', async () => {
  const { ids } = await deployTemplateToMoto(outdir, FIXTURE_STACK, moto.endpoint, FIXTURE_REGION);
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  const http = await cli('verify', '--app', outdir, '--gateway', 'fixture-http', '--api-id', ids[httpLogicalId], '--endpoint-url', moto.endpoint);
  console.log(http.stdout, http.stderr);
  const rest = await cli('verify', '--app', outdir, '--gateway', 'fixture-rest', '--api-id', ids[restLogicalId], '--endpoint-url', moto.endpoint);
  console.log(rest.stdout, rest.stderr);
  expect(http.code).toBe(0);
  expect(rest.code).toBe(0);
});
