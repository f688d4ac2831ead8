import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization } from '../../lib/auth/authorization';
import { ListenerBackend } from '../../lib/backends/listener-backend';
import { ServiceBackend } from '../../lib/backends/service-backend';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestEndpoint } from '../../lib/gateway/rest-endpoint';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { RouteManifest } from '../../lib/manifest/route-manifest';
import { ManifestTopology } from '../../lib/manifest/topology-manifest';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { STRICT_CONTEXT } from '../helpers/checked-app';
import { edgesOf, mermaidProblems, svgTexts } from './diagram-helpers';

const ISSUER = 'https://issuer.example.com/';
const NLB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/legacy/50dc6c495c0c9188';
const NLB_LISTENER_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/net/legacy/50dc6c495c0c9188/f2f7dc8efc522ab2';

function readManifest(outdir: string, stack: string): RouteManifest {
  return JSON.parse(readFileSync(path.join(outdir, `${stack}.routes.json`), 'utf8'));
}

/**
 * Two gateways in one VPC: an HTTP API to a created ALB service, an imported NLB listener, a
 * Lambda function and a URL; a regional REST API to the same service with a Lambda
 * authorizer, and a route added after construction.
 */
function synthShared() {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-topology-'));
  const app = new App({ outdir, context: STRICT_CONTEXT });
  const stack = new Stack(app, 'Shared', { env: { region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const orders = new ServiceBackend(stack, 'Orders', { vpc, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'), containerPort: 9000 });
  const legacy = ListenerBackend.fromNetworkListener(stack, 'Legacy', {
    backendName: 'legacy', vpc, listenerPort: 8443,
    listener: elbv2.NetworkListener.fromNetworkListenerArn(stack, 'LegacyListener', NLB_LISTENER_ARN),
    loadBalancer: elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'LegacyNlb', {
      loadBalancerArn: NLB_ARN, vpc, loadBalancerDnsName: 'legacy-50dc6c495c0c9188.elb.eu-west-1.amazonaws.com',
    }),
  });
  const fn = (id: string) => new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  const reports = fn('Reports');
  new HttpGateway(stack, 'Public', {
    apiName: 'public',
    defaultAuthorization: Authorization.jwt(ISSUER, ['api']),
    routes: [
      { method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) },
      { method: HttpMethod.POST, path: '/orders', target: RouteTarget.service(orders) },
      { method: HttpMethod.GET, path: '/legacy', target: RouteTarget.service(legacy) },
      { method: HttpMethod.GET, path: '/reports', target: RouteTarget.lambda(reports) },
      { method: HttpMethod.GET, path: '/quotes', target: RouteTarget.httpUrl('https://quotes.example.com/v1'), authorization: Authorization.none('public quotes') },
    ],
  });
  const rest = new RestGateway(stack, 'Partner', {
    apiName: 'partner',
    defaultAuthorization: Authorization.lambda(fn('Authorizer')),
    routes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }],
  });
  rest.addRoute({ method: HttpMethod.GET, path: '/late', target: RouteTarget.lambda(fn('Late')) });
  app.synth();
  return { outdir, manifest: readManifest(outdir, 'Shared') };
}

describe('the topology of gateways sharing a VPC', () => {
  let outdir: string;
  let topology: ManifestTopology;
  beforeAll(() => {
    const synth = synthShared();
    outdir = synth.outdir;
    topology = synth.manifest.topology!;
  });

  test('records every part once, with the edges a request takes labelled with protocol and port', () => {
    expect(edgesOf(topology).sort()).toEqual([
      'Clients -> HTTP API public: HTTPS 443',
      'Clients -> REST API partner: HTTPS 443',
      'HTTP API public -> Lambda function: Lambda invoke',
      'HTTP API public -> VPC link v2: HTTP 80',
      'HTTP API public -> VPC link v2: HTTP 8443',
      'HTTP API public -> quotes.example.com: HTTPS 443',
      'JWT authorizer ~> HTTP API public: JWT',
      'Lambda authorizer ~> REST API partner: Lambda authorizer',
      'REST API partner -> Lambda function: Lambda invoke',
      'REST API partner -> VPC link v2: HTTP 80',
      'VPC link v2 -> internal ALB: HTTP 80',
      'VPC link v2 -> internal NLB: HTTP 8443',
      'internal ALB -> ECS service orders: HTTP 9000',
    ]);
    expect(topology.nodes.filter((n) => n.kind === 'vpc-link')).toHaveLength(1);
    expect(topology.nodes.filter((n) => n.kind === 'clients')).toHaveLength(1);
  });

  test('a route added after construction is drawn', () => {
    const late = topology.edges.find((e) => e.to === 'Shared/Late');
    expect(late).toMatchObject({ from: 'Shared/Partner', protocol: 'Lambda invoke', role: 'request' });
  });

  test('a backend that records nothing itself is drawn from what the gateway knows of it', () => {
    expect(topology.nodes.find((n) => n.id === 'Shared/Legacy')).toEqual({
      id: 'Shared/Legacy', kind: 'load-balancer', label: 'internal NLB', details: ['TCP 8443', 'legacy'], placement: 'private', vpc: 'Shared/Vpc',
    });
  });

  test('a service backend\'s own record replaces the gateway\'s stand-in', () => {
    expect(topology.nodes.find((n) => n.id === 'Shared/Orders')).toMatchObject({ label: 'internal ALB', details: ['HTTP 80', 'orders'] });
    expect(topology.nodes.find((n) => n.id === 'Shared/Orders/Service')).toMatchObject({ kind: 'service', details: ['Fargate 256 CPU / 512 MiB', '2+ tasks, CPU scaling'] });
  });

  test('places parts in the region, the internet, or the VPC\'s subnets', () => {
    const placed = Object.fromEntries(topology.nodes.map((n) => [n.label, `${n.placement}${n.vpc ? ` ${n.vpc}` : ''}`]));
    expect(placed).toMatchObject({
      'Clients': 'internet', 'quotes.example.com': 'internet', 'HTTP API public': 'region', 'REST API partner': 'region',
      'VPC link v2': 'private Shared/Vpc', 'internal ALB': 'private Shared/Vpc', 'ECS service orders': 'private Shared/Vpc',
    });
    expect(topology.vpcs).toEqual([{ id: 'Shared/Vpc', label: 'VPC Vpc' }]);
    expect(topology.region).toBe('eu-west-1');
  });

  test('writes the SVG and the Mermaid flowchart beside the route manifest', () => {
    const svg = readFileSync(path.join(outdir, 'Shared.topology.svg'), 'utf8');
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['HTTP API public', 'REST API partner', 'VPC link v2', 'HTTP 8443', 'Lambda invoke']));
    const mermaid = readFileSync(path.join(outdir, 'Shared.topology.mmd'), 'utf8');
    expect(mermaidProblems(mermaid)).toEqual([]);
    expect(mermaid).toContain('<b>HTTP API public</b>');
  });

  test('keeps the topology out of the template', () => {
    expect(readFileSync(path.join(outdir, 'Shared.template.json'), 'utf8')).not.toContain('clients:internet');
  });
});

describe('the topology of other shapes', () => {
  test('a private REST API with no front door is reached by the clients inside its VPC', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-topology-'));
    const app = new App({ outdir, context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Private', { env: { region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new RestGateway(stack, 'Api', {
      apiName: 'internal',
      endpoint: RestEndpoint.private({ vpc }),
      defaultAuthorization: Authorization.iam(),
      routes: [{ method: HttpMethod.GET, path: '/quotes', target: RouteTarget.httpUrl('https://quotes.example.com/v1') }],
    });
    app.synth();
    const topology = readManifest(outdir, 'Private').topology!;
    expect(edgesOf(topology).sort()).toEqual([
      'Clients in the VPC -> execute-api VPC endpoint: HTTPS 443',
      'REST API internal -> quotes.example.com: HTTPS 443',
      'execute-api VPC endpoint -> REST API internal: HTTPS 443',
    ]);
    expect(topology.nodes.find((n) => n.kind === 'clients')).toMatchObject({ placement: 'private', vpc: 'Private/Vpc' });
  });

  test('a gateway in a nested stack is drawn in its top-level stack\'s diagram', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-topology-'));
    const app = new App({ outdir, context: STRICT_CONTEXT });
    const stack = new Stack(app, 'Parent', { env: { region: 'eu-west-1' } });
    const nested = new NestedStack(stack, 'Apis');
    new HttpGateway(nested, 'Api', {
      apiName: 'nested',
      defaultAuthorization: Authorization.jwt(ISSUER, ['api']),
      routes: [{ method: HttpMethod.GET, path: '/quotes', target: RouteTarget.httpUrl('https://quotes.example.com/v1') }],
    });
    app.synth();
    expect(edgesOf(readManifest(outdir, 'Parent').topology!)).toContain('Clients -> HTTP API nested: HTTPS 443');
    expect(existsSync(path.join(outdir, 'Parent.topology.svg'))).toBe(true);
  });
});
