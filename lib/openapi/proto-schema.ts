/**
 * JSON Schemas (2020-12, OpenAPI 3.1's dialect) of what the gRPC translator answers, derived
 * from the proto response message and the route's response mapping, following the proto3
 * JSON mapping (https://protobuf.dev/programming-guides/json/): lowerCamel names, 64-bit
 * integers as strings, enums as value names, Timestamps as RFC 3339 date-times, Durations
 * as "1.5s" strings, wrappers nullable, maps as objects and repeated fields as arrays.
 */
import type { Field, Root, Type } from 'protobufjs';
import { FieldTransform, TranslatorRoute } from '../../lambda/grpc-translator/config';
import { enumOf, fullNameOf, jsonNameOf, lookupMethod, messageTypeOf, resolveFieldPath } from '../../lambda/grpc-translator/descriptor';
import { stripPrefix } from '../../lambda/grpc-translator/check-config';

/** A JSON Schema object. */
export type Schema = Record<string, unknown>;

/** A response schema and the named message schemas its `$ref`s point to. */
export interface ProtoResponseSchema {
  /** The schema of the body. */
  readonly schema: Schema;
  /** Message schemas by component name, referenced as `#/components/schemas/<name>`. */
  readonly components: Record<string, Schema>;
}

/** Where named schemas live in an OpenAPI document. */
export const COMPONENT_REF = '#/components/schemas/';

const INT64 = new Set(['int64', 'sint64', 'sfixed64']);
const UINT64 = new Set(['uint64', 'fixed64']);
const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);

const WRAPPERS: Record<string, Schema> = {
  'google.protobuf.DoubleValue': { type: ['number', 'string', 'null'] },
  'google.protobuf.FloatValue': { type: ['number', 'string', 'null'] },
  'google.protobuf.Int64Value': { type: ['string', 'null'], pattern: '^-?[0-9]+$' },
  'google.protobuf.UInt64Value': { type: ['string', 'null'], pattern: '^[0-9]+$' },
  'google.protobuf.Int32Value': { type: ['integer', 'null'], format: 'int32' },
  'google.protobuf.UInt32Value': { type: ['integer', 'null'], minimum: 0, maximum: 4294967295 },
  'google.protobuf.BoolValue': { type: ['boolean', 'null'] },
  'google.protobuf.StringValue': { type: ['string', 'null'] },
  'google.protobuf.BytesValue': { type: ['string', 'null'], contentEncoding: 'base64' },
};

const WELL_KNOWN: Record<string, Schema> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$', description: 'A duration in seconds with the suffix "s" (`1.5s`).' },
  'google.protobuf.FieldMask': { type: 'string', description: 'Comma-separated lowerCamel field paths.' },
  'google.protobuf.Struct': { type: 'object', additionalProperties: true },
  'google.protobuf.Value': {},
  'google.protobuf.ListValue': { type: 'array', items: {} },
  'google.protobuf.Any': { type: 'object', properties: { '@type': { type: 'string' } }, required: ['@type'], additionalProperties: true },
  'google.protobuf.Empty': { type: 'object', additionalProperties: false },
  ...WRAPPERS,
};

/**
 * The schema of a translated route's successful answer, or undefined when the route's
 * method is not in the descriptor (the translator's own check refuses that at synth).
 * `internal` holds the fully-qualified fields that never leave the VPC.
 */
export function protoResponseSchema(root: Root, route: TranslatorRoute, internal: readonly string[] = []): ProtoResponseSchema | undefined {
  const found = lookupMethod(root, route.grpcMethod);
  if ('problem' in found) return undefined;
  const builder = new SchemaBuilder(new Set(internal));
  const type = found.responseType;
  let schema: Schema;
  if (route.responseMapping !== undefined) {
    schema = { type: 'object', properties: {} };
    for (const mapping of route.responseMapping) {
      const from = stripPrefix(mapping.from, 'response', type);
      const value = from === '*' ? builder.message(type) : builder.path(type, from, mapping.transform as FieldTransform | undefined);
      if (value) placeAt(schema, mapping.to, value);
    }
  } else if (route.responseBody === '*') {
    schema = builder.message(type);
  } else if (route.responseBody !== undefined) {
    schema = builder.path(type, stripPrefix(route.responseBody, 'response', type)) ?? {};
  } else {
    schema = { type: 'object', additionalProperties: false };
  }
  return { schema, components: builder.components };
}

/** Builds field and message schemas, naming each message once in `components`. */
class SchemaBuilder {
  public readonly components: Record<string, Schema> = {};

  constructor(private readonly internal: ReadonlySet<string>) {}

  /** The schema of a message: a `$ref` to its component, or the well-known type's JSON form. */
  public message(type: Type): Schema {
    const name = fullNameOf(type);
    const known = WELL_KNOWN[name];
    if (known) return { ...known };
    if (!(name in this.components)) {
      // Placed before the fields are walked, so a recursive message refers to itself.
      const properties: Record<string, Schema> = {};
      this.components[name] = { type: 'object', properties };
      for (const field of type.fieldsArray) {
        if (this.isInternal(field)) continue;
        properties[jsonNameOf(field)] = this.field(field);
      }
    }
    return { $ref: `${COMPONENT_REF}${name}` };
  }

  /** The schema of a field path of a message, with a mapping's transform applied. */
  public path(type: Type, path: string, transform?: FieldTransform): Schema | undefined {
    const resolved = resolveFieldPath(type, path);
    if ('problem' in resolved) return undefined;
    const last = resolved.fields[resolved.fields.length - 1];
    if (resolved.fields.some((f) => this.isInternal(f))) return undefined;
    return transform ? this.transformed(last, transform) : this.field(last);
  }

  /** The schema of one field: list, map or single value. */
  public field(field: Field): Schema {
    if (field.map) {
      return { type: 'object', additionalProperties: this.single(field) };
    }
    if (field.repeated) return { type: 'array', items: this.single(field) };
    return this.single(field);
  }

  private single(field: Field): Schema {
    const message = messageTypeOf(field);
    if (message) return this.message(message);
    const enumType = enumOf(field);
    if (enumType) {
      if (fullNameOf(enumType) === 'google.protobuf.NullValue') return { type: 'null' };
      return { type: 'string', enum: Object.keys(enumType.values) };
    }
    return scalarSchema(field.type);
  }

  private transformed(field: Field, transform: FieldTransform): Schema {
    const one = transformSchema(field, transform);
    if (field.map) return { type: 'object', additionalProperties: one };
    return field.repeated ? { type: 'array', items: one } : one;
  }

  private isInternal(field: Field): boolean {
    return field.options?.debug_redact === true || this.internal.has(fullNameOf(field));
  }
}

/** The proto3 JSON schema of a scalar type. */
export function scalarSchema(type: string): Schema {
  if (INT64.has(type)) return { type: 'string', pattern: '^-?[0-9]+$', description: 'A 64-bit integer, as a string.' };
  if (UINT64.has(type)) return { type: 'string', pattern: '^[0-9]+$', description: 'An unsigned 64-bit integer, as a string.' };
  if (INT32.has(type)) return { type: 'integer', format: 'int32' };
  if (UINT32.has(type)) return { type: 'integer', minimum: 0, maximum: 4294967295 };
  switch (type) {
    // Non-finite values are the strings "NaN", "Infinity" and "-Infinity".
    case 'double': return { type: ['number', 'string'], format: 'double' };
    case 'float': return { type: ['number', 'string'], format: 'float' };
    case 'bool': return { type: 'boolean' };
    case 'bytes': return { type: 'string', contentEncoding: 'base64' };
    default: return { type: 'string' };
  }
}

/** The schema of the JSON value a response transform writes. */
function transformSchema(field: Field, transform: FieldTransform): Schema {
  const enumType = enumOf(field);
  const names = enumType ? Object.keys(enumType.values) : [];
  switch (transform) {
    case FieldTransform.TIMESTAMP_TO_ISO:
    case FieldTransform.EPOCH_SECONDS_TO_ISO:
    case FieldTransform.EPOCH_MILLIS_TO_ISO:
      return { type: 'string', format: 'date-time' };
    case FieldTransform.NUMBER_TO_STRING:
    case FieldTransform.BYTES_TO_UTF8:
    case FieldTransform.LOWERCASE:
      return { type: 'string' };
    case FieldTransform.STRING_TO_NUMBER:
    case FieldTransform.DURATION_TO_SECONDS:
    case FieldTransform.DURATION_TO_MILLIS:
      return { type: 'number' };
    case FieldTransform.BOOLEAN:
      return { type: 'boolean' };
    case FieldTransform.ENUM_TO_NAME:
      return { type: 'string', enum: names };
    case FieldTransform.ENUM_TO_LOWERCASE_NAME:
      return { type: 'string', enum: names.map((n) => n.toLowerCase()) };
    case FieldTransform.ENUM_TO_NUMBER:
      return { type: 'integer' };
    case FieldTransform.BYTES_TO_BASE64URL:
      return { type: 'string', contentEncoding: 'base64url' };
    default:
      return {};
  }
}

/** Puts a schema at a dotted JSON path of an object schema, creating the objects between. */
function placeAt(root: Schema, path: string, value: Schema): void {
  const names = path.split('.');
  let node = root;
  for (let i = 0; i < names.length - 1; i++) {
    const properties = node.properties as Record<string, Schema>;
    let next = properties[names[i]];
    if (!next || next.type !== 'object' || !next.properties) {
      next = { type: 'object', properties: {} };
      properties[names[i]] = next;
    }
    node = next;
  }
  (node.properties as Record<string, Schema>)[names[names.length - 1]] = value;
}
