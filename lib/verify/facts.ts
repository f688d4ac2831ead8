import { GatewayManifest, ManifestThrottle } from '../manifest/route-manifest';

/**
 * One checked property of an API, named the same way on both sides (what the manifest
 * says, what API Gateway answers), so a comparison is a diff of two fact lists.
 */
export interface Fact {
  /** What is checked (`route GET /orders authorization`). */
  readonly check: string;
  /** Its value, as text. */
  readonly value: string;
  /** The fact this one belongs to (`route GET /orders`): not reported when that one is missing or extra. */
  readonly parent?: string;
}

/** The value of a fact that only says something exists. */
export const PRESENT = 'present';

/** A throttle as text. */
export function throttleText(throttle: ManifestThrottle | undefined): string {
  if (!throttle || (throttle.rateLimit === undefined && throttle.burstLimit === undefined)) return 'none';
  return `rate ${throttle.rateLimit ?? '-'}/s, burst ${throttle.burstLimit ?? '-'}`;
}

/** A list as text, sorted, or `none`. */
export function listText(items: readonly string[] | undefined): string {
  return items && items.length > 0 ? [...items].sort().join(', ') : 'none';
}

/** An authorizer's description as a fact value. */
export function authorizerText(a: { type: string; identitySource: readonly string[]; issuer?: string; audiences?: readonly string[]; resultTtlSeconds?: number }): string {
  return [
    a.type,
    `identity ${listText(a.identitySource)}`,
    ...(a.issuer !== undefined ? [`issuer ${a.issuer}`] : []),
    ...(a.audiences !== undefined ? [`audiences ${listText(a.audiences)}`] : []),
    ...(a.resultTtlSeconds !== undefined ? [`cache ${a.resultTtlSeconds}s`] : []),
  ].join('; ');
}

/** A route's authorization as a fact value. */
export function authorizationText(type: string | undefined, authorizer: string | undefined): string {
  const t = type ?? 'NONE';
  return authorizer ? `${t} by ${authorizer}` : t;
}

/** A request validator's flags as text. */
export function validatorText(body: boolean, parameters: boolean): string {
  const parts = [...(body ? ['body'] : []), ...(parameters ? ['parameters'] : [])];
  return parts.length > 0 ? parts.join('+') : 'nothing';
}

/** The key of a REST stage method setting for a route (`~1orders~1{id}/GET`). */
export function methodSettingKey(method: string, path: string): string {
  const resource = path === '/' ? '~1' : path.replace(/\//g, '~1');
  return `${resource}/${method === 'ANY' ? '*' : method}`;
}

/** The facts a gateway's manifest asserts about the deployed API. */
export function expectedFacts(gateway: GatewayManifest): Fact[] {
  const facts: Fact[] = [];
  const add = (check: string, value: string, parent?: string) => facts.push({ check, value, ...(parent ? { parent } : {}) });

  const stage = `stage ${gateway.stage.name}`;
  add(stage, PRESENT);
  add(`${stage} throttle`, throttleText(gateway.stage.throttle), stage);

  for (const a of gateway.authorizers) add(`authorizer ${a.name}`, authorizerText(a));

  for (const r of gateway.routes) {
    const route = `route ${r.routeKey}`;
    add(route, PRESENT);
    add(`${route} authorization`, authorizationText(r.authorization.authorizationType, r.authorization.authorizer), route);
    add(`${route} scopes`, listText(r.authorization.scopes), route);
    add(`${route} throttle`, r.throttle ? throttleText(r.throttle) : 'stage default', route);
    for (const [key, value] of Object.entries(r.requestParameters)) add(`${route} mapping ${key}`, value, route);
    if (gateway.flavour === 'REST') {
      add(`${route} api key`, r.apiKeyRequired ? 'required' : 'not required', route);
      add(`${route} request validator`, r.requestValidation ? 'set' : 'none', route);
    }
  }

  if (gateway.customDomain) {
    add(`domain ${gateway.customDomain.domainName}`, `/${gateway.customDomain.mappingKey ?? ''} -> stage ${gateway.stage.name}`);
  }

  if (gateway.flavour === 'REST') {
    add('request validators', listText((gateway.requestValidators ?? []).map((v) => validatorText(v.validateRequestBody, v.validateRequestParameters))));
    for (const response of gateway.gatewayResponses ?? []) add(`gateway response ${response.responseType}`, `status ${response.statusCode}`);
    for (const plan of gateway.usagePlans ?? []) {
      const p = `usage plan ${plan.name}`;
      add(p, `stage ${gateway.stage.name}`);
      add(`${p} throttle`, throttleText(plan.throttle), p);
      add(`${p} quota`, plan.quota ? `${plan.quota.limit} per ${plan.quota.period}` : 'none', p);
      for (const [key, t] of Object.entries(plan.routeThrottles)) add(`${p} route throttle ${key}`, throttleText(t), p);
      for (const key of plan.apiKeys) add(`${p} key ${key.description}`, key.enabled ? 'enabled' : 'disabled', p);
    }
  }
  return facts;
}
