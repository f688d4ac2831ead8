/**
 * Which proto field types each {@link FieldTransform} applies to, shared by the synth-time
 * checker and the runtime.
 */
import type { Field } from 'protobufjs';
import { FieldTransform } from './config';
import { enumOf, fullNameOf, messageTypeOf } from './descriptor';

const INTEGER_TYPES = ['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64'];
const NUMBER_TYPES = [...INTEGER_TYPES, 'double', 'float'];
const LONG_TYPES = ['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'];

/** The field types a transform accepts, as written in error messages. */
const ACCEPTS: Record<FieldTransform, { readonly scalars: readonly string[]; readonly messages?: readonly string[]; readonly enums?: boolean; readonly text: string }> = {
  [FieldTransform.TIMESTAMP_TO_ISO]: { scalars: [], messages: ['google.protobuf.Timestamp'], text: 'google.protobuf.Timestamp' },
  [FieldTransform.EPOCH_SECONDS_TO_ISO]: { scalars: NUMBER_TYPES, text: 'an integer or double field' },
  [FieldTransform.EPOCH_MILLIS_TO_ISO]: { scalars: NUMBER_TYPES, text: 'an integer or double field' },
  [FieldTransform.NUMBER_TO_STRING]: {
    scalars: NUMBER_TYPES,
    messages: ['google.protobuf.Int64Value', 'google.protobuf.UInt64Value', 'google.protobuf.Int32Value', 'google.protobuf.UInt32Value', 'google.protobuf.DoubleValue', 'google.protobuf.FloatValue'],
    text: 'a numeric field',
  },
  [FieldTransform.STRING_TO_NUMBER]: {
    scalars: [...NUMBER_TYPES, 'string'],
    messages: ['google.protobuf.Int64Value', 'google.protobuf.UInt64Value', 'google.protobuf.StringValue'],
    text: 'a numeric or string field',
  },
  [FieldTransform.BOOLEAN]: { scalars: ['bool', 'string'], messages: ['google.protobuf.BoolValue'], text: 'a bool or string field' },
  [FieldTransform.ENUM_TO_NAME]: { scalars: [], enums: true, text: 'an enum field' },
  [FieldTransform.ENUM_TO_NUMBER]: { scalars: [], enums: true, text: 'an enum field' },
  [FieldTransform.ENUM_TO_LOWERCASE_NAME]: { scalars: [], enums: true, text: 'an enum field' },
  [FieldTransform.DURATION_TO_SECONDS]: { scalars: [], messages: ['google.protobuf.Duration'], text: 'google.protobuf.Duration' },
  [FieldTransform.DURATION_TO_MILLIS]: { scalars: [], messages: ['google.protobuf.Duration'], text: 'google.protobuf.Duration' },
  [FieldTransform.BYTES_TO_BASE64URL]: { scalars: ['bytes'], messages: ['google.protobuf.BytesValue'], text: 'a bytes field' },
  [FieldTransform.BYTES_TO_UTF8]: { scalars: ['bytes'], messages: ['google.protobuf.BytesValue'], text: 'a bytes field' },
  [FieldTransform.LOWERCASE]: { scalars: ['string'], messages: ['google.protobuf.StringValue'], text: 'a string field' },
};

/** True when the string names a known transform. */
export function isFieldTransform(value: unknown): value is FieldTransform {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACCEPTS, value);
}

/** The field types a transform accepts, for error messages. */
export function transformAcceptsText(transform: FieldTransform): string {
  return ACCEPTS[transform].text;
}

/** Whether a transform applies to a field (to each element of a repeated field). */
export function transformAccepts(transform: FieldTransform, field: Field): boolean {
  if (field.map) return false;
  const accepts = ACCEPTS[transform];
  const message = messageTypeOf(field);
  if (message) return (accepts.messages ?? []).includes(fullNameOf(message));
  if (enumOf(field)) return accepts.enums === true;
  return accepts.scalars.includes(field.type);
}

/** The description of a field's type in messages (`int64`, `enum users.v1.Status`, `message google.protobuf.Timestamp`). */
export function describeFieldType(field: Field): string {
  const message = messageTypeOf(field);
  const prefix = field.map ? `map<${(field as Field & { keyType?: string }).keyType}, ` : field.repeated ? 'repeated ' : '';
  const suffix = field.map ? '>' : '';
  if (message) return `${prefix}message ${fullNameOf(message)}${suffix}`;
  const e = enumOf(field);
  if (e) return `${prefix}enum ${fullNameOf(e)}${suffix}`;
  return `${prefix}${field.type}${suffix}`;
}

/** True for 64-bit integer field types (strings in proto3 JSON). */
export function isLongType(type: string): boolean {
  return LONG_TYPES.includes(type);
}

/** True for integer field types. */
export function isIntegerType(type: string): boolean {
  return INTEGER_TYPES.includes(type);
}
