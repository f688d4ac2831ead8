/**
 * A JSON Schema (draft-07) validator compiled to closures once per route. It covers the
 * keywords request schemas use; a schema with any other keyword is refused at synth by
 * `checkTranslatorConfig` (see {@link unsupportedSchemaKeywords}) instead of being half
 * enforced. Written here rather than taken from ajv, whose 120 KB and start-up cost
 * would alone break the translator's bundle-size and cold-start budgets.
 */

/** One reason a value fails its schema. */
export interface SchemaViolation {
  /** Where, as a dotted path from the validated value (`email`, `items[0].name`); '' for the value itself. */
  readonly path: string;
  /** What is wrong, in the words of ajv's messages (`is required`, `must be string`). */
  readonly reason: string;
}

/** A compiled schema: the violations of a value, empty when it is valid. */
export type SchemaValidator = (value: unknown) => SchemaViolation[];

type Check = (value: unknown, path: string, out: SchemaViolation[]) => void;
type Schema = boolean | Record<string, unknown>;

const ANNOTATIONS = new Set([
  '$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated',
  'contentMediaType', 'contentEncoding', 'definitions', '$defs',
]);
const KEYWORDS = new Set([
  'type', 'enum', 'const', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'required', 'properties', 'patternProperties', 'additionalProperties',
  'minProperties', 'maxProperties', 'propertyNames', 'items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems',
  'contains', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', '$ref',
]);

const FORMATS: Record<string, (text: string) => boolean> = {
  'email': (t) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t),
  'uuid': (t) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t),
  'date-time': (t) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(t) && !Number.isNaN(Date.parse(t)),
  'date': (t) => /^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(t)) && new Date(t).toISOString().startsWith(t),
  'time': (t) => /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/.test(t),
  'uri': (t) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(t),
  'ipv4': (t) => /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(t),
  'hostname': (t) => t.length <= 253 && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(t),
};

/** The keywords, formats and references of a schema this validator does not enforce, with where they are. */
export function unsupportedSchemaKeywords(schema: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (typeof node === 'boolean') return;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      found.push(`${at || '#'} is not a schema`);
      return;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const here = `${at}/${key}`;
      if (key === 'definitions' || key === '$defs' || key === 'properties' || key === 'patternProperties') {
        if (value && typeof value === 'object') for (const [name, sub] of Object.entries(value)) walk(sub, `${here}/${name}`);
      } else if (key === 'items' && Array.isArray(value)) {
        value.forEach((sub, i) => walk(sub, `${here}/${i}`));
      } else if (['allOf', 'anyOf', 'oneOf'].includes(key)) {
        if (Array.isArray(value)) value.forEach((sub, i) => walk(sub, `${here}/${i}`));
        else found.push(`${here} is not a list`);
      } else if (['items', 'additionalItems', 'additionalProperties', 'propertyNames', 'contains', 'not', 'if', 'then', 'else'].includes(key)) {
        walk(value, here);
      } else if (key === 'format') {
        if (typeof value !== 'string' || !FORMATS[value]) found.push(`format "${String(value)}" at ${at || '#'}`);
      } else if (key === '$ref') {
        if (typeof value !== 'string' || !/^#(\/(definitions|\$defs)\/[^/]+)?$/.test(value)) found.push(`$ref "${String(value)}" at ${at || '#'}`);
      } else if (key === 'pattern') {
        try {
          new RegExp(String(value), 'u');
        } catch {
          found.push(`pattern "${String(value)}" at ${at || '#'}`);
        }
      } else if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) {
        found.push(`keyword "${key}" at ${at || '#'}`);
      }
    }
  };
  walk(schema, '');
  return found;
}

/** Compiles a schema; throws when it uses a keyword {@link unsupportedSchemaKeywords} reports. */
export function compileSchema(schema: unknown): SchemaValidator {
  const unsupported = unsupportedSchemaKeywords(schema);
  if (unsupported.length > 0) throw new Error(`unsupported JSON schema: ${unsupported.join('; ')}`);
  const root = schema as Schema;
  const refs = new Map<string, Check>();
  const resolveRef = (ref: string): Check => {
    let check = refs.get(ref);
    if (!check) {
      let target: Check | undefined;
      // Compiled on first use, so recursive definitions terminate.
      check = (value, path, out) => {
        target ??= compile(ref === '#' ? root : lookupRef(root, ref));
        target(value, path, out);
      };
      refs.set(ref, check);
    }
    return check;
  };
  const compile = (node: Schema): Check => compileNode(node, resolveRef, compile);
  const check = compile(root);
  return (value) => {
    const out: SchemaViolation[] = [];
    check(value, '', out);
    return out;
  };
}

function lookupRef(root: Schema, ref: string): Schema {
  const [, section, name] = ref.split('/');
  const table = (root as Record<string, Record<string, Schema>>)[section];
  const target = table?.[decodeURIComponent(name).replace(/~1/g, '/').replace(/~0/g, '~')];
  if (target === undefined) throw new Error(`unresolved $ref "${ref}"`);
  return target;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return typeOf(value) === type;
  }
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function compileNode(node: Schema, ref: (ref: string) => Check, compile: (node: Schema) => Check): Check {
  if (node === true) return () => undefined;
  if (node === false) return (_v, path, out) => void out.push({ path, reason: 'must not be present' });
  const s = node as Record<string, unknown>;
  const checks: Check[] = [];

  if (s.$ref !== undefined) checks.push(ref(s.$ref as string));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    checks.push((v, path, out) => {
      if (!types.some((t) => matchesType(t, v))) out.push({ path, reason: `must be ${types.join(',')}` });
    });
  }
  if (s.enum !== undefined) {
    const allowed = s.enum as unknown[];
    checks.push((v, path, out) => {
      if (!allowed.some((a) => deepEqual(a, v))) out.push({ path, reason: 'must be equal to one of the allowed values' });
    });
  }
  if (s.const !== undefined) checks.push((v, path, out) => void (deepEqual(s.const, v) || out.push({ path, reason: 'must be equal to constant' })));

  // Strings
  const minLength = s.minLength as number | undefined;
  const maxLength = s.maxLength as number | undefined;
  const pattern = s.pattern !== undefined ? new RegExp(s.pattern as string, 'u') : undefined;
  const format = s.format !== undefined ? FORMATS[s.format as string] : undefined;
  if (minLength !== undefined || maxLength !== undefined || pattern || format) {
    checks.push((v, path, out) => {
      if (typeof v !== 'string') return;
      if (minLength !== undefined || maxLength !== undefined) {
        const length = codePoints(v);
        if (minLength !== undefined && length < minLength) out.push({ path, reason: `must NOT have fewer than ${minLength} characters` });
        if (maxLength !== undefined && length > maxLength) out.push({ path, reason: `must NOT have more than ${maxLength} characters` });
      }
      if (pattern && !pattern.test(v)) out.push({ path, reason: `must match pattern "${s.pattern}"` });
      if (format && !format(v)) out.push({ path, reason: `must match format "${s.format}"` });
    });
  }

  // Numbers
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = s as Record<string, number | undefined>;
  if ([minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf].some((n) => n !== undefined)) {
    checks.push((v, path, out) => {
      if (typeof v !== 'number') return;
      if (minimum !== undefined && v < minimum) out.push({ path, reason: `must be >= ${minimum}` });
      if (maximum !== undefined && v > maximum) out.push({ path, reason: `must be <= ${maximum}` });
      if (exclusiveMinimum !== undefined && v <= exclusiveMinimum) out.push({ path, reason: `must be > ${exclusiveMinimum}` });
      if (exclusiveMaximum !== undefined && v >= exclusiveMaximum) out.push({ path, reason: `must be < ${exclusiveMaximum}` });
      if (multipleOf !== undefined && Math.abs(v / multipleOf - Math.round(v / multipleOf)) > 1e-9) out.push({ path, reason: `must be multiple of ${multipleOf}` });
    });
  }

  // Objects
  const required = s.required as string[] | undefined;
  const properties = s.properties ? Object.entries(s.properties as Record<string, Schema>).map(([k, sub]) => [k, compile(sub)] as const) : [];
  const propertyNames = new Set(properties.map(([k]) => k));
  const patternProperties = s.patternProperties ? Object.entries(s.patternProperties as Record<string, Schema>).map(([p, sub]) => [new RegExp(p, 'u'), compile(sub)] as const) : [];
  const additional = s.additionalProperties !== undefined ? compile(s.additionalProperties as Schema) : undefined;
  const additionalFalse = s.additionalProperties === false;
  const names = s.propertyNames !== undefined ? compile(s.propertyNames as Schema) : undefined;
  const { minProperties, maxProperties } = s as Record<string, number | undefined>;
  if (required || properties.length > 0 || patternProperties.length > 0 || additional || names || minProperties !== undefined || maxProperties !== undefined) {
    checks.push((v, path, out) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
      const o = v as Record<string, unknown>;
      if (required) for (const key of required) if (!Object.prototype.hasOwnProperty.call(o, key)) out.push({ path: child(path, key), reason: 'is required' });
      for (const [key, check] of properties) if (Object.prototype.hasOwnProperty.call(o, key)) check(o[key], child(path, key), out);
      if (patternProperties.length > 0 || additional || names) {
        for (const key of Object.keys(o)) {
          if (names) {
            const before = out.length;
            names(key, child(path, key), out);
            if (out.length > before) out.splice(before, out.length - before, { path: child(path, key), reason: 'property name must be valid' });
          }
          let matched = propertyNames.has(key);
          for (const [regex, check] of patternProperties) {
            if (regex.test(key)) {
              matched = true;
              check(o[key], child(path, key), out);
            }
          }
          if (!matched && additional) {
            if (additionalFalse) out.push({ path: child(path, key), reason: 'must NOT have additional properties' });
            else additional(o[key], child(path, key), out);
          }
        }
      }
      const count = minProperties !== undefined || maxProperties !== undefined ? Object.keys(o).length : 0;
      if (minProperties !== undefined && count < minProperties) out.push({ path, reason: `must NOT have fewer than ${minProperties} properties` });
      if (maxProperties !== undefined && count > maxProperties) out.push({ path, reason: `must NOT have more than ${maxProperties} properties` });
    });
  }

  // Arrays
  const items = s.items === undefined ? undefined : Array.isArray(s.items) ? (s.items as Schema[]).map(compile) : compile(s.items as Schema);
  const additionalItems = Array.isArray(s.items) && s.additionalItems !== undefined ? compile(s.additionalItems as Schema) : undefined;
  const contains = s.contains !== undefined ? compile(s.contains as Schema) : undefined;
  const { minItems, maxItems } = s as Record<string, number | undefined>;
  const uniqueItems = s.uniqueItems === true;
  if (items || contains || minItems !== undefined || maxItems !== undefined || uniqueItems) {
    checks.push((v, path, out) => {
      if (!Array.isArray(v)) return;
      if (minItems !== undefined && v.length < minItems) out.push({ path, reason: `must NOT have fewer than ${minItems} items` });
      if (maxItems !== undefined && v.length > maxItems) out.push({ path, reason: `must NOT have more than ${maxItems} items` });
      if (Array.isArray(items)) {
        v.forEach((item, i) => {
          if (i < items.length) items[i](item, child(path, i), out);
          else additionalItems?.(item, child(path, i), out);
        });
      } else if (items) v.forEach((item, i) => items(item, child(path, i), out));
      if (contains && !v.some((item, i) => passes(contains, item, child(path, i)))) out.push({ path, reason: 'must contain at least 1 valid item' });
      if (uniqueItems) {
        for (let i = 0; i < v.length; i++) {
          for (let j = i + 1; j < v.length; j++) {
            if (deepEqual(v[i], v[j])) {
              out.push({ path, reason: `must NOT have duplicate items (items ## ${j} and ${i} are identical)` });
              return;
            }
          }
        }
      }
    });
  }

  // Combinators
  if (s.allOf) for (const sub of (s.allOf as Schema[]).map(compile)) checks.push(sub);
  if (s.anyOf) {
    const subs = (s.anyOf as Schema[]).map(compile);
    checks.push((v, path, out) => void (subs.some((c) => passes(c, v, path)) || out.push({ path, reason: 'must match a schema in anyOf' })));
  }
  if (s.oneOf) {
    const subs = (s.oneOf as Schema[]).map(compile);
    checks.push((v, path, out) => {
      const passing = subs.filter((c) => passes(c, v, path)).length;
      if (passing !== 1) out.push({ path, reason: 'must match exactly one schema in oneOf' });
    });
  }
  if (s.not !== undefined) {
    const sub = compile(s.not as Schema);
    checks.push((v, path, out) => void (passes(sub, v, path) && out.push({ path, reason: 'must NOT be valid' })));
  }
  if (s.if !== undefined) {
    const condition = compile(s.if as Schema);
    const then = s.then !== undefined ? compile(s.then as Schema) : undefined;
    const otherwise = s.else !== undefined ? compile(s.else as Schema) : undefined;
    checks.push((v, path, out) => (passes(condition, v, path) ? then?.(v, path, out) : otherwise?.(v, path, out)));
  }

  if (checks.length === 1) return checks[0];
  return (v, path, out) => {
    for (const check of checks) check(v, path, out);
  };
}

function passes(check: Check, value: unknown, path: string): boolean {
  const out: SchemaViolation[] = [];
  check(value, path, out);
  return out.length === 0;
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
