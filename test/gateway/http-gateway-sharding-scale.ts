/**
 * Synthesizes an HttpGateway of N routes (default 3000) the way the 1000-route test does and
 * prints one JSON line: stacks, most resources and parameters in one stack, largest template,
 * synth time (wall and CPU: on a loaded machine the wall time says more about the load). Run by hand, not by jest:
 *
 *   node --import tsx test/gateway/http-gateway-sharding-scale.ts 3000 [--checked]
 *
 * `--checked` adds cdk-nag and cfn-lint, as the test suite runs them.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { Route } from '../../lib/routes/route';
import { RouteTarget } from '../../lib/routes/route-target';
import { cfnLint, checkedApp, STRICT_CONTEXT } from '../helpers/checked-app';
import { albBackend, gatewayStack, testFunction } from './http-gateway.fixtures';

const count = Number(process.argv[2] ?? 3000);
const checked = process.argv.includes('--checked');

const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
const app = checked ? checkedApp() : new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cdk-gt-')), context: STRICT_CONTEXT });
const { stack, vpc } = gatewayStack(app);
const fn = testFunction(stack, 'Fn');
const backends = [albBackend(stack, 'orders', vpc), albBackend(stack, 'users', vpc)];
const lambdaAuth = Authorization.lambda(testFunction(stack, 'Auth'));
const routes: Route[] = [];
for (let s = 0; routes.length < count; s++) {
  for (let c = 0; c < 10 && routes.length < count; c++) {
    const base = `/api/v1/service${s}/collection${c}`;
    const target = c % 3 === 0 ? RouteTarget.lambda(fn) : c % 3 === 1 ? RouteTarget.service(backends[s % 2]) : RouteTarget.httpUrl('https://backend.example.com/');
    const authorization = s % 2 === 0 ? undefined : lambdaAuth;
    const four: Route[] = [
      { method: HttpMethod.GET, path: base, target, authorization, throttle: { rateLimit: 10 + s, burstLimit: 20 + c } },
      { method: HttpMethod.POST, path: base, target, authorization },
      { method: HttpMethod.GET, path: `${base}/{id}`, target, authorization },
      { method: HttpMethod.DELETE, path: `${base}/{id}`, target, authorization },
    ];
    routes.push(...four.slice(0, count - routes.length));
  }
}
const gw = new HttpGateway(stack, 'Gateway', { routes, defaultAuthorization: Authorization.jwt('https://auth.example.com/', ['orders-api']) });
const assembly = app.synth();
const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuStarted);
const synthCpuMs = (cpu.user + cpu.system) / 1000;
let lintMs: number | undefined;
if (checked) {
  const t = process.hrtime.bigint();
  cfnLint(assembly.directory);
  lintMs = Math.round(Number(process.hrtime.bigint() - t) / 1e6);
}

let maxResources = 0;
let maxParameters = 0;
let maxBytes = 0;
let built = 0;
const templates = readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json'));
for (const file of templates) {
  const full = path.join(assembly.directory, file);
  const template = JSON.parse(readFileSync(full, 'utf8'));
  const resources = Object.values<any>(template.Resources ?? {});
  maxResources = Math.max(maxResources, resources.length);
  maxParameters = Math.max(maxParameters, Object.keys(template.Parameters ?? {}).length);
  maxBytes = Math.max(maxBytes, statSync(full).size);
  built += resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').length;
}
console.log(JSON.stringify({
  assembly: assembly.directory,
  routes: built, shards: gw.shards.length, stacks: templates.length, maxResources, maxParameters,
  maxTemplateKB: Math.round(maxBytes / 1024), synthMs: Math.round(synthMs), synthCpuMs: Math.round(synthCpuMs), checked, ...(lintMs !== undefined ? { lintMs } : {}),
}));
