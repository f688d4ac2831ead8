import { existsSync } from 'fs';
import * as path from 'path';

let packageRoot: string | undefined;

/**
 * The folder of a pre-built handler bundle (`assets/lambda/<name>`), found from this file
 * both in the source tree (lib/private) and in the published package (dist/lib/private).
 */
export function handlerAssetPath(name: string): string {
  packageRoot ??= findPackageRoot(__dirname);
  const dir = path.join(packageRoot, 'assets', 'lambda', name);
  if (!existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`cdk-gateway-topology: the handler bundle ${dir} is missing; run "npm run build" in the library first`);
  }
  return dir;
}

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cdk-gateway-topology: no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
