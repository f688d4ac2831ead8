/**
 * The proto3 JSON mapping (https://protobuf.dev/programming-guides/json/), both ways,
 * over protobufjs reflection types. protobufjs's own fromObject/toObject differ from the
 * specification (well-known types, int64 range checks, unknown fields, original names),
 * so the conversion is written out here.
 *
 * Input produces plain objects that `Type.encode` accepts; output reads messages from
 * `Type.decode`. A bad input value throws {@link JsonMappingError} naming the field as
 * the client wrote it (`body.user.age`).
 */
import type { Enum, Field, Type } from 'protobufjs';
import { util } from 'protobufjs/light';
import { enumOf, fullNameOf, jsonNameOf, lowerCamel, messageTypeOf, snakeCase } from './descriptor';
import { isIntegerType, isLongType } from './transform-types';

/** A value of the client's request that does not fit the proto field. */
export class JsonMappingError extends Error {
  /** The field as the client named it (`body.email`, `query.pageSize`). */
  public readonly field: string;
  /** What is wrong with the value. */
  public readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'JsonMappingError';
    this.field = field;
    this.reason = reason;
  }
}

/** Per-field facts computed once per type. */
interface FieldPlan {
  readonly field: Field;
  readonly name: string;
  readonly jsonName: string;
  readonly message?: Type;
  readonly wkt?: string;
  readonly enumType?: Enum;
  /** Whether absence is tracked (message fields, oneof members, proto3 optional). */
  readonly presence: boolean;
  readonly oneof?: string;
  /** Declared `[debug_redact = true]`: never written to JSON. */
  readonly redacted: boolean;
}

interface TypePlan {
  readonly fields: readonly FieldPlan[];
  readonly byName: Map<string, FieldPlan>;
  readonly wkt?: string;
}

const plans = new WeakMap<Type, TypePlan>();

function planOf(type: Type): TypePlan {
  let plan = plans.get(type);
  if (plan) return plan;
  const fields: FieldPlan[] = [];
  const byName = new Map<string, FieldPlan>();
  for (const field of type.fieldsArray) {
    const message = messageTypeOf(field);
    const enumType = message ? undefined : enumOf(field);
    const wktName = message ? fullNameOf(message) : undefined;
    const fp: FieldPlan = {
      field,
      name: field.name,
      jsonName: jsonNameOf(field),
      message,
      wkt: wktName && wktName.startsWith('google.protobuf.') ? wktName : undefined,
      enumType,
      presence: !field.repeated && !field.map && (message !== undefined || field.partOf !== null && field.partOf !== undefined),
      oneof: field.partOf && !field.partOf.name.startsWith('_') ? field.partOf.name : undefined,
      redacted: field.options?.debug_redact === true,
    };
    fields.push(fp);
  }
  for (const fp of fields) byName.set(fp.jsonName, fp);
  for (const fp of fields) byName.set(fp.name, fp);
  const full = fullNameOf(type);
  plan = { fields, byName, wkt: full.startsWith('google.protobuf.') ? full : undefined };
  plans.set(type, plan);
  return plan;
}

/** Fields withheld from JSON answers besides the `debug_redact` ones; see {@link withholdFields}. */
const withheld = new WeakSet<Field>();

/**
 * Marks fields as internal: {@link messageToJson} leaves them out of every answer, at any
 * depth, as it does fields declared `[debug_redact = true]`. The mark belongs to the
 * descriptor's field objects, so it holds for every translator over that descriptor.
 */
export function withholdFields(fields: Iterable<Field>): void {
  for (const field of fields) withheld.add(field);
}

/** A map or Struct object without prototype, so that a key such as `__proto__` stays an ordinary key. */
function keyedObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

// ---------------------------------------------------------------- input: JSON → message

/** Converts a proto3 JSON object into a plain message object for `type.encode`. */
export function messageFromJson(type: Type, json: unknown, at: string): Record<string, unknown> {
  const plan = planOf(type);
  if (plan.wkt && WKT_FROM_JSON[plan.wkt]) return WKT_FROM_JSON[plan.wkt](type, json, at) as Record<string, unknown>;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new JsonMappingError(at, 'expected an object');
  const out: Record<string, unknown> = {};
  let oneofs: Map<string, string> | undefined;
  for (const key of Object.keys(json)) {
    const fp = plan.byName.get(key);
    const path = at === '' ? key : `${at}.${key}`;
    if (!fp) throw new JsonMappingError(path, `unknown field of ${fullNameOf(type)}`);
    const value = (json as Record<string, unknown>)[key];
    if (value === null && fp.wkt !== 'google.protobuf.Value') continue;
    if (Object.prototype.hasOwnProperty.call(out, fp.name)) throw new JsonMappingError(path, `the field is given twice (as "${fp.name}" and "${fp.jsonName}")`);
    if (fp.oneof) {
      oneofs ??= new Map();
      const other = oneofs.get(fp.oneof);
      if (other !== undefined) throw new JsonMappingError(path, `only one of the oneof "${fp.oneof}" may be set, "${other}" is set too`);
      oneofs.set(fp.oneof, key);
    }
    out[fp.name] = fieldFromJsonPlan(fp, value, path);
  }
  return out;
}

/** Converts the JSON value of one field (list, map or single value) into its message form. */
export function fieldFromJson(field: Field, json: unknown, at: string): unknown {
  return fieldFromJsonPlan(fieldPlan(field), json, at);
}

/** Converts one JSON value (not a list) for a field; for elements of repeated fields too. */
export function valueFromJson(field: Field, json: unknown, at: string): unknown {
  return singleFromJson(fieldPlan(field), json, at);
}

/**
 * Converts text from a path, query string or header into a field's value: the text is
 * read as the JSON string form of the value (`"42"`, `"true"`, `"ACTIVE"`, RFC 3339).
 */
export function valueFromText(field: Field, text: string, at: string): unknown {
  const fp = fieldPlan(field);
  if (!fp.message && !fp.enumType) {
    if (field.type === 'bool') {
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new JsonMappingError(at, 'expected true or false');
    }
    if (field.type === 'string') return text;
  }
  if (fp.enumType && /^-?\d+$/.test(text)) return enumFromJson(fp.enumType, Number(text), at);
  if (fp.wkt === 'google.protobuf.Value' || fp.wkt === 'google.protobuf.Struct' || fp.wkt === 'google.protobuf.ListValue') {
    // As grpc-gateway reads them: the text is the value's JSON.
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new JsonMappingError(at, 'expected JSON text');
    }
    return singleFromJson(fp, json, at);
  }
  if (fp.message && fp.wkt && fp.wkt.endsWith('Value') && fp.wkt !== 'google.protobuf.Value' && fp.wkt !== 'google.protobuf.ListValue') {
    const inner = fp.message.fieldsById[1];
    return { [inner.name]: valueFromText(inner, text, at) };
  }
  return singleFromJson(fp, text, at);
}

const fieldPlans = new WeakMap<Field, FieldPlan>();
function fieldPlan(field: Field): FieldPlan {
  let fp = fieldPlans.get(field);
  if (!fp) {
    fp = planOf(field.parent as Type).fields.find((f) => f.field === field)!;
    fieldPlans.set(field, fp);
  }
  return fp;
}

function fieldFromJsonPlan(fp: FieldPlan, json: unknown, at: string): unknown {
  const field = fp.field;
  if (field.map) {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new JsonMappingError(at, 'expected an object (a map)');
    const out = keyedObject();
    const keyType = (field as Field & { keyType: string }).keyType;
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      if (value === null && fp.wkt !== 'google.protobuf.Value') throw new JsonMappingError(`${at}.${key}`, 'a map value cannot be null');
      const protoKey = mapKeyFromJson(keyType, key, `${at}.${key}`);
      if (Object.prototype.hasOwnProperty.call(out, protoKey)) throw new JsonMappingError(`${at}.${key}`, 'the map key is given twice');
      out[protoKey] = singleFromJson(fp, value, `${at}.${key}`);
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(json)) throw new JsonMappingError(at, 'expected a list');
    const out = new Array(json.length);
    for (let i = 0; i < json.length; i++) {
      if (json[i] === null && fp.wkt !== 'google.protobuf.Value') throw new JsonMappingError(`${at}[${i}]`, 'a list element cannot be null');
      out[i] = singleFromJson(fp, json[i], `${at}[${i}]`);
    }
    return out;
  }
  return singleFromJson(fp, json, at);
}

function mapKeyFromJson(keyType: string, key: string, at: string): string {
  if (keyType === 'string') return key;
  if (keyType === 'bool') {
    if (key !== 'true' && key !== 'false') throw new JsonMappingError(at, 'a bool map key is "true" or "false"');
    return key;
  }
  return String(integerFromJson(keyType, key, at));
}

function singleFromJson(fp: FieldPlan, json: unknown, at: string): unknown {
  if (fp.message) return messageFromJson(fp.message, json, at);
  if (fp.enumType) return enumFromJson(fp.enumType, json, at);
  return scalarFromJson(fp.field.type, json, at);
}

function enumFromJson(enumType: Enum, json: unknown, at: string): number {
  if (fullNameOf(enumType) === 'google.protobuf.NullValue') return 0;
  if (typeof json === 'string') {
    const value = enumType.values[json];
    if (value === undefined) throw new JsonMappingError(at, `expected one of ${Object.keys(enumType.values).join(', ')}`);
    return value;
  }
  if (typeof json === 'number' && Number.isInteger(json) && json >= -2147483648 && json <= 2147483647) return json;
  throw new JsonMappingError(at, `expected one of ${Object.keys(enumType.values).join(', ')}`);
}

const INT_RANGE: Record<string, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** An integer of a given proto type from a JSON number or string; 64-bit ones come back as decimal strings. */
export function integerFromJson(type: string, json: unknown, at: string): number | string {
  let big: bigint;
  if (typeof json === 'number') {
    if (!Number.isInteger(json)) throw new JsonMappingError(at, `expected an integer (${type})`);
    if (!Number.isSafeInteger(json) && isLongType(type)) throw new JsonMappingError(at, `${type} beyond 2^53 must be sent as a string`);
    big = BigInt(json);
  } else if (typeof json === 'string') {
    if (INTEGER_TEXT.test(json)) big = BigInt(json);
    else if (NUMBER_TEXT.test(json) && Number.isInteger(Number(json)) && Number.isSafeInteger(Number(json))) big = BigInt(Number(json));
    else throw new JsonMappingError(at, `expected an integer (${type})`);
  } else {
    throw new JsonMappingError(at, `expected an integer (${type})`);
  }
  const [min, max] = INT_RANGE[type];
  if (big < min || big > max) throw new JsonMappingError(at, `out of range for ${type}`);
  return isLongType(type) ? big.toString() : Number(big);
}

function scalarFromJson(type: string, json: unknown, at: string): unknown {
  switch (type) {
    case 'string':
      if (typeof json !== 'string') throw new JsonMappingError(at, 'expected a string');
      return json;
    case 'bool':
      if (typeof json !== 'boolean') throw new JsonMappingError(at, 'expected true or false');
      return json;
    case 'double':
    case 'float': {
      let n: number;
      if (typeof json === 'number') n = json;
      else if (json === 'NaN') return NaN;
      else if (json === 'Infinity') return Infinity;
      else if (json === '-Infinity') return -Infinity;
      else if (typeof json === 'string' && NUMBER_TEXT.test(json)) n = Number(json);
      else throw new JsonMappingError(at, `expected a number (${type})`);
      if (type === 'float' && Number.isFinite(n) && Math.abs(n) > 3.4028234663852886e38) throw new JsonMappingError(at, 'out of range for float');
      return n;
    }
    case 'bytes':
      return bytesFromBase64(json, at);
    default:
      if (isIntegerType(type)) return integerFromJson(type, json, at);
      throw new JsonMappingError(at, `unsupported field type ${type}`);
  }
}

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** Bytes from standard or URL-safe base64, with or without padding. */
export function bytesFromBase64(json: unknown, at: string): Buffer {
  if (typeof json !== 'string' || !BASE64.test(json) || json.replace(/=+$/, '').length % 4 === 1) {
    throw new JsonMappingError(at, 'expected base64-encoded bytes');
  }
  return Buffer.from(json.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

// ---- well-known types in

type WktIn = (type: Type, json: unknown, at: string) => unknown;

function wrapperIn(type: Type, json: unknown, at: string): unknown {
  const inner = type.fieldsById[1];
  return { [inner.name]: scalarFromJson(inner.type, json, at) };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const MAX_TIMESTAMP_SECONDS = 253402300799;
const MIN_TIMESTAMP_SECONDS = -62135596800;

/** Seconds and nanos of an RFC 3339 timestamp, or undefined when the text is not one. */
export function parseRfc3339(text: string): { seconds: number; nanos: number } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== day) return undefined;
  let seconds = date.getTime() / 1000;
  if (m[10]) {
    const offset = (Number(m[11]) * 60 + Number(m[12])) * 60;
    seconds += m[10] === '+' ? -offset : offset;
  }
  const nanos = m[8] ? Number(m[8].padEnd(9, '0')) : 0;
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) return undefined;
  return { seconds, nanos };
}

function timestampIn(type: Type, json: unknown, at: string): unknown {
  const parsed = typeof json === 'string' ? parseRfc3339(json) : undefined;
  if (!parsed) throw new JsonMappingError(at, 'expected an RFC 3339 timestamp, "2024-05-01T10:00:00Z"');
  return { [type.fieldsById[1].name]: parsed.seconds, [type.fieldsById[2].name]: parsed.nanos };
}

const DURATION = /^(-)?(\d+)(\.(\d{1,9}))?s$/;
const MAX_DURATION_SECONDS = 315576000000;

function durationIn(type: Type, json: unknown, at: string): unknown {
  const m = typeof json === 'string' ? DURATION.exec(json) : null;
  if (!m) throw new JsonMappingError(at, 'expected a duration in seconds, "1.5s"');
  const seconds = Number(m[2]);
  if (seconds > MAX_DURATION_SECONDS) throw new JsonMappingError(at, 'out of range for a duration');
  const nanos = m[4] ? Number(m[4].padEnd(9, '0')) : 0;
  const sign = m[1] ? -1 : 1;
  return { [type.fieldsById[1].name]: sign * seconds || 0, [type.fieldsById[2].name]: sign * nanos || 0 };
}

function fieldMaskIn(type: Type, json: unknown, at: string): unknown {
  if (typeof json !== 'string') throw new JsonMappingError(at, 'expected a field mask, "user.displayName,photo"');
  const paths = json === '' ? [] : json.split(',').map((p) => p.split('.').map(snakeCase).join('.'));
  return { [type.fieldsById[1].name]: paths };
}

function valueIn(type: Type, json: unknown, at: string): unknown {
  const f = (id: number): string => type.fieldsById[id].name;
  if (json === null) return { [f(1)]: 0 };
  switch (typeof json) {
    case 'number':
      return { [f(2)]: json };
    case 'string':
      return { [f(3)]: json };
    case 'boolean':
      return { [f(4)]: json };
    case 'object':
      if (Array.isArray(json)) return { [f(6)]: listValueIn(type.fieldsById[6].resolve().resolvedType as Type, json, at) };
      return { [f(5)]: structIn(type.fieldsById[5].resolve().resolvedType as Type, json, at) };
    default:
      throw new JsonMappingError(at, 'expected a JSON value');
  }
}

function structIn(type: Type, json: unknown, at: string): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new JsonMappingError(at, 'expected an object');
  const valueType = type.fieldsById[1].resolve().resolvedType as Type;
  const fields = keyedObject();
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) fields[key] = valueIn(valueType, value, `${at}.${key}`);
  return { [type.fieldsById[1].name]: fields };
}

function listValueIn(type: Type, json: unknown, at: string): unknown {
  if (!Array.isArray(json)) throw new JsonMappingError(at, 'expected a list');
  const valueType = type.fieldsById[1].resolve().resolvedType as Type;
  return { [type.fieldsById[1].name]: json.map((v, i) => valueIn(valueType, v, `${at}[${i}]`)) };
}

function anyIn(type: Type, json: unknown, at: string): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new JsonMappingError(at, 'expected an object with "@type"');
  const { ['@type']: url, ...rest } = json as Record<string, unknown>;
  if (typeof url !== 'string' || !url.includes('/')) throw new JsonMappingError(`${at}.@type`, 'expected a type URL, "type.googleapis.com/pkg.Message"');
  const inner = lookupTypeByUrl(type, url);
  if (!inner) throw new JsonMappingError(`${at}.@type`, `unknown message type ${url}`);
  const innerFull = fullNameOf(inner);
  const message = WELL_KNOWN_JSON_TYPE(innerFull) ? messageFromJson(inner, rest.value, `${at}.value`) : messageFromJson(inner, rest, at);
  return { [type.fieldsById[1].name]: url, [type.fieldsById[2].name]: inner.encode(message).finish() };
}

function WELL_KNOWN_JSON_TYPE(name: string): boolean {
  return name.startsWith('google.protobuf.') && WKT_FROM_JSON[name] !== undefined;
}

function lookupTypeByUrl(anyType: Type, url: string): Type | undefined {
  const name = url.slice(url.lastIndexOf('/') + 1);
  try {
    const found = anyType.root.lookup('.' + name);
    return found && 'fieldsArray' in found ? (found as Type) : undefined;
  } catch {
    return undefined;
  }
}

const WKT_FROM_JSON: Record<string, WktIn> = {
  'google.protobuf.Timestamp': timestampIn,
  'google.protobuf.Duration': durationIn,
  'google.protobuf.FieldMask': fieldMaskIn,
  'google.protobuf.Value': valueIn,
  'google.protobuf.Struct': structIn,
  'google.protobuf.ListValue': listValueIn,
  'google.protobuf.Any': anyIn,
  'google.protobuf.DoubleValue': wrapperIn,
  'google.protobuf.FloatValue': wrapperIn,
  'google.protobuf.Int64Value': wrapperIn,
  'google.protobuf.UInt64Value': wrapperIn,
  'google.protobuf.Int32Value': wrapperIn,
  'google.protobuf.UInt32Value': wrapperIn,
  'google.protobuf.BoolValue': wrapperIn,
  'google.protobuf.StringValue': wrapperIn,
  'google.protobuf.BytesValue': wrapperIn,
};

// ---------------------------------------------------------------- output: message → JSON

/**
 * Converts a decoded message into proto3 JSON with lowerCamel names. Fields at their
 * default value are left out, as the specification prescribes, unless `emitDefaults`.
 */
export function messageToJson(type: Type, message: unknown, emitDefaults = false): unknown {
  const plan = planOf(type);
  if (plan.wkt && WKT_TO_JSON[plan.wkt]) return WKT_TO_JSON[plan.wkt](type, message as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  const m = message as Record<string, unknown>;
  for (const fp of plan.fields) {
    if (fp.redacted || withheld.has(fp.field)) continue;
    const value = m[fp.name];
    if (fp.presence) {
      if (value === null || value === undefined || !Object.prototype.hasOwnProperty.call(m, fp.name)) continue;
      out[fp.jsonName] = singleToJson(fp, value, emitDefaults);
    } else if (fp.field.map) {
      const keys = value ? Object.keys(value) : [];
      if (keys.length === 0 && !emitDefaults) continue;
      out[fp.jsonName] = fieldToJsonPlan(fp, value ?? {}, emitDefaults);
    } else if (fp.field.repeated) {
      if ((!value || (value as unknown[]).length === 0) && !emitDefaults) continue;
      out[fp.jsonName] = fieldToJsonPlan(fp, value ?? [], emitDefaults);
    } else {
      if (!emitDefaults && isDefaultScalar(value)) continue;
      out[fp.jsonName] = singleToJson(fp, value ?? fp.field.defaultValue, emitDefaults);
    }
  }
  return out;
}

/**
 * Converts the value of one field (list, map or single) of a decoded message. An absent
 * message field gives undefined; an absent scalar gives its default.
 */
export function fieldToJson(field: Field, value: unknown, emitDefaults = false): unknown {
  const fp = fieldPlan(field);
  if (fp.presence && (value === null || value === undefined)) return undefined;
  return fieldToJsonPlan(fp, value ?? fp.field.defaultValue, emitDefaults);
}

/** Converts one element (never a list) of a field. */
export function valueToJson(field: Field, value: unknown): unknown {
  return singleToJson(fieldPlan(field), value, false);
}

function fieldToJsonPlan(fp: FieldPlan, value: unknown, emitDefaults: boolean): unknown {
  if (fp.field.map) {
    const out = keyedObject();
    const keyType = (fp.field as Field & { keyType: string }).keyType;
    // protobufjs keys 64-bit map entries by an 8-character binary hash of the Long.
    const longKeys = isLongType(keyType);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[longKeys && k.length === 8 && !/^-?\d+$/.test(k) ? util.longFromHash(k, keyType === 'uint64' || keyType === 'fixed64').toString() : k] = singleToJson(fp, v, emitDefaults);
    }
    return out;
  }
  if (fp.field.repeated) {
    const list = (value ?? []) as unknown[];
    const out = new Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = singleToJson(fp, list[i], emitDefaults);
    return out;
  }
  return singleToJson(fp, value, emitDefaults);
}

function isDefaultScalar(value: unknown): boolean {
  if (value === undefined || value === null || value === 0 || value === false || value === '') return true;
  if (typeof value === 'object') {
    if ((value as { length?: number }).length === 0) return true;
    const long = value as { low?: number; high?: number };
    if (long.low === 0 && long.high === 0) return true;
  }
  return false;
}

function singleToJson(fp: FieldPlan, value: unknown, emitDefaults: boolean): unknown {
  if (fp.message) return messageToJson(fp.message, value, emitDefaults);
  if (fp.enumType) return enumToJson(fp.enumType, value as number);
  return scalarToJson(fp.field.type, value);
}

function enumToJson(enumType: Enum, value: number): unknown {
  if (fullNameOf(enumType) === 'google.protobuf.NullValue') return null;
  const name = enumType.valuesById[value];
  return name === undefined ? value : name;
}

/** The proto3 JSON form of a scalar value read from a decoded message. */
export function scalarToJson(type: string, value: unknown): unknown {
  switch (type) {
    case 'double':
      return floatToJson(value as number, false);
    case 'float':
      return floatToJson(value as number, true);
    case 'bytes':
      return bytesToBase64(value as Uint8Array);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return String(value);
    default:
      return value;
  }
}

function floatToJson(n: number, single: boolean): unknown {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (!single || n === 0) return n;
  // A float32 decoded into a double prints as 0.10000000149011612; the shortest decimal
  // that rounds back to the same float32 is what other implementations emit.
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(n.toPrecision(p));
    if (Math.fround(candidate) === n) return candidate;
  }
  return n;
}

/** Standard base64 with padding, as proto3 JSON writes bytes. */
export function bytesToBase64(value: Uint8Array | undefined): string {
  if (!value || value.length === 0) return '';
  return Buffer.isBuffer(value) ? value.toString('base64') : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

// ---- well-known types out

type WktOut = (type: Type, message: Record<string, unknown>) => unknown;

/** Reads a numeric (possibly Long) field of a decoded message as a JS number. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return Number(value);
  const long = value as { toNumber?: () => number };
  return typeof long.toNumber === 'function' ? long.toNumber() : Number(value);
}

/** The RFC 3339 form of seconds and nanos with 0, 3, 6 or 9 fractional digits. */
export function formatTimestamp(seconds: number, nanos: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return iso.slice(0, 19) + fraction(nanos) + 'Z';
}

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  if (nanos % 1_000_000 === 0) return '.' + String(nanos / 1_000_000).padStart(3, '0');
  if (nanos % 1_000 === 0) return '.' + String(nanos / 1_000).padStart(6, '0');
  return '.' + String(nanos).padStart(9, '0');
}

function timestampOut(type: Type, m: Record<string, unknown>): unknown {
  return formatTimestamp(toNumber(m[type.fieldsById[1].name]), toNumber(m[type.fieldsById[2].name]));
}

function durationOut(type: Type, m: Record<string, unknown>): unknown {
  const seconds = toNumber(m[type.fieldsById[1].name]);
  const nanos = toNumber(m[type.fieldsById[2].name]);
  const negative = seconds < 0 || nanos < 0;
  return `${negative ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`;
}

function fieldMaskOut(type: Type, m: Record<string, unknown>): unknown {
  const paths = (m[type.fieldsById[1].name] as string[] | undefined) ?? [];
  return paths.map((p) => p.split('.').map(lowerCamel).join('.')).join(',');
}

function wrapperOut(type: Type, m: Record<string, unknown>): unknown {
  const inner = type.fieldsById[1];
  return scalarToJson(inner.type, m[inner.name] ?? inner.defaultValue);
}

function valueOut(type: Type, m: Record<string, unknown>): unknown {
  for (const id of [1, 2, 3, 4, 5, 6]) {
    const field = type.fieldsById[id];
    const v = m[field.name];
    if (v === undefined || v === null || !Object.prototype.hasOwnProperty.call(m, field.name)) continue;
    switch (id) {
      case 1:
        return null;
      case 2:
        return floatToJson(v as number, false);
      case 5:
        return structOut(field.resolve().resolvedType as Type, v as Record<string, unknown>);
      case 6:
        return listValueOut(field.resolve().resolvedType as Type, v as Record<string, unknown>);
      default:
        return v;
    }
  }
  return null;
}

function structOut(type: Type, m: Record<string, unknown>): unknown {
  const field = type.fieldsById[1];
  const valueType = field.resolve().resolvedType as Type;
  const out = keyedObject();
  for (const [k, v] of Object.entries((m[field.name] as Record<string, Record<string, unknown>>) ?? {})) out[k] = valueOut(valueType, v);
  return out;
}

function listValueOut(type: Type, m: Record<string, unknown>): unknown {
  const field = type.fieldsById[1];
  const valueType = field.resolve().resolvedType as Type;
  return ((m[field.name] as Record<string, unknown>[]) ?? []).map((v) => valueOut(valueType, v));
}

function anyOut(type: Type, m: Record<string, unknown>): unknown {
  const url = m[type.fieldsById[1].name] as string;
  if (!url) return {};
  const inner = lookupTypeByUrl(type, url);
  if (!inner) return { '@type': url };
  const decoded = inner.decode((m[type.fieldsById[2].name] as Uint8Array) ?? new Uint8Array());
  const json = messageToJson(inner, decoded);
  return WELL_KNOWN_JSON_TYPE(fullNameOf(inner)) ? { '@type': url, value: json } : { '@type': url, ...(json as object) };
}

const WKT_TO_JSON: Record<string, WktOut> = {
  'google.protobuf.Timestamp': timestampOut,
  'google.protobuf.Duration': durationOut,
  'google.protobuf.FieldMask': fieldMaskOut,
  'google.protobuf.Value': valueOut,
  'google.protobuf.Struct': structOut,
  'google.protobuf.ListValue': listValueOut,
  'google.protobuf.Any': anyOut,
  'google.protobuf.DoubleValue': wrapperOut,
  'google.protobuf.FloatValue': wrapperOut,
  'google.protobuf.Int64Value': wrapperOut,
  'google.protobuf.UInt64Value': wrapperOut,
  'google.protobuf.Int32Value': wrapperOut,
  'google.protobuf.UInt32Value': wrapperOut,
  'google.protobuf.BoolValue': wrapperOut,
  'google.protobuf.StringValue': wrapperOut,
  'google.protobuf.BytesValue': wrapperOut,
};
