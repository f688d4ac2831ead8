// Proves the low end of the peer dependency range: packs this package (as `npm run build`
// left it), installs the tarball into a new app next to the OLDEST aws-cdk-lib and
// constructs that package.json's peerDependencies admit, and synthesizes there an app that
// builds all three paths (front door, services through VPC links, REST to gRPC) with plain
// Node.js. Exits non-zero when the install or the synth fails.
// Usage: node scripts/peer-range.mjs [--aws-cdk-lib 2.x.y] [--constructs 10.x.y]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The lowest version a `^x.y.z` or `>=x.y.z` range admits. */
const lowest = (range) => {
  const m = /^(?:\^|>=|~)?\s*(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!m) throw new Error(`peer range "${range}" is not of the form ^x.y.z`);
  return m[1];
};
const { values } = parseArgs({ options: { 'aws-cdk-lib': { type: 'string' }, constructs: { type: 'string' } } });
const awsCdkLib = values['aws-cdk-lib'] ?? lowest(pkg.peerDependencies['aws-cdk-lib']);
const constructs = values.constructs ?? lowest(pkg.peerDependencies.constructs);

const work = mkdtempSync(join(tmpdir(), 'cdk-gt-peer-'));
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
const app = join(work, 'app');
mkdirSync(app);
writeFileSync(join(app, 'package.json'), JSON.stringify({
  name: 'peer-range-app', private: true,
  dependencies: { 'cdk-gateway-topology': `file:${join(work, packed[0].filename)}`, 'aws-cdk-lib': awsCdkLib, constructs },
}));
console.log(`installing the package with aws-cdk-lib@${awsCdkLib} and constructs@${constructs} in ${app}`);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
// The range's own low end installs with peers enforced; another version given to probe with
// (--aws-cdk-lib) lies outside the range the tarball declares, so its peers are not checked.
const probing = values['aws-cdk-lib'] !== undefined || values.constructs !== undefined;
execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', probing ? '--legacy-peer-deps' : '--strict-peer-deps'], { cwd: app, stdio: 'inherit', env });
const installed = JSON.parse(readFileSync(join(app, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version;
if (installed !== awsCdkLib) throw new Error(`npm installed aws-cdk-lib ${installed}, not ${awsCdkLib}`);
cpSync(join(root, 'bin', 'protos'), join(app, 'protos'), { recursive: true });
writeFileSync(join(app, "app.js"), appSource());
const out = join(app, 'cdk.out');
execFileSync(process.execPath, ['app.js'], { cwd: app, stdio: 'inherit', env: { ...process.env, CDK_OUTDIR: out } });
const templates = readdirSync(out).filter((f) => f.endsWith('.template.json'));
const types = new Set(templates.flatMap((f) => Object.values(JSON.parse(readFileSync(join(out, f), 'utf8')).Resources ?? {}).map((r) => r.Type)));
for (const type of ['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::DomainNameV2', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGatewayV2::Api', 'AWS::Lambda::Function', 'AWS::ECS::Service']) {
  if (!types.has(type)) throw new Error(`the synthesized templates hold no ${type}`);
}
console.log(`aws-cdk-lib@${awsCdkLib} with constructs@${constructs}: synthesized ${templates.length} template(s) holding ${types.size} resource types`);

function appSource() {
  return `
const { App, Stack } = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const route53 = require('aws-cdk-lib/aws-route53');
const lambda = require('aws-cdk-lib/aws-lambda');
const gt = require('cdk-gateway-topology');

const app = new App({ outdir: process.env.CDK_OUTDIR });
const stack = new Stack(app, 'PeerRange', { env: { account: '123456789012', region: 'eu-west-1' } });
const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
const edge = new gt.GatewayTopology(stack, 'Edge', {
  services: {
    orders: { image: ecs.ContainerImage.fromRegistry('my-registry/orders:1.4.2'), loadBalancerType: gt.LoadBalancerType.ALB },
    users: { image: ecs.ContainerImage.fromRegistry('my-registry/users:2.0.0'), loadBalancerType: gt.LoadBalancerType.NLB },
  },
  grpcServices: {
    userDirectory: {
      image: ecs.ContainerImage.fromRegistry('my-registry/user-directory:1.0.0'),
      discovery: gt.GrpcDiscovery.cloudMap(),
      translator: {
        protos: { files: ['protos/users/v1/users.proto'], includeDirs: ['protos'] },
        routes: [{
          method: gt.HttpMethod.GET, path: '/api/v1/users/{userId}', grpcMethod: 'users.v1.UserService/GetUser',
          requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
          responseMapping: [{ from: 'response.user.id', to: 'id' }],
        }],
      },
    },
  },
  gateway: gt.TopologyGateway.rest({ defaultAuthorization: gt.Authorization.jwt('https://auth.example.com/', ['edge-api']) }),
  frontDoor: gt.TopologyFrontDoor.alb({ domainName: 'api.example.com', hostedZone: zone, aliasRecord: { zone } }),
  routes: [
    { method: gt.HttpMethod.GET, path: '/api/v2/orders/{orderId}', service: 'orders' },
    { method: gt.HttpMethod.GET, path: '/api/v2/users/{userId}', service: 'users' },
  ],
});
const fn = new lambda.Function(stack, 'Echo', {
  runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});
new gt.HttpGateway(stack, 'Http', {
  defaultAuthorization: gt.Authorization.jwt('https://auth.example.com/', ['edge-api']),
  routes: [
    { method: gt.HttpMethod.GET, path: '/orders/{orderId}', target: gt.RouteTarget.service(edge.services.orders) },
    { method: gt.HttpMethod.GET, path: '/echo', target: gt.RouteTarget.lambda(fn) },
  ],
});
app.synth();
`;
}
