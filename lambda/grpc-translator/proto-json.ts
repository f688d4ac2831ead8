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
import type { Enum, Field, Long, Type } from 'protobufjs';
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

/** How {@link messageToJson} writes a field: by presence, as a map, as a list, or as a scalar left out at its default. */
const enum Shape {
  PRESENCE,
  MAP,
  REPEATED,
  SCALAR,
}

/** Per-field facts computed once per type. */
interface FieldPlan {
  readonly field: Field;
  readonly name: string;
  readonly jsonName: string;
  readonly message?: Type;
  readonly wkt?: string;
  readonly enumType?: Enum;
  /** The enum is google.protobuf.NullValue (JSON `null`), known once rather than by name per value. */
  readonly nullEnum: boolean;
  /** Whether absence is tracked (message fields, oneof members, proto3 optional). */
  readonly presence: boolean;
  readonly shape: Shape;
  readonly oneof?: string;
  /** Declared `[debug_redact = true]`: never written to JSON. */
  readonly redacted: boolean;
  /** The JSON form of one value (an element, for lists and maps). */
  readonly toJson: (value: unknown, emitDefaults: boolean) => unknown;
  /** `"jsonName":`, for {@link messageToJsonText}. */
  readonly keyText: string;
  /** The JSON text of one value, as `JSON.stringify` writes {@link toJson}'s result; undefined when that is undefined. */
  readonly toText: (value: unknown) => string | undefined;
}

interface TypePlan {
  readonly fields: readonly FieldPlan[];
  readonly byName: Map<string, FieldPlan>;
  readonly wkt?: string;
  /** The well-known type's own JSON form, bound to its field names. */
  readonly wktOut?: (message: Record<string, unknown>) => unknown;
  /**
   * Whether JSON text written field by field equals `JSON.stringify` of the object: not when two
   * fields share a JSON name or one is an array index (`JSON.stringify` writes those first).
   */
  readonly inOrder: boolean;
  /** The fields {@link messageToJson} writes, for {@link withheldVersion}. */
  written?: readonly FieldPlan[];
  writtenVersion: number;
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
    const presence = !field.repeated && !field.map && (message !== undefined || field.partOf !== null && field.partOf !== undefined);
    const nullEnum = enumType !== undefined && fullNameOf(enumType) === 'google.protobuf.NullValue';
    const fp: FieldPlan = {
      field,
      name: field.name,
      jsonName: jsonNameOf(field),
      message,
      wkt: wktName && wktName.startsWith('google.protobuf.') ? wktName : undefined,
      enumType,
      nullEnum,
      presence,
      shape: presence ? Shape.PRESENCE : field.map ? Shape.MAP : field.repeated ? Shape.REPEATED : Shape.SCALAR,
      oneof: field.partOf && !field.partOf.name.startsWith('_') ? field.partOf.name : undefined,
      redacted: field.options?.debug_redact === true,
      toJson: singleToJsonOf(field, message, enumType, nullEnum),
      keyText: JSON.stringify(jsonNameOf(field)) + ':',
      toText: singleToTextOf(field, message, enumType, nullEnum),
    };
    fields.push(fp);
  }
  for (const fp of fields) byName.set(fp.jsonName, fp);
  for (const fp of fields) byName.set(fp.name, fp);
  const full = fullNameOf(type);
  const wkt = full.startsWith('google.protobuf.') ? full : undefined;
  const out = wkt !== undefined ? WKT_TO_JSON[wkt] : undefined;
  const jsonNames = fields.map((fp) => fp.jsonName);
  const inOrder = new Set(jsonNames).size === jsonNames.length && !jsonNames.some((name) => /^(0|[1-9]\d*)$/.test(name));
  plan = { fields, byName, wkt, wktOut: out ? out(type) : undefined, inOrder, writtenVersion: -1 };
  plans.set(type, plan);
  return plan;
}

/** The converter of one value of a field, chosen once: the field's type does not change. */
function singleToJsonOf(field: Field, message: Type | undefined, enumType: Enum | undefined, nullEnum: boolean): (value: unknown, emitDefaults: boolean) => unknown {
  if (message) {
    let plan: TypePlan | undefined;
    // Planned on first use: message types may refer to each other (or themselves).
    return (value, emitDefaults) => messageToJsonPlan((plan ??= planOf(message)), value as Record<string, unknown>, emitDefaults);
  }
  if (enumType) {
    if (nullEnum) return () => null;
    const names = enumType.valuesById;
    return (value) => {
      const name = names[value as number];
      return name === undefined ? value : name;
    };
  }
  switch (field.type) {
    case 'double':
      return (value) => floatToJson(value as number, false);
    case 'float':
      return (value) => floatToJson(value as number, true);
    case 'bytes':
      return (value) => bytesToBase64(value as Uint8Array);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return longToString;
    default:
      return (value) => value;
  }
}

/** {@link singleToJsonOf} writing JSON text directly, without the object `JSON.stringify` would walk. */
function singleToTextOf(field: Field, message: Type | undefined, enumType: Enum | undefined, nullEnum: boolean): (value: unknown) => string | undefined {
  if (message) {
    let plan: TypePlan | undefined;
    return (value) => messageToTextPlan((plan ??= planOf(message)), value as Record<string, unknown>);
  }
  if (enumType) {
    if (nullEnum) return () => 'null';
    const texts = new Map<number, string>();
    for (const [id, name] of Object.entries(enumType.valuesById)) texts.set(Number(id), JSON.stringify(name));
    return (value) => texts.get(value as number) ?? JSON.stringify(value);
  }
  switch (field.type) {
    case 'string':
      return stringText;
    case 'bool':
      return (value) => (value === true ? 'true' : value === false ? 'false' : JSON.stringify(value));
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      // Digits and a minus sign: nothing to escape.
      return (value) => '"' + longToString(value) + '"';
    default: {
      const toJson = singleToJsonOf(field, message, enumType, nullEnum);
      return (value) => JSON.stringify(toJson(value, false));
    }
  }
}

/** What JSON.stringify escapes in a string: quote, backslash, control characters, and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify` of a string, quoted without a call into it when nothing needs escaping. */
function stringText(value: unknown): string | undefined {
  return typeof value === 'string' && !NEEDS_ESCAPE.test(value) ? '"' + value + '"' : JSON.stringify(value);
}

/** Fields withheld from JSON answers besides the `debug_redact` ones; see {@link withholdFields}. */
const withheld = new WeakSet<Field>();
/** Bumped by {@link withholdFields}, so that plans recompute the fields they write. */
let withheldVersion = 0;

function writtenFields(plan: TypePlan): readonly FieldPlan[] {
  if (plan.writtenVersion !== withheldVersion || plan.written === undefined) {
    plan.written = plan.fields.filter((fp) => !fp.redacted && !withheld.has(fp.field));
    plan.writtenVersion = withheldVersion;
  }
  return plan.written;
}

/**
 * Marks fields as internal: {@link messageToJson} leaves them out of every answer, at any
 * depth, as it does fields declared `[debug_redact = true]`. The mark belongs to the
 * descriptor's field objects, so it holds for every translator over that descriptor.
 */
export function withholdFields(fields: Iterable<Field>): void {
  for (const field of fields) withheld.add(field);
  withheldVersion++;
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
  if (fp.enumType && /^-?\d+$/.test(text)) return enumFromJson(fp.enumType, fp.nullEnum, Number(text), at);
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
  if (fp.enumType) return enumFromJson(fp.enumType, fp.nullEnum, json, at);
  return scalarFromJson(fp.field.type, json, at);
}

function enumFromJson(enumType: Enum, nullEnum: boolean, json: unknown, at: string): number {
  if (nullEnum) return 0;
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
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** The range of each integer type as numbers, for values within ±2^53, which need no BigInt. */
const INT_NUMBER_RANGE: Record<string, readonly [number, number]> = Object.fromEntries(
  Object.entries(INT_RANGE).map(([type, [min, max]]) => [type, [Math.max(Number(min), Number.MIN_SAFE_INTEGER), Math.min(Number(max), Number.MAX_SAFE_INTEGER)]]),
);

/** An integer of a given proto type from a JSON number or string; 64-bit ones come back as decimal strings. */
export function integerFromJson(type: string, json: unknown, at: string): number | string {
  const value = integerValueFromJson(type, json, at);
  return typeof value === 'number' ? (isLongType(type) ? String(value) : value) : String(value);
}

/**
 * {@link integerFromJson} for the encoder: 64-bit values within ±2^53 as numbers and beyond
 * as Longs (decimal strings where protobufjs has no Long), which protobufjs encodes exactly
 * without parsing text again.
 */
function integerValueFromJson(type: string, json: unknown, at: string): number | string | Long {
  // Most values are small: checked as numbers, exactly, without BigInt or a Long parsed at encode.
  const n = typeof json === 'number' ? json : typeof json === 'string' && json.length <= 15 && INTEGER_TEXT.test(json) ? Number(json) : NaN;
  if (Number.isSafeInteger(n)) {
    const [min, max] = INT_NUMBER_RANGE[type];
    if (n >= min && n <= max) return n === 0 ? 0 : n;
  }
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
  if (!isLongType(type) || (big >= -MAX_SAFE && big <= MAX_SAFE)) return Number(big);
  // Beyond ±2^53: a Long, so that the encoder need not parse the text again.
  const Long = util.Long as unknown as { fromBits(low: number, high: number, unsigned: boolean): Long } | undefined;
  return Long ? Long.fromBits(Number(BigInt.asIntN(32, big)), Number(BigInt.asIntN(32, big >> 32n)), type === 'uint64' || type === 'fixed64') : big.toString();
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
      if (isIntegerType(type)) return integerValueFromJson(type, json, at);
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
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  let seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  if (m[10]) {
    const offset = (Number(m[11]) * 60 + Number(m[12])) * 60;
    seconds += m[10] === '+' ? -offset : offset;
  }
  const nanos = m[8] ? Number(m[8].padEnd(9, '0')) : 0;
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) return undefined;
  return { seconds, nanos };
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DDTHH:MM:SS` of whole seconds since the epoch, years 0001-9999 (H. Hinnant's civil_from_days). */
function formatSeconds(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  let rest = seconds - days * 86400;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
}

function pad(n: number, width: number): string {
  const text = String(n);
  return text.length >= width ? text : '0000'.slice(0, width - text.length) + text;
}

/**
 * `new Date(millis).toISOString()` (`2024-05-01T10:00:00.123Z`), computed without a Date for
 * whole milliseconds of the years 0001-9999 (the Timestamp range); Date's own answer otherwise.
 */
export function isoOfMillis(millis: number): string {
  if (Number.isInteger(millis) && millis >= MIN_TIMESTAMP_SECONDS * 1000 && millis < (MAX_TIMESTAMP_SECONDS + 1) * 1000) {
    const seconds = Math.floor(millis / 1000);
    return `${formatSeconds(seconds)}.${pad(millis - seconds * 1000, 3)}Z`;
  }
  return new Date(millis).toISOString();
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
  return messageToJsonPlan(planOf(type), message as Record<string, unknown>, emitDefaults);
}

const hasOwn = Object.prototype.hasOwnProperty;

function messageToJsonPlan(plan: TypePlan, m: Record<string, unknown>, emitDefaults: boolean): unknown {
  if (plan.wktOut) return plan.wktOut(m);
  const out: Record<string, unknown> = {};
  const fields = writtenFields(plan);
  for (let i = 0; i < fields.length; i++) {
    const fp = fields[i];
    const value = m[fp.name];
    switch (fp.shape) {
      case Shape.PRESENCE:
        if (value === null || value === undefined || !hasOwn.call(m, fp.name)) continue;
        out[fp.jsonName] = fp.toJson(value, emitDefaults);
        break;
      case Shape.MAP: {
        if (!emitDefaults && (!value || Object.keys(value).length === 0)) continue;
        out[fp.jsonName] = fieldToJsonPlan(fp, value ?? {}, emitDefaults);
        break;
      }
      case Shape.REPEATED:
        if ((!value || (value as unknown[]).length === 0) && !emitDefaults) continue;
        out[fp.jsonName] = fieldToJsonPlan(fp, value ?? [], emitDefaults);
        break;
      default:
        if (!emitDefaults && isDefaultScalar(value)) continue;
        out[fp.jsonName] = fp.toJson(value ?? fp.field.defaultValue, emitDefaults);
    }
  }
  return out;
}

/**
 * `JSON.stringify(messageToJson(type, message))`, written directly: the large answers of whole
 * messages skip building the object that `JSON.stringify` would then walk again.
 */
export function messageToJsonText(type: Type, message: unknown): string {
  return messageToTextPlan(planOf(type), message as Record<string, unknown>) ?? 'null';
}

/** `JSON.stringify(fieldToJson(field, value))`, written directly; `null` where that gives undefined. */
export function fieldToJsonText(field: Field, value: unknown): string {
  const fp = fieldPlan(field);
  if (fp.presence && (value === null || value === undefined)) return 'null';
  return fieldToTextPlan(fp, value ?? fp.field.defaultValue) ?? 'null';
}

function messageToTextPlan(plan: TypePlan, m: Record<string, unknown>): string | undefined {
  if (plan.wktOut) return JSON.stringify(plan.wktOut(m));
  if (!plan.inOrder) return JSON.stringify(messageToJsonPlan(plan, m, false));
  let out = '';
  const fields = writtenFields(plan);
  for (let i = 0; i < fields.length; i++) {
    const fp = fields[i];
    const value = m[fp.name];
    let text: string | undefined;
    switch (fp.shape) {
      case Shape.PRESENCE:
        if (value === null || value === undefined || !hasOwn.call(m, fp.name)) continue;
        text = fp.toText(value);
        break;
      case Shape.MAP:
        if (!value || Object.keys(value).length === 0) continue;
        text = fieldToTextPlan(fp, value);
        break;
      case Shape.REPEATED:
        if (!value || (value as unknown[]).length === 0) continue;
        text = fieldToTextPlan(fp, value);
        break;
      default:
        if (isDefaultScalar(value)) continue;
        text = fp.toText(value ?? fp.field.defaultValue);
    }
    // JSON.stringify leaves out a property whose value is undefined.
    if (text === undefined) continue;
    out += (out === '' ? '{' : ',') + fp.keyText + text;
  }
  return out === '' ? '{}' : out + '}';
}

function fieldToTextPlan(fp: FieldPlan, value: unknown): string | undefined {
  if (fp.field.map) return JSON.stringify(fieldToJsonPlan(fp, value, false));
  if (fp.field.repeated) {
    const list = (value ?? []) as unknown[];
    let out = '[';
    for (let i = 0; i < list.length; i++) out += (i === 0 ? '' : ',') + (fp.toText(list[i]) ?? 'null');
    return out + ']';
  }
  return fp.toText(value);
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
  return fieldPlan(field).toJson(value, false);
}

function fieldToJsonPlan(fp: FieldPlan, value: unknown, emitDefaults: boolean): unknown {
  if (fp.field.map) {
    const out = keyedObject();
    const keyType = (fp.field as Field & { keyType: string }).keyType;
    // protobufjs keys 64-bit map entries by an 8-character binary hash of the Long.
    const longKeys = isLongType(keyType);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[longKeys && k.length === 8 && !/^-?\d+$/.test(k) ? util.longFromHash(k, keyType === 'uint64' || keyType === 'fixed64').toString() : k] = fp.toJson(v, emitDefaults);
    }
    return out;
  }
  if (fp.field.repeated) {
    const list = (value ?? []) as unknown[];
    const out = new Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = fp.toJson(list[i], emitDefaults);
    return out;
  }
  return fp.toJson(value, emitDefaults);
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

/**
 * `String(value)` of a 64-bit integer read from a decoded message: a Long within ±2^53 is
 * printed as a number, without Long's digit-by-digit division.
 */
function longToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && (value as { __isLong__?: boolean }).__isLong__ === true) {
    const { low, high, unsigned } = value as { low: number; high: number; unsigned: boolean };
    if (unsigned || high >= 0) return unsignedDecimal(low >>> 0, high >>> 0);
    // Two's complement: the magnitude of a negative value.
    const magnitudeLow = (~low + 1) >>> 0;
    return '-' + unsignedDecimal(magnitudeLow, (~high + (magnitudeLow === 0 ? 1 : 0)) >>> 0);
  }
  return String(value);
}

/**
 * The decimal digits of an unsigned 64-bit integer given as two unsigned 32-bit halves:
 * exact in doubles by splitting it into 24-, 24- and 16-bit parts summed in base 10^7.
 */
function unsignedDecimal(low: number, high: number): string {
  if (high < 0x200000) return String(high * 4294967296 + low);
  const a = low & 0xffffff;
  const b = ((low >>> 24) | (high << 8)) & 0xffffff;
  const c = (high >>> 16) & 0xffff;
  // 2^24 = 1·10^7 + 6777216, 2^48 = 28147497·10^7 + 6710656 = (2·10^7 + 8147497)·10^7 + 6710656.
  let digitsA = a + b * 6777216 + c * 6710656;
  let digitsB = b + c * 8147497;
  let digitsC = c * 2;
  if (digitsA >= 10_000_000) {
    digitsB += Math.floor(digitsA / 10_000_000);
    digitsA %= 10_000_000;
  }
  if (digitsB >= 10_000_000) {
    digitsC += Math.floor(digitsB / 10_000_000);
    digitsB %= 10_000_000;
  }
  return digitsC > 0 ? String(digitsC) + sevenDigits(digitsB) + sevenDigits(digitsA) : String(digitsB) + sevenDigits(digitsA);
}

function sevenDigits(n: number): string {
  const text = String(n);
  return '0000000'.slice(text.length) + text;
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
      return longToString(value);
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

/** The JSON form of a well-known type, bound once to the type's field names. */
type WktOut = (type: Type) => (message: Record<string, unknown>) => unknown;

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
  if (Number.isInteger(seconds) && seconds >= MIN_TIMESTAMP_SECONDS && seconds <= MAX_TIMESTAMP_SECONDS) return formatSeconds(seconds) + fraction(nanos) + 'Z';
  const iso = new Date(seconds * 1000).toISOString();
  return iso.slice(0, 19) + fraction(nanos) + 'Z';
}

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  if (nanos % 1_000_000 === 0) return '.' + String(nanos / 1_000_000).padStart(3, '0');
  if (nanos % 1_000 === 0) return '.' + String(nanos / 1_000).padStart(6, '0');
  return '.' + String(nanos).padStart(9, '0');
}

const timestampOut: WktOut = (type) => {
  const seconds = type.fieldsById[1].name;
  const nanos = type.fieldsById[2].name;
  return (m) => formatTimestamp(toNumber(m[seconds]), toNumber(m[nanos]));
};

const durationOut: WktOut = (type) => {
  const secondsName = type.fieldsById[1].name;
  const nanosName = type.fieldsById[2].name;
  return (m) => {
    const seconds = toNumber(m[secondsName]);
    const nanos = toNumber(m[nanosName]);
    const negative = seconds < 0 || nanos < 0;
    return `${negative ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`;
  };
};

const fieldMaskOut: WktOut = (type) => {
  const name = type.fieldsById[1].name;
  return (m) => ((m[name] as string[] | undefined) ?? []).map((p) => p.split('.').map(lowerCamel).join('.')).join(',');
};

const wrapperOut: WktOut = (type) => {
  const inner = type.fieldsById[1];
  return (m) => scalarToJson(inner.type, m[inner.name] ?? inner.defaultValue);
};

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
  'google.protobuf.Value': (type) => (m) => valueOut(type, m),
  'google.protobuf.Struct': (type) => (m) => structOut(type, m),
  'google.protobuf.ListValue': (type) => (m) => listValueOut(type, m),
  'google.protobuf.Any': (type) => (m) => anyOut(type, m),
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
