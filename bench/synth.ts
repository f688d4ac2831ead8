// Synth benchmark: how big and how slow the synthesized topology is as the route table grows.
// Prints one JSON line per case:
//   {"case":"http-N","routes":N,"stacks":S,"maxResourcesPerStack":R,"templateBytes":B,"synthMs":T}
// templateBytes is the largest template (CloudFormation's limit is per template: 1 MB).
// Run with `npm run bench:synth`.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { defaultEnvironment } from '../bin/default-environment';
import { Authorization, HttpGateway, HttpMethod, RestGateway, Route, RouteTarget, ServiceBackend } from '../lib';
import { assemblyStats } from './assembly-stats';

const METHODS = [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE];

/** N distinct routes over N/4 resources with a path parameter, all to one service. */
function routeTable(count: number, target: RouteTarget): Route[] {
  return Array.from({ length: count }, (_, i) => ({
    method: METHODS[i % METHODS.length],
    path: `/api/v1/resource${Math.floor(i / METHODS.length)}/{id}`,
    target,
  }));
}

function gatewayApp(flavour: 'http' | 'rest', routes: number): App {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'bench-synth-')) });
  const stack = new Stack(app, 'Bench');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const backend = new ServiceBackend(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
  const props = {
    defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['bench']),
    routes: routeTable(routes, RouteTarget.service(backend)),
  };
  if (flavour === 'http') new HttpGateway(stack, 'Api', props);
  else new RestGateway(stack, 'Api', props);
  return app;
}

/** A case: the app, and how many routes its gateways hold. */
interface Built {
  readonly app: App;
  readonly routes: number;
}

function measure(name: string, build: () => Built): void {
  const started = process.hrtime.bigint();
  const { app, routes } = build();
  const assembly = app.synth();
  const synthMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  console.log(JSON.stringify({ case: name, routes, ...assemblyStats(assembly.directory), synthMs }));
  rmSync(assembly.directory, { recursive: true, force: true });
}

const only = process.argv[2];
const cases: Array<[string, () => Built]> = [
  ...[10, 100, 400].map((n): [string, () => Built] => [`http-${n}`, () => ({ app: gatewayApp('http', n), routes: n })]),
  ...[10, 100, 400, 1000].map((n): [string, () => Built] => [`rest-${n}`, () => ({ app: gatewayApp('rest', n), routes: n })]),
  ['bin-app', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'bench-synth-')) });
    const env = defaultEnvironment(app);
    return { app, routes: env.edge.routes.length + env.httpApi.routes.length };
  }],
];
for (const [name, build] of cases) {
  if (!only || name.startsWith(only)) measure(name, build);
}
