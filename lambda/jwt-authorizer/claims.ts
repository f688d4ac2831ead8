import { JWTPayload } from 'jose';

/**
 * Reads a claim by name, or by a dotted path into nested objects when no claim has the
 * whole name (`realm_access.roles`); names with colons (`cognito:groups`) are read as is.
 */
export function claimValue(claims: JWTPayload, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
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
