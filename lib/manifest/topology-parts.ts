import { Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { IConstruct } from 'constructs';
import type { Authorization } from '../auth/authorization';
import type { GrpcServiceBackend, IGrpcServiceBackend } from '../backends/grpc-service-backend';
import type { ServiceBackend, ServiceBackendProps } from '../backends/service-backend';
import type { IServiceBackend } from '../backends/service-backend-interface';
import type { AlbFrontDoor, AlbFrontDoorProps } from '../front-door/alb-front-door';
import type { NlbFrontDoor, NlbFrontDoorProps } from '../front-door/nlb-front-door';
import type { HttpGateway } from '../gateway/http-gateway';
import type { RestEndpoint } from '../gateway/rest-endpoint';
import type { RestGateway } from '../gateway/rest-gateway';
import type { Route } from '../routes/route';
import type { GrpcTranslator } from '../transform/grpc-translator';
import { TopologyEdge } from './topology-manifest';
import { RecordedNode, TopologyFragment } from './topology-merge';
import { INTERNET_CLIENTS } from './topology-recorder';

/*
 * What each construct adds to the topology, read from its public fields and props at synth.
 * The constructs call these through `recordTopology(this, () => ...)`, one line each.
 */

/** An internet-facing ALB, its listeners and WAF, forwarding to the gateway's VPC endpoint. */
export function albFrontDoorTopology(frontDoor: AlbFrontDoor, props: AlbFrontDoorProps): TopologyFragment {
  const lb = frontDoor.loadBalancer.node.path;
  const endpoint = (props.gateway as RestGateway).vpcEndpoint!;
  const nodes: RecordedNode[] = [
    INTERNET_CLIENTS,
    {
      id: lb, kind: 'load-balancer', label: 'ALB (internet-facing)', placement: 'public', vpc: props.vpc,
      details: [
        `https://${literal(props.domainName)}`,
        `HTTPS 443, ${literal(props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS)}`,
        'HTTP 80 redirects to HTTPS',
        ...(frontDoor.trustStore || props.mutualTls ? ['mutual TLS'] : []),
      ],
    },
  ];
  const edges: TopologyEdge[] = [
    request(INTERNET_CLIENTS.id, lb, 'HTTPS', 443),
    request(lb, endpoint.node.path, 'HTTPS', 443, 'IP targets'),
  ];
  if (frontDoor.webAcl) {
    const waf = props.waf ?? {};
    nodes.push({
      id: frontDoor.webAcl.node.path, kind: 'waf', label: 'AWS WAF web ACL', placement: 'region',
      details: [
        ...((waf.commonRuleSet ?? true) ? ['common rule set'] : []),
        ...((waf.knownBadInputsRuleSet ?? true) ? ['known bad inputs'] : []),
        ...((waf.ipReputationList ?? true) ? ['IP reputation list'] : []),
        ...((waf.rateLimit ?? true) ? [`rate limit ${waf.rateLimitPerFiveMinutes ?? 2000} per 5 min per IP`] : []),
      ],
    });
    edges.push(control(frontDoor.webAcl.node.path, lb, 'inspects'));
  }
  return { nodes, edges };
}

/** An NLB (TLS or TCP passthrough) forwarding to the gateway's VPC endpoint. */
export function nlbFrontDoorTopology(frontDoor: NlbFrontDoor, props: NlbFrontDoorProps): TopologyFragment {
  const lb = frontDoor.loadBalancer.node.path;
  const internetFacing = props.internetFacing ?? true;
  const tls = (props.protocol ?? 'TLS') === 'TLS';
  const clients: RecordedNode = internetFacing
    ? INTERNET_CLIENTS
    : { id: `clients:${props.vpc.node.path}`, kind: 'clients', label: 'Clients in the VPC', details: [`${literal(props.domainName)}`], placement: 'private', vpc: props.vpc };
  const nodes: RecordedNode[] = [
    clients,
    {
      id: lb, kind: 'load-balancer', label: `NLB (${internetFacing ? 'internet-facing' : 'internal'})`,
      placement: internetFacing ? 'public' : 'private', vpc: props.vpc,
      details: [
        literal(props.domainName),
        tls ? `TLS 443, ${literal(props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS)}` : 'TCP 443 passthrough',
        ...(frontDoor.elasticIps.length > 0 ? [`${frontDoor.elasticIps.length} Elastic IPs`] : []),
      ],
    },
  ];
  return {
    nodes,
    edges: [
      request(clients.id, lb, tls ? 'TLS' : 'TCP', 443),
      request(lb, (props.gateway as RestGateway).vpcEndpoint!.node.path, tls ? 'TLS' : 'TCP', 443, tls ? 'IP targets' : 'passthrough'),
    ],
  };
}

/** A REST API: its VPC endpoint or public entry, the routes' integrations and authorizers. */
export function restGatewayTopology(
  gateway: RestGateway, built: ReadonlyArray<{ readonly route: Route; readonly auth: Authorization }>, endpoint?: RestEndpoint,
): TopologyFragment {
  const id = gateway.node.path;
  const nodes: RecordedNode[] = [];
  const edges: TopologyEdge[] = [];
  const endpointType = gateway.vpcEndpoint ? 'PRIVATE' : 'REGIONAL';
  nodes.push({
    id, kind: 'gateway', label: `REST API ${literal(gateway.restApi.restApiName, gateway)}`, placement: 'region',
    details: [
      `${endpointType}, stage ${literal((gateway.stage.node.defaultChild as apigw.CfnStage).stageName ?? '', gateway)}`,
      `${built.length} route${built.length === 1 ? '' : 's'}`,
      ...(gateway.consumerPlans ? [`API keys, ${Object.keys(gateway.consumerPlans.usagePlans).length} usage plans`] : []),
    ],
  });
  if (gateway.vpcEndpoint) {
    const vpcEndpoint = gateway.vpcEndpoint;
    nodes.push({
      id: vpcEndpoint.node.path, kind: 'vpc-endpoint', label: 'execute-api VPC endpoint', placement: 'private',
      vpc: endpoint?.vpc, details: ['interface endpoint, one ENI per AZ', 'aws:SourceVpce resource policy'],
    });
    edges.push(request(vpcEndpoint.node.path, id, 'HTTPS', 443));
  } else {
    nodes.push(INTERNET_CLIENTS);
    edges.push(request(INTERNET_CLIENTS.id, id, 'HTTPS', 443));
  }
  if (gateway.webAcl) {
    nodes.push({ id: gateway.webAcl.node.path, kind: 'waf', label: 'AWS WAF web ACL', placement: 'region', details: ['on the stage'] });
    edges.push(control(gateway.webAcl.node.path, id, 'inspects'));
  }

  const v1 = gateway.vpcLinks.find((l): l is apigw.VpcLink => l instanceof apigw.VpcLink);
  for (const { route, auth } of built) {
    const target = route.target;
    if (target.backend) {
      const backend = target.backend;
      const link = backend.networkLoadBalancer && v1
        ? v1
        : gateway.vpcLinks.find((l): l is apigwv2.VpcLink => l instanceof apigwv2.VpcLink && l.vpc.node.path === backend.vpc.node.path);
      reachService(nodes, edges, id, backend, link, link instanceof apigw.VpcLink ? 'v1' : 'v2');
    }
    reachOther(nodes, edges, id, target.function, target.url);
    authorize(nodes, edges, id, auth, gateway.jwtAuthorizers.map((j) => ({ fn: j.function, issuer: j.issuer })));
  }
  return { nodes, edges };
}

/** An HTTP API: its public entry, the routes' integrations and authorizers. */
export function httpGatewayTopology(gateway: HttpGateway): TopologyFragment {
  const id = gateway.node.path;
  const routes = gateway.routes;
  const nodes: RecordedNode[] = [
    INTERNET_CLIENTS,
    {
      id, kind: 'gateway', label: `HTTP API ${literal(gateway.httpApi.httpApiName ?? gateway.node.id)}`, placement: 'region',
      details: [
        `stage ${literal(gateway.stage.stageName, gateway)}`,
        `${routes.length} route${routes.length === 1 ? '' : 's'}`,
        ...(gateway.domainName ? [literal(gateway.domainName.name)] : []),
      ],
    },
  ];
  const edges: TopologyEdge[] = [request(INTERNET_CLIENTS.id, id, 'HTTPS', 443)];
  for (const { route, authorization } of routes) {
    const target = route.target;
    if (target.backend) {
      const backend = target.backend;
      const link = gateway.vpcLinks.find((l) => l.vpcLink.vpc.node.path === backend.vpc.node.path)?.vpcLink;
      reachService(nodes, edges, id, backend, link, 'v2');
    }
    reachOther(nodes, edges, id, target.function, target.url);
    authorize(nodes, edges, id, authorization, []);
  }
  return { nodes, edges };
}

/** A Fargate service behind its internal ALB or NLB. */
export function serviceBackendTopology(backend: ServiceBackend, props: ServiceBackendProps): TopologyFragment {
  const alb = backend.loadBalancerType === 'ALB';
  const service = backend.service.node.path;
  const min = backend.scaling ? props.autoScaling?.minCapacity ?? props.desiredCount ?? 2 : undefined;
  const max = props.autoScaling?.maxCapacity;
  return {
    nodes: [
      {
        id: backend.node.path, kind: 'load-balancer', label: `internal ${backend.loadBalancerType}`, placement: 'private', vpc: backend.vpc,
        details: [`${alb ? 'HTTP' : 'TCP'} ${backend.listenerPort}`, backend.backendName],
      },
      {
        id: service, kind: 'service', label: `ECS service ${backend.backendName}`, placement: 'private', vpc: backend.vpc,
        details: [
          `Fargate ${props.cpu ?? 256} CPU / ${props.memoryLimitMiB ?? 512} MiB`,
          ...(typeof min === 'number' && !Token.isUnresolved(min) ? [max !== undefined ? `${min}-${max} tasks` : `${min}+ tasks, CPU scaling`] : []),
        ],
      },
    ],
    edges: [request(backend.node.path, service, 'HTTP', backend.containerPort)],
  };
}

/** A Fargate gRPC service, found through Cloud Map or behind an internal ALB with a gRPC target group. */
export function grpcServiceBackendTopology(backend: GrpcServiceBackend): TopologyFragment {
  const id = backend.node.path;
  const port = backend.container.portMappings[0]?.containerPort ?? backend.port;
  const service: RecordedNode = {
    id, kind: 'grpc-service', label: `gRPC service ${backend.backendName}`, placement: 'private', vpc: backend.vpc,
    details: ['ECS Fargate', backend.namespace ? `Cloud Map ${hostOf(backend.target)}` : `port ${port}`],
  };
  if (!backend.loadBalancer) return { nodes: [service], edges: [] };
  const lb = backend.loadBalancer.node.path;
  return {
    nodes: [
      { id: lb, kind: 'load-balancer', label: 'internal ALB (gRPC)', placement: 'private', vpc: backend.vpc, details: [`HTTPS ${backend.port}`, 'gRPC target group'] },
      service,
    ],
    edges: [request(lb, id, 'gRPC', port, 'HTTP/2')],
  };
}

/** The REST→gRPC translator function and the gRPC service it calls. */
export function grpcTranslatorTopology(translator: GrpcTranslator, vpc: ec2.IVpc): TopologyFragment {
  const fn = translator.function.node.path;
  const backend = translator.backend;
  const entry = grpcEntryOf(backend);
  const nodes: RecordedNode[] = [
    {
      id: fn, kind: 'function', label: 'gRPC translator (Lambda)', placement: 'private', vpc,
      details: [`${translator.config.routes.length} route${translator.config.routes.length === 1 ? '' : 's'}`, `to ${backend.backendName}`],
    },
  ];
  // An imported server records nothing itself.
  if (!hasTopology(backend)) {
    nodes.push({ id: entry, kind: 'grpc-service', label: `gRPC server ${backend.backendName}`, placement: 'private', vpc: backend.vpc, details: [hostOf(backend.target)], weak: true });
  }
  const viaAlb = entry !== backend.node.path;
  return { nodes, edges: [request(fn, entry, 'gRPC', backend.port, viaAlb ? 'TLS' : (backend.tls ? 'TLS' : 'plaintext'))] };
}

/** Edges gateway → VPC link → the backend's load balancer, with a stand-in for a backend that records nothing. */
function reachService(
  nodes: RecordedNode[], edges: TopologyEdge[], gateway: string, backend: IServiceBackend,
  link: apigw.VpcLink | apigwv2.VpcLink | undefined, version: 'v1' | 'v2',
): void {
  const entry = backend.node.path;
  nodes.push({
    id: entry, kind: 'load-balancer', label: `internal ${backend.loadBalancerType}`, placement: 'private', vpc: backend.vpc,
    details: [`${backend.loadBalancerType === 'ALB' ? 'HTTP' : 'TCP'} ${literal(backend.listenerPort)}`, backend.backendName], weak: true,
  });
  const port = typeof backend.listenerPort === 'number' && !Token.isUnresolved(backend.listenerPort) ? backend.listenerPort : undefined;
  if (!link) {
    edges.push(request(gateway, entry, 'HTTP', port));
    return;
  }
  nodes.push({
    id: link.node.path, kind: 'vpc-link', label: `VPC link ${version}`, placement: 'private',
    vpc: link instanceof apigwv2.VpcLink ? link.vpc : backend.vpc,
    details: [version === 'v1' ? 'to NLBs (REST)' : 'shared per VPC'],
  });
  edges.push(request(gateway, link.node.path, 'HTTP', port));
  edges.push(request(link.node.path, entry, 'HTTP', port));
}

/** Edges to a Lambda function (the translators record their own) or a public URL. */
function reachOther(nodes: RecordedNode[], edges: TopologyEdge[], gateway: string, fn: IConstruct | undefined, url: string | undefined): void {
  if (fn) {
    nodes.push({ id: fn.node.path, kind: 'function', label: 'Lambda function', placement: 'region', details: [fn.node.id === 'Resource' ? fn.node.scope!.node.id : fn.node.id], weak: true });
    edges.push(request(gateway, fn.node.path, 'Lambda invoke'));
  }
  if (url) {
    const host = literal(hostOf(url));
    const id = `url:${host}`;
    nodes.push({ id, kind: 'external', label: host, placement: 'internet', details: ['HTTP URL'] });
    edges.push(request(gateway, id, url.startsWith('http://') ? 'HTTP' : 'HTTPS', url.startsWith('http://') ? 80 : 443));
  }
}

/** A control edge from the authorizer deciding on a route. */
function authorize(
  nodes: RecordedNode[], edges: TopologyEdge[], gateway: string, auth: Authorization,
  bundled: Array<{ fn: IConstruct; issuer: string }>,
): void {
  switch (auth.type) {
    case 'JWT': {
      const id = `${gateway}/authorizer:jwt:${auth.issuer}`;
      nodes.push({ id, kind: 'authorizer', label: 'JWT authorizer', placement: 'region', details: [literal(auth.issuer ?? ''), ...(auth.audiences ?? []).map((a) => `audience ${literal(a)}`)] });
      edges.push(control(id, gateway, 'JWT'));
      return;
    }
    case 'LAMBDA': {
      const fn = auth.handler!;
      const jwt = bundled.find((b) => b.fn.node.path === fn.node.path);
      nodes.push(jwt
        ? { id: fn.node.path, kind: 'authorizer', label: 'JWT authorizer (Lambda)', placement: 'region', details: [literal(jwt.issuer)] }
        : { id: fn.node.path, kind: 'authorizer', label: 'Lambda authorizer', placement: 'region', details: [auth.describe()] });
      edges.push(control(fn.node.path, gateway, auth.lambdaOptions?.type === 'TOKEN' ? 'TOKEN' : 'Lambda authorizer'));
      return;
    }
    case 'COGNITO': {
      const pool = auth.userPool!;
      nodes.push({ id: pool.node.path, kind: 'authorizer', label: 'Cognito user pool', placement: 'region', details: [pool.node.id] });
      edges.push(control(pool.node.path, gateway, 'Cognito'));
      return;
    }
    default:
      // IAM is checked by API Gateway itself, NONE by nobody: no part to draw.
      return;
  }
}

function grpcEntryOf(backend: IGrpcServiceBackend): string {
  const lb = (backend as Partial<GrpcServiceBackend>).loadBalancer;
  return lb ? lb.node.path : backend.node.path;
}

function hasTopology(backend: IGrpcServiceBackend): boolean {
  return (backend as Partial<GrpcServiceBackend>).discoveryType !== undefined;
}

function request(from: string, to: string, protocol: string, port?: number, note?: string): TopologyEdge {
  return { from, to, protocol, ...(port !== undefined ? { port } : {}), ...(note ? { note } : {}), role: 'request' };
}

function control(from: string, to: string, protocol: string): TopologyEdge {
  return { from, to, protocol, role: 'control' };
}

/** A value for a label: tokens (unknown until deploy) read as `(deploy time)`. */
function literal(value: string | number, scope?: IConstruct): string {
  if (!Token.isUnresolved(value)) return String(value);
  const resolved = scope ? Stack.of(scope).resolve(value) : undefined;
  return typeof resolved === 'string' || typeof resolved === 'number' ? String(resolved) : '(deploy time)';
}

function hostOf(target: string): string {
  return target.replace(/^[a-z]+:\/\/\/?/, '').replace(/[/:].*$/, '');
}
