import { translateIdentitySource } from '../../private/aws-rules/mapping-expressions';
import { HeaderValue, HeaderValueType } from '../../routes/header-value';
import { parseRoutePath } from '../../routes/route-path';

/**
 * The value REST writes where a public route's identity headers would go. REST integrations
 * cannot remove a header, but a mapped header replaces the client's: a fixed value means a
 * client-sent X-User-ID never reaches the backend.
 */
export const ANONYMOUS_IDENTITY = 'anonymous';

/** The REST mapping expression (`context.authorizer.userId`, `'literal'`) of a header value. */
export function restHeaderSource(value: HeaderValue): string {
  switch (value.type) {
    case HeaderValueType.CLAIM: return `context.authorizer.claims.${value.value}`;
    case HeaderValueType.AUTHORIZER_CONTEXT: return `context.authorizer.${value.value}`;
    case HeaderValueType.CONTEXT_VARIABLE: return `context.${value.value}`;
    case HeaderValueType.LITERAL: return `'${value.value}'`;
    case HeaderValueType.REMOVE: return `'${ANONYMOUS_IDENTITY}'`;
  }
}

/**
 * Merges header sets case-insensitively: a later set replaces a header of the same name
 * whatever its spelling, so a route's `x-user-id` overrides the gateway's `X-User-ID`.
 */
export function mergeHeaderSets(...sets: Array<Readonly<Record<string, HeaderValue>> | undefined>): Record<string, HeaderValue> {
  const merged = new Map<string, [string, HeaderValue]>();
  for (const set of sets) {
    for (const [name, value] of Object.entries(set ?? {})) merged.set(name.toLowerCase(), [name, value]);
  }
  return Object.fromEntries([...merged.values()]);
}

/** `integration.request.header.X` mappings for backend headers (mapped headers replace the client's). */
export function headerRequestParameters(headers: Readonly<Record<string, HeaderValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[`integration.request.header.${name}`] = restHeaderSource(value);
  return out;
}

/** Path parameter mappings: `integration.request.path.x` ← `method.request.path.x`. */
export function pathRequestParameters(routePath: string): { integration: Record<string, string>; method: Record<string, boolean> } {
  const integration: Record<string, string> = {};
  const method: Record<string, boolean> = {};
  const parsed = parseRoutePath(routePath);
  if (!('segments' in parsed)) return { integration, method };
  for (const segment of parsed.segments) {
    if (segment.parameter === undefined) continue;
    integration[`integration.request.path.${segment.parameter}`] = `method.request.path.${segment.parameter}`;
    method[`method.request.path.${segment.parameter}`] = true;
  }
  return { integration, method };
}

/**
 * A backend path or URL for a REST integration URI: `{param+}` becomes `{param}`, the
 * placeholder REST fills from `integration.request.path.param`.
 */
export function restUriPath(path: string): string {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\+\}/g, '{$1}');
}

/**
 * Translates an identity source from HTTP API syntax (`$request.header.Authorization`) to
 * REST syntax (`method.request.header.Authorization`); REST syntax passes unchanged.
 * Returns undefined for a source REST has no equivalent of. The grammar itself is checked by
 * `checkIdentitySource` when the authorization is validated.
 */
export function restIdentitySource(source: string): string | undefined {
  return translateIdentitySource(source, 'REST');
}
