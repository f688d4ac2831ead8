import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/**
 * jose 6 ships as ES modules only, which Jest's CommonJS runtime cannot require on Node 20.
 * The handler bundle has jose compiled in by esbuild; tests get the same CommonJS form by
 * bundling the installed jose once (cached by version). Use it with
 * `jest.mock('jose', () => require('./jose-cjs').joseCommonJs())`.
 */
export function joseCommonJs(): unknown {
  const entry = require.resolve('jose');
  const pkgJson = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}jose${path.sep}`)), 'jose', 'package.json');
  const version = JSON.parse(readFileSync(pkgJson, 'utf8')).version as string;
  const dir = path.join(tmpdir(), 'cdk-gateway-topology-test');
  const out = path.join(dir, `jose-${version}.cjs`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const result = buildSync({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false });
    const tmp = `${out}.${process.pid}`;
    writeFileSync(tmp, result.outputFiles[0].contents);
    require('fs').renameSync(tmp, out);
  }
  return jest.requireActual(out);
}
