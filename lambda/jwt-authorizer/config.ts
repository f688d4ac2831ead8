/**
 * The configuration of the bundled JWT authorizer, shipped as `config.json` in the
 * function's asset. The construct (lib/auth/jwt-authorizer-function.ts) renders it and the
 * handler reads it once per container; this is the one definition both use.
 */
export interface JwtAuthorizerConfig {
  /** The expected `iss` claim. */
  readonly issuer: string;
  /** Accepted `aud` values; a token must carry at least one. */
  readonly audiences: string[];
  /** Where the issuer publishes its signing keys. */
  readonly jwksUrl: string;
  /** The claim copied into the context as `tenantId`. */
  readonly tenantIdClaim: string;
  /** The claim holding the caller's roles (an array, or a space- or comma-separated string). */
  readonly rolesClaim: string;
  /** The claim copied into the context as `tier`. */
  readonly tierClaim: string;
  /** Tolerated clock difference for `exp` and `nbf`, in seconds. */
  readonly clockSkewSeconds: number;
  /**
   * Which resources an Allow covers. `METHOD`: only the invoked method. `STAGE`: every
   * method of the stage, with explicit Denies for routes whose roles the caller lacks;
   * needed when API Gateway caches the answer, because a cached policy is reused for
   * every route the same token calls.
   */
  readonly policyScope: PolicyScope;
  /**
   * OAuth scopes every token must carry, read from the `scope` claim (space-separated) or
   * `scp` (array or string). Absent in configurations that require none.
   */
  readonly requiredScopes?: string[];
  /** `"METHOD /resource/{param}"` → roles the caller must all hold to call it. */
  readonly routeRoles: { readonly [routeKey: string]: string[] };
}

/** Which resources an Allow policy covers; see {@link JwtAuthorizerConfig.policyScope}. */
export type PolicyScope = 'METHOD' | 'STAGE';

/** Algorithms the authorizer accepts; anything else (HS256, none) is refused. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'] as const;

/**
 * Checks a parsed `config.json`; returns the problems found (empty when valid), so a bad
 * asset fails the first invocation loudly instead of authorizing on wrong settings.
 */
export function configProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) return ['config is not an object'];
  const c = value as Record<string, unknown>;
  for (const key of ['issuer', 'jwksUrl', 'tenantIdClaim', 'rolesClaim', 'tierClaim']) {
    if (typeof c[key] !== 'string' || (c[key] as string).length === 0) problems.push(`${key} must be a non-empty string`);
  }
  if (!Array.isArray(c.audiences) || c.audiences.length === 0 || !c.audiences.every((a) => typeof a === 'string')) {
    problems.push('audiences must be a non-empty array of strings');
  }
  if (typeof c.clockSkewSeconds !== 'number' || !(c.clockSkewSeconds >= 0)) problems.push('clockSkewSeconds must be a number >= 0');
  if (c.policyScope !== 'METHOD' && c.policyScope !== 'STAGE') problems.push('policyScope must be "METHOD" or "STAGE"');
  if (c.requiredScopes !== undefined
    && (!Array.isArray(c.requiredScopes) || !c.requiredScopes.every((r) => typeof r === 'string' && /^\S+$/.test(r)))) {
    problems.push('requiredScopes must be an array of scope names');
  }
  if (typeof c.routeRoles !== 'object' || c.routeRoles === null || Array.isArray(c.routeRoles)) {
    problems.push('routeRoles must be an object');
  } else {
    for (const [key, roles] of Object.entries(c.routeRoles)) {
      if (!/^[A-Z]+ \/\S*$/.test(key)) problems.push(`routeRoles key "${key}" is not "METHOD /path"`);
      if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string' && r.length > 0)) {
        problems.push(`routeRoles["${key}"] must be a non-empty array of role names`);
      }
    }
  }
  return problems;
}
