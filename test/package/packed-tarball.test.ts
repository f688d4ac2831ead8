import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/**
 * The published package must work in a CDK app of its own: packed with `npm pack`,
 * installed into a fresh folder next to aws-cdk-lib, and synthesized there with plain
 * Node.js, running no bundler and loading the pre-built handler bundles from the package.
 */
const root = path.join(__dirname, '..', '..');

test('the packed tarball synthesizes in a separate CDK app', () => {
  // GIVEN a tarball of the built package
  const work = mkdtempSync(path.join(tmpdir(), 'cdk-gt-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  const tarball = path.join(work, packed[0].filename);
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  expect(files).toContain('dist/lib/index.js');
  expect(files).toContain('dist/lib/index.d.ts');
  expect(files.some((f) => /^assets\/lambda\/[^/]+\/index\.js$/.test(f))).toBe(true);
  expect(files.some((f) => f.startsWith('test/') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);

  // AND a consumer app that installs it with aws-cdk-lib and constructs
  const app = path.join(work, 'consumer');
  execFileSync('mkdir', ['-p', app]);
  const own = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({
    name: 'consumer', private: true,
    dependencies: {
      'cdk-gateway-topology': `file:${tarball}`,
      'aws-cdk-lib': own.devDependencies['aws-cdk-lib'],
      'constructs': own.devDependencies.constructs,
    },
  }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, stdio: 'pipe' });
  writeFileSync(path.join(app, 'app.js'), CONSUMER_APP);

  // WHEN it synthesizes with plain node
  const out = path.join(app, 'cdk.out');
  execFileSync('node', ['app.js'], { cwd: app, env: { ...process.env, CDK_OUTDIR: out }, stdio: 'pipe' });

  // THEN the template holds the gateway, and the function's code is the package's bundle
  const template = JSON.parse(readFileSync(path.join(out, 'Consumer.template.json'), 'utf8'));
  const types = Object.values(template.Resources).map((r: any) => r.Type);
  expect(types).toContain('AWS::ApiGatewayV2::Api');
  expect(types).toContain('AWS::ApiGatewayV2::Route');
  expect(types).toContain('AWS::Lambda::Function');
  const assetDirs = readdirSync(out).filter((f) => f.startsWith('asset.'));
  expect(assetDirs.some((d) => existsSync(path.join(out, d, 'index.js')) && existsSync(path.join(out, d, 'config.json')))).toBe(true);
});

const CONSUMER_APP = `
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
