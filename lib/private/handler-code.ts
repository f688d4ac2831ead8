import { createHash } from 'crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { handlerAssetPath } from './assets';

/**
 * Code for a pre-built handler with configuration files shipped beside it in the asset
 * (`config.json`, a proto descriptor, ...). Configuration travels in the asset, not in
 * environment variables, because Lambda caps those at 4 KB.
 *
 * The staging folder is named by the hash of bundle and files, so the asset hash (and the
 * function) changes exactly when the code or the configuration does.
 */
export function handlerCodeWithFiles(name: string, files: Record<string, string | Buffer>): lambda.Code {
  const bundleDir = handlerAssetPath(name);
  const hash = createHash('sha256');
  const bundleFiles = readdirSync(bundleDir).sort();
  for (const file of bundleFiles) hash.update(file).update(readFileSync(path.join(bundleDir, file)));
  for (const file of Object.keys(files).sort()) hash.update(file).update(files[file]);
  const dir = path.join(tmpdir(), 'cdk-gateway-topology', `${name}-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(path.join(dir, '.complete'))) {
    mkdirSync(dir, { recursive: true });
    for (const file of bundleFiles) copyFileSync(path.join(bundleDir, file), path.join(dir, file));
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
    writeFileSync(path.join(dir, '.complete'), '');
  }
  return lambda.Code.fromAsset(dir, { exclude: ['.complete'] });
}
