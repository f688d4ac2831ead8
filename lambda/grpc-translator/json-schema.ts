/**
 * Request-body validation with @cfworker/json-schema in draft 4, the dialect the route
 * model checks every request schema against at synth (what API Gateway models accept),
 * so the translator enforces what a RestGateway model would. The library is an interpreter
 * (no code generation, about 25 KB), which keeps the bundle and cold start small; this
 * module only turns its output into the translator's violations. Handler-side only: the
 * library is bundled into the handler, so synth-time code uses `schema-check.ts` instead.
 */
import type { OutputUnit, Schema } from '@cfworker/json-schema';

/** The validator library, loaded with the first route that has a schema: a translator without one never pays for it at cold start. */
let library: typeof import('@cfworker/json-schema') | undefined;

/** One reason a value fails its schema. */
export interface SchemaViolation {
  /** Where, as a dotted path from the validated value (`email`, `items[0].name`); '' for the value itself. */
  readonly path: string;
  /** What is wrong (`is required`, `must be string`). */
  readonly reason: string;
}

/** A compiled schema: the violations of a value, empty when it is valid. */
export type SchemaValidator = (value: unknown) => SchemaViolation[];

type Node = Record<string, unknown>;
type Lookup = Record<string, Schema | boolean>;

/**
 * Compiles a schema once. The schema is one `checkTranslatorConfig` accepted at synth
 * (`unenforceableSchemaParts` in schema-check.ts), so that check is not bundled again here.
 */
export function compileSchema(schema: unknown): SchemaValidator {
  // The library annotates the schema objects it dereferences; the caller's stay untouched.
  const root = clone(schema) as Schema | boolean;
  // shortCircuit=false: a client fixes every problem of its body in one round trip.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Validator, dereference } = (library ??= require('@cfworker/json-schema') as typeof import('@cfworker/json-schema'));
  const validator = new Validator(root, '4', false);
  const lookup = dereference(root);
  return (value) => {
    // A request without a body has no JSON value to validate.
    if (value === undefined) return [{ path: '', reason: 'is required' }];
    return violationsOf(validator.validate(value).errors, value, root, lookup);
  };
}

/** Keywords whose unit only says that a subschema failed; the subschema's own units follow it. */
const CONTAINERS = new Set([
  '$ref', '$recursiveRef', 'allOf', 'if', 'properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties',
  'dependentSchemas', 'items', 'prefixItems', 'additionalItems', 'unevaluatedItems',
]);
/** Keywords that are one violation however many units their subschemas produced. */
const SUMMARIES = new Set(['anyOf', 'oneOf', 'propertyNames']);

function violationsOf(units: readonly OutputUnit[], value: unknown, root: Schema | boolean, lookup: Lookup): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    // `dependencies` with a schema is a container; with a list of names it is a leaf.
    if (CONTAINERS.has(unit.keyword) || (unit.keyword === 'dependencies' && / schema\.$/.test(unit.error))) continue;
    const path = pathOf(unit.instanceLocation, value);
    if (SUMMARIES.has(unit.keyword)) {
      // Each branch of anyOf/oneOf reports its own failures; only the summary is the client's problem.
      const inside = `${unit.keywordLocation}/`;
      let j = i + 1;
      // A false schema's unit carries the instance location as its keyword location, so it counts as inside too.
      while (j < units.length && (units[j].keywordLocation.startsWith(inside) || units[j].keyword === 'false')) j++;
      if (unit.keyword === 'propertyNames') {
        // The first unit inside is the failing name's own, at the location the name would hold.
        out.push({ path: j > i + 1 ? pathOf(units[i + 1].instanceLocation, value) : path, reason: 'property name must be valid' });
      } else out.push({ path, reason: unit.keyword === 'anyOf' ? 'must match a schema in anyOf' : 'must match exactly one schema in oneOf' });
      i = j - 1;
      continue;
    }
    if (unit.keyword === 'false') {
      const container = units[i - 1]?.keyword;
      const reason = container === 'additionalProperties' || container === 'unevaluatedProperties' ? 'must NOT have additional properties'
        : container === 'additionalItems' || container === 'unevaluatedItems' ? 'must NOT have additional items' : 'must not be present';
      out.push({ path, reason });
      continue;
    }
    out.push(leaf(unit, path, schemaAt(root, lookup, unit.keywordLocation)));
  }
  return out;
}

/** Keywords whose reason quotes the keyword's value in the schema. */
const QUOTES_VALUE = new Set(['type', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'multipleOf', 'minProperties', 'maxProperties', 'minItems', 'maxItems']);

function leaf(unit: OutputUnit, path: string, schema: Node): SchemaViolation {
  const n = schema[unit.keyword];
  if (n === undefined && QUOTES_VALUE.has(unit.keyword)) return { path, reason: unit.error };
  switch (unit.keyword) {
    case 'required': {
      // The message quotes the property name as is: `Instance does not have required property "name".`
      const name = /"(.*)"\.$/.exec(unit.error)?.[1];
      return name === undefined ? { path, reason: unit.error } : { path: child(path, name), reason: 'is required' };
    }
    case 'dependencies': {
      const names = /^Instance has "(.*)" but does not have "(.*)"\.$/.exec(unit.error);
      return names ? { path: child(path, names[2]), reason: `is required when "${names[1]}" is present` } : { path, reason: unit.error };
    }
    case 'type':
      return { path, reason: `must be ${([] as unknown[]).concat(n).join(',')}` };
    case 'enum':
      return { path, reason: 'must be equal to one of the allowed values' };
    case 'const':
      return { path, reason: 'must be equal to constant' };
    case 'minLength':
      return { path, reason: `must NOT have fewer than ${n} characters` };
    case 'maxLength':
      return { path, reason: `must NOT have more than ${n} characters` };
    case 'pattern':
      return { path, reason: `must match pattern "${n}"` };
    case 'format':
      return { path, reason: `must match format "${n}"` };
    case 'minimum':
      return { path, reason: `must be ${schema.exclusiveMinimum === true ? '>' : '>='} ${n}` };
    case 'maximum':
      return { path, reason: `must be ${schema.exclusiveMaximum === true ? '<' : '<='} ${n}` };
    case 'multipleOf':
      return { path, reason: `must be multiple of ${n}` };
    case 'minProperties':
      return { path, reason: `must NOT have fewer than ${n} properties` };
    case 'maxProperties':
      return { path, reason: `must NOT have more than ${n} properties` };
    case 'minItems':
      return { path, reason: `must NOT have fewer than ${n} items` };
    case 'maxItems':
      return { path, reason: `must NOT have more than ${n} items` };
    case 'uniqueItems':
      return { path, reason: 'must NOT have duplicate items' };
    case 'contains':
      return { path, reason: 'must contain at least 1 valid item' };
    case 'not':
      return { path, reason: 'must NOT be valid' };
    default:
      return { path, reason: unit.error };
  }
}

/** The schema object holding the keyword at a keyword location, following `$ref`s the way the validator did. */
function schemaAt(root: Schema | boolean, lookup: Lookup, keywordLocation: string): Node {
  let node: unknown = root;
  for (const segment of segmentsOf(keywordLocation).slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (!isObject(node)) return {};
    else node = segment === '$ref' ? lookup[(node as Schema).__absolute_ref__ ?? ''] : node[segment];
  }
  return isObject(node) ? node : {};
}

/**
 * A JSON pointer into the value as the translator's path: `#/items/0/n` → `items[0].n`.
 * Walks the value so that only array positions become `[i]`, not object keys that look like numbers.
 */
function pathOf(instanceLocation: string, value: unknown): string {
  let path = '';
  let here = value;
  for (const segment of segmentsOf(instanceLocation)) {
    if (Array.isArray(here)) {
      path = `${path}[${segment}]`;
    } else path = child(path, segment);
    here = isObject(here) || Array.isArray(here) ? (here as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

function segmentsOf(location: string): string[] {
  const pointer = location.replace(/^#/, '');
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isObject(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function clone(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema));
}
