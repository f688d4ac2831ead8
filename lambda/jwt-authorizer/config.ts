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
  /**
   * The claim copied into the context as `userId` (and the response's `principalId`): a
   * non-empty string. Absent in configurations written before it existed, which mean `sub`.
   */
  readonly userIdClaim?: string;
  /** The claim copied into the context as `tenantId`: a string when present. */
  readonly tenantIdClaim: string;
  /** The claim holding the caller's roles (an array of strings, or a space- or comma-separated string). */
  readonly rolesClaim: string;
  /** The claim copied into the context as `tier`: a string when present. */
  readonly tierClaim: string;
  /** Tolerated clock difference for `exp`, `nbf` and `iat`, in seconds. */
  readonly clockSkewSeconds: number;
  /**
   * The least time between two JWKS fetches caused by tokens whose `kid` the cached key set
   * lacks (jose's `cooldownDuration`), in seconds: a key the issuer adds is accepted at most
   * this long after the last fetch. Absent means {@link DEFAULT_JWKS_COOLDOWN_SECONDS}.
   */
  readonly jwksCooldownSeconds?: number;
  /**
   * How long a fetched JWKS is used before it is fetched again (jose's `cacheMaxAge`), in
   * seconds: a key the issuer removes stays trusted at most this long.
   * Absent means {@link DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS}.
   */
  readonly jwksCacheMaxAgeSeconds?: number;
  /**
   * Whether API Gateway may cache the answers, and so which requests a returned policy must
   * be right for. `METHOD`: nothing is cached; the policy covers the invoked method only.
   * `STAGE`: answers are cached, and every policy is right for every request that can share
   * its cache entry: the route's resources when {@link cacheKeyIncludesRoute} and the event
   * names its route; otherwise (TOKEN events, cached per token alone) the whole stage, with
   * explicit Denies for the routes whose roles the caller lacks.
   */
  readonly policyScope: PolicyScope;
  /**
   * Whether the REQUEST authorizers this function answers have the route among their identity
   * sources (the gateways add it when they cache: REST `context.httpMethod` and
   * `context.resourcePath`, HTTP `$context.routeKey`), so a cached answer is only ever
   * reused for the same route. Absent means no: a policy must then hold for every route.
   */
  readonly cacheKeyIncludesRoute?: boolean;
  /**
   * OAuth scopes of which a token must carry at least one (as API Gateway's own JWT and
   * Cognito authorizers do), read from the `scope` claim (space-separated) or `scp` (array
   * or string). Absent in configurations that require none.
   */
  readonly requiredScopes?: string[];
  /** `"METHOD /resource/{param}"` → roles the caller must all hold to call it. */
  readonly routeRoles: { readonly [routeKey: string]: string[] };
}

/** Which resources a policy covers; see {@link JwtAuthorizerConfig.policyScope}. */
export type PolicyScope = 'METHOD' | 'STAGE';

/** Algorithms the authorizer accepts; anything else (HS256, none) is refused. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'] as const;

/** jose's own default `cooldownDuration`, in seconds. */
export const DEFAULT_JWKS_COOLDOWN_SECONDS = 30;
/** jose's own default `cacheMaxAge`, in seconds. */
export const DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS = 600;
/** The claim `userId` is read from when the configuration names none. */
export const DEFAULT_USER_ID_CLAIM = 'sub';

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
  if (c.userIdClaim !== undefined && (typeof c.userIdClaim !== 'string' || c.userIdClaim.length === 0)) {
    problems.push('userIdClaim must be a non-empty string');
  }
  if (!Array.isArray(c.audiences) || c.audiences.length === 0 || !c.audiences.every((a) => typeof a === 'string' && a.length > 0)) {
    problems.push('audiences must be a non-empty array of strings');
  }
  if (!isFiniteAtLeast(c.clockSkewSeconds, 0)) problems.push('clockSkewSeconds must be a number >= 0');
  if (c.jwksCooldownSeconds !== undefined && !isFiniteAtLeast(c.jwksCooldownSeconds, 1)) {
    problems.push('jwksCooldownSeconds must be a number >= 1');
  }
  if (c.jwksCacheMaxAgeSeconds !== undefined && !isFiniteAtLeast(c.jwksCacheMaxAgeSeconds, 1)) {
    problems.push('jwksCacheMaxAgeSeconds must be a number >= 1');
  }
  const cooldown = c.jwksCooldownSeconds ?? DEFAULT_JWKS_COOLDOWN_SECONDS;
  const maxAge = c.jwksCacheMaxAgeSeconds ?? DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS;
  if (typeof cooldown === 'number' && typeof maxAge === 'number' && cooldown > maxAge) {
    problems.push('jwksCooldownSeconds must not exceed jwksCacheMaxAgeSeconds');
  }
  if (c.policyScope !== 'METHOD' && c.policyScope !== 'STAGE') problems.push('policyScope must be "METHOD" or "STAGE"');
  if (c.cacheKeyIncludesRoute !== undefined && typeof c.cacheKeyIncludesRoute !== 'boolean') {
    problems.push('cacheKeyIncludesRoute must be a boolean');
  }
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

function isFiniteAtLeast(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min;
}
