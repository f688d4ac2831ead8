import { JWTPayload } from 'jose';

/**
 * Reads a claim by name, or by a dotted path into nested objects when no claim has the
 * whole name (`realm_access.roles`); names with colons (`cognito:groups`) are read as is.
 * Only own properties count: a claim named `constructor` or `__proto__` is what the token
 * says, never something inherited.
 */
export function claimValue(claims: JWTPayload, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The names (roles, scopes) a claim carries: an array of strings, or one space- or comma-separated string. */
export function namesFrom(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === 'string' && r.length > 0);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((r) => r.length > 0);
  return [];
}

/**
 * A claim as an authorizer-context value, which API Gateway accepts only as a string,
 * number or boolean: absent claims become '', objects their JSON.
 */
export function contextValue(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

/** Which claims carry the caller's identity; the claim names of the authorizer's configuration. */
export interface IdentityClaimNames {
  /** The user id's claim. */
  readonly userIdClaim: string;
  readonly tenantIdClaim: string;
  readonly rolesClaim: string;
  readonly tierClaim: string;
}

/** The caller as the context carries it, read from a verified token's claims. */
export interface CallerIdentity {
  readonly userId: string;
  /** '' when the token has no tenant claim. */
  readonly tenantId: string;
  readonly roles: string[];
  /** '' when the token has no tier claim. */
  readonly tier: string;
  /** The OAuth scopes of `scope` and `scp`. */
  readonly scopes: string[];
}

/** The identity a token's claims give, or why they give none. */
export type IdentityResult =
  | { readonly ok: true; readonly identity: CallerIdentity }
  | { readonly ok: false; readonly reason: string };

/**
 * The longest identity value passed on: the values end up in request headers, and a token
 * is no place for kilobytes of tenant name.
 */
export const MAX_IDENTITY_LENGTH = 1024;
/** The most roles a caller may carry; the context joins them into one header-sized value. */
export const MAX_ROLES = 256;

// Header values cannot carry control characters; a line break in one would split the header.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reads and type-checks the identity claims. The context API Gateway receives holds strings
 * only, and backends read them as such: a user id is a non-empty string, tenant and tier are
 * strings when present, roles an array of role names (or one space- or comma-separated
 * string), `scope` a string and `scp` a string or an array of strings. Anything else (an
 * object, an array where a string belongs, a number) is refused rather than stringified.
 * Reasons name the claim and the type received, never its value.
 */
export function callerIdentity(claims: JWTPayload, names: IdentityClaimNames): IdentityResult {
  const userId = claimValue(claims, names.userIdClaim);
  if (typeof userId !== 'string') return fail(`user id claim "${names.userIdClaim}" must be a string, got ${typeName(userId)}`);
  const userProblem = stringProblem(userId) ?? (userId.length === 0 ? 'is empty' : undefined);
  if (userProblem) return fail(`user id claim "${names.userIdClaim}" ${userProblem}`);
  if (names.userIdClaim !== 'sub' && claims.sub !== undefined && typeof claims.sub !== 'string') {
    return fail(`claim "sub" must be a string, got ${typeName(claims.sub)}`);
  }

  const tenant = optionalString(claims, names.tenantIdClaim, 'tenant claim');
  if (!tenant.ok) return tenant;
  const tier = optionalString(claims, names.tierClaim, 'tier claim');
  if (!tier.ok) return tier;

  const roles = roleNames(claimValue(claims, names.rolesClaim));
  if (typeof roles === 'string') return fail(`roles claim "${names.rolesClaim}" ${roles}`);

  if (claims.scope !== undefined && typeof claims.scope !== 'string') {
    return fail(`claim "scope" must be a space-separated string, got ${typeName(claims.scope)}`);
  }
  if (claims.scp !== undefined && typeof claims.scp !== 'string'
    && !(Array.isArray(claims.scp) && claims.scp.every((s) => typeof s === 'string'))) {
    return fail(`claim "scp" must be a string or an array of strings, got ${typeName(claims.scp)}`);
  }
  const scopes = claims.scp === undefined ? namesFrom(claims.scope) : namesFrom(claims.scope).concat(namesFrom(claims.scp));

  return { ok: true, identity: { userId, tenantId: tenant.value, roles, tier: tier.value, scopes } };
}

function fail(reason: string): IdentityResult {
  return { ok: false, reason };
}

function optionalString(claims: JWTPayload, name: string, label: string): { ok: true; value: string } | { ok: false; reason: string } {
  const value = claimValue(claims, name);
  if (value === undefined || value === null) return { ok: true, value: '' };
  if (typeof value !== 'string') return { ok: false, reason: `${label} "${name}" must be a string, got ${typeName(value)}` };
  const problem = stringProblem(value);
  return problem ? { ok: false, reason: `${label} "${name}" ${problem}` } : { ok: true, value };
}

/** The role names of a roles claim, or what is wrong with it. */
function roleNames(value: unknown): string[] | string {
  if (value === undefined || value === null) return [];
  let roles: string[];
  if (typeof value === 'string') {
    roles = value.split(/[\s,]+/).filter((r) => r.length > 0);
  } else if (Array.isArray(value)) {
    // Loops rather than every/some/map: this runs on every decision.
    for (const r of value) {
      if (typeof r !== 'string') return `must hold only strings, got an array with ${typeName(r)}`;
    }
    roles = value as string[];
    // The context joins roles with commas: a role "a,b" would reach the backend as two roles.
    for (const r of roles) {
      if (r.length === 0 || r.includes(',')) return 'must hold non-empty role names without commas';
    }
  } else {
    return `must be an array of strings or a space-separated string, got ${typeName(value)}`;
  }
  if (roles.length > MAX_ROLES) return `holds ${roles.length} roles, more than ${MAX_ROLES}`;
  for (const r of roles) {
    const problem = stringProblem(r);
    if (problem !== undefined) return `has a role that ${problem}`;
  }
  return roles;
}

function stringProblem(value: string): string | undefined {
  if (value.length > MAX_IDENTITY_LENGTH) return `is longer than ${MAX_IDENTITY_LENGTH} characters`;
  if (CONTROL.test(value)) return 'contains control characters';
  return undefined;
}

/** A JSON type name for reasons: `array`, `object`, `null`, `number`, ... */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
