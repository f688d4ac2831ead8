import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

const own = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/**
 * A CDK app of its own in `dir` that depends on the package as `spec` (a tarball path, a
 * git URL) next to aws-cdk-lib and constructs at `cdkVersion` (default: the versions this
 * repository develops against), installed by npm from its cache where it can. Returns npm's
 * output (stdout and stderr), lifecycle scripts' included.
 */
export function installConsumer(dir: string, spec: string, cdkVersion?: { awsCdkLib: string; constructs: string }): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'consumer', private: true,
    dependencies: {
      'cdk-gateway-topology': spec,
      'aws-cdk-lib': cdkVersion?.awsCdkLib ?? own.devDependencies['aws-cdk-lib'],
      'constructs': cdkVersion?.constructs ?? own.devDependencies.constructs,
    },
  }));
  // The package's lifecycle scripts print in the foreground, so the caller can read what they did.
  const run = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'], {
    cwd: dir, encoding: 'utf8', env: npmEnv(), maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0) throw new Error(`npm install in ${dir} failed (${run.error ?? `exit ${run.status}`}):\n${output.slice(-8000)}`);
  return output;
}

/** npm's environment without the variables of the npm run that started the tests. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return env;
}

/** What {@link synthConsumer} found in the synthesized template. */
export interface ConsumerSynth {
  readonly resourceTypes: string[];
  /** Whether a function asset holds the package's pre-built handler with its config.json. */
  readonly handlerAssetShipped: boolean;
}

/** Synthesizes {@link CONSUMER_APP} with plain Node.js in an installed consumer. */
export function synthConsumer(dir: string): ConsumerSynth {
  writeFileSync(path.join(dir, 'app.js'), CONSUMER_APP);
  const out = path.join(dir, 'cdk.out');
  execFileSync('node', ['app.js'], { cwd: dir, env: { ...process.env, CDK_OUTDIR: out }, stdio: 'pipe' });
  const template = JSON.parse(readFileSync(path.join(out, 'Consumer.template.json'), 'utf8'));
  const assetDirs = readdirSync(out).filter((f) => f.startsWith('asset.'));
  return {
    resourceTypes: Object.values(template.Resources).map((r: any) => r.Type),
    handlerAssetShipped: assetDirs.some((d) => existsSync(path.join(out, d, 'index.js')) && existsSync(path.join(out, d, 'config.json'))),
  };
}

/** A small app: an HTTP API with the bundled JWT authorizer in front of one Fargate service. */
export const CONSUMER_APP = `
const { App, Stack } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const gt = require('cdk-gateway-topology');

const app = new App({ outdir: process.env.CDK_OUTDIR });
const stack = new Stack(app, 'Consumer');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
const orders = new gt.ServiceBackend(stack, 'Orders', {
  vpc, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
});
const authorizer = new gt.JwtAuthorizerFunction(stack, 'Jwt', {
  issuer: 'https://auth.example.com/', audiences: ['orders'],
});
new gt.HttpGateway(stack, 'Api', {
  defaultAuthorization: authorizer.authorization(),
  routes: [
    { method: gt.HttpMethod.GET, path: '/orders/{orderId}', target: gt.RouteTarget.service(orders) },
  ],
});
app.synth();
`;
