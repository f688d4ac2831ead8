import { HeaderValue, HeaderValueType } from '../../routes/header-value';
import { parseRoutePath } from '../../routes/route-path';

/**
 * HTTP API request parameter mappings (`overwrite:header.x-user-id` → `$context.authorizer.claims.sub`)
 * for a set of backend headers. Overwrite, never append: with append a client-sent
 * X-User-ID would reach the backend next to the verified one.
 *
 * Header names are lower-cased because HTTP API mapping keys are case-insensitive and two
 * spellings of one header must not become two mappings.
 */
export function headerMappings(headers: Readonly<Record<string, HeaderValue>>): Record<string, string> {
  const mappings: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const header = name.toLowerCase();
    delete mappings[`overwrite:header.${header}`];
    delete mappings[`remove:header.${header}`];
    if (value.type === HeaderValueType.REMOVE) {
      // The value of a remove mapping is ignored by API Gateway but must be present.
      mappings[`remove:header.${header}`] = "''";
    } else {
      mappings[`overwrite:header.${header}`] = headerSource(value);
    }
  }
  return mappings;
}

/** The HTTP API mapping expression a header value reads. */
export function headerSource(value: HeaderValue): string {
  switch (value.type) {
    case HeaderValueType.CLAIM: return `$context.authorizer.claims.${value.value}`;
    case HeaderValueType.AUTHORIZER_CONTEXT: return `$context.authorizer.${value.value}`;
    case HeaderValueType.CONTEXT_VARIABLE: return `$context.${value.value}`;
    case HeaderValueType.LITERAL: return value.value;
    case HeaderValueType.REMOVE: return "''";
  }
}

/**
 * Merges headers case-insensitively: a later source replaces an earlier header of the same
 * name whatever its spelling, so `x-user-id` in a route's injectHeaders overrides the
 * gateway's `X-User-ID`.
 */
export function mergeHeaders(...sources: Array<Readonly<Record<string, HeaderValue>> | undefined>): Record<string, HeaderValue> {
  const merged = new Map<string, [string, HeaderValue]>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) merged.set(name.toLowerCase(), [name, value]);
  }
  return Object.fromEntries([...merged.values()]);
}

/**
 * The `overwrite:path` value for a backend path: each `{param}` or `{param+}` becomes
 * `${request.path.param}` (the braced form, so literal text may follow a parameter).
 */
export function backendPathMapping(backendPath: string): string {
  const parsed = parseRoutePath(backendPath);
  if (!('segments' in parsed)) return backendPath;
  if (parsed.segments.length === 0) return '/';
  return '/' + parsed.segments
    .map((s) => (s.parameter === undefined ? s.text : `\${request.path.${s.parameter}}`))
    .join('/');
}
