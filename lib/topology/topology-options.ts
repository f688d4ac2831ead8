import { GrpcServiceBackendOptions } from '../backends/grpc-service-backend';
import { ServiceBackendOptions } from '../backends/service-backend';
import { TopologyMonitoringSettings } from '../observability/topology-monitoring';
import { RouteOptions } from '../routes/route';
import { GrpcTranslatorOptions, GrpcTranslatorRoutesOptions } from '../transform/grpc-translator';

/**
 * An HTTP service of a {@link GatewayTopology}: every {@link ServiceBackendProps} prop but
 * the VPC and cluster, which the topology shares between its services.
 */
export interface TopologyServiceOptions extends ServiceBackendOptions {}

/**
 * The translator in front of a gRPC service of a {@link GatewayTopology}: every
 * {@link GrpcTranslatorProps} prop but the VPC and backend, which the topology gives.
 */
export interface TopologyGrpcTranslatorOptions extends GrpcTranslatorOptions {
  /**
   * The authorization, throttle and integration timeout of the translator's routes that
   * set none of their own.
   * @default - the gateway's defaultAuthorization, stage throttle and integration timeout
   */
  readonly gatewayRouteOptions?: GrpcTranslatorRoutesOptions;
}

/**
 * A gRPC service of a {@link GatewayTopology}: every {@link GrpcServiceBackendProps} prop
 * but the VPC and cluster, plus the translator that reaches it from the gateway.
 */
export interface TopologyGrpcServiceOptions extends GrpcServiceBackendOptions {
  /** The REST→gRPC translator; its routes join the gateway's routes. */
  readonly translator: TopologyGrpcTranslatorOptions;
}

/**
 * A route of a {@link GatewayTopology} to one of its HTTP services: a {@link Route} whose
 * target is named by the service's key in `services`.
 */
export interface TopologyRoute extends RouteOptions {
  /** The key of the service in the topology's `services`. */
  readonly service: string;
  /**
   * The path on the service, with the route's `{param}`s (`/orders/{orderId}`).
   * @default - the route's own path
   */
  readonly backendPath?: string;
}

/**
 * The monitoring of a {@link GatewayTopology}: the {@link TopologyMonitoringProps} that
 * tune the dashboard and alarms; the parts to watch are filled in by the topology.
 */
export interface TopologyMonitoringOptions extends TopologyMonitoringSettings {
  /**
   * Whether the dashboard and alarms are created.
   * @default true
   */
  readonly enabled?: boolean;
}
