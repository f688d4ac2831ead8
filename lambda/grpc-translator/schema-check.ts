/**
 * The synth-time side of request-schema validation. The handler validates with
 * @cfworker/json-schema (bundled into it), which enforces all of draft 4; this module finds
 * what that validator would skip or fail on per request. It does not import the library,
 * because it runs at synth, where only the construct library's own dependencies exist.
 */

/** The formats @cfworker/json-schema 4 checks; it accepts any string for a format missing here. */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set([
  'date', 'time', 'date-time', 'duration', 'uri', 'uri-reference', 'uri-template', 'url', 'email', 'hostname', 'ipv4',
  'ipv6', 'regex', 'uuid', 'json-pointer', 'json-pointer-uri-fragment', 'relative-json-pointer',
]);

const SUBSCHEMA = ['items', 'additionalItems', 'additionalProperties', 'not', 'propertyNames', 'contains', 'if', 'then', 'else'];
const SUBSCHEMA_LIST = ['items', 'allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_MAP = ['properties', 'patternProperties', 'definitions', 'dependencies'];

/**
 * What the validator cannot enforce in a schema, with where it is: formats it does not
 * know (it would accept any value), `$ref`s that do not point inside the schema and
 * patterns that are not valid regular expressions (both would fail every request).
 */
export function unenforceableSchemaParts(schema: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (typeof node === 'boolean') return;
    if (!isObject(node)) {
      found.push(`${at || '#'} is not a schema`);
      return;
    }
    const where = at || '#';
    if (node.format !== undefined && (typeof node.format !== 'string' || !KNOWN_FORMATS.has(node.format))) found.push(`format "${String(node.format)}" at ${where}`);
    if (node.$ref !== undefined && (typeof node.$ref !== 'string' || resolvePointer(schema, node.$ref) === undefined)) found.push(`$ref "${String(node.$ref)}" at ${where}`);
    const patterns = [node.pattern, ...Object.keys(isObject(node.patternProperties) ? node.patternProperties : {})];
    for (const pattern of patterns.filter((p) => p !== undefined)) {
      if (!isRegExp(pattern)) found.push(`pattern "${String(pattern)}" at ${where}`);
    }
    for (const key of SUBSCHEMA) if (node[key] !== undefined && !Array.isArray(node[key])) walk(node[key], `${at}/${key}`);
    for (const key of SUBSCHEMA_LIST) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((sub, i) => walk(sub, `${at}/${key}/${i}`));
    for (const key of SUBSCHEMA_MAP) {
      const map = node[key];
      if (!isObject(map)) continue;
      // `dependencies` also maps names to lists of required names, which are not schemas.
      for (const [name, sub] of Object.entries(map)) if (!(key === 'dependencies' && Array.isArray(sub))) walk(sub, `${at}/${key}/${name}`);
    }
  };
  walk(schema, '');
  return found;
}

/** The node a `#`-relative JSON pointer names inside the schema, if any. */
function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node = root;
  const pointer = ref.slice(1);
  if (pointer === '') return node;
  if (!pointer.startsWith('/')) return undefined;
  for (const raw of pointer.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return isObject(node) || typeof node === 'boolean' ? node : undefined;
}

function isRegExp(pattern: unknown): boolean {
  try {
    // The validator compiles patterns with the u flag.
    new RegExp(String(pattern), 'u');
    return typeof pattern === 'string';
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
