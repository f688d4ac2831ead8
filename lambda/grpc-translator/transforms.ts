/**
 * The runtime side of {@link FieldTransform}: JSON → field value on requests, field value
 * → JSON on responses. Field types were checked at synth, so only values are checked here.
 */
import type { Field, Type } from 'protobufjs';
import { FieldTransform } from './config';
import { enumOf, messageTypeOf } from './descriptor';
import { JsonMappingError, bytesToBase64, integerFromJson, isoOfMillis, parseRfc3339, toNumber, valueFromJson, valueToJson } from './proto-json';

/** Converts one client value (an element, for repeated fields) through a transform into the field's message form. */
export function transformIn(transform: FieldTransform, field: Field, json: unknown, at: string): unknown {
  switch (transform) {
    case FieldTransform.TIMESTAMP_TO_ISO: {
      const parsed = typeof json === 'string' ? parseIso(json) : undefined;
      if (!parsed) throw new JsonMappingError(at, 'expected an ISO-8601 date-time, "2024-05-01T10:00:00Z"');
      const type = messageTypeOf(field)!;
      return { [type.fieldsById[1].name]: parsed.seconds, [type.fieldsById[2].name]: parsed.nanos };
    }
    case FieldTransform.EPOCH_SECONDS_TO_ISO:
    case FieldTransform.EPOCH_MILLIS_TO_ISO: {
      const parsed = typeof json === 'string' ? parseIso(json) : undefined;
      if (!parsed) throw new JsonMappingError(at, 'expected an ISO-8601 date-time, "2024-05-01T10:00:00Z"');
      const value = transform === FieldTransform.EPOCH_SECONDS_TO_ISO ? parsed.seconds + parsed.nanos / 1e9 : parsed.seconds * 1000 + Math.floor(parsed.nanos / 1e6);
      if (field.type === 'double' || field.type === 'float') return value;
      return integerFromJson(field.type, Math.floor(value), at);
    }
    case FieldTransform.NUMBER_TO_STRING:
      if (typeof json !== 'string') throw new JsonMappingError(at, 'expected a number written as a string');
      return valueFromJson(field, json, at);
    case FieldTransform.STRING_TO_NUMBER:
      if (typeof json !== 'number') throw new JsonMappingError(at, 'expected a number');
      if (field.type === 'string') return String(json);
      return valueFromJson(field, json, at);
    case FieldTransform.BOOLEAN: {
      const b = booleanOf(json);
      if (b === undefined) throw new JsonMappingError(at, 'expected true or false');
      if (field.type === 'string') return String(b);
      return messageTypeOf(field) ? { [messageTypeOf(field)!.fieldsById[1].name]: b } : b;
    }
    case FieldTransform.ENUM_TO_NAME:
      if (typeof json !== 'string') throw new JsonMappingError(at, `expected one of ${Object.keys(enumOf(field)!.values).join(', ')}`);
      return valueFromJson(field, json, at);
    case FieldTransform.ENUM_TO_NUMBER: {
      const e = enumOf(field)!;
      if (typeof json !== 'number' || e.valuesById[json] === undefined) throw new JsonMappingError(at, `expected one of ${Object.values(e.values).join(', ')}`);
      return json;
    }
    case FieldTransform.ENUM_TO_LOWERCASE_NAME: {
      const e = enumOf(field)!;
      const name = typeof json === 'string' ? Object.keys(e.values).find((n) => n.toLowerCase() === json.toLowerCase()) : undefined;
      if (name === undefined) throw new JsonMappingError(at, `expected one of ${Object.keys(e.values).map((n) => n.toLowerCase()).join(', ')}`);
      return e.values[name];
    }
    case FieldTransform.DURATION_TO_SECONDS:
    case FieldTransform.DURATION_TO_MILLIS: {
      if (typeof json !== 'number' || !Number.isFinite(json)) throw new JsonMappingError(at, 'expected a number');
      const totalNanos = Math.round(json * (transform === FieldTransform.DURATION_TO_SECONDS ? 1e9 : 1e6));
      const seconds = Math.trunc(totalNanos / 1e9);
      const type = messageTypeOf(field)!;
      return { [type.fieldsById[1].name]: seconds, [type.fieldsById[2].name]: totalNanos - seconds * 1e9 || 0 };
    }
    case FieldTransform.BYTES_TO_BASE64URL:
      return wrapBytes(field, valueFromJson(bytesField(field), json, at));
    case FieldTransform.BYTES_TO_UTF8:
      if (typeof json !== 'string') throw new JsonMappingError(at, 'expected a string');
      return wrapBytes(field, Buffer.from(json, 'utf8'));
    case FieldTransform.LOWERCASE:
      if (typeof json !== 'string') throw new JsonMappingError(at, 'expected a string');
      return valueFromJson(field, json.trim().toLowerCase(), at);
  }
}

/** Converts one field value (an element, for repeated fields) of a decoded message through a transform into JSON. */
export function transformOut(transform: FieldTransform, field: Field, value: unknown): unknown {
  switch (transform) {
    case FieldTransform.TIMESTAMP_TO_ISO: {
      if (value === null || value === undefined) return undefined;
      const type = messageTypeOf(field)!;
      const m = value as Record<string, unknown>;
      const millis = toNumber(m[type.fieldsById[1].name]) * 1000 + Math.floor(toNumber(m[type.fieldsById[2].name]) / 1e6);
      return isoOfMillis(millis);
    }
    case FieldTransform.EPOCH_SECONDS_TO_ISO:
      return isoOfMillis(toNumber(value) * 1000);
    case FieldTransform.EPOCH_MILLIS_TO_ISO:
      return isoOfMillis(toNumber(value));
    case FieldTransform.NUMBER_TO_STRING: {
      const json = valueToJson(field, value);
      return typeof json === 'string' ? json : String(json);
    }
    case FieldTransform.STRING_TO_NUMBER: {
      const json = valueToJson(field, value);
      if (json === null || json === undefined) return json;
      const n = Number(json);
      if (typeof json === 'string' && (json.trim() === '' || !Number.isFinite(n))) throw new Error(`the value of ${field.name} is not a number`);
      if (Number.isInteger(n) && !Number.isSafeInteger(n)) throw new Error(`the value of ${field.name} does not fit a JSON number exactly`);
      return n;
    }
    case FieldTransform.BOOLEAN: {
      const json = valueToJson(field, value);
      return booleanOf(json) ?? false;
    }
    case FieldTransform.ENUM_TO_NAME:
      return valueToJson(field, value);
    case FieldTransform.ENUM_TO_NUMBER:
      return value;
    case FieldTransform.ENUM_TO_LOWERCASE_NAME: {
      const name = valueToJson(field, value);
      return typeof name === 'string' ? name.toLowerCase() : name;
    }
    case FieldTransform.DURATION_TO_SECONDS:
    case FieldTransform.DURATION_TO_MILLIS: {
      if (value === null || value === undefined) return undefined;
      const type = messageTypeOf(field)!;
      const m = value as Record<string, unknown>;
      const seconds = toNumber(m[type.fieldsById[1].name]) + toNumber(m[type.fieldsById[2].name]) / 1e9;
      return transform === FieldTransform.DURATION_TO_SECONDS ? seconds : Math.round(seconds * 1e6) / 1e3;
    }
    case FieldTransform.BYTES_TO_BASE64URL:
      return bytesToBase64(unwrapBytes(field, value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    case FieldTransform.BYTES_TO_UTF8:
      return Buffer.from(unwrapBytes(field, value) ?? new Uint8Array()).toString('utf8');
    case FieldTransform.LOWERCASE: {
      const json = valueToJson(field, value);
      return typeof json === 'string' ? json.toLowerCase() : json;
    }
  }
}

function parseIso(text: string): { seconds: number; nanos: number } | undefined {
  const exact = parseRfc3339(text);
  if (exact) return exact;
  // ISO-8601 forms RFC 3339 leaves out: a date alone, or a date-time without seconds.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?)?$/.test(text)) return undefined;
  const millis = Date.parse(/T\d{2}:\d{2}$/.test(text) ? text + 'Z' : text);
  if (Number.isNaN(millis)) return undefined;
  return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1e6 };
}

function booleanOf(json: unknown): boolean | undefined {
  if (typeof json === 'boolean') return json;
  if (json === 'true' || json === '1' || json === 1) return true;
  if (json === 'false' || json === '0' || json === 0) return false;
  return undefined;
}

function bytesField(field: Field): Field {
  const type = messageTypeOf(field);
  return type ? (type as Type).fieldsById[1] : field;
}

function wrapBytes(field: Field, bytes: unknown): unknown {
  const type = messageTypeOf(field);
  return type ? { [type.fieldsById[1].name]: bytes } : bytes;
}

function unwrapBytes(field: Field, value: unknown): Uint8Array | undefined {
  const type = messageTypeOf(field);
  if (!type) return value as Uint8Array;
  return (value as Record<string, Uint8Array> | null)?.[type.fieldsById[1].name];
}
