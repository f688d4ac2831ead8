import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { TopologyValidationError } from '../../lib/errors';
import { RestEndpointType } from '../../lib/gateway/rest-endpoint';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { GatewayTopology, GatewayTopologyProps } from '../../lib/topology/gateway-topology';
import { TopologyFrontDoor } from '../../lib/topology/topology-front-door';
import { TopologyGateway } from '../../lib/topology/topology-gateway';
import { TopologyGrpcServiceOptions } from '../../lib/topology/topology-options';
import { baseProps, certificateOf, DOMAIN, GRPC_SERVICES, JWT, SERVICES, topologyStack } from './fixtures';

/** Builds a topology in a fresh stack and returns the error it throws. */
function errorOf(props: (stack: ReturnType<typeof topologyStack>) => GatewayTopologyProps): TopologyValidationError {
  const stack = topologyStack();
  try {
    new GatewayTopology(stack, 'Edge', props(stack));
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyValidationError);
    return e as TopologyValidationError;
  }
  throw new Error('expected a TopologyValidationError');
}

describe('GatewayTopology validation', () => {
  test('fails when an ALB front door stands in front of an HTTP API', () => {
    // GIVEN / WHEN
    const error = errorOf((stack) => ({
      ...baseProps(),
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.alb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    }));
    // THEN
    expect(error.constructPath).toBe('Stack/Edge');
    expect(error.prop).toBe('frontDoor');
    expect(error.message).toMatch(/there are no private HTTP APIs/);
    expect(error.message).toMatch(/TopologyGateway\.rest/);
  });

  test('fails when an NLB front door stands in front of an HTTP API', () => {
    // GIVEN / WHEN
    const error = errorOf((stack) => ({
      ...baseProps(),
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.nlb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    }));
    // THEN
    expect(error.prop).toBe('frontDoor');
    expect(error.message).toMatch(/received "TopologyFrontDoor\.nlb\(\.\.\.\) with TopologyGateway\.http\(\.\.\.\)"/);
  });

  test('fails when a front door stands in front of a REGIONAL REST API', () => {
    // GIVEN / WHEN
    const error = errorOf((stack) => ({
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT, endpointType: RestEndpointType.REGIONAL }),
      frontDoor: TopologyFrontDoor.alb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    }));
    // THEN
    expect(error.prop).toBe('gateway.endpointType');
    expect(error.message).toMatch(/received "REGIONAL"/);
    expect(error.message).toMatch(/reachable around the front door/);
  });

  test('fails when a REGIONAL REST API is given a VPC endpoint', () => {
    // GIVEN / WHEN
    const error = errorOf((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      const vpcEndpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
      return { ...baseProps(), vpc, gateway: TopologyGateway.rest({ defaultAuthorization: JWT, vpcEndpoint }) };
    });
    // THEN
    expect(error.prop).toBe('gateway.vpcEndpoint');
    expect(error.message).toMatch(/endpointType: RestEndpointType\.PRIVATE/);
  });

  test('fails when privateDnsEnabled is set on a REGIONAL REST API', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({ ...baseProps(), gateway: TopologyGateway.rest({ defaultAuthorization: JWT, privateDnsEnabled: true }) }));
    // THEN
    expect(error.prop).toBe('gateway.privateDnsEnabled');
    expect(error.message).toMatch(/this one is REGIONAL/);
  });

  test('fails when a route names an unknown service, listing the known names', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      services: SERVICES,
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      routes: [
        { method: HttpMethod.GET, path: '/orders', service: 'orders' },
        { method: HttpMethod.GET, path: '/payments', service: 'payments' },
      ],
    }));
    // THEN
    expect(error.prop).toBe('routes[1].service');
    expect(error.message).toMatch(/received "payments"/);
    expect(error.message).toMatch(/the services are "orders", "users"/);
  });

  test('fails when a route names a service and there are none', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      routes: [{ method: HttpMethod.GET, path: '/orders', service: 'orders' }],
    }));
    // THEN
    expect(error.prop).toBe('routes[0].service');
    expect(error.message).toMatch(/the services are \(none\)/);
  });

  test('fails when a route names a gRPC service, pointing at its translator', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      ...baseProps(),
      grpcServices: GRPC_SERVICES,
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      routes: [{ method: HttpMethod.GET, path: '/directory', service: 'directory' }],
    }));
    // THEN
    expect(error.prop).toBe('routes[0].service');
    expect(error.message).toMatch(/is a gRPC service/);
    expect(error.fix).toMatch(/grpcServices\.directory\.translator\.routes/);
  });

  test('fails when a service name is inherited from Object.prototype', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      ...baseProps(),
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      routes: [{ method: HttpMethod.GET, path: '/x', service: 'toString' }],
    }));
    // THEN
    expect(error.prop).toBe('routes[0].service');
  });

  test('fails when there are no routes at all', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({ services: SERVICES, gateway: TopologyGateway.http({ defaultAuthorization: JWT }), routes: [] }));
    // THEN
    expect(error.constructPath).toBe('Stack/Edge');
    expect(error.prop).toBe('routes');
    expect(error.message).toMatch(/the gateway would have no routes/);
  });

  test('fails when a service route is invalid, naming the topology\'s prop', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      services: SERVICES,
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      routes: [{ method: HttpMethod.GET, path: '/orders/{orderId}', service: 'orders', backendPath: '/v1/orders/{id}' }],
    }));
    // THEN
    expect(error.constructPath).toBe('Stack/Edge');
    expect(error.prop).toBe('routes[0].target.backendPath');
  });

  test('fails when an extra route repeats a service route', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      ...baseProps(),
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      extraRoutes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.httpUrl('https://legacy.example.com/orders') }],
    }));
    // THEN
    expect(error.prop).toBe('extraRoutes[0].path');
    expect(error.message).toMatch(/already declared/);
  });

  test('fails when a translator route repeats a service route, naming the translator', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      services: SERVICES,
      grpcServices: GRPC_SERVICES,
      routes: [{ method: HttpMethod.GET, path: '/api/v1/users/{id}', service: 'users' }],
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
    }));
    // THEN
    expect(error.constructPath).toBe('Stack/Edge');
    expect(error.prop).toBe('grpcServices.directory.translator.routes[0].path');
    expect(error.message).toMatch(/already declared/);
  });

  test('fails when a service name is not a valid name', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      services: { 'orders/v2': SERVICES.orders },
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
      routes: [{ method: HttpMethod.GET, path: '/orders', service: 'orders/v2' }],
    }));
    // THEN
    expect(error.prop).toBe('services.orders/v2');
    expect(error.message).toMatch(/a letter, then letters, digits and "-"/);
  });

  test('fails when an HTTP service and a gRPC service share a name', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      ...baseProps(),
      grpcServices: { orders: GRPC_SERVICES.directory },
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
    }));
    // THEN
    expect(error.prop).toBe('grpcServices.orders');
    expect(error.message).toMatch(/both an HTTP service and a gRPC service/);
  });

  test('fails when a gRPC service has no translator', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      ...baseProps(),
      grpcServices: { directory: { image: ecs.ContainerImage.fromRegistry('example/grpc:1') } as unknown as TopologyGrpcServiceOptions },
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
    }));
    // THEN
    expect(error.prop).toBe('grpcServices.directory.translator');
    expect(error.message).toMatch(/only through a REST→gRPC translator/);
  });

  test('fails when the gateway is not built with a TopologyGateway factory', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({ ...baseProps(), gateway: { type: 'REST' } as unknown as TopologyGateway }));
    // THEN
    expect(error.prop).toBe('gateway');
    expect(error.fix).toMatch(/TopologyGateway\.rest/);
  });

  test('fails when the front door is not built with a TopologyFrontDoor factory', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: { type: 'ALB', domainName: DOMAIN } as unknown as TopologyFrontDoor,
    }));
    // THEN
    expect(error.prop).toBe('frontDoor');
    expect(error.fix).toMatch(/TopologyFrontDoor\.alb/);
  });

  test('fails when addServiceRoutes names an unknown service', () => {
    // GIVEN
    const stack = topologyStack();
    const topology = new GatewayTopology(stack, 'Edge', { ...baseProps(), gateway: TopologyGateway.http({ defaultAuthorization: JWT }) });
    // WHEN
    const add = () => topology.addServiceRoutes([{ method: HttpMethod.GET, path: '/payments', service: 'payments' }]);
    // THEN
    expect(add).toThrow(TopologyValidationError);
    expect(add).toThrow(/invalid addServiceRoutes\(routes\)\[0\]\.service: .*the services are "orders", "users"/);
  });

  test('the front door\'s own validation names the front door', () => {
    // GIVEN / WHEN
    const error = errorOf(() => ({
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.alb({ domainName: DOMAIN }),
    }));
    // THEN
    expect(error.constructPath).toBe('Stack/Edge/FrontDoor');
    expect(error.prop).toMatch(/certificate|hostedZone/);
  });
});
