import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Route, routeKey } from '../routes/route';
import { Authorization } from './authorization';

/** Something that enforces per-route roles it is told about (the bundled JwtAuthorizerFunction). */
interface RoleRegistry {
  addRouteRoles(routeKey: string, roles: string[]): void;
}

/**
 * Hands a route's required roles to its Lambda authorizer. The bundled JWT authorizer
 * (JwtAuthorizerFunction, the function's parent) takes them through `addRouteRoles`; any
 * other function must enforce them itself, which a warning on the gateway says.
 */
export function registerRouteRoles(gateway: IConstruct, route: Route, auth: Authorization): void {
  const handler = auth.handler!;
  const owner = [handler, handler.node.scope].find((o): o is IConstruct & RoleRegistry =>
    typeof (o as Partial<RoleRegistry> | undefined)?.addRouteRoles === 'function');
  if (owner) {
    owner.addRouteRoles(routeKey(route), [...route.requiredRoles!]);
  } else {
    // A warning, not an error: a function of the user's own may well enforce the roles (it
    // sees the route in its event), and the library cannot tell; refusing would forbid every
    // custom role-aware authorizer. The warning names the route key the function must check.
    Annotations.of(gateway).addWarningV2('cdk-gateway-topology:route-roles-unregistered',
      `Route ${routeKey(route)} requires roles [${route.requiredRoles!.join(', ')}], but the authorizer ${handler.node.path} `
      + 'offers no addRouteRoles(); the function must enforce them itself for this route key.');
  }
}
