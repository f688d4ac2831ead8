import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { GrpcServiceBackend } from '../backends/grpc-service-backend';
import { ServiceBackend } from '../backends/service-backend';
import { TopologyValidationError } from '../errors';
import { AlbFrontDoor } from '../front-door/alb-front-door';
import { NlbFrontDoor } from '../front-door/nlb-front-door';
import { HttpGateway } from '../gateway/http-gateway';
import { RestEndpoint, RestEndpointType } from '../gateway/rest-endpoint';
import { RestGateway } from '../gateway/rest-gateway';
import { TopologyMonitoring } from '../observability/topology-monitoring';
import { Route } from '../routes/route';
import { RouteTarget } from '../routes/route-target';
import { validateRoutes } from '../routes/validate-routes';
import { GrpcTranslator } from '../transform/grpc-translator';
import { TopologyFrontDoor, TopologyFrontDoorType } from './topology-front-door';
import { TopologyGateway, TopologyGatewayType } from './topology-gateway';
import {
  TopologyGrpcServiceOptions, TopologyMonitoringOptions, TopologyRoute, TopologyServiceOptions,
} from './topology-options';

/** Properties of a {@link GatewayTopology}: the whole edge, front door to backends, as one spec. */
export interface GatewayTopologyProps {
  /**
   * The VPC everything runs in; its private subnets hold the services, the translators and
   * the execute-api VPC endpoint, its public subnets the front door.
   * @default - a new VPC (child `Vpc`): 2 AZs, 1 NAT gateway, flow logs to a log group
   * (child `FlowLogGroup`) kept three months
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The ECS cluster every service and gRPC service runs in.
   * @default - a new cluster (child `Cluster`) with Container Insights, when there is a service
   */
  readonly cluster?: ecs.ICluster;
  /**
   * The HTTP services, by name: each becomes a `ServiceBackend` (child `Services/<name>`)
   * that `routes` name by that key.
   * @default - none
   */
  readonly services?: { readonly [name: string]: TopologyServiceOptions };
  /**
   * The gRPC services, by name: each becomes a `GrpcServiceBackend` (child
   * `GrpcServices/<name>`, whose `backendName` defaults to the name in kebab case) with a
   * `GrpcTranslator` in front (child `Translators/<name>`) whose routes join the gateway's.
   * @default - none
   */
  readonly grpcServices?: { readonly [name: string]: TopologyGrpcServiceOptions };
  /** The gateway: `TopologyGateway.rest(...)` or `TopologyGateway.http(...)` (child `Gateway`). */
  readonly gateway: TopologyGateway;
  /**
   * The load balancer in front of the gateway (child `FrontDoor`). A front door needs
   * `TopologyGateway.rest`, which is then made PRIVATE.
   * @default TopologyFrontDoor.none()
   */
  readonly frontDoor?: TopologyFrontDoor;
  /**
   * The routes to the HTTP services, each naming its service by its key in `services`.
   * @default - none; then the translators' routes and `extraRoutes` must give at least one
   */
  readonly routes?: TopologyRoute[];
  /**
   * Routes with any target (a Lambda function, a URL), added after `routes` and the
   * translators' routes.
   * @default - none
   */
  readonly extraRoutes?: Route[];
  /**
   * The dashboard and alarms (child `Monitoring`), watching the front door, the gateway,
   * the translators and the services.
   * @default - on, with the defaults of `TopologyMonitoring`
   */
  readonly monitoring?: TopologyMonitoringOptions;
}

/** Names of services: a construct id that also makes a readable backend name. */
const SERVICE_NAME = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;

/**
 * The whole gateway topology from one typed spec: an optional ALB or NLB front door, a
 * REST or HTTP API, Fargate services behind internal load balancers reached through VPC
 * links, gRPC services behind REST→gRPC translators, and one dashboard with alarms.
 *
 * Child ids (public API: changing one replaces resources): `Vpc`, `FlowLogGroup`,
 * `Cluster`, `Services/<name>`, `GrpcServices/<name>`, `Translators/<name>`, `Gateway`,
 * `FrontDoor`, `Monitoring`.
 *
 * @example
 * new GatewayTopology(stack, 'Edge', {
 *   services: { orders: { image: ecs.ContainerImage.fromRegistry('my/orders:1.0') } },
 *   gateway: TopologyGateway.rest({ defaultAuthorization: Authorization.jwt(issuer, ['api']) }),
 *   frontDoor: TopologyFrontDoor.alb({ domainName: 'api.example.com', certificate }),
 *   routes: [{ method: HttpMethod.GET, path: '/orders', service: 'orders' }],
 * });
 */
export class GatewayTopology extends Construct {
  /** The VPC (given or created). */
  public readonly vpc: ec2.IVpc;
  /** The flow-log group of a created VPC. */
  public readonly flowLogGroup?: logs.LogGroup;
  /** The ECS cluster of the services (given or created); undefined without services. */
  public readonly cluster?: ecs.ICluster;
  /** The HTTP services, by their name in `services`. */
  public readonly services: { readonly [name: string]: ServiceBackend };
  /** The gRPC services, by their name in `grpcServices`. */
  public readonly grpcServices: { readonly [name: string]: GrpcServiceBackend };
  /** The translators in front of the gRPC services, by the gRPC service's name. */
  public readonly translators: { readonly [name: string]: GrpcTranslator };
  /** The REST API, with `TopologyGateway.rest`. */
  public readonly restGateway?: RestGateway;
  /** The HTTP API, with `TopologyGateway.http`. */
  public readonly httpGateway?: HttpGateway;
  /** The ALB front door, with `TopologyFrontDoor.alb`. */
  public readonly albFrontDoor?: AlbFrontDoor;
  /** The NLB front door, with `TopologyFrontDoor.nlb`. */
  public readonly nlbFrontDoor?: NlbFrontDoor;
  /** The dashboard and alarms, unless `monitoring.enabled` is false. */
  public readonly monitoring?: TopologyMonitoring;

  private readonly gatewayRoutes: Route[] = [];
  private readonly frontDoorOptions?: { readonly domainName: string; readonly basePath?: string };

  constructor(scope: Construct, id: string, props: GatewayTopologyProps) {
    super(scope, id);
    const frontDoor = props.frontDoor ?? TopologyFrontDoor.none();
    this.frontDoorOptions = frontDoor.albOptions ?? frontDoor.nlbOptions;
    const services = props.services ?? {};
    const grpcServices = props.grpcServices ?? {};
    this.validateSpec(props, frontDoor, services, grpcServices);

    if (props.vpc) {
      this.vpc = props.vpc;
    } else {
      const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
      this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', { retention: logs.RetentionDays.THREE_MONTHS });
      vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup) });
      this.vpc = vpc;
    }

    const hasServices = Object.keys(services).length + Object.keys(grpcServices).length > 0;
    this.cluster = props.cluster ?? (hasServices
      ? new ecs.Cluster(this, 'Cluster', { vpc: this.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED })
      : undefined);

    const built: Record<string, ServiceBackend> = {};
    const serviceScope = Object.keys(services).length > 0 ? new Construct(this, 'Services') : undefined;
    for (const [name, options] of Object.entries(services)) {
      built[name] = new ServiceBackend(serviceScope!, name, { ...options, vpc: this.vpc, cluster: this.cluster });
    }
    this.services = built;

    const grpcBuilt: Record<string, GrpcServiceBackend> = {};
    const translators: Record<string, GrpcTranslator> = {};
    const translatorRoutes: Record<string, Route[]> = {};
    if (Object.keys(grpcServices).length > 0) {
      const grpcScope = new Construct(this, 'GrpcServices');
      const translatorScope = new Construct(this, 'Translators');
      for (const [name, options] of Object.entries(grpcServices)) {
        const { translator: translatorOptions, ...backendOptions } = options;
        const backend = new GrpcServiceBackend(grpcScope, name, {
          ...backendOptions,
          backendName: backendOptions.backendName ?? kebabCase(name),
          vpc: this.vpc,
          cluster: this.cluster,
        });
        const { gatewayRouteOptions, ...translatorProps } = translatorOptions;
        const translator = new GrpcTranslator(translatorScope, name, { ...translatorProps, vpc: this.vpc, backend });
        grpcBuilt[name] = backend;
        translators[name] = translator;
        translatorRoutes[name] = translator.routes(gatewayRouteOptions);
      }
    }
    this.grpcServices = grpcBuilt;
    this.translators = translators;

    const serviceRoutes = (props.routes ?? []).map((route, i) => this.serviceRoute(route, `routes[${i}]`));
    const extraRoutes = props.extraRoutes ?? [];
    this.validateRouteList(serviceRoutes, translatorRoutes, extraRoutes);
    this.gatewayRoutes.push(...serviceRoutes, ...Object.values(translatorRoutes).flat(), ...extraRoutes);
    const routes = [...this.gatewayRoutes];

    if (props.gateway.type === TopologyGatewayType.REST) {
      const { endpointType, vpcEndpoint, privateDnsEnabled, endpointClients, allowedApis, ...options } = props.gateway.restOptions ?? {};
      const type = endpointType ?? (frontDoor.type === TopologyFrontDoorType.NONE ? RestEndpointType.REGIONAL : RestEndpointType.PRIVATE);
      this.restGateway = new RestGateway(this, 'Gateway', {
        ...options,
        routes,
        endpoint: type === RestEndpointType.PRIVATE
          ? RestEndpoint.private({ vpc: this.vpc, vpcEndpoint, privateDnsEnabled, clients: endpointClients, allowedApis })
          : RestEndpoint.regional(),
      });
    } else {
      this.httpGateway = new HttpGateway(this, 'Gateway', { ...props.gateway.httpOptions, routes });
    }

    if (frontDoor.type === TopologyFrontDoorType.ALB) {
      this.albFrontDoor = new AlbFrontDoor(this, 'FrontDoor', { ...frontDoor.albOptions!, gateway: this.restGateway!, vpc: this.vpc });
    } else if (frontDoor.type === TopologyFrontDoorType.NLB) {
      this.nlbFrontDoor = new NlbFrontDoor(this, 'FrontDoor', { ...frontDoor.nlbOptions!, gateway: this.restGateway!, vpc: this.vpc });
    }

    const { enabled, ...monitoringOptions } = props.monitoring ?? {};
    if (enabled ?? true) {
      const grpcTargetGroups = Object.values(grpcBuilt)
        .map((b) => b.targetGroup)
        .filter((tg): tg is elbv2.ApplicationTargetGroup => tg !== undefined);
      this.monitoring = new TopologyMonitoring(this, 'Monitoring', {
        ...monitoringOptions,
        restGateways: this.restGateway ? [this.restGateway] : undefined,
        httpGateways: this.httpGateway ? [this.httpGateway] : undefined,
        applicationLoadBalancers: this.albFrontDoor ? [this.albFrontDoor.loadBalancer] : undefined,
        networkLoadBalancers: this.nlbFrontDoor ? [this.nlbFrontDoor.loadBalancer] : undefined,
        applicationTargetGroups: [...(this.albFrontDoor ? [this.albFrontDoor.targetGroup] : []), ...grpcTargetGroups],
        networkTargetGroups: this.nlbFrontDoor ? [this.nlbFrontDoor.targetGroup] : undefined,
        translatorFunctions: Object.values(translators).map((t) => t.function),
        services: Object.values(built),
      });
    }
  }

  /** The routes of the gateway: `routes`, then the translators' routes, then `extraRoutes`, then routes added later. */
  public get routes(): Route[] {
    return [...this.gatewayRoutes];
  }

  /**
   * The URL clients call: `https://<domainName>/<basePath>/` with a front door, else the
   * gateway's URL (its custom domain or stage URL).
   */
  public get url(): string {
    const frontDoor = this.frontDoorOptions;
    if (frontDoor) return `https://${frontDoor.domainName}/${frontDoor.basePath ? `${frontDoor.basePath}/` : ''}`;
    return this.restGateway ? this.restGateway.urlForPath('/') : this.httpGateway!.url;
  }

  /** Adds routes with any target to the gateway, validated like those in the props. */
  public addRoutes(routes: Route[]): void {
    for (const route of routes) this.addGatewayRoute(route);
  }

  /** Adds routes to the topology's HTTP services, each naming its service by its key in `services`. */
  public addServiceRoutes(routes: TopologyRoute[]): void {
    const built = routes.map((route, i) => this.serviceRoute(route, `addServiceRoutes(routes)[${i}]`));
    for (const route of built) this.addGatewayRoute(route);
  }

  private addGatewayRoute(route: Route): void {
    if (this.restGateway) this.restGateway.addRoute(route);
    else this.httpGateway!.addRoute(route);
    this.gatewayRoutes.push(route);
  }

  /** A topology route as a gateway route to its service. */
  private serviceRoute(route: TopologyRoute, at: string): Route {
    const { service, backendPath, ...rest } = route;
    const backend = Object.prototype.hasOwnProperty.call(this.services, service) ? this.services[service] : undefined;
    if (!backend) {
      const known = Object.keys(this.services);
      const isGrpc = Object.prototype.hasOwnProperty.call(this.grpcServices, service);
      throw new TopologyValidationError(this, {
        prop: `${at}.service`, received: service,
        problem: isGrpc
          ? `"${service}" is a gRPC service: the gateway reaches it through its translator, whose routes are added for you`
          : `no service is named "${service}"; the services are ${known.length > 0 ? known.map((n) => `"${n}"`).join(', ') : '(none)'}`,
        fix: isGrpc
          ? `remove this route and declare it in grpcServices.${service}.translator.routes`
          : `name one of the services, or add "${service}" to services`,
      });
    }
    return { ...rest, target: RouteTarget.service(backend, { backendPath }) };
  }

  private validateSpec(
    props: GatewayTopologyProps,
    frontDoor: TopologyFrontDoor,
    services: { readonly [name: string]: TopologyServiceOptions },
    grpcServices: { readonly [name: string]: TopologyGrpcServiceOptions },
  ): void {
    if (!(props.gateway instanceof TopologyGateway)) {
      throw new TopologyValidationError(this, {
        prop: 'gateway', received: props.gateway,
        problem: 'the gateway must be built with a TopologyGateway factory',
        fix: 'use TopologyGateway.rest({...}) or TopologyGateway.http({...})',
      });
    }
    if (!(frontDoor instanceof TopologyFrontDoor)) {
      throw new TopologyValidationError(this, {
        prop: 'frontDoor', received: frontDoor,
        problem: 'the front door must be built with a TopologyFrontDoor factory',
        fix: 'use TopologyFrontDoor.alb({...}), TopologyFrontDoor.nlb({...}) or TopologyFrontDoor.none()',
      });
    }
    const hasFrontDoor = frontDoor.type !== TopologyFrontDoorType.NONE;
    if (hasFrontDoor && props.gateway.type === TopologyGatewayType.HTTP) {
      throw new TopologyValidationError(this, {
        prop: 'frontDoor', received: `TopologyFrontDoor.${frontDoor.type.toLowerCase()}(...) with TopologyGateway.http(...)`,
        problem: 'there are no private HTTP APIs: a front door reaches its API through an execute-api VPC endpoint, which serves private REST APIs only',
        fix: 'use gateway: TopologyGateway.rest({...}) (made PRIVATE behind the front door), or drop the front door and call the HTTP API directly',
      });
    }
    const rest = props.gateway.restOptions;
    if (rest) {
      if (hasFrontDoor && rest.endpointType === RestEndpointType.REGIONAL) {
        throw new TopologyValidationError(this, {
          prop: 'gateway.endpointType', received: rest.endpointType,
          problem: 'a front door reaches the API through the execute-api VPC endpoint, which serves PRIVATE APIs only, and a REGIONAL API would stay reachable around the front door',
          fix: 'drop endpointType (a front door makes the API PRIVATE), or drop the front door',
        });
      }
      const isPrivate = rest.endpointType === RestEndpointType.PRIVATE || (rest.endpointType === undefined && hasFrontDoor);
      for (const prop of ['vpcEndpoint', 'privateDnsEnabled', 'endpointClients', 'allowedApis'] as const) {
        if (rest[prop] !== undefined && !isPrivate) {
          throw new TopologyValidationError(this, {
            prop: `gateway.${prop}`, received: rest[prop],
            problem: 'the setting belongs to a PRIVATE REST API, and this one is REGIONAL',
            fix: `set endpointType: RestEndpointType.PRIVATE, or remove ${prop}`,
          });
        }
      }
    }
    for (const prop of ['routes', 'extraRoutes'] as const) {
      if (props[prop] !== undefined && !Array.isArray(props[prop])) {
        throw new TopologyValidationError(this, {
          prop, received: props[prop],
          problem: `${prop} must be a list of routes`,
          fix: `declare ${prop} as a list, for example [{ method: HttpMethod.GET, path: "/orders", ${prop === 'routes' ? 'service: "orders"' : 'target: ...'} }]`,
        });
      }
    }
    for (const [prop, names] of [['services', services], ['grpcServices', grpcServices]] as const) {
      if (typeof names !== 'object' || names === null || Array.isArray(names)) {
        throw new TopologyValidationError(this, {
          prop, received: names,
          problem: `${prop} must be an object keyed by service name`,
          fix: `write it as { orders: { image: ... } }`,
        });
      }
      for (const name of Object.keys(names)) {
        const options: unknown = names[name];
        if (typeof options !== 'object' || options === null || Array.isArray(options)) {
          throw new TopologyValidationError(this, {
            prop: `${prop}.${name}`, received: options,
            problem: 'a service is an object of its options', fix: `write it as ${name}: { image: ecs.ContainerImage.fromRegistry("...") }`,
          });
        }
        if (!SERVICE_NAME.test(name)) {
          throw new TopologyValidationError(this, {
            prop: `${prop}.${name}`, received: name,
            problem: 'a service name becomes a construct id and the backend\'s name: a letter, then letters, digits and "-", at most 63 characters',
            fix: 'use a name such as "orders"',
          });
        }
      }
    }
    const enabled: unknown = props.monitoring?.enabled;
    if (enabled !== undefined && typeof enabled !== 'boolean') {
      throw new TopologyValidationError(this, {
        prop: 'monitoring.enabled', received: enabled,
        problem: 'enabled is true or false', fix: 'set monitoring.enabled: false to build no dashboard and alarms, or leave it out',
      });
    }
    for (const name of Object.keys(grpcServices)) {
      if (Object.prototype.hasOwnProperty.call(services, name)) {
        throw new TopologyValidationError(this, {
          prop: `grpcServices.${name}`, received: name,
          problem: `"${name}" names both an HTTP service and a gRPC service, so a route naming it would be ambiguous`,
          fix: 'give the two services different names',
        });
      }
      if (!grpcServices[name].translator) {
        throw new TopologyValidationError(this, {
          prop: `grpcServices.${name}.translator`, received: undefined,
          problem: 'the gateway reaches a gRPC service only through a REST→gRPC translator',
          fix: 'give translator: { protos: { files: [...] }, routes: [...] } (or automatic: true)',
        });
      }
    }
  }

  private validateRouteList(serviceRoutes: Route[], translatorRoutes: Record<string, Route[]>, extraRoutes: Route[]): void {
    const translated = Object.values(translatorRoutes).reduce((n, routes) => n + routes.length, 0);
    if (serviceRoutes.length + translated + extraRoutes.length === 0) {
      throw new TopologyValidationError(this, {
        prop: 'routes', received: [],
        problem: 'the gateway would have no routes: routes, the gRPC translators\' routes and extraRoutes are all empty',
        fix: 'declare routes to the services, gRPC services with translator routes, or extraRoutes',
      });
    }
    if (serviceRoutes.length > 0) validateRoutes(this, 'routes', serviceRoutes);
    // Each translator's routes are checked against everything before them, so a clash names the later one.
    const before = [...serviceRoutes];
    for (const [name, routes] of Object.entries(translatorRoutes)) {
      if (routes.length > 0) validateRoutes(this, `grpcServices.${name}.translator.routes`, routes, before);
      before.push(...routes);
    }
    if (extraRoutes.length > 0) validateRoutes(this, 'extraRoutes', extraRoutes, before);
  }
}

/** `userDirectory` → `user-directory`: the form backend names and DNS labels take. */
function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
