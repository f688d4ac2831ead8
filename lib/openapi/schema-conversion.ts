/**
 * Draft 4 JSON Schemas (what API Gateway models and the route model take) rewritten in
 * JSON Schema 2020-12, the dialect of OpenAPI 3.1 (https://spec.openapis.org/oas/v3.1.0#schema-object).
 * Where the drafts differ: boolean `exclusiveMinimum`/`exclusiveMaximum` become the numbers
 * they qualify, `id` becomes `$id`, `definitions` become `$defs` (with every `$ref` into
 * them rewritten), array-form `items` becomes `prefixItems` (and `additionalItems` becomes
 * `items`), and `$schema` is dropped (the document's dialect applies).
 */
import { COMPONENT_REF, Schema } from './proto-schema';

/** Keywords whose value is one subschema. */
const ONE = ['not', 'additionalProperties', 'propertyNames', 'contains', 'if', 'then', 'else'];
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf'];
/** Keywords whose value is a map of subschemas. */
const MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

/**
 * Converts a draft 4 schema to 2020-12. `rewriteRef` turns each `$ref`: by default refs into
 * `#/definitions/` point into `#/$defs/`, right when the schema stands alone; inside an
 * OpenAPI document refs resolve against the document, so {@link requestBodySchema} hoists the
 * definitions into components and points the refs there.
 */
export function draft4To202012(schema: unknown, rewriteRef: (ref: string) => string = (ref) => ref.replace(/^#\/definitions\//, '#/$defs/')): Schema {
  return convert(schema, rewriteRef) as Schema;
}

function convert(node: unknown, rewriteRef: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, rewriteRef));
  if (node === null || typeof node !== 'object') return node;
  const input = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case '$schema':
        break;
      case 'id':
        // `id` is a keyword only where it is a string; inside `properties` it is a property name, handled by MAP.
        if (typeof value === 'string') out.$id = value;
        else out.id = value;
        break;
      case 'definitions':
        out.$defs = convertMap(value, rewriteRef);
        break;
      case '$ref':
        out.$ref = typeof value === 'string' ? rewriteRef(value) : value;
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (value === true && typeof input[bound] === 'number') out[key] = input[bound];
        else if (typeof value === 'number') out[key] = value;
        break;
      }
      case 'minimum':
      case 'maximum': {
        const exclusive = key === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum';
        if (input[exclusive] !== true) out[key] = value;
        break;
      }
      case 'items':
        if (Array.isArray(value)) out.prefixItems = value.map((v) => convert(v, rewriteRef));
        else out.items = convert(value, rewriteRef);
        break;
      case 'additionalItems':
        // Draft 4 ignores additionalItems unless items is a list; 2020-12 calls it items.
        if (Array.isArray(input.items)) out.items = convert(value, rewriteRef);
        break;
      case 'dependencies': {
        // Split into the two 2020-12 keywords: lists of names and subschemas.
        const deps = (value ?? {}) as Record<string, unknown>;
        const required: Record<string, unknown> = {};
        const schemas: Record<string, unknown> = {};
        for (const [name, dep] of Object.entries(deps)) {
          if (Array.isArray(dep)) required[name] = dep;
          else schemas[name] = convert(dep, rewriteRef);
        }
        if (Object.keys(required).length > 0) out.dependentRequired = required;
        if (Object.keys(schemas).length > 0) out.dependentSchemas = schemas;
        break;
      }
      default:
        if (ONE.includes(key)) out[key] = typeof value === 'object' ? convert(value, rewriteRef) : value;
        else if (LIST.includes(key)) out[key] = Array.isArray(value) ? value.map((v) => convert(v, rewriteRef)) : value;
        else if (MAP.includes(key)) out[key] = convertMap(value, rewriteRef);
        else out[key] = value;
    }
  }
  return out;
}

function convertMap(value: unknown, rewriteRef: (ref: string) => string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, convert(v, rewriteRef)]));
}

/**
 * A request schema made fit for an OpenAPI document: converted to 2020-12 with its
 * `definitions` moved into `components.schemas` under `<prefix>.<name>`, and every
 * `#/definitions/<name>` ref pointing there. Refs elsewhere are kept as written.
 */
export function requestBodySchema(schema: unknown, prefix: string): { schema: Schema; components: Record<string, Schema> } {
  const names = new Map<string, string>();
  const definitions = (schema as Record<string, unknown> | undefined)?.definitions;
  if (definitions && typeof definitions === 'object') {
    for (const name of Object.keys(definitions)) names.set(name, `${prefix}.${componentName(name)}`);
  }
  const rewrite = (ref: string): string => {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    if (m && names.has(decodePointer(m[1]))) return `${COMPONENT_REF}${names.get(decodePointer(m[1]))}`;
    return ref;
  };
  const converted = draft4To202012(schema, rewrite);
  const components: Record<string, Schema> = {};
  const defs = converted.$defs as Record<string, Schema> | undefined;
  if (defs) {
    for (const [name, def] of Object.entries(defs)) components[names.get(name)!] = def;
    delete converted.$defs;
  }
  return { schema: converted, components };
}

/** A component name OpenAPI accepts (`^[a-zA-Z0-9.\-_]+$`). */
export function componentName(text: string): string {
  return text.replace(/[^A-Za-z0-9.\-_]/g, '_');
}

function decodePointer(text: string): string {
  return decodeURIComponent(text).replace(/~1/g, '/').replace(/~0/g, '~');
}
